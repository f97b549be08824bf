import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { reach } from '../../src/service/policies.js'
import { dataplaneUnavailable, instanceStatus, Sandbox, waitFor } from '../support/dataplane.js'
import { Network, runInstance } from '../support/network.js'
import { Ecs, REGION } from '../support/server.js'

const PROBE = fileURLToPath(new URL('../support/probe.mjs', import.meta.url))

type Traffic = { protocol: 'tcp' | 'udp'; port: number } | { protocol: 'icmp' }
const TRAFFIC: Traffic[] = [
  { protocol: 'tcp', port: 8080 }, { protocol: 'tcp', port: 8081 }, { protocol: 'tcp', port: 8082 }, { protocol: 'tcp', port: 9000 },
  { protocol: 'tcp', port: 7777 }, { protocol: 'udp', port: 5353 }, { protocol: 'udp', port: 5354 }, { protocol: 'icmp' },
]
const SERVED = TRAFFIC.flatMap((t) => (t.protocol === 'icmp' ? [] : [`${t.protocol}:${t.port}`]))
const label = (t: Traffic) => (t.protocol === 'icmp' ? 'icmp' : `${t.protocol}/${t.port}`)

describe('security groups: every packet result equals what the effective policy says', { skip: dataplaneUnavailable() }, () => {
  let sandbox: Sandbox
  let net: Network
  const servers: ChildProcess[] = []
  const ends: Record<string, { instanceId: string; ip: string }> = {}

  const permission = (fields: ConstructorParameters<typeof Ecs.AuthorizeSecurityGroupRequestPermissions>[0]) =>
    new Ecs.AuthorizeSecurityGroupRequestPermissions({ priority: '1', policy: 'accept', ...fields })
  const authorize = (securityGroupId: string, permissions: InstanceType<typeof Ecs.AuthorizeSecurityGroupRequestPermissions>[]) =>
    net.ecs.authorizeSecurityGroup(new Ecs.AuthorizeSecurityGroupRequest({ regionId: REGION, securityGroupId, permissions }))

  before(async () => {
    sandbox = await Sandbox.start()
    await sandbox.host('host-a')
    net = await Network.create(sandbox.server.account)
    const vsw = await net.vSwitch()
    const [members, strangers, single, g1, g2, g3, g4, g5] = await Promise.all(Array.from({ length: 8 }, () => net.securityGroup()))
    // The server with one group: a source group, a CIDR, a drop beating an accept by priority, a
    // drop and an accept at one priority (drop wins), no rule (default drop).
    await authorize(single!, [
      permission({ ipProtocol: 'tcp', portRange: '8080/8080', sourceGroupId: members }),
      permission({ ipProtocol: 'tcp', portRange: '8081/8081', sourceCidrIp: '0.0.0.0/0', priority: '10' }),
      permission({ ipProtocol: 'tcp', portRange: '8082/8082', sourceCidrIp: '0.0.0.0/0' }),
      permission({ ipProtocol: 'tcp', portRange: '9000/9000', sourceCidrIp: '0.0.0.0/0', policy: 'drop' }),
      permission({ ipProtocol: 'tcp', portRange: '9000/9000', sourceCidrIp: '0.0.0.0/0' }),
      permission({ ipProtocol: 'udp', portRange: '5353/5353', sourceCidrIp: vsw.cidr }),
      permission({ ipProtocol: 'icmp', portRange: '-1/-1', sourceGroupId: members }),
    ])
    // The same intentions spread over five groups on one ENI.
    await authorize(g1!, [permission({ ipProtocol: 'tcp', portRange: '8080/8080', sourceGroupId: members })])
    await authorize(g2!, [permission({ ipProtocol: 'tcp', portRange: '8081/8082', sourceCidrIp: '0.0.0.0/0', priority: '10' })])
    await authorize(g3!, [permission({ ipProtocol: 'tcp', portRange: '9000/9000', sourceCidrIp: '0.0.0.0/0', policy: 'drop', priority: '2' })])
    await authorize(g4!, [permission({ ipProtocol: 'tcp', portRange: '9000/9000', sourceCidrIp: '0.0.0.0/0', priority: '2' }), permission({ ipProtocol: 'udp', portRange: '5353/5354', sourceCidrIp: vsw.cidr })])
    await authorize(g5!, [permission({ ipProtocol: 'icmp', portRange: '-1/-1', sourceGroupId: members })])
    // Egress: members may not open tcp/8082 anywhere; strangers may not ping.
    await net.ecs.authorizeSecurityGroupEgress(new Ecs.AuthorizeSecurityGroupEgressRequest({
      regionId: REGION, securityGroupId: members,
      permissions: [new Ecs.AuthorizeSecurityGroupEgressRequestPermissions({ ipProtocol: 'tcp', portRange: '8082/8082', destCidrIp: '0.0.0.0/0', policy: 'drop', priority: '1' })],
    }))
    await net.ecs.authorizeSecurityGroupEgress(new Ecs.AuthorizeSecurityGroupEgressRequest({
      regionId: REGION, securityGroupId: strangers,
      permissions: [new Ecs.AuthorizeSecurityGroupEgressRequestPermissions({ ipProtocol: 'icmp', portRange: '-1/-1', destCidrIp: '0.0.0.0/0', policy: 'drop', priority: '1' })],
    }))
    const launch = async (name: string, securityGroupIds: string[]) => {
      const instanceId = await runInstance(net.ecs, { vSwitchId: vsw.id, securityGroupId: undefined as never, securityGroupIds })
      ends[name] = { instanceId, ip: '' }
    }
    await launch('member', [members!])
    await launch('stranger', [strangers!])
    await launch('single', [single!])
    await launch('five', [g1!, g2!, g3!, g4!, g5!])
    await waitFor('all Running', async () => {
      for (const end of Object.values(ends)) if ((await instanceStatus(net.ecs, end.instanceId)) !== 'Running') return false
      return true
    })
    for (const end of Object.values(ends)) {
      const { body } = await net.ecs.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION, instanceIds: JSON.stringify([end.instanceId]) }))
      end.ip = body?.instances?.instance?.[0]?.vpcAttributes?.privateIpAddress?.ipAddress?.[0] ?? ''
    }
    for (const name of ['single', 'five']) {
      const namespace = await sandbox.instanceNamespace(ends[name]!.instanceId)
      const server = spawn('ip', ['netns', 'exec', namespace, process.execPath, PROBE, 'serve', ...SERVED], { stdio: ['ignore', 'pipe', 'inherit'] })
      servers.push(server)
      await new Promise<void>((resolve, reject) => {
        server.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve())
        server.on('exit', (code) => reject(new Error(`probe server exited ${code}`)))
      })
    }
  })
  after(async () => {
    for (const server of servers) server.kill()
    await sandbox?.close()
  })

  async function packetPasses(from: string, to: string, traffic: Traffic): Promise<boolean> {
    const target = ends[to]!.ip
    if (traffic.protocol === 'icmp') return sandbox.pings(ends[from]!.instanceId, target)
    try {
      await sandbox.exec(ends[from]!.instanceId, [process.execPath, PROBE, 'connect', traffic.protocol, target, String(traffic.port), '1500'])
      return true
    } catch {
      return false
    }
  }

  for (const to of ['single', 'five']) {
    it(`${to === 'single' ? 'one group' : 'five groups'} on the receiving ENI: tcp, udp and icmp from a member of the source group and from a stranger`, async () => {
      const results: string[] = []
      const expected: string[] = []
      for (const from of ['member', 'stranger']) {
        for (const traffic of TRAFFIC) {
          const verdict = await reach(sandbox.server.deps, { accountId: sandbox.server.account.accountId, requestId: 'matrix' }, {
            from: ends[from]!.instanceId,
            to: ends[to]!.instanceId,
            protocol: traffic.protocol,
            port: traffic.protocol === 'icmp' ? undefined : String(traffic.port),
          })
          expected.push(`${from} → ${to} ${label(traffic)}: ${verdict.allowed ? 'passes' : 'blocked'}`)
          results.push(`${from} → ${to} ${label(traffic)}: ${(await packetPasses(from, to, traffic)) ? 'passes' : 'blocked'}`)
        }
      }
      assert.deepEqual(results, expected)
      // The matrix is not trivial: both outcomes occur, for both senders.
      assert.ok(expected.some((e) => e.startsWith('member') && e.endsWith('passes')) && expected.some((e) => e.startsWith('member') && e.endsWith('blocked')))
      assert.ok(expected.some((e) => e.startsWith('stranger') && e.endsWith('passes')) && expected.some((e) => e.startsWith('stranger') && e.endsWith('blocked')))
    })
  }

  it('a rule change reaches the packets: revoking the member rule blocks what it allowed', async () => {
    const { body } = await net.ecs.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION, instanceIds: JSON.stringify([ends.single!.instanceId]) }))
    const group = body?.instances?.instance?.[0]?.securityGroupIds?.securityGroupId?.[0]
    assert.ok(group)
    assert.equal(await packetPasses('member', 'single', { protocol: 'tcp', port: 8080 }), true)
    const rules = await net.ecs.describeSecurityGroupAttribute(new Ecs.DescribeSecurityGroupAttributeRequest({ regionId: REGION, securityGroupId: group, direction: 'ingress' }))
    const ruleId = rules.body?.permissions?.permission?.find((p) => p.portRange === '8080/8080')?.securityGroupRuleId
    assert.ok(ruleId)
    await net.ecs.revokeSecurityGroup(new Ecs.RevokeSecurityGroupRequest({ regionId: REGION, securityGroupId: group, securityGroupRuleId: [ruleId] }))
    await waitFor('tcp/8080 blocked', async () => !(await packetPasses('member', 'single', { protocol: 'tcp', port: 8080 })), 10_000)
  })
})
