import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { DIALECTS, Ecs, REGION, sdkError, startServer, stopPostgres, type TestServer } from '../support/server.js'
import { createEni, mustDescribeEni, Network, plain, runInstance } from '../support/network.js'
import { authorize, authorizeEgress, refusedRules, rulesOf, type IngressPermission } from '../support/security-group-rules.js'

after(stopPostgres)

// Small quotas, so that tests reach them: 5 rules per group, 8 over the groups of one ENI.
const RULES_PER_GROUP = 5
const RULES_PER_ENI = 8

const port = (n: number): IngressPermission => ({ ipProtocol: 'tcp', portRange: `${n}/${n}`, sourceCidrIp: '10.0.0.0/8' })
const ports = (from: number, count: number) => Array.from({ length: count }, (_, i) => port(from + i))

for (const dialect of DIALECTS) {
  describe(`security group rule quotas (${dialect})`, () => {
    let server: TestServer
    let net: Network
    before(async () => {
      server = await startServer({
        dialect,
        config: { quotas: { default: { rulesPerSecurityGroup: RULES_PER_GROUP, rulesPerEni: RULES_PER_ENI, securityGroups: 200 } } },
      })
      net = await Network.create(server.account)
    })
    after(() => server.close())

    const ecs = () => net.ecs

    /** Two groups with `a` and `b` rules, and a vSwitch. */
    async function groups(a: number, b: number) {
      const [sgA, sgB] = [await net.securityGroup(), await net.securityGroup()]
      if (a > 0) await authorize(ecs(), sgA, ports(1, a))
      if (b > 0) await authorize(ecs(), sgB, ports(1000, b))
      return { sgA, sgB, vSwitchId: (await net.vSwitch()).id }
    }

    it('holds a group to its quota of rules, inbound and outbound together', async () => {
      const sg = await net.securityGroup()
      await authorize(ecs(), sg, ports(1, 4))
      await authorizeEgress(ecs(), sg, [{ ipProtocol: 'all', portRange: '-1/-1', destCidrIp: '0.0.0.0/0' }])
      await refusedRules(ecs(), [sg], () => authorize(ecs(), sg, [port(99)]), 'AuthorizationLimitExceed', 403)
      // A rule the group already has is no new rule.
      await authorize(ecs(), sg, [port(1)])
      assert.equal((await rulesOf(ecs(), sg)).length, RULES_PER_GROUP)
    })

    it('refuses a rule that would govern a member ENI by more rules than its total allows', async () => {
      const { sgA, sgB, vSwitchId } = await groups(5, 2)
      const eni = await createEni(ecs(), { vSwitchId, securityGroupIds: [sgA, sgB] })
      await authorize(ecs(), sgB, [port(2000)])
      const err = await sdkError(authorize(ecs(), sgB, [port(2001)]))
      assert.deepEqual([err.code, err.statusCode], ['AclLimitExceed', 403])
      assert.match(err.message, new RegExp(eni))
      assert.equal((await rulesOf(ecs(), sgB)).length, 3)
    })

    it('refuses a new ENI, a new group set, a join or an instance that would pass the total', async () => {
      const { sgA, sgB, vSwitchId } = await groups(5, 4)
      const before = plain((await ecs().describeNetworkInterfaces(new Ecs.DescribeNetworkInterfacesRequest({ regionId: REGION, pageSize: 1000 }))).body?.totalCount)
      const create = sdkError(createEni(ecs(), { vSwitchId, securityGroupIds: [sgA, sgB] }))
      assert.deepEqual([(await create).code, (await create).statusCode], ['AclLimitExceed', 403])
      const run = await sdkError(runInstance(ecs(), { vSwitchId, securityGroupId: '', securityGroupIds: [sgA, sgB] }))
      assert.equal(run.code, 'AclLimitExceed')
      const after = plain((await ecs().describeNetworkInterfaces(new Ecs.DescribeNetworkInterfacesRequest({ regionId: REGION, pageSize: 1000 }))).body?.totalCount)
      assert.equal(after, before)

      const eni = await createEni(ecs(), { vSwitchId, securityGroupIds: [sgA] })
      const modify = await sdkError(
        ecs().modifyNetworkInterfaceAttribute(new Ecs.ModifyNetworkInterfaceAttributeRequest({ regionId: REGION, networkInterfaceId: eni, securityGroupId: [sgA, sgB] })),
      )
      assert.deepEqual([modify.code, modify.statusCode], ['AclLimitExceed', 403])
      const join = await sdkError(ecs().joinSecurityGroup(new Ecs.JoinSecurityGroupRequest({ regionId: REGION, networkInterfaceId: eni, securityGroupId: sgB })))
      assert.deepEqual([join.code, join.statusCode], ['AclLimitExceed', 403])
      assert.deepEqual((await mustDescribeEni(ecs(), eni)).securityGroupIds?.securityGroupId, [sgA])
      // Within the total, all of them work.
      await ecs().revokeSecurityGroup(new Ecs.RevokeSecurityGroupRequest({ regionId: REGION, securityGroupId: sgB, ipProtocol: 'tcp', portRange: '1000/1000', sourceCidrIp: '10.0.0.0/8' }))
      await ecs().joinSecurityGroup(new Ecs.JoinSecurityGroupRequest({ regionId: REGION, networkInterfaceId: eni, securityGroupId: sgB }))
      await createEni(ecs(), { vSwitchId, securityGroupIds: [sgA, sgB] })
    })

    it('holds both quotas under concurrent requests', async () => {
      const { sgA, sgB, vSwitchId } = await groups(0, 0)
      await createEni(ecs(), { vSwitchId, securityGroupIds: [sgA, sgB] })
      // 24 single-rule requests, half to each group: at most 5 fit in a group, 8 in the ENI.
      const results = await Promise.allSettled(Array.from({ length: 24 }, (_, i) => authorize(ecs(), i % 2 === 0 ? sgA : sgB, [port(3000 + i)])))
      const refusals = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as { code: string; message: string }] : []))
      for (const err of refusals) assert.ok(err.code === 'AclLimitExceed' || err.code === 'AuthorizationLimitExceed', err.message)
      const [a, b] = [(await rulesOf(ecs(), sgA)).length, (await rulesOf(ecs(), sgB)).length]
      assert.equal(a + b, RULES_PER_ENI, `${a} + ${b}`)
      assert.ok(a <= RULES_PER_GROUP && b <= RULES_PER_GROUP)
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, RULES_PER_ENI)
    })

    it('never lets a group be deleted while a concurrent rule starts naming it', async () => {
      for (let round = 0; round < 4; round++) {
        const [sg, peer] = [await net.securityGroup(), await net.securityGroup()]
        const [added, deleted] = await Promise.allSettled([
          authorize(ecs(), sg, [{ ipProtocol: 'all', portRange: '-1/-1', sourceGroupId: peer }]),
          ecs().deleteSecurityGroup(new Ecs.DeleteSecurityGroupRequest({ regionId: REGION, securityGroupId: peer })),
        ])
        assert.notEqual(added.status === 'fulfilled', deleted.status === 'fulfilled', 'exactly one of them succeeds')
        if (added.status === 'rejected') assert.equal((added.reason as { code: string }).code, 'InvalidSourceGroupId.NotFound')
        if (deleted.status === 'rejected') assert.equal((deleted.reason as { code: string }).code, 'DependencyViolation', String(deleted.reason))
      }
    })
  })
}
