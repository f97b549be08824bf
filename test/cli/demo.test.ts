import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cleanupPrefix } from '../../src/agent/linux/apply.js'
import { namedNamespaces } from '../../src/agent/linux/netns.js'
import { linuxDataplaneMissing } from '../../src/cli/agent.js'
import { ApiClient } from '../../src/cli/api-client.js'
import { Cleanup, type MadeResource } from '../../src/cli/demo/cleanup.js'
import type { DemoResult } from '../../src/cli/demo/story.js'
import { listeningOn, runCli, spawnCli, waitHealthy } from '../support/cli.js'

const REGION = 'cn-hangzhou'

/**
 * Root and the kernel tools, or why not. Without them the test is skipped, except under CI, where
 * it runs and fails: a green CI always means the demo's packets really flowed.
 */
async function missingCapability(): Promise<string | undefined> {
  const missing = process.getuid?.() !== 0 ? 'openeni demo needs root' : await linuxDataplaneMissing()
  return missing !== undefined && process.env.CI !== 'true' ? missing : undefined
}

/** The namespaces of `prefix` beyond the host's own (`P@HOST`, `P@public`, `P@underlay`): instances and routers. */
async function madeNamespaces(prefix: string): Promise<string[]> {
  return (await namedNamespaces()).filter((n) => n.startsWith(`${prefix}@`) && n.split('@').length > 2)
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe('openeni demo on a running openeni up', { skip: await missingCapability() }, () => {
  // Never the default prefix: that one belongs to the machine's own `openeni up`.
  const prefix = `d${randomBytes(2).toString('hex')}`
  const dataDir = mkdtempSync(join(tmpdir(), 'openeni-demo-'))
  let up: ChildProcess | undefined
  let upExit: Promise<number | null> | undefined
  let endpoint = ''
  let key = { id: '', secret: '' }
  let api: ApiClient
  // The CLI's profiles file inside the test's directory: nothing read from or saved to the machine's own.
  const env = { OPENENI_CONFIG: join(dataDir, 'profiles.yaml'), OPENENI_PROFILE: '', OPENENI_REGION: '' }

  const demo = async (...extra: string[]) => {
    const args = ['demo', '--output', 'json', '--prefix', prefix, '--endpoint', endpoint, '--access-key-id', key.id, '--access-key-secret', key.secret, ...extra]
    const run = await runCli(args, env)
    assert.ok(run.stdout.trim() !== '', `the demo printed no results (exit ${run.code}): ${run.stderr}`)
    return { ...run, result: JSON.parse(run.stdout) as DemoResult }
  }
  /** How many of each kind the demo makes the account holds. */
  const holdings = async () => {
    const count = async (product: 'ecs' | 'vpc', action: string, wrapper: string, item: string) =>
      ((await api.call<Record<string, Record<string, unknown[]> | undefined>>(product, action, { RegionId: REGION, PageSize: 50 }))[wrapper]?.[item] ?? []).length
    return {
      enis: await count('ecs', 'DescribeNetworkInterfaces', 'NetworkInterfaceSets', 'NetworkInterfaceSet'),
      instances: await count('ecs', 'DescribeInstances', 'Instances', 'Instance'),
      groups: await count('ecs', 'DescribeSecurityGroups', 'SecurityGroups', 'SecurityGroup'),
      vpcs: await count('vpc', 'DescribeVpcs', 'Vpcs', 'Vpc'),
      eips: await count('vpc', 'DescribeEipAddresses', 'EipAddresses', 'EipAddress'),
    }
  }
  const EMPTY = { enis: 0, instances: 0, groups: 0, vpcs: 0, eips: 0 }

  before(async () => {
    await cleanupPrefix(prefix)
    // No access key in the environment, so `up` makes the bootstrap account and prints its key.
    const child = spawnCli(['up', '--listen', '127.0.0.1:0', '--data', dataDir, '--prefix', prefix], { ...env, OPENENI_ACCESS_KEY_ID: '', OPENENI_ACCESS_KEY_SECRET: '' })
    up = child
    upExit = new Promise((resolve) => child.on('close', resolve))
    let stdout = ''
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()))
    endpoint = await listeningOn(child)
    await waitHealthy(endpoint, 30_000)
    key = { id: /AccessKeyId:\s+(\S+)/.exec(stdout)?.[1] ?? '', secret: /AccessKeySecret:\s+(\S+)/.exec(stdout)?.[1] ?? '' }
    assert.ok(key.id !== '' && key.secret !== '', `no bootstrap key in ${JSON.stringify(stdout)}`)
    api = new ApiClient({ endpoint, accessKeyId: key.id, accessKeySecret: key.secret })
    await until('the local host', async () => (await namedNamespaces()).some((n) => n.startsWith(`${prefix}@local-`)))
  })

  after(async () => {
    try {
      if (up !== undefined && up.exitCode === null && up.signalCode === null) up.kill('SIGTERM')
      assert.equal(await upExit, 0, 'openeni up stops cleanly on SIGTERM')
    } finally {
      up?.kill('SIGKILL')
      const cleaned = await runCli(['agent', '--cleanup', '--prefix', prefix], env)
      rmSync(dataDir, { recursive: true, force: true })
      assert.equal(cleaned.code, 0, cleaned.stderr)
      assert.deepEqual((await namedNamespaces()).filter((n) => n.startsWith(`${prefix}@`)), [])
    }
  })

  it('plays the story and measures it: allowed ports pass, the other is blocked, no loss on hot-plug, a short failover gap, then nothing left', async (t) => {
    const { code, stderr, result } = await demo()
    assert.equal(code, 0, stderr)
    assert.equal(result.ok, true, stderr)
    t.diagnostic(`failover gap ${result.failover.gapMs} ms (detach → Available ${result.failover.detachMs} ms, attach → InUse ${result.failover.attachMs} ms); hot-plug ${result.hotplug.lost} of ${result.hotplug.sent} lost; demo ${result.durationMs} ms`)

    const [eip1, eip2, blocked, afterFailover] = result.checks
    assert.deepEqual(result.checks.map((c) => [c.expected, c.actual]), [['pass', 'pass'], ['pass', 'pass'], ['blocked', 'blocked'], ['pass', 'pass']])
    // Each EIP reaches its own address of the ENI, on the primary, then on the standby.
    const [first, second] = result.resources.networkInterface.addresses
    assert.match(eip1!.answer ?? '', new RegExp(`^primary ${first} `))
    assert.match(eip2!.answer ?? '', new RegExp(`^primary ${second} `))
    assert.equal(blocked!.answer, null)
    assert.match(afterFailover!.answer ?? '', new RegExp(`^standby ${first} `))

    assert.equal(result.hotplug.lost, 0, `${result.hotplug.lost} of ${result.hotplug.sent} lost on the other interface during the hot-plug`)
    assert.ok(result.hotplug.sent >= 20, `the hot-plug probe ran through the change (${result.hotplug.sent} sent)`)
    assert.ok(result.failover.gapMs > 0 && result.failover.gapMs < 1000, `a failover gap of ${result.failover.gapMs} ms`)
    for (const stream of result.failover.streams) assert.deepEqual(stream.runs.map((r) => r.tag), ['primary', 'standby'], stream.target)

    assert.equal(result.cleanup.kept, false)
    assert.deepEqual(result.cleanup.failed, [])
    assert.equal(result.cleanup.removed.length, 9)
    assert.deepEqual(await holdings(), EMPTY)
    assert.deepEqual(await madeNamespaces(prefix), [])
  })

  it('leaves everything for the console with --keep, all of it removable afterwards', async () => {
    const { code, stderr, result } = await demo('--keep')
    let kept: MadeResource[] = []
    try {
      assert.equal(code, 0, stderr)
      assert.equal(result.cleanup.kept, true)
      const { resources } = result
      assert.match(stderr, new RegExp(`kept for the console \\(--keep\\): VPC ${resources.vpcId}`))
      assert.deepEqual(await holdings(), { enis: 3, instances: 2, groups: 1, vpcs: 1, eips: 2 })
      const inUse = (await madeNamespaces(prefix)).map((n) => n.split('@')[2]).sort()
      assert.deepEqual(inUse, [resources.instances.primary, resources.instances.standby, resources.vpcId].sort())
    } finally {
      const r = result.resources
      // Made, whatever the asserts above said: removed here, so the next test starts from nothing.
      kept = [
        { kind: 'VPC', id: r.vpcId, role: '' },
        { kind: 'vSwitch', id: r.vSwitches.business, role: '' },
        { kind: 'vSwitch', id: r.vSwitches.management, role: '' },
        { kind: 'SecurityGroup', id: r.securityGroupId, role: '' },
        { kind: 'Instance', id: r.instances.primary, role: '' },
        { kind: 'Instance', id: r.instances.standby, role: '' },
        { kind: 'NetworkInterface', id: r.networkInterface.id, role: '' },
        ...r.eips.map((e): MadeResource => ({ kind: 'EIP', id: e.allocationId, role: '' })),
      ]
      const cleanup = new Cleanup(api, REGION)
      for (const resource of kept) cleanup.add(resource)
      assert.deepEqual((await cleanup.run()).failed, [])
    }
    assert.deepEqual(await holdings(), EMPTY)
    await until('the kept namespaces gone', async () => (await madeNamespaces(prefix)).length === 0)
  })

  it('says plainly when no host of the prefix runs on this machine, and makes nothing', async () => {
    const run = await runCli(['demo', '--prefix', 'zz9q', '--endpoint', endpoint, '--access-key-id', key.id, '--access-key-secret', key.secret], env)
    assert.equal(run.code, 1)
    assert.match(run.stderr, /no host of prefix zz9q runs on this machine/)
    assert.deepEqual(await holdings(), EMPTY)
  })
})
