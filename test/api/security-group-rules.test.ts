import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { DIALECTS, Ecs, REGION, sdkError, startServer, stopPostgres, type TestAccount, type TestServer } from '../support/server.js'
import { Network } from '../support/network.js'
import {
  authorize,
  authorizeEgress,
  rawCall,
  refusedRules,
  ruleIdsOf,
  rulesOf,
  type IngressPermission,
} from '../support/security-group-rules.js'

after(stopPostgres)

const ssh: IngressPermission = { ipProtocol: 'tcp', portRange: '22/22', sourceCidrIp: '10.0.0.0/8' }

function revoke(ecs: TestAccount['ecs'], fields: ConstructorParameters<typeof Ecs.RevokeSecurityGroupRequest>[0]) {
  return ecs.revokeSecurityGroup(new Ecs.RevokeSecurityGroupRequest({ regionId: REGION, ...fields }))
}

function revokeEgress(ecs: TestAccount['ecs'], fields: ConstructorParameters<typeof Ecs.RevokeSecurityGroupEgressRequest>[0]) {
  return ecs.revokeSecurityGroupEgress(new Ecs.RevokeSecurityGroupEgressRequest({ regionId: REGION, ...fields }))
}

for (const dialect of DIALECTS) {
  describe(`security group rules (${dialect})`, () => {
    let server: TestServer
    let me: TestAccount
    let other: TestAccount
    let net: Network
    before(async () => {
      server = await startServer({ dialect, config: { quotas: { default: { vpcs: 100, securityGroups: 200 } } } })
      me = server.account
      other = await server.addAccount('other')
      net = await Network.create(me)
    })
    after(() => server.close())

    const changesOf = (id: string) =>
      server.deps.store.db.selectFrom('changes').select(['event', 'payload', 'resource_type']).where('resource_id', '=', id).orderBy('revision').execute()

    describe('AuthorizeSecurityGroup', () => {
      it('adds inbound rules that DescribeSecurityGroupAttribute lists with every field', async () => {
        const sg = await net.securityGroup()
        await authorize(me.ecs, sg, [
          { ...ssh, destCidrIp: '198.18.0.5', policy: 'Drop', priority: '7', nicType: 'intranet', description: 'no ssh to the gateway' },
          { ipProtocol: 'ICMP', portRange: '-1/-1', sourceCidrIp: '192.0.2.1/32' },
        ])
        const rules = await rulesOf(me.ecs, sg)
        assert.equal(rules.length, 2)
        const [first, second] = rules
        assert.match(first?.securityGroupRuleId ?? '', /^sgr-[0-9a-z]{20}$/)
        assert.match(first?.createTime ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
        assert.deepEqual(
          {
            direction: first?.direction,
            ipProtocol: first?.ipProtocol,
            portRange: first?.portRange,
            sourceCidrIp: first?.sourceCidrIp,
            destCidrIp: first?.destCidrIp,
            sourceGroupId: first?.sourceGroupId,
            policy: first?.policy,
            priority: first?.priority,
            nicType: first?.nicType,
            description: first?.description,
          },
          {
            direction: 'ingress',
            ipProtocol: 'TCP',
            portRange: '22/22',
            sourceCidrIp: '10.0.0.0/8',
            destCidrIp: '198.18.0.5',
            sourceGroupId: '',
            policy: 'Drop',
            priority: '7',
            nicType: 'intranet',
            description: 'no ssh to the gateway',
          },
        )
        assert.deepEqual([second?.ipProtocol, second?.portRange, second?.sourceCidrIp, second?.policy, second?.priority], ['ICMP', '-1/-1', '192.0.2.1', 'Accept', '1'])
        const [change] = await changesOf(sg).then((c) => c.filter((e) => e.event === 'SecurityGroupRulesAuthorized'))
        assert.equal(change?.resource_type, 'SecurityGroup')
        assert.deepEqual(JSON.parse(change?.payload ?? '{}').securityGroupRuleIds, rules.map((r) => r.securityGroupRuleId))
      })

      it('takes the deprecated single-rule form, and refuses it mixed with Permissions.N', async () => {
        const sg = await net.securityGroup()
        await authorize(me.ecs, sg, [], { ipProtocol: 'udp', portRange: '53/53', sourceCidrIp: '10.1.0.0/16', priority: '3' })
        const [rule] = await rulesOf(me.ecs, sg)
        assert.deepEqual([rule?.ipProtocol, rule?.portRange, rule?.sourceCidrIp, rule?.priority], ['UDP', '53/53', '10.1.0.0/16', '3'])
        await refusedRules(me.ecs, [sg], () => authorize(me.ecs, sg, [ssh], { ipProtocol: 'tcp', portRange: '80/80', sourceCidrIp: '10.0.0.0/8' }), 'InvalidParam.Permissions', 400)
      })

      it('adds an identical rule once, and refuses the same rule twice in one request', async () => {
        const sg = await net.securityGroup()
        await authorize(me.ecs, sg, [ssh])
        await authorize(me.ecs, sg, [{ ...ssh, ipProtocol: 'TCP', policy: 'ACCEPT', priority: '1', description: 'again' }])
        assert.equal((await rulesOf(me.ecs, sg)).length, 1)
        await refusedRules(me.ecs, [sg], () => authorize(me.ecs, sg, [{ ...ssh, portRange: '80/80' }, { ...ssh, portRange: '80/80' }]), 'InvalidParam.DuplicatePermissions', 400)
        // A single address and its /32 are one rule.
        await authorize(me.ecs, sg, [{ ...ssh, sourceCidrIp: '10.9.9.9' }])
        await authorize(me.ecs, sg, [{ ...ssh, sourceCidrIp: '10.9.9.9/32' }])
        assert.equal((await rulesOf(me.ecs, sg)).length, 2)
      })

      it('refuses each malformed field with the reference code, adding nothing', async () => {
        const sg = await net.securityGroup()
        await authorize(me.ecs, sg, [ssh])
        const cases: Array<[IngressPermission, string]> = [
          [{ ...ssh, ipProtocol: 'gre' }, 'InvalidIpProtocol.ValueNotSupported'],
          [{ ...ssh, ipProtocol: 'icmpv6', portRange: '-1/-1' }, 'InvalidIpProtocol.ValueNotSupported'],
          [{ ...ssh, portRange: '22' }, 'InvalidParam.PortRange'],
          [{ ...ssh, portRange: '0/22' }, 'InvalidParam.PortRange'],
          [{ ...ssh, portRange: '90/80' }, 'InvalidParam.PortRange'],
          [{ ...ssh, portRange: '1/65536' }, 'InvalidParam.PortRange'],
          [{ ...ssh, portRange: '-1/-1' }, 'OperationDenied'],
          [{ ...ssh, ipProtocol: 'icmp', portRange: '8/8' }, 'OperationDenied'],
          [{ ...ssh, ipProtocol: 'all', portRange: '1/65535' }, 'OperationDenied'],
          [{ ...ssh, sourceCidrIp: '10.0.0.1/8' }, 'InvalidSourceCidrIp.Malformed'],
          [{ ...ssh, sourceCidrIp: '10.0.0.0/33' }, 'InvalidSourceCidrIp.Malformed'],
          [{ ...ssh, destCidrIp: 'localhost' }, 'InvalidDestCidrIp.Malformed'],
          [{ ...ssh, policy: 'allow' }, 'InvalidPolicy.Malformed'],
          [{ ...ssh, priority: 'first' }, 'InvalidPriority.Malformed'],
          [{ ...ssh, priority: '0' }, 'InvalidPriority.ValueNotSupported'],
          [{ ...ssh, priority: '101' }, 'InvalidPriority.ValueNotSupported'],
          [{ ...ssh, nicType: 'wan' }, 'InvalidNicType.ValueNotSupported'],
          [{ ...ssh, description: 'd'.repeat(513) }, 'InvalidSecurityGroupDiscription.Malformed'],
          [{ ipProtocol: 'tcp', portRange: '22/22' }, 'MissingParameter.Source'],
          [{ ipProtocol: 'tcp', portRange: '22/22', destCidrIp: '198.18.0.5' }, 'MissingParameter.Source'],
          [{ portRange: '22/22', sourceCidrIp: '10.0.0.0/8' }, 'MissingParameter'],
          [{ ipProtocol: 'tcp', sourceCidrIp: '10.0.0.0/8' }, 'MissingParameter'],
          [{ ...ssh, sourcePortRange: '1024/65535' }, 'UnsupportedParameter'],
          [{ ...ssh, ipv6SourceCidrIp: '2001:db8::/32' }, 'UnsupportedParameter'],
          [{ ...ssh, sourcePrefixListId: 'pl-abc' }, 'UnsupportedParameter'],
          [{ ipProtocol: 'tcp', sourceCidrIp: '10.0.0.0/8', portRangeListId: 'prl-abc' }, 'UnsupportedParameter'],
        ]
        for (const [permission, code] of cases) {
          await refusedRules(me.ecs, [sg], () => authorize(me.ecs, sg, [ssh, permission]), code, 400)
        }
        // A PortRange makes a port list irrelevant, as the reference says.
        await authorize(me.ecs, sg, [{ ...ssh, portRange: '2222/2222', portRangeListId: 'prl-abc' }])
      })

      it('takes 100 rules in one call through the SDK, each with a long description', async () => {
        const sg = await net.securityGroup()
        const described = Array.from({ length: 100 }, (_, i) => ({
          ...ssh,
          portRange: `${i + 1}/${i + 1}`,
          policy: 'accept',
          priority: String((i % 100) + 1),
          description: `rule ${i + 1}: ${'lets the management network in, as agreed with the operators. '.repeat(4)}`.slice(0, 256),
        }))
        await authorize(me.ecs, sg, described)
        const { body } = await me.ecs.describeSecurityGroupAttribute(new Ecs.DescribeSecurityGroupAttributeRequest({ regionId: REGION, securityGroupId: sg }))
        assert.equal(body?.permissions?.permission?.length, 100)
      })

      it('refuses a request without rules, more than 100 rules, and a DestGroupId on an inbound rule', async () => {
        const sg = await net.securityGroup()
        await refusedRules(me.ecs, [sg], () => authorize(me.ecs, sg, []), 'MissingParameter', 400)
        const many = Array.from({ length: 101 }, (_, i) => ({ ...ssh, portRange: `${i + 1}/${i + 1}` }))
        await refusedRules(me.ecs, [sg], () => authorize(me.ecs, sg, many), 'InvalidParam.Permissions', 400)
        const other = await net.securityGroup()
        await refusedRules(
          me.ecs,
          [sg],
          () => rawCall(me, server, 'AuthorizeSecurityGroup', { SecurityGroupId: sg, 'Permissions.1.IpProtocol': 'tcp', 'Permissions.1.PortRange': '22/22', 'Permissions.1.SourceCidrIp': '10.0.0.0/8', 'Permissions.1.DestGroupId': other }),
          'UnsupportedParameter',
          400,
        )
      })

      it('takes a group of the same VPC as the source, and lists its name and owner', async () => {
        const sg = await net.securityGroup()
        const { body } = await me.ecs.createSecurityGroup(new Ecs.CreateSecurityGroupRequest({ regionId: REGION, vpcId: net.vpcId, securityGroupName: 'web-tier' }))
        const web = body?.securityGroupId ?? ''
        await authorize(me.ecs, sg, [
          { ipProtocol: 'tcp', portRange: '5432/5432', sourceGroupId: web },
          { ipProtocol: 'tcp', portRange: '6432/6432', sourceGroupId: web, sourceGroupOwnerId: Number(me.accountId) },
          // With both, the CIDR block is the peer and the group is ignored.
          { ipProtocol: 'tcp', portRange: '7432/7432', sourceGroupId: 'sg-ignored', sourceCidrIp: '10.0.0.0/8' },
        ])
        const [byGroup, byOwnGroup, byCidr] = await rulesOf(me.ecs, sg)
        assert.deepEqual([byGroup?.sourceGroupId, byGroup?.sourceGroupName, byGroup?.sourceGroupOwnerAccount, byGroup?.sourceCidrIp], [web, 'web-tier', me.accountId, ''])
        assert.equal(byOwnGroup?.sourceGroupId, web)
        assert.deepEqual([byCidr?.sourceGroupId, byCidr?.sourceCidrIp], ['', '10.0.0.0/8'])
      })

      it('refuses a group peer that is unknown, foreign, elsewhere, itself, or named in an advanced group', async () => {
        const sg = await net.securityGroup()
        const elsewhere = await (await Network.create(me, '198.19')).securityGroup()
        const theirs = await (await Network.create(other)).securityGroup()
        const mine = await net.securityGroup()
        const peer = (sourceGroupId: string, extra: IngressPermission = {}) => [{ ipProtocol: 'tcp', portRange: '22/22', sourceGroupId, ...extra }]
        await refusedRules(me.ecs, [sg], () => authorize(me.ecs, sg, peer('sg-nothere')), 'InvalidSourceGroupId.NotFound', 404)
        await refusedRules(me.ecs, [sg], () => authorize(me.ecs, sg, peer(theirs)), 'InvalidSourceGroupId.NotFound', 404)
        await refusedRules(me.ecs, [sg], () => authorize(me.ecs, sg, peer(mine, { sourceGroupOwnerId: Number(other.accountId) })), 'InvalidSourceGroupId.NotFound', 404)
        await refusedRules(me.ecs, [sg], () => authorize(me.ecs, sg, peer(elsewhere)), 'InvalidSourceGroupId.Mismatch', 400)
        await refusedRules(me.ecs, [sg], () => authorize(me.ecs, sg, peer(sg)), 'InvalidParamter.Conflict', 403)
        const advanced = await net.securityGroup('enterprise')
        await refusedRules(me.ecs, [advanced], () => authorize(me.ecs, advanced, peer(mine)), 'InvalidGroupAuthParameter.OperationDenied', 400)
        await refusedRules(
          me.ecs,
          [sg],
          () => authorizeEgress(me.ecs, sg, [{ ipProtocol: 'tcp', portRange: '22/22', destGroupId: 'sg-nothere' }]),
          'InvalidDestGroupId.NotFound',
          404,
        )
        await refusedRules(
          me.ecs,
          [sg],
          () => authorizeEgress(me.ecs, sg, [{ ipProtocol: 'tcp', portRange: '22/22', destGroupId: elsewhere }]),
          'InvalidDestGroupId.Mismatch',
          400,
        )
      })

      it('refuses rules naming more than 20 different groups with AuthorizedGroupRule.LimitExceed', async () => {
        const sg = await net.securityGroup()
        const peers = await Promise.all(Array.from({ length: 21 }, () => net.securityGroup()))
        await authorize(me.ecs, sg, peers.slice(0, 20).map((sourceGroupId) => ({ ipProtocol: 'all', portRange: '-1/-1', sourceGroupId })))
        await authorize(me.ecs, sg, [{ ipProtocol: 'tcp', portRange: '1/1', sourceGroupId: peers[0] }])
        await refusedRules(me.ecs, [sg], () => authorize(me.ecs, sg, [{ ipProtocol: 'all', portRange: '-1/-1', sourceGroupId: peers[20] }]), 'AuthorizedGroupRule.LimitExceed', 400)
      })

      it("answers an unknown group, another account's group, or none, as the reference does", async () => {
        const theirs = await (await Network.create(other)).securityGroup()
        await refusedRules(other.ecs, [theirs], () => authorize(me.ecs, theirs, [ssh]), 'InvalidSecurityGroupId.NotFound', 404)
        assert.equal((await sdkError(authorize(me.ecs, 'sg-nothere', [ssh]))).code, 'InvalidSecurityGroupId.NotFound')
        assert.equal((await sdkError(authorize(me.ecs, '', [ssh]))).code, 'MissingParameter')
      })

      it('answers a retry with the same ClientToken without a second rule, and refuses other rules under it', async () => {
        const sg = await net.securityGroup()
        await authorize(me.ecs, sg, [ssh], { clientToken: 'rule-token-1' })
        await revoke(me.ecs, { securityGroupId: sg, permissions: [new Ecs.RevokeSecurityGroupRequestPermissions(ssh)] })
        // The retry answers from the record: the rule revoked meanwhile is not added again.
        await authorize(me.ecs, sg, [ssh], { clientToken: 'rule-token-1' })
        assert.deepEqual(await rulesOf(me.ecs, sg), [])
        await refusedRules(me.ecs, [sg], () => authorize(me.ecs, sg, [{ ...ssh, portRange: '80/80' }], { clientToken: 'rule-token-1' }), 'IdempotentParameterMismatch', 400)
      })
    })

    describe('AuthorizeSecurityGroupEgress', () => {
      it('adds outbound rules whose peer is the destination, and the source the other side', async () => {
        const sg = await net.securityGroup()
        const db = await net.securityGroup()
        await authorizeEgress(me.ecs, sg, [
          { ipProtocol: 'tcp', portRange: '443/443', destCidrIp: '0.0.0.0/0', sourceCidrIp: '198.18.0.0/24' },
          { ipProtocol: 'all', portRange: '-1/-1', destGroupId: db, policy: 'drop', priority: '100' },
        ], { })
        await authorizeEgress(me.ecs, sg, [], { ipProtocol: 'udp', portRange: '53/53', destCidrIp: '8.8.8.8' })
        const rules = await rulesOf(me.ecs, sg, 'egress')
        assert.deepEqual(
          rules.map((r) => [r.direction, r.ipProtocol, r.portRange, r.destCidrIp, r.sourceCidrIp, r.destGroupId, r.destGroupOwnerAccount, r.policy, r.priority]),
          [
            ['egress', 'TCP', '443/443', '0.0.0.0/0', '198.18.0.0/24', '', '', 'Accept', '1'],
            ['egress', 'ALL', '-1/-1', '', '', db, me.accountId, 'Drop', '100'],
            ['egress', 'UDP', '53/53', '8.8.8.8', '', '', '', 'Accept', '1'],
          ],
        )
        await refusedRules(me.ecs, [sg], () => authorizeEgress(me.ecs, sg, [{ ipProtocol: 'tcp', portRange: '1/2', sourceCidrIp: '198.18.0.0/24' }]), 'MissingParameter.Dest', 400)
        await refusedRules(me.ecs, [sg], () => authorizeEgress(me.ecs, sg, [{ ipProtocol: 'tcp', portRange: '1/2', destCidrIp: '8.8.8.8/8' }]), 'InvalidDestCidrIp.Malformed', 400)
      })
    })

    describe('RevokeSecurityGroup and RevokeSecurityGroupEgress', () => {
      it('removes rules by ID, and refuses an unknown, repeated or other-direction ID removing nothing', async () => {
        const sg = await net.securityGroup()
        await authorize(me.ecs, sg, [ssh, { ...ssh, portRange: '80/80' }, { ...ssh, portRange: '443/443' }])
        await authorizeEgress(me.ecs, sg, [{ ipProtocol: 'all', portRange: '-1/-1', destCidrIp: '0.0.0.0/0' }])
        const [a, b, c] = await ruleIdsOf(me.ecs, sg, 'ingress')
        const [out] = await ruleIdsOf(me.ecs, sg, 'egress')
        await revoke(me.ecs, { securityGroupId: sg, securityGroupRuleId: [a ?? '', c ?? ''] })
        assert.deepEqual(await ruleIdsOf(me.ecs, sg), [b, out])
        await refusedRules(me.ecs, [sg], () => revoke(me.ecs, { securityGroupId: sg, securityGroupRuleId: [b ?? '', 'sgr-nothere'] }), 'InvalidSecurityGroupRuleId.NotFound', 404)
        await refusedRules(me.ecs, [sg], () => revoke(me.ecs, { securityGroupId: sg, securityGroupRuleId: [out ?? ''] }), 'InvalidSecurityGroupRuleId.NotFound', 404)
        await refusedRules(me.ecs, [sg], () => revokeEgress(me.ecs, { securityGroupId: sg, securityGroupRuleId: [b ?? ''] }), 'InvalidSecurityGroupRule.RuleNotExist', 400)
        await refusedRules(me.ecs, [sg], () => revoke(me.ecs, { securityGroupId: sg, securityGroupRuleId: [b ?? '', b ?? ''] }), 'InvalidParam.SecurityGroupRuleIdRepeated', 400)
        await revokeEgress(me.ecs, { securityGroupId: sg, securityGroupRuleId: [out ?? ''] })
        assert.deepEqual(await ruleIdsOf(me.ecs, sg), [b])
        const change = (await changesOf(sg)).at(-1)
        assert.equal(change?.event, 'SecurityGroupRulesRevoked')
        assert.deepEqual(JSON.parse(change?.payload ?? '{}'), { direction: 'egress', securityGroupRuleIds: [out] })
      })

      it('removes rules by permission; one that matches nothing is no error and removes nothing', async () => {
        const sg = await net.securityGroup()
        const peer = await net.securityGroup()
        await authorize(me.ecs, sg, [ssh, { ...ssh, priority: '5' }, { ...ssh, portRange: '80/80' }, { ipProtocol: 'tcp', portRange: '22/22', sourceGroupId: peer }])
        await revoke(me.ecs, { securityGroupId: sg, permissions: [new Ecs.RevokeSecurityGroupRequestPermissions({ ...ssh, ipProtocol: 'TCP' })] })
        assert.deepEqual(
          (await rulesOf(me.ecs, sg)).map((r) => [r.portRange, r.sourceCidrIp, r.sourceGroupId]),
          [
            ['80/80', '10.0.0.0/8', ''],
            ['22/22', '', peer],
          ],
        )
        const before = await rulesOf(me.ecs, sg)
        await revoke(me.ecs, { securityGroupId: sg, permissions: [new Ecs.RevokeSecurityGroupRequestPermissions({ ...ssh, portRange: '81/81' })] })
        await revoke(me.ecs, { securityGroupId: sg, ipProtocol: 'tcp', portRange: '80/80', sourceCidrIp: '10.0.0.0/8', policy: 'drop' })
        assert.deepEqual(await rulesOf(me.ecs, sg), before)
        await revoke(me.ecs, { securityGroupId: sg, ipProtocol: 'tcp', portRange: '22/22', sourceGroupId: peer })
        await revokeEgress(me.ecs, {
          securityGroupId: sg,
          permissions: [new Ecs.RevokeSecurityGroupEgressRequestPermissions({ ipProtocol: 'tcp', portRange: '80/80', destCidrIp: '10.0.0.0/8' })],
        })
        assert.deepEqual((await rulesOf(me.ecs, sg)).map((r) => r.portRange), ['80/80'])
      })

      it('refuses both forms at once, none at all, too many IDs, and malformed rules', async () => {
        const sg = await net.securityGroup()
        await authorize(me.ecs, sg, [ssh])
        const [id] = await ruleIdsOf(me.ecs, sg)
        const permissions = [new Ecs.RevokeSecurityGroupRequestPermissions(ssh)]
        await refusedRules(me.ecs, [sg], () => revoke(me.ecs, { securityGroupId: sg, securityGroupRuleId: [id ?? ''], permissions }), 'InvalidParam.Permissions', 400)
        await refusedRules(me.ecs, [sg], () => revoke(me.ecs, { securityGroupId: sg, permissions, ipProtocol: 'tcp' }), 'InvalidParam.Permissions', 400)
        await refusedRules(me.ecs, [sg], () => revoke(me.ecs, { securityGroupId: sg }), 'MissingParameter', 400)
        const ids = Array.from({ length: 101 }, (_, i) => `sgr-${i}`)
        await refusedRules(me.ecs, [sg], () => revoke(me.ecs, { securityGroupId: sg, securityGroupRuleId: ids }), 'InvalidParam.SecurityGroupRuleId', 400)
        await refusedRules(
          me.ecs,
          [sg],
          () => revoke(me.ecs, { securityGroupId: sg, permissions: [new Ecs.RevokeSecurityGroupRequestPermissions({ ...ssh, portRange: '-1/-1' })] }),
          'OperationDenied',
          400,
        )
        const theirs = await (await Network.create(other)).securityGroup()
        assert.equal((await sdkError(revoke(me.ecs, { securityGroupId: theirs, permissions }))).code, 'InvalidSecurityGroupId.NotFound')
      })
    })

    describe('ModifySecurityGroupPolicy', () => {
      const modify = (ecs: TestAccount['ecs'], securityGroupId: string, innerAccessPolicy?: string) =>
        ecs.modifySecurityGroupPolicy(new Ecs.ModifySecurityGroupPolicyRequest({ regionId: REGION, securityGroupId, innerAccessPolicy }))
      const policyOf = async (securityGroupId: string) =>
        (await me.ecs.describeSecurityGroupAttribute(new Ecs.DescribeSecurityGroupAttributeRequest({ regionId: REGION, securityGroupId }))).body?.innerAccessPolicy

      it("switches a basic group's members between reaching each other and being isolated", async () => {
        const sg = await net.securityGroup()
        await modify(me.ecs, sg, 'drop')
        assert.equal(await policyOf(sg), 'Drop')
        await modify(me.ecs, sg, 'Drop')
        await modify(me.ecs, sg, 'ACCEPT')
        assert.equal(await policyOf(sg), 'Accept')
        const events = (await changesOf(sg)).filter((c) => c.event === 'SecurityGroupPolicyModified').map((c) => JSON.parse(c.payload))
        assert.deepEqual(events, [{ innerAccessPolicy: 'Drop' }, { innerAccessPolicy: 'Accept' }])
      })

      it('refuses an advanced group, a bad or missing policy, and a group that is not yours', async () => {
        const advanced = await net.securityGroup('enterprise')
        const err = await sdkError(modify(me.ecs, advanced, 'Accept'))
        assert.deepEqual([err.code, err.statusCode], ['InvalidParameter.InnerAccessPolicy', 404])
        assert.equal(await policyOf(advanced), 'Drop')
        const sg = await net.securityGroup()
        assert.equal((await sdkError(modify(me.ecs, sg, 'allow'))).code, 'InvalidPolicy.Malformed')
        assert.equal((await sdkError(modify(me.ecs, sg))).code, 'MissingParameter')
        assert.equal((await sdkError(modify(other.ecs, sg, 'Drop'))).code, 'InvalidSecurityGroupId.NotFound')
        assert.equal(await policyOf(sg), 'Accept')
      })
    })

    describe('DescribeSecurityGroupAttribute', () => {
      it('filters by direction and pages with MaxResults and NextToken in creation order', async () => {
        const sg = await net.securityGroup()
        await authorize(me.ecs, sg, Array.from({ length: 25 }, (_, i) => ({ ...ssh, portRange: `${i + 1}/${i + 1}` })))
        await authorizeEgress(me.ecs, sg, [{ ipProtocol: 'all', portRange: '-1/-1', destCidrIp: '0.0.0.0/0' }])
        assert.equal((await rulesOf(me.ecs, sg, 'ingress')).length, 25)
        assert.equal((await rulesOf(me.ecs, sg, 'egress')).length, 1)
        assert.equal((await rulesOf(me.ecs, sg, 'all')).length, 26)
        const pages: string[][] = []
        let nextToken: string | undefined
        do {
          const { body } = await me.ecs.describeSecurityGroupAttribute(
            new Ecs.DescribeSecurityGroupAttributeRequest({ regionId: REGION, securityGroupId: sg, direction: 'ingress', maxResults: 10, nextToken }),
          )
          pages.push((body?.permissions?.permission ?? []).map((p) => p.portRange ?? ''))
          nextToken = body?.nextToken || undefined
        } while (nextToken !== undefined)
        assert.deepEqual(pages.map((p) => p.length), [10, 10, 5])
        assert.deepEqual(pages.flat(), Array.from({ length: 25 }, (_, i) => `${i + 1}/${i + 1}`))
        const describe = (fields: ConstructorParameters<typeof Ecs.DescribeSecurityGroupAttributeRequest>[0]) =>
          me.ecs.describeSecurityGroupAttribute(new Ecs.DescribeSecurityGroupAttributeRequest({ regionId: REGION, securityGroupId: sg, ...fields }))
        assert.equal((await sdkError(describe({ nextToken: 'bogus' }))).code, 'InValidParameter.NextToken')
        assert.equal((await sdkError(describe({ nicType: 'wan' }))).code, 'InvalidNicType.ValueNotSupported')
        assert.equal((await sdkError(describe({ direction: 'sideways' }))).code, 'InvalidParameter')
        assert.equal((await describe({ nicType: 'intranet' })).body?.permissions?.permission?.length, 26)
      })
    })

    describe('DescribeSecurityGroups', () => {
      it('counts the rules of each group and those naming a group', async () => {
        const sg = await net.securityGroup()
        const peer = await net.securityGroup()
        await authorize(me.ecs, sg, [ssh, { ipProtocol: 'all', portRange: '-1/-1', sourceGroupId: peer }])
        await authorizeEgress(me.ecs, sg, [{ ipProtocol: 'all', portRange: '-1/-1', destGroupId: peer }])
        const { body } = await me.ecs.describeSecurityGroups(new Ecs.DescribeSecurityGroupsRequest({ regionId: REGION, securityGroupIds: JSON.stringify([sg, peer]) }))
        const counts = Object.fromEntries((body?.securityGroups?.securityGroup ?? []).map((g) => [g.securityGroupId, [g.ruleCount, g.groupToGroupRuleCount]]))
        assert.deepEqual(counts, { [sg]: [3, 2], [peer]: [0, 0] })
      })
    })

    describe('DeleteSecurityGroup', () => {
      it("refuses a group another group's rule names, and deletes a group with its own rules", async () => {
        const sg = await net.securityGroup()
        const peer = await net.securityGroup()
        await authorize(me.ecs, sg, [ssh, { ipProtocol: 'all', portRange: '-1/-1', sourceGroupId: peer }])
        const del = (id: string) => me.ecs.deleteSecurityGroup(new Ecs.DeleteSecurityGroupRequest({ regionId: REGION, securityGroupId: id }))
        const err = await sdkError(del(peer))
        assert.deepEqual([err.code, err.statusCode], ['DependencyViolation', 403])
        assert.match(err.message, new RegExp(sg))
        await del(sg)
        const left = await server.deps.store.db.selectFrom('security_group_rules').select('id').where('security_group_id', '=', sg).execute()
        assert.deepEqual(left, [])
        await del(peer)
      })
    })
  })

  describe(`security group rules on a clock that stands still (${dialect})`, () => {
    let server: TestServer
    before(async () => {
      const frozen = new Date()
      server = await startServer({ dialect, clock: () => frozen })
    })
    after(() => server.close())

    it('lists rules in the order they were added, even when every request falls in the same millisecond', async () => {
      const net = await Network.create(server.account)
      const sg = await net.securityGroup()
      const ports = ['1/1', '2/2', '3/3', '4/4', '5/5', '6/6']
      await authorize(server.account.ecs, sg, ports.slice(0, 2).map((portRange) => ({ ...ssh, portRange })))
      for (const portRange of ports.slice(2)) await authorize(server.account.ecs, sg, [{ ...ssh, portRange }])
      assert.deepEqual((await rulesOf(server.account.ecs, sg)).map((r) => r.portRange), ports)
    })
  })
}
