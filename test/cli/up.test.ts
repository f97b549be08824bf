import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { chownSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { cleanupPrefix, findInstanceNamespace } from '../../src/agent/linux/apply.js'
import { ip } from '../../src/agent/linux/command.js'
import { listeningOn, ROOT, runCli, spawnCli, waitHealthy } from '../support/cli.js'
import { dataplaneUnavailable, instanceStatus, waitFor } from '../support/dataplane.js'
import { Network, runInstance } from '../support/network.js'
import { clientsFor, ZONE_A } from '../support/server.js'

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url))
const KEY = { accessKeyId: 'LTAIupCommandTest0001', accessKeySecret: 'up-command-secret-0123456789' }
const ENV = { OPENENI_ACCESS_KEY_ID: KEY.accessKeyId, OPENENI_ACCESS_KEY_SECRET: KEY.accessKeySecret }
const LOCAL_HOST = `local-${ZONE_A}`

interface Running {
  child: ChildProcess
  stdout: () => string
  stderr: () => string
  exit: Promise<number | null>
}

function watch(child: ChildProcess): Running {
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))
  return { child, stdout: () => stdout, stderr: () => stderr, exit: new Promise((resolve) => child.on('close', resolve)) }
}

/** SIGTERM, then the exit code; a process that already ended just gives its code. */
async function terminate(running: Running): Promise<number | null> {
  if (running.child.exitCode === null && running.child.signalCode === null) running.child.kill('SIGTERM')
  return running.exit
}

/** The hosts table as the server left it (read-only: the server keeps writing to it). */
function hostRows(dataDir: string): { id: string; dataplane: string; last_seen_at: string }[] {
  const db = new Database(join(dataDir, 'openeni.sqlite'), { readonly: true, fileMustExist: true })
  try {
    return db.prepare('SELECT id, dataplane, last_seen_at FROM hosts ORDER BY id').all() as { id: string; dataplane: string; last_seen_at: string }[]
  } finally {
    db.close()
  }
}

describe('openeni up with root and the kernel tools', { skip: dataplaneUnavailable() }, () => {
  it('serves the API and runs a sandboxed local agent whose instances outlive it', async () => {
    // Never the default prefix: that one belongs to the machine's own `openeni up`.
    const prefix = `t${randomBytes(2).toString('hex')}`
    const dataDir = mkdtempSync(join(tmpdir(), 'openeni-up-'))
    let up: Running | undefined
    try {
      await cleanupPrefix(prefix)
      up = watch(spawnCli(['up', '--listen', '127.0.0.1:0', '--data', dataDir, '--prefix', prefix], ENV))
      const endpoint = await listeningOn(up.child)
      await waitHealthy(endpoint, 30_000)
      await waitFor('the local host live', async () => {
        const rows = hostRows(dataDir)
        return rows.length === 1 && new Date(rows[0]!.last_seen_at).getTime() > 0
      })
      // One host that runs an agent, and no `none-` host that would acknowledge in its place.
      assert.deepEqual(hostRows(dataDir).map((r) => [r.id, r.dataplane]), [[LOCAL_HOST, 'linux']])
      assert.match(up.stdout(), new RegExp(`listening on http://${endpoint.replaceAll('.', '\\.')}`))
      assert.match(up.stdout(), new RegExp(`Local host ${LOCAL_HOST} `))
      assert.doesNotMatch(up.stderr(), /none data plane/)
      // Its tunnel endpoint, inside its own namespace, never in the root one.
      const addresses = await ip(`${prefix}@${LOCAL_HOST}`, ['-j', '-4', 'addr', 'show'])
      assert.match(addresses, /"local":"198\.19\.255\.1","prefixlen":24/)

      const net = await Network.create(clientsFor(endpoint, KEY.accessKeyId, KEY.accessKeySecret))
      const vSwitchId = (await net.vSwitch()).id
      const instanceId = await runInstance(net.ecs, { vSwitchId, securityGroupId: await net.securityGroup() })
      await waitFor(`${instanceId} Running`, async () => (await instanceStatus(net.ecs, instanceId)) === 'Running')
      const namespace = await findInstanceNamespace(prefix, instanceId)
      assert.equal(namespace, `${prefix}@${LOCAL_HOST}@${instanceId}`)

      assert.equal(await terminate(up), 0, up.stderr())
      // Killing the agent never stops traffic: the instance and its interface stay.
      assert.equal(await findInstanceNamespace(prefix, instanceId), namespace)
      assert.match(await ip(namespace, ['-o', 'link', 'show', 'eth0']), /state UP/)
    } finally {
      up?.child.kill('SIGKILL')
      await cleanupPrefix(prefix)
      rmSync(dataDir, { recursive: true, force: true })
    }
  })

  it('runs the API alone with --no-agent, making nothing in the kernel', async () => {
    const prefix = `t${randomBytes(2).toString('hex')}`
    const dataDir = mkdtempSync(join(tmpdir(), 'openeni-up-'))
    let up: Running | undefined
    try {
      up = watch(spawnCli(['up', '--listen', '127.0.0.1:0', '--data', dataDir, '--prefix', prefix, '--no-agent'], ENV))
      const endpoint = await listeningOn(up.child)
      await waitHealthy(endpoint, 30_000)
      const net = await Network.create(clientsFor(endpoint, KEY.accessKeyId, KEY.accessKeySecret))
      const vSwitchId = (await net.vSwitch()).id
      const instanceId = await runInstance(net.ecs, { vSwitchId, securityGroupId: await net.securityGroup() })
      assert.equal(await instanceStatus(net.ecs, instanceId), 'Running')
      assert.ok(hostRows(dataDir).every((r) => r.id.startsWith('none-')))
      assert.deepEqual(await cleanupPrefix(prefix), [])
      assert.equal(await terminate(up), 0, up.stderr())
    } finally {
      up?.child.kill('SIGKILL')
      await cleanupPrefix(prefix)
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})

/** The uid and gid to run `up` as without root: this process's own, or `nobody`'s when it is root. */
function unprivilegedUser(): { uid: number; gid: number } | undefined {
  const uid = process.getuid?.()
  const gid = process.getgid?.()
  if (uid === undefined || gid === undefined) return undefined
  if (uid !== 0) return { uid, gid }
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'nobody'], { encoding: 'utf8' }).trim())
    return { uid: id('-u'), gid: id('-g') }
  } catch {
    return undefined
  }
}

const unprivileged = unprivilegedUser()

describe('openeni up without root', { skip: unprivileged === undefined ? 'no unprivileged user to run as' : undefined }, () => {
  it('says plainly that it runs with the none data plane, and serves the API that way', async () => {
    const user = unprivileged!
    const dataDir = mkdtempSync(join(tmpdir(), 'openeni-up-'))
    chownSync(dataDir, user.uid, user.gid)
    const up = watch(
      spawn(process.execPath, ['--import', 'tsx', MAIN, 'up', '--listen', '127.0.0.1:0', '--data', dataDir], {
        cwd: ROOT,
        env: { ...process.env, ...ENV, HOME: dataDir },
        stdio: ['ignore', 'pipe', 'pipe'],
        uid: user.uid,
        gid: user.gid,
      }),
    )
    try {
      const endpoint = await listeningOn(up.child)
      await waitHealthy(endpoint, 30_000)
      assert.equal(
        up.stderr(),
        'openeni up: the Linux data plane needs root; running with the none data plane (the API acknowledges every change at once)\n',
      )
      const net = await Network.create(clientsFor(endpoint, KEY.accessKeyId, KEY.accessKeySecret))
      const vSwitchId = (await net.vSwitch()).id
      const instanceId = await runInstance(net.ecs, { vSwitchId, securityGroupId: await net.securityGroup() })
      assert.equal(await instanceStatus(net.ecs, instanceId), 'Running')
      assert.equal(await terminate(up), 0, up.stderr())
    } finally {
      up.child.kill('SIGKILL')
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})

describe('openeni agent --underlay', () => {
  it('refuses an address that is not a.b.c.d/len, with exit code 2', async () => {
    const result = await runCli(['agent', '--underlay', 'bogus'])
    assert.equal(result.code, 2)
    assert.match(result.stderr, /--underlay expects an IPv4 address with its prefix length, a\.b\.c\.d\/len/)
  })

  it('refuses the network address of the subnet', async () => {
    const result = await runCli(['agent', '--underlay', '198.19.255.0/24'])
    assert.equal(result.code, 2)
    assert.match(result.stderr, /network address/)
  })
})
