import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ChildProcess } from 'node:child_process'
import { clientsFor, Ecs, sdkError } from '../support/server.js'
import { listeningOn, runCli, spawnCli, waitHealthy } from '../support/cli.js'

function collect(child: ChildProcess): { out: () => string; exit: Promise<number | null> } {
  let out = ''
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()))
  return { out: () => out, exit: new Promise((resolve) => child.on('close', resolve)) }
}

describe('openeni server', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'openeni-cli-'))
  let endpoint: string
  let server: ChildProcess
  let output: ReturnType<typeof collect>

  before(async () => {
    server = spawnCli(['server', '--listen', '127.0.0.1:0', '--data', dataDir, '--dataplane', 'none', '--log-level', 'warn'])
    output = collect(server)
    endpoint = await listeningOn(server)
    await waitHealthy(endpoint)
  })
  after(() => {
    server.kill('SIGKILL')
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('creates the SQLite database, WAL mode and a private master key on first start', () => {
    const files = readdirSync(dataDir)
    assert.ok(files.includes('openeni.sqlite'))
    assert.ok(files.includes('openeni.sqlite-wal'))
    assert.equal(statSync(join(dataDir, 'master.key')).mode & 0o777, 0o600)
  })

  it('prints a generated bootstrap key once, which works with the SDK', async () => {
    const id = /AccessKeyId:\s+(\S+)/.exec(output.out())?.[1]
    const secret = /AccessKeySecret:\s+(\S+)/.exec(output.out())?.[1]
    assert.ok(id && secret, output.out())
    const { ecs } = clientsFor(endpoint, id, secret)
    const regions = await ecs.describeRegions(new Ecs.DescribeRegionsRequest({}))
    assert.equal(regions.statusCode, 200)
    // Sealed at rest: the clear secret is nowhere in the database files.
    for (const file of readdirSync(dataDir).filter((f) => f.startsWith('openeni.sqlite'))) {
      assert.ok(!readFileSync(join(dataDir, file)).includes(secret), `${file} holds the clear secret`)
    }
  })

  it('creates another account while the server runs, printing JSON keys with --output json', async () => {
    const result = await runCli(['accounts', 'create', 'team-b', '--data', dataDir, '--output', 'json'])
    assert.equal(result.code, 0, result.stderr)
    const keys = JSON.parse(result.stdout) as { AccessKeyId: string; AccessKeySecret: string }
    assert.deepEqual(Object.keys(keys).sort(), ['AccessKeyId', 'AccessKeySecret'])
    const { ecs } = clientsFor(endpoint, keys.AccessKeyId, keys.AccessKeySecret)
    assert.equal((await ecs.describeRegions(new Ecs.DescribeRegionsRequest({}))).statusCode, 200)
    const duplicate = await runCli(['accounts', 'create', 'team-b', '--data', dataDir])
    assert.notEqual(duplicate.code, 0)
    assert.match(duplicate.stderr, /already exists/)
  })

  it('answers /healthz with 200 and unknown paths in the dialect error shape', async () => {
    assert.equal((await fetch(`http://${endpoint}/healthz`)).status, 200)
    const response = await fetch(`http://${endpoint}/nope`)
    assert.equal(response.status, 404)
    assert.equal(((await response.json()) as { Code: string }).Code, 'InvalidAction.NotFound')
  })

  it('finishes in-flight requests on SIGTERM and exits 0', async () => {
    const id = /AccessKeyId:\s+(\S+)/.exec(output.out())?.[1] ?? ''
    const secret = /AccessKeySecret:\s+(\S+)/.exec(output.out())?.[1] ?? ''
    const { ecs } = clientsFor(endpoint, id, secret)
    const inFlight = Array.from({ length: 20 }, () =>
      ecs.describeRegions(new Ecs.DescribeRegionsRequest({})).then(
        (r) => r.statusCode,
        (err: { code?: string }) => err.code ?? 'error',
      ),
    )
    await new Promise((r) => setTimeout(r, 5))
    server.kill('SIGTERM')
    const outcomes = await Promise.all(inFlight)
    // Each request either completed or was never accepted; none was cut off halfway.
    for (const outcome of outcomes) assert.ok(outcome === 200 || outcome === "ECONNREFUSED", String(outcome))
    assert.equal(await output.exit, 0)
  })
})

describe('openeni server with the bootstrap key from the environment', () => {
  it('uses OPENENI_ACCESS_KEY_ID/SECRET and never prints or logs the secret', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'openeni-cli-'))
    const env = { OPENENI_ACCESS_KEY_ID: 'LTAIfromEnvironment01', OPENENI_ACCESS_KEY_SECRET: 'env-secret-value-123456' }
    const child = spawnCli(['server', '--listen', '127.0.0.1:0', '--data', dataDir, '--dataplane', 'none'], env)
    const output = collect(child)
    try {
      const endpoint = await listeningOn(child)
      await waitHealthy(endpoint)
      const { ecs } = clientsFor(endpoint, env.OPENENI_ACCESS_KEY_ID, env.OPENENI_ACCESS_KEY_SECRET)
      assert.equal((await ecs.describeRegions(new Ecs.DescribeRegionsRequest({}))).statusCode, 200)
      const wrong = clientsFor(endpoint, env.OPENENI_ACCESS_KEY_ID, 'guess')
      assert.equal((await sdkError(wrong.ecs.describeRegions(new Ecs.DescribeRegionsRequest({})))).code, 'SignatureDoesNotMatch')
      child.kill('SIGTERM')
      assert.equal(await output.exit, 0)
      assert.ok(!output.out().includes(env.OPENENI_ACCESS_KEY_SECRET), output.out())
    } finally {
      child.kill('SIGKILL')
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
