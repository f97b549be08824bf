import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { GROUP_PEERS_PER_GROUP, planAuthorization } from '../../../../src/domain/security-group/authorize.js'
import type { GroupIdentity } from '../../../../src/domain/security-group/membership.js'
import type { RuleSpec } from '../../../../src/domain/security-group/rule.js'
import { rule } from './fixtures.js'

const basic: GroupIdentity = { id: 'sg-1', vpcId: 'vpc-a', type: 'normal' }
const peers = new Map<string, GroupIdentity>([
  ['sg-2', { id: 'sg-2', vpcId: 'vpc-a', type: 'normal' }],
  ['sg-far', { id: 'sg-far', vpcId: 'vpc-b', type: 'normal' }],
])

function spec(fields: Partial<RuleSpec> = {}): RuleSpec {
  const { id: _id, groupId: _g, createdAt: _c, ...rest } = rule('x', 'sg-1', fields)
  return rest
}

describe('planAuthorization', () => {
  it('adds new rules, in request order', () => {
    const requested = [spec({ portFrom: 80, portTo: 80 }), spec({ peer: { kind: 'group', groupId: 'sg-2' } })]
    assert.deepEqual(planAuthorization(basic, [], requested, peers, 200), requested)
  })

  it('skips a rule the group already has, whatever its description', () => {
    const existing = [rule('sgr-1', 'sg-1', { description: 'old' })]
    assert.deepEqual(planAuthorization(basic, existing, [spec({ description: 'new' })], peers, 200), [])
  })

  it('treats another priority, policy, other side or direction as another rule', () => {
    const existing = [rule('sgr-1', 'sg-1')]
    const others = [spec({ priority: 2 }), spec({ policy: 'Drop' }), spec({ local: '198.18.0.5' }), spec({ direction: 'egress' })]
    assert.equal(planAuthorization(basic, existing, others, peers, 200).length, 4)
  })

  it('refuses the same rule twice in one request with InvalidParam.DuplicatePermissions', () => {
    assert.throws(() => planAuthorization(basic, [], [spec(), spec({ description: 'again' })], peers, 200), { code: 'InvalidParam.DuplicatePermissions' })
  })

  it('refuses a rule past the group quota with AuthorizationLimitExceed, counting only new rules', () => {
    const existing = [rule('sgr-1', 'sg-1'), rule('sgr-2', 'sg-1', { portFrom: 80, portTo: 80 })]
    assert.equal(planAuthorization(basic, existing, [spec()], peers, 2).length, 0)
    assert.throws(() => planAuthorization(basic, existing, [spec({ portFrom: 443, portTo: 443 })], peers, 2), { code: 'AuthorizationLimitExceed' })
  })

  it('checks group peers: found, not itself, same VPC, and none in an advanced group', () => {
    const to = (groupId: string, direction: RuleSpec['direction'] = 'ingress') => [spec({ direction, peer: { kind: 'group', groupId } })]
    assert.throws(() => planAuthorization(basic, [], to('sg-none'), peers, 200), { code: 'InvalidSourceGroupId.NotFound' })
    assert.throws(() => planAuthorization(basic, [], to('sg-none', 'egress'), peers, 200), { code: 'InvalidDestGroupId.NotFound' })
    assert.throws(() => planAuthorization(basic, [], to('sg-1'), peers, 200), { code: 'InvalidParamter.Conflict' })
    assert.throws(() => planAuthorization(basic, [], to('sg-far'), peers, 200), { code: 'InvalidSourceGroupId.Mismatch' })
    assert.throws(() => planAuthorization(basic, [], to('sg-far', 'egress'), peers, 200), { code: 'InvalidDestGroupId.Mismatch' })
    const advanced: GroupIdentity = { ...basic, type: 'enterprise' }
    assert.throws(() => planAuthorization(advanced, [], to('sg-2'), peers, 200), { code: 'InvalidGroupAuthParameter.OperationDenied' })
    assert.equal(planAuthorization(advanced, [], [spec()], peers, 200).length, 1)
  })

  it(`refuses naming more than ${GROUP_PEERS_PER_GROUP} different groups as peers with AuthorizedGroupRule.LimitExceed`, () => {
    const many = new Map(peers)
    const ids = Array.from({ length: GROUP_PEERS_PER_GROUP + 1 }, (_, i) => `sg-p${i}`)
    for (const id of ids) many.set(id, { id, vpcId: 'vpc-a', type: 'normal' })
    const existing = ids.slice(0, GROUP_PEERS_PER_GROUP).map((id, i) => rule(`sgr-${i}`, 'sg-1', { peer: { kind: 'group', groupId: id } }))
    // Another rule naming a group already named is fine; a 21st group is not.
    assert.equal(planAuthorization(basic, existing, [spec({ portFrom: 80, portTo: 80, peer: { kind: 'group', groupId: 'sg-p0' } })], many, 200).length, 1)
    assert.throws(() => planAuthorization(basic, existing, [spec({ peer: { kind: 'group', groupId: ids[GROUP_PEERS_PER_GROUP] ?? '' } })], many, 200), {
      code: 'AuthorizedGroupRule.LimitExceed',
    })
  })
})
