import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, type TestServer } from '../support/server.js'
import { freePort, runCli } from '../support/cli.js'
import { createEni, Network } from '../support/network.js'
import { authorize } from '../support/security-group-rules.js'

describe('openeni reach', () => {
  let server: TestServer
  let env: NodeJS.ProcessEnv
  let a: string
  let b: string
  before(async () => {
    server = await startServer()
    env = { OPENENI_ACCESS_KEY_ID: server.account.accessKeyId, OPENENI_ACCESS_KEY_SECRET: server.account.accessKeySecret }
    const net = await Network.create(server.account)
    const vSwitchId = (await net.vSwitch()).id
    const [web, db] = [await net.securityGroup(), await net.securityGroup()]
    a = await createEni(net.ecs, { vSwitchId, securityGroupId: web })
    b = await createEni(net.ecs, { vSwitchId, securityGroupId: db })
    await authorize(net.ecs, db, [{ ipProtocol: 'tcp', portRange: '443/443', sourceGroupId: web }])
  })
  after(() => server.close())

  const reach = (args: string[], extraEnv: NodeJS.ProcessEnv = env) => runCli(['reach', ...args, '--endpoint', server.endpoint], extraEnv)

  it('says allowed and what decided each side, exiting 0', async () => {
    const result = await reach([a, b, 'tcp/443'])
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stdout, new RegExp(`^allowed: ${a} \\(\\S+\\) → ${b} \\(\\S+\\) tcp/443$`, 'm'))
    assert.match(result.stdout, /egress of .*: accept by the default/)
    assert.match(result.stdout, /ingress of .*: accept by rule sgr-\w+ of sg-\w+ \(priority 1\)/)
  })

  it('says denied and exits 1, in JSON with --output json', async () => {
    const text = await reach([a, b, 'icmp'])
    assert.equal(text.code, 1, text.stderr)
    assert.match(text.stdout, /^denied: /)
    const json = await reach([a, b, 'tcp/22', '--output', 'json'])
    assert.equal(json.code, 1, json.stderr)
    const body = JSON.parse(json.stdout) as { allowed: boolean; ingress: { verdict: string; decidedBy: { kind: string } }; port: number }
    assert.deepEqual([body.allowed, body.port, body.ingress.verdict, body.ingress.decidedBy.kind], [false, 22, 'drop', 'default'])
  })

  it('takes the key from options before the environment', async () => {
    const result = await reach([a, b, 'tcp/443', '--access-key-id', server.account.accessKeyId, '--access-key-secret', 'wrong'])
    assert.equal(result.code, 2)
    assert.match(result.stderr, /SignatureDoesNotMatch/)
  })

  it('exits 2 with the reason for an unknown end, bad traffic, no key, no server or a usage mistake', async () => {
    const unknown = await reach(['eni-nothere', b, 'tcp/443'])
    assert.equal(unknown.code, 2)
    assert.match(unknown.stderr, /InvalidEniId\.NotFound/)
    const traffic = await reach([a, b, 'tcp/'])
    assert.equal(traffic.code, 2)
    assert.match(traffic.stderr, /PROTO\/PORT/)
    const noKey = await reach([a, b, 'tcp/443'], { OPENENI_ACCESS_KEY_ID: '', OPENENI_ACCESS_KEY_SECRET: '' })
    assert.equal(noKey.code, 2)
    assert.match(noKey.stderr, /access key/)
    const noServer = await runCli(['reach', a, b, 'icmp', '--endpoint', `127.0.0.1:${await freePort()}`], env)
    assert.equal(noServer.code, 2)
    const usage = await runCli(['reach', a], env)
    assert.equal(usage.code, 2)
    assert.match(usage.stderr, /missing required argument/)
  })
})
