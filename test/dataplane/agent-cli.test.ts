import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cleanupPrefix, findInstanceNamespace } from '../../src/agent/linux/apply.js'
import { run } from '../../src/agent/linux/command.js'
import { listeningOn, runCli, spawnCli, waitHealthy } from '../support/cli.js'
import { dataplaneUnavailable, instanceStatus, waitFor } from '../support/dataplane.js'
import { Network, runInstance } from '../support/network.js'
import { clientsFor, Ecs, REGION, ZONE_A } from '../support/server.js'

describe('openeni agent, exec and --cleanup', { skip: dataplaneUnavailable() }, () => {
  const prefix = `t${randomBytes(2).toString('hex')}`
  const dataDir = mkdtempSync(join(tmpdir(), 'openeni-agent-cli-'))
  const key = { accessKeyId: 'LTAIagentCliTest00001', accessKeySecret: 'agent-cli-secret-0123456789' }
  const env = { OPENENI_ACCESS_KEY_ID: key.accessKeyId, OPENENI_ACCESS_KEY_SECRET: key.accessKeySecret }
  const children: ChildProcess[] = []
  let endpoint: string
  let hostSecret: string

  const startAgent = () => {
    const agent = spawnCli(['agent', '--server', `http://${endpoint}`, '--host-id', 'cli-host', '--zone', ZONE_A, '--prefix', prefix], { ...env, OPENENI_HOST_SECRET: hostSecret })
    children.push(agent)
    return agent
  }
  const stop = (child: ChildProcess) =>
    new Promise<number | null>((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode)
      child.on('close', (code) => resolve(code))
      child.kill('SIGTERM')
    })

  before(async () => {
    await cleanupPrefix(prefix)
    const server = spawnCli(['server', '--listen', '127.0.0.1:0', '--data', dataDir, '--dataplane', 'agents', '--log-level', 'warn'], env)
    children.push(server)
    endpoint = await listeningOn(server)
    await waitHealthy(endpoint, 30_000)
    const added = await runCli(['hosts', 'add', 'cli-host', '--zone', ZONE_A, '--data', dataDir, '--output', 'json'], env)
    assert.equal(added.code, 0, added.stderr)
    hostSecret = (JSON.parse(added.stdout) as { HostSecret: string }).HostSecret
  })
  after(async () => {
    await Promise.all(children.map(stop))
    await cleanupPrefix(prefix)
  })

  it('refuses to start without its secret, saying so', async () => {
    const result = await runCli(['agent', '--server', endpoint, '--host-id', 'cli-host', '--zone', ZONE_A, '--prefix', prefix], { OPENENI_HOST_SECRET: '' })
    assert.equal(result.code, 2)
    assert.match(result.stderr, /OPENENI_HOST_SECRET/)
  })

  it('realises instances; exec runs inside one; traffic survives the agent stopping; a new agent changes nothing; cleanup removes all', async () => {
    const agent = startAgent()
    const account = clientsFor(endpoint, key.accessKeyId, key.accessKeySecret)
    const net = await Network.create(account)
    const vSwitchId = (await net.vSwitch()).id
    const group = await net.securityGroup()
    await waitFor('the agent live', async () => {
      try {
        await runInstance(net.ecs, { vSwitchId, securityGroupId: group })
        return true
      } catch {
        return false
      }
    })
    const { body } = await net.ecs.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION }))
    const first = body?.instances?.instance?.[0]?.instanceId
    assert.ok(first)
    const second = await runInstance(net.ecs, { vSwitchId, securityGroupId: group })
    await waitFor('both Running', async () => (await instanceStatus(net.ecs, first)) === 'Running' && (await instanceStatus(net.ecs, second)) === 'Running')
    const { body: seen } = await net.ecs.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION, instanceIds: JSON.stringify([second]) }))
    const address = seen?.instances?.instance?.[0]?.vpcAttributes?.privateIpAddress?.ipAddress?.[0]
    assert.ok(address)

    const shown = await runCli(['exec', second, '--prefix', prefix, '--', 'ip', '-o', '-4', 'addr', 'show', 'eth0'])
    assert.equal(shown.code, 0, shown.stderr)
    assert.match(shown.stdout, new RegExp(`inet ${address.replaceAll('.', '\\.')}/`))
    const ping = await runCli(['exec', first, '--prefix', prefix, '--', 'ping', '-n', '-q', '-c', '1', '-w', '3', address])
    assert.equal(ping.code, 0, ping.stdout + ping.stderr)
    const outside = await runCli(['exec', '--public', '--prefix', prefix, '--', 'ip', '-o', '-4', 'addr', 'show', 'dev', 'lo'])
    assert.equal(outside.code, 0, outside.stderr)
    assert.match(outside.stdout, /inet 203\.0\.113\.254\/32/, 'the public network\'s client address')
    const missing = await runCli(['exec', 'i-nothere', '--prefix', prefix, '--', 'true'])
    assert.equal(missing.code, 1)
    assert.match(missing.stderr, /no instance i-nothere/)

    assert.equal(await stop(agent), 0)
    const namespace = await findInstanceNamespace(prefix, first)
    assert.ok(namespace, 'the kernel keeps everything without the agent')
    await run('ip', ['netns', 'exec', namespace, 'ping', '-n', '-q', '-c', '3', '-i', '0.2', '-w', '3', address])

    // A new agent finds everything right: the interfaces it would re-create keep their index.
    const before = await run('ip', ['-n', namespace, '-j', 'link', 'show', 'eth0'])
    const again = startAgent()
    await new Promise((r) => setTimeout(r, 3_000))
    assert.equal(await run('ip', ['-n', namespace, '-j', 'link', 'show', 'eth0']), before)
    assert.equal(await stop(again), 0)

    const cleaned = await runCli(['agent', '--cleanup', '--prefix', prefix])
    assert.equal(cleaned.code, 0, cleaned.stderr)
    assert.equal(await findInstanceNamespace(prefix, first), undefined)
  })
})
