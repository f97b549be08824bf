import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { KyselyPlugin } from 'kysely'
import { signAcs3 } from '../../src/api/aliyun/signature.js'
import { compilePolicies } from '../../src/service/policies.js'
import { DIALECTS, Ecs, REGION, startServer, stopPostgres, type TestAccount, type TestServer } from '../support/server.js'
import { addressesOf, createEni, mustDescribeEni, Network, runInstance } from '../support/network.js'
import { authorize, authorizeEgress } from '../support/security-group-rules.js'

after(stopPostgres)

interface ReachBody {
  RequestId: string
  allowed: boolean
  from: { networkInterfaceId: string; address: string }
  to: { networkInterfaceId: string; address: string }
  protocol: string
  port?: number
  egress: { verdict: string; decidedBy: Record<string, unknown> }
  ingress: { verdict: string; decidedBy: Record<string, unknown> }
  Code?: string
}

async function reach(server: TestServer, account: TestAccount, query: Record<string, string>): Promise<{ status: number; body: ReachBody }> {
  const signed = signAcs3({
    method: 'GET',
    host: server.endpoint,
    path: '/rest/v1/reach',
    query,
    action: 'Reach',
    version: 'rest-v1',
    accessKeyId: account.accessKeyId,
    secret: account.accessKeySecret,
  })
  const response = await fetch(`http://${server.endpoint}${signed.url}`, { headers: signed.headers })
  return { status: response.status, body: (await response.json()) as ReachBody }
}

/** Counts the statements run through a Kysely instance. */
function counter(): KyselyPlugin & { count: number } {
  return {
    count: 0,
    transformQuery(args) {
      this.count++
      return args.node
    },
    async transformResult(args) {
      return args.result
    },
  }
}

for (const dialect of DIALECTS) {
  describe(`reach and compiled policies (${dialect})`, () => {
    let server: TestServer
    let me: TestAccount
    let net: Network
    let vSwitch: { id: string; base: string }
    let web: string
    let db: string
    let a: string
    let b: string
    let instanceId: string
    let instanceEni: string
    before(async () => {
      server = await startServer({ dialect })
      me = server.account
      net = await Network.create(me)
      vSwitch = await net.vSwitch()
      web = await net.securityGroup()
      db = await net.securityGroup()
      a = await createEni(me.ecs, { vSwitchId: vSwitch.id, securityGroupId: web, primaryIpAddress: `${vSwitch.base}.10` })
      b = await createEni(me.ecs, { vSwitchId: vSwitch.id, securityGroupId: db, primaryIpAddress: `${vSwitch.base}.20` })
      instanceId = await runInstance(me.ecs, { vSwitchId: vSwitch.id, securityGroupId: web, privateIpAddress: `${vSwitch.base}.30` })
      const { body } = await me.ecs.describeNetworkInterfaces(new Ecs.DescribeNetworkInterfacesRequest({ regionId: REGION, instanceId }))
      instanceEni = body?.networkInterfaceSets?.networkInterfaceSet?.[0]?.networkInterfaceId ?? ''
      await authorize(me.ecs, db, [{ ipProtocol: 'tcp', portRange: '5432/5432', sourceGroupId: web }])
    })
    after(() => server.close())

    it('allows what the sender sends and the receiver takes, naming the rule that let it in', async () => {
      const { status, body } = await reach(server, me, { from: a, to: b, protocol: 'tcp', port: '5432' })
      assert.equal(status, 200)
      const [rule] = (await me.ecs.describeSecurityGroupAttribute(new Ecs.DescribeSecurityGroupAttributeRequest({ regionId: REGION, securityGroupId: db }))).body
        ?.permissions?.permission ?? []
      assert.deepEqual(
        { ...body, RequestId: undefined },
        {
          RequestId: undefined,
          allowed: true,
          from: { networkInterfaceId: a, address: `${vSwitch.base}.10` },
          to: { networkInterfaceId: b, address: `${vSwitch.base}.20` },
          protocol: 'tcp',
          port: 5432,
          egress: { verdict: 'accept', decidedBy: { kind: 'default' } },
          ingress: { verdict: 'accept', decidedBy: { kind: 'rule', groupId: db, ruleId: rule?.securityGroupRuleId, priority: 1 } },
        },
      )
    })

    it('denies what no rule lets in, by the default', async () => {
      const { body } = await reach(server, me, { from: a, to: b, protocol: 'TCP', port: '22' })
      assert.equal(body.allowed, false)
      assert.deepEqual(body.ingress, { verdict: 'drop', decidedBy: { kind: 'default' } })
      assert.equal((await reach(server, me, { from: b, to: a, protocol: 'icmp' })).body.allowed, false)
    })

    it('lets members of a basic group reach each other regardless of rules, until its policy is Drop', async () => {
      await authorizeEgress(me.ecs, web, [{ ipProtocol: 'all', portRange: '-1/-1', destCidrIp: '0.0.0.0/0', policy: 'drop', priority: '1' }])
      const inner = await reach(server, me, { from: a, to: instanceId, protocol: 'udp', port: '53' })
      assert.equal(inner.body.allowed, true)
      assert.deepEqual(inner.body.to, { networkInterfaceId: instanceEni, address: `${vSwitch.base}.30` })
      assert.deepEqual([inner.body.egress.decidedBy, inner.body.ingress.decidedBy], [{ kind: 'inner-access' }, { kind: 'inner-access' }])
      // The egress drop now keeps a from reaching b.
      const out = await reach(server, me, { from: a, to: b, protocol: 'tcp', port: '5432' })
      assert.equal(out.body.allowed, false)
      assert.equal(out.body.egress.verdict, 'drop')
      assert.equal(out.body.egress.decidedBy.kind, 'rule')
      await me.ecs.modifySecurityGroupPolicy(new Ecs.ModifySecurityGroupPolicyRequest({ regionId: REGION, securityGroupId: web, innerAccessPolicy: 'Drop' }))
      const isolated = await reach(server, me, { from: a, to: instanceId, protocol: 'udp', port: '53' })
      assert.equal(isolated.body.allowed, false)
      await me.ecs.modifySecurityGroupPolicy(new Ecs.ModifySecurityGroupPolicyRequest({ regionId: REGION, securityGroupId: web, innerAccessPolicy: 'Accept' }))
      await me.ecs.revokeSecurityGroupEgress(
        new Ecs.RevokeSecurityGroupEgressRequest({ regionId: REGION, securityGroupId: web, ipProtocol: 'all', portRange: '-1/-1', destCidrIp: '0.0.0.0/0', policy: 'drop' }),
      )
    })

    it('takes private addresses, secondary ones included, and follows group peers to them', async () => {
      await me.ecs.assignPrivateIpAddresses(new Ecs.AssignPrivateIpAddressesRequest({ regionId: REGION, networkInterfaceId: a, privateIpAddress: [`${vSwitch.base}.11`] }))
      const { body } = await reach(server, me, { from: `${vSwitch.base}.11`, to: `${vSwitch.base}.20`, protocol: 'tcp', port: '5432' })
      assert.deepEqual([body.allowed, body.from.networkInterfaceId, body.to.networkInterfaceId], [true, a, b])
      // A member that leaves the peer group loses what the group's rules gave it.
      const other = await net.securityGroup()
      await me.ecs.joinSecurityGroup(new Ecs.JoinSecurityGroupRequest({ regionId: REGION, networkInterfaceId: a, securityGroupId: other }))
      await me.ecs.leaveSecurityGroup(new Ecs.LeaveSecurityGroupRequest({ regionId: REGION, networkInterfaceId: a, securityGroupId: web }))
      assert.equal((await reach(server, me, { from: a, to: b, protocol: 'tcp', port: '5432' })).body.allowed, false)
      await me.ecs.joinSecurityGroup(new Ecs.JoinSecurityGroupRequest({ regionId: REGION, networkInterfaceId: a, securityGroupId: web }))
      assert.equal((await reach(server, me, { from: a, to: b, protocol: 'tcp', port: '5432' })).body.allowed, true)
    })

    it('looks an address up in the VPC of the other end, and refuses one that is ambiguous', async () => {
      const net2 = await Network.create(me)
      const vsw2 = await net2.vSwitch()
      const sg2 = await net2.securityGroup()
      const twin = await createEni(me.ecs, { vSwitchId: vsw2.id, securityGroupId: sg2, primaryIpAddress: `${vSwitch.base}.20` })
      assert.equal((await reach(server, me, { from: a, to: `${vSwitch.base}.20`, protocol: 'icmp' })).body.to.networkInterfaceId, b)
      const ambiguous = await reach(server, me, { from: `${vSwitch.base}.20`, to: `${vSwitch.base}.10`, protocol: 'icmp' })
      assert.deepEqual([ambiguous.status, ambiguous.body.Code], [400, 'InvalidParameter'])
      const crossing = await reach(server, me, { from: a, to: twin, protocol: 'icmp' })
      assert.deepEqual([crossing.status, crossing.body.Code], [403, 'InvalidOperation.VpcMismatch'])
      await me.ecs.deleteNetworkInterface(new Ecs.DeleteNetworkInterfaceRequest({ regionId: REGION, networkInterfaceId: twin }))
    })

    it('refuses missing, malformed and unknown ends and traffic, and what is not yours', async () => {
      const other = await server.addAccount('stranger')
      const cases: Array<[Record<string, string>, number, string, TestAccount?]> = [
        [{ to: b, protocol: 'tcp', port: '1' }, 400, 'MissingParameter'],
        [{ from: a, to: b, port: '1' }, 400, 'MissingParameter'],
        [{ from: a, to: b, protocol: 'gre' }, 400, 'InvalidParameter'],
        [{ from: a, to: b, protocol: 'tcp' }, 400, 'InvalidParameter'],
        [{ from: a, to: b, protocol: 'tcp', port: '70000' }, 400, 'InvalidParameter'],
        [{ from: a, to: b, protocol: 'icmp', port: '8' }, 400, 'InvalidParameter'],
        [{ from: 'sg-1', to: b, protocol: 'icmp' }, 400, 'InvalidParameter'],
        [{ from: a, to: a, protocol: 'icmp' }, 400, 'InvalidParameter'],
        [{ from: 'eni-nothere', to: b, protocol: 'icmp' }, 404, 'InvalidEniId.NotFound'],
        [{ from: a, to: 'i-nothere', protocol: 'icmp' }, 404, 'InvalidInstanceId.NotFound'],
        [{ from: a, to: '203.0.113.9', protocol: 'icmp' }, 404, 'InvalidEniId.NotFound'],
        [{ from: a, to: b, protocol: 'icmp' }, 404, 'InvalidEniId.NotFound', other],
      ]
      for (const [query, status, code, account] of cases) {
        const { status: got, body } = await reach(server, account ?? me, query)
        assert.deepEqual([got, body.Code], [status, code], JSON.stringify(query))
      }
      const unsigned = await fetch(`http://${server.endpoint}/rest/v1/reach?from=${a}&to=${b}&protocol=icmp`)
      assert.equal(unsigned.status, 400)
    })

    it('compiles the policies of many ENIs in a fixed number of statements, as reach sees them', async () => {
      const enis = [a, b, instanceEni]
      for (let i = 0; i < 7; i++) enis.push(await createEni(me.ecs, { vSwitchId: vSwitch.id, securityGroupIds: i % 2 === 0 ? [web] : [db, web] }))
      const one = counter()
      await compilePolicies(server.deps.store.db.withPlugin(one), [a])
      const ten = counter()
      const policies = await compilePolicies(server.deps.store.db.withPlugin(ten), enis)
      assert.equal(ten.count, one.count)
      assert.ok(one.count <= 4, `${one.count} statements`)
      const ingress = policies.get(b)?.ingress.rules ?? []
      assert.equal(ingress.length, 1)
      const webMembers = (await Promise.all(enis.filter((id) => id !== b).map((id) => mustDescribeEni(me.ecs, id)))).flatMap((e) => addressesOf(e))
      assert.deepEqual(ingress[0]?.peers, [...webMembers].sort((x, y) => ipValue(x) - ipValue(y)).map((x) => `${x}/32`))
      assert.deepEqual(policies.get(a)?.ingress.default, 'drop')
    })
  })
}

function ipValue(address: string): number {
  return address.split('.').reduce((n, octet) => n * 256 + Number(octet), 0)
}
