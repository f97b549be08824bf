import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { decide, type TrafficQuery } from '../../../../src/domain/security-group/decide.js'
import { compileEffectivePolicy, type PolicyRule } from '../../../../src/domain/security-group/effective-policy.js'
import type { RuleDirection } from '../../../../src/domain/security-group/rule.js'
import { addressOf, ENI_IDS, freshRuleId, modelArbitrary, ruleArbitrary, worldOf, type Model } from './policy-model.js'

const direction = fc.constantFrom<RuleDirection>('ingress', 'egress')

const query: fc.Arbitrary<TrafficQuery> = fc
  .record({
    peer: fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: ENI_IDS.length - 1 }), fc.integer({ min: 1, max: 9 })).map(([i, h]) => addressOf(i, h)),
      fc.constantFrom('10.1.2.3', '8.8.8.8', '198.18.200.1'),
    ),
    local: fc.option(fc.constantFrom('198.18.1.1', '198.18.2.1', '198.18.9.9'), { nil: undefined }),
    traffic: fc.oneof(
      fc.record({ protocol: fc.constantFrom('tcp' as const, 'udp' as const), port: fc.integer({ min: 1, max: 160 }) }),
      fc.constant({ protocol: 'icmp' as const }),
    ),
  })
  .map(({ traffic, ...rest }) => ({ ...rest, ...traffic }))

function memberships(model: Model): Array<{ eniId: string; groupId: string; addresses: string[] }> {
  return [...model.enis].flatMap(([eniId, e]) => e.groupIds.map((groupId) => ({ eniId, groupId, addresses: e.addresses })))
}

/** Models where some ENI is in some group. */
const withMembers = modelArbitrary.filter((model) => memberships(model).length > 0)

/** An ENI of the model that is in some group, and one of its groups. */
const eniAndGroup = (model: Model) => fc.constantFrom(...memberships(model))

function withRule(model: Model, groupId: string, rule: PolicyRule): Model {
  const copy = structuredClone(model)
  copy.groups.get(groupId)?.rules.push(rule)
  return copy
}

function policyOf(model: Model, eniId: string) {
  return compileEffectivePolicy(model.enis.get(eniId)?.groupIds ?? [], worldOf(model))
}

describe('effective policy properties', () => {
  it('adding an accept rule never takes away reachability', () => {
    const scenario = withMembers.chain((model) =>
      fc.record({ model: fc.constant(model), at: eniAndGroup(model), rule: ruleArbitrary(freshRuleId()), direction, query }),
    )
    fc.assert(
      fc.property(scenario, ({ model, at, rule, direction: d, query: q }) => {
        const before = decide(policyOf(model, at.eniId), d, q)
        const after = decide(policyOf(withRule(model, at.groupId, { ...rule, policy: 'Accept' }), at.eniId), d, q)
        if (before.verdict === 'accept') assert.equal(after.verdict, 'accept')
      }),
      { numRuns: 300 },
    )
  })

  it('a matching drop at priority 1 wins over any accept rule; only inner access goes before it', () => {
    const scenario = withMembers.chain((model) =>
      fc.record({ model: fc.constant(model), at: eniAndGroup(model), rule: ruleArbitrary(freshRuleId()), direction, query }),
    )
    fc.assert(
      fc.property(scenario, ({ model, at, rule, direction: d, query: q }) => {
        const drop: PolicyRule = { ...rule, direction: d, policy: 'Drop', priority: 1 }
        const changed = withRule(model, at.groupId, drop)
        const alone = compileEffectivePolicy([at.groupId], { groups: new Map([[at.groupId, { type: 'normal', innerAccessPolicy: 'Drop', rules: [drop] }]]), memberAddresses: worldOf(changed).memberAddresses })
        fc.pre(decide(alone, d, q).decidedBy.kind === 'rule')
        const decision = decide(policyOf(changed, at.eniId), d, q)
        assert.ok(decision.verdict === 'drop' || decision.decidedBy.kind === 'inner-access', JSON.stringify(decision))
      }),
      { numRuns: 300 },
    )
  })

  it('compiles the same policy whatever order the rules were created in', () => {
    const scenario = modelArbitrary.chain((model) =>
      fc
        .tuple(...[...model.groups.values()].map((g) => fc.shuffledSubarray(g.rules, { minLength: g.rules.length, maxLength: g.rules.length })))
        .map((orders) => ({ model, orders })),
    )
    fc.assert(
      fc.property(scenario, ({ model, orders }) => {
        const shuffled = structuredClone(model)
        ;[...shuffled.groups.values()].forEach((g, i) => (g.rules = structuredClone(orders[i] ?? [])))
        for (const eniId of model.enis.keys()) assert.deepEqual(policyOf(shuffled, eniId), policyOf(model, eniId))
      }),
      { numRuns: 200 },
    )
  })

  it("removing a member from a peer group takes away the access that group's rules gave it", () => {
    const scenario = withMembers.chain((model) =>
      fc.record({ model: fc.constant(model), eniId: fc.constantFrom(...ENI_IDS), member: eniAndGroup(model), direction, query }),
    )
    fc.assert(
      fc.property(scenario, ({ model, eniId, member, direction: d, query: q }) => {
        const changed = structuredClone(model)
        const leaving = changed.enis.get(member.eniId)
        if (leaving !== undefined) leaving.groupIds = leaving.groupIds.filter((g) => g !== member.groupId)
        const policy = policyOf(changed, eniId)
        const peerGroupRules = new Set(
          [...changed.groups.values()].flatMap((g) => g.rules.filter((r) => r.peer.kind === 'group' && r.peer.groupId === member.groupId).map((r) => r.id)),
        )
        for (const rule of [...policy.ingress.rules, ...policy.egress.rules]) {
          if (peerGroupRules.has(rule.origin.ruleId)) for (const a of member.addresses) assert.ok(!rule.peers.includes(`${a}/32`))
        }
        for (const address of member.addresses) {
          const decision = decide(policy, d, { ...q, peer: address })
          assert.ok(decision.decidedBy.kind !== 'rule' || !peerGroupRules.has(decision.decidedBy.ruleId), JSON.stringify(decision))
        }
      }),
      { numRuns: 300 },
    )
  })
})
