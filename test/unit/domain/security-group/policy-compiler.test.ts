import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { compileEffectivePolicy } from '../../../../src/domain/security-group/effective-policy.js'
import { PolicyCompiler } from '../../../../src/domain/security-group/policy-compiler.js'
import {
  addressOf,
  ENI_IDS,
  freshRuleId,
  GROUP_IDS,
  groupAttributesArbitrary,
  modelArbitrary,
  ruleArbitrary,
  snapshotOf,
  worldOf,
  type Model,
} from './policy-model.js'
import { rule } from './fixtures.js'

/** Every ENI of the model has, in the compiler, the policy a full compile gives it. */
function assertSameAsFullCompile(compiler: PolicyCompiler, model: Model): void {
  const world = worldOf(model)
  for (const [id, eni] of model.enis) assert.deepEqual(compiler.policyOf(id), compileEffectivePolicy(eni.groupIds, world), id)
}

function small(): { compiler: PolicyCompiler; model: Model } {
  const model: Model = {
    groups: new Map([
      ['sg-web', { type: 'normal', innerAccessPolicy: 'Drop', rules: [rule('sgr-1', 'sg-web', { peer: { kind: 'group', groupId: 'sg-db' } })] }],
      ['sg-db', { type: 'normal', innerAccessPolicy: 'Accept', rules: [] }],
    ]),
    enis: new Map([
      ['eni-1', { groupIds: ['sg-web'], addresses: ['198.18.0.1'] }],
      ['eni-2', { groupIds: ['sg-db'], addresses: ['198.18.0.2', '198.18.0.3'] }],
      ['eni-3', { groupIds: ['sg-db'], addresses: ['198.18.0.4'] }],
    ]),
  }
  return { compiler: PolicyCompiler.build(snapshotOf(model)), model }
}

describe('PolicyCompiler', () => {
  it('builds every policy as the full compile does', () => {
    const { compiler, model } = small()
    assertSameAsFullCompile(compiler, model)
    assert.deepEqual(compiler.policyOf('eni-1')?.ingress.rules[0]?.peers, ['198.18.0.2/32', '198.18.0.3/32', '198.18.0.4/32'])
    assert.equal(compiler.policyOf('eni-none'), undefined)
  })

  it('adds and removes a rule in the policies of the group members only', () => {
    const { compiler, model } = small()
    const added = rule('sgr-2', 'sg-db', { priority: 5, policy: 'Drop' })
    assert.deepEqual(compiler.addRule('sg-db', added), ['eni-2', 'eni-3'])
    model.groups.get('sg-db')?.rules.push(added)
    assertSameAsFullCompile(compiler, model)
    assert.deepEqual(compiler.removeRule('sgr-2'), ['eni-2', 'eni-3'])
    model.groups.get('sg-db')?.rules.pop()
    assertSameAsFullCompile(compiler, model)
    assert.deepEqual(compiler.removeRule('sgr-2'), [])
  })

  it('tells the peers and the group mates of an ENI joining or leaving a group', () => {
    const { compiler, model } = small()
    // eni-1 joins sg-db: the rule naming sg-db (members: eni-1) and sg-db's inner access (eni-2, eni-3) change.
    assert.deepEqual(compiler.setEniGroups('eni-1', ['sg-web', 'sg-db']), ['eni-1', 'eni-2', 'eni-3'])
    model.enis.set('eni-1', { groupIds: ['sg-web', 'sg-db'], addresses: ['198.18.0.1'] })
    assertSameAsFullCompile(compiler, model)
    assert.deepEqual(compiler.setEniGroups('eni-3', []), ['eni-1', 'eni-2', 'eni-3'])
    model.enis.set('eni-3', { groupIds: [], addresses: ['198.18.0.4'] })
    assertSameAsFullCompile(compiler, model)
  })

  it('moves a member address in and out of peer lists and inner access', () => {
    const { compiler, model } = small()
    assert.deepEqual(compiler.addAddress('eni-3', '198.18.0.9'), ['eni-1', 'eni-2', 'eni-3'])
    assert.deepEqual(compiler.addAddress('eni-3', '198.18.0.9'), [])
    model.enis.set('eni-3', { groupIds: ['sg-db'], addresses: ['198.18.0.4', '198.18.0.9'] })
    assertSameAsFullCompile(compiler, model)
    assert.deepEqual(compiler.removeAddress('eni-2', '198.18.0.2'), ['eni-1', 'eni-2', 'eni-3'])
    assert.deepEqual(compiler.removeAddress('eni-2', '198.18.0.2'), [])
    model.enis.set('eni-2', { groupIds: ['sg-db'], addresses: ['198.18.0.3'] })
    assertSameAsFullCompile(compiler, model)
  })

  it('follows a new InnerAccessPolicy, a new group and a deleted one', () => {
    const { compiler, model } = small()
    assert.deepEqual(compiler.putGroup('sg-db', { type: 'normal', innerAccessPolicy: 'Accept' }), [])
    assert.deepEqual(compiler.putGroup('sg-db', { type: 'normal', innerAccessPolicy: 'Drop' }), ['eni-2', 'eni-3'])
    model.groups.set('sg-db', { type: 'normal', innerAccessPolicy: 'Drop', rules: [] })
    assertSameAsFullCompile(compiler, model)
    assert.deepEqual(compiler.putGroup('sg-new', { type: 'enterprise', innerAccessPolicy: 'Drop' }), [])
    assert.deepEqual(compiler.removeGroup('sg-web'), ['eni-1'])
    model.groups.delete('sg-web')
    assertSameAsFullCompile(compiler, model)
    assert.throws(() => compiler.addRule('sg-web', rule('sgr-9', 'sg-web')), /unknown security group/)
  })

  it('forgets a deleted ENI, taking its addresses out of every peer list', () => {
    const { compiler, model } = small()
    assert.deepEqual(compiler.removeEni('eni-2'), ['eni-1', 'eni-3'])
    model.enis.delete('eni-2')
    assertSameAsFullCompile(compiler, model)
    assert.equal(compiler.policyOf('eni-2'), undefined)
    assert.deepEqual(compiler.removeEni('eni-2'), [])
  })

  it('stays equal to a full compile through any sequence of changes, touching only the ENIs it names', () => {
    type Op =
      | { kind: 'addRule'; group: number; rule: ReturnType<typeof rule> }
      | { kind: 'removeRule'; pick: number }
      | { kind: 'setGroups'; eni: number; groups: string[] }
      | { kind: 'addAddress' | 'removeAddress'; eni: number; host: number }
      | { kind: 'putGroup'; group: number; attributes: { type: 'normal' | 'enterprise'; innerAccessPolicy: 'Accept' | 'Drop' } }
      | { kind: 'removeGroup'; group: number }
      | { kind: 'removeEni'; eni: number }
    const index = (n: number) => fc.integer({ min: 0, max: n - 1 })
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('addRule' as const), group: index(GROUP_IDS.length), rule: fc.constant(null).chain(() => ruleArbitrary(freshRuleId())) }).map(
        (o) => ({ ...o, rule: { ...o.rule, groupId: '', description: '', createdAt: '' } }),
      ),
      fc.record({ kind: fc.constant('removeRule' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('setGroups' as const), eni: index(ENI_IDS.length), groups: fc.subarray(GROUP_IDS, { maxLength: 3 }) }),
      fc.record({ kind: fc.constantFrom('addAddress' as const, 'removeAddress' as const), eni: index(ENI_IDS.length), host: fc.integer({ min: 1, max: 9 }) }),
      fc.record({ kind: fc.constant('putGroup' as const), group: index(GROUP_IDS.length), attributes: groupAttributesArbitrary }),
      fc.record({ kind: fc.constant('removeGroup' as const), group: index(GROUP_IDS.length) }),
      fc.record({ kind: fc.constant('removeEni' as const), eni: index(ENI_IDS.length) }),
    )
    fc.assert(
      fc.property(modelArbitrary, fc.array(op, { maxLength: 25 }), (generated, ops) => {
        // The model is changed along with the compiler: a copy, so a replay starts from the same state.
        const model = structuredClone(generated)
        const compiler = PolicyCompiler.build(snapshotOf(model))
        assertSameAsFullCompile(compiler, model)
        for (const o of ops) {
          const before = new Map([...model.enis.keys()].map((id) => [id, JSON.stringify(compiler.policyOf(id))]))
          const affected = apply(compiler, model, o)
          assertSameAsFullCompile(compiler, model)
          for (const [id, policy] of before) {
            if (!affected.includes(id) && model.enis.has(id)) assert.equal(JSON.stringify(compiler.policyOf(id)), policy, `${o.kind} changed ${id} unannounced`)
          }
        }
      }),
      { numRuns: 150 },
    )

    function apply(compiler: PolicyCompiler, model: Model, o: Op): string[] {
      switch (o.kind) {
        case 'addRule': {
          const groupId = GROUP_IDS[o.group] ?? ''
          const group = model.groups.get(groupId)
          if (group === undefined) return []
          group.rules.push(o.rule)
          return compiler.addRule(groupId, o.rule)
        }
        case 'removeRule': {
          const all = [...model.groups.values()].flatMap((g) => g.rules.map((r) => ({ g, r })))
          const picked = all[o.pick % Math.max(1, all.length)]
          if (picked === undefined) return []
          picked.g.rules.splice(picked.g.rules.indexOf(picked.r), 1)
          return compiler.removeRule(picked.r.id)
        }
        case 'setGroups': {
          const id = ENI_IDS[o.eni] ?? ''
          model.enis.set(id, { groupIds: o.groups, addresses: model.enis.get(id)?.addresses ?? [] })
          return compiler.setEniGroups(id, o.groups)
        }
        case 'addAddress':
        case 'removeAddress': {
          const id = ENI_IDS[o.eni] ?? ''
          const address = addressOf(o.eni, o.host)
          const eni = model.enis.get(id)
          if (eni === undefined && o.kind === 'removeAddress') return compiler.removeAddress(id, address)
          const rest = (eni?.addresses ?? []).filter((a) => a !== address)
          model.enis.set(id, { groupIds: eni?.groupIds ?? [], addresses: o.kind === 'addAddress' ? [...rest, address] : rest })
          return o.kind === 'addAddress' ? compiler.addAddress(id, address) : compiler.removeAddress(id, address)
        }
        case 'putGroup': {
          const id = GROUP_IDS[o.group] ?? ''
          model.groups.set(id, { ...o.attributes, rules: model.groups.get(id)?.rules ?? [] })
          return compiler.putGroup(id, o.attributes)
        }
        case 'removeGroup': {
          const id = GROUP_IDS[o.group] ?? ''
          model.groups.delete(id)
          return compiler.removeGroup(id)
        }
        case 'removeEni': {
          const id = ENI_IDS[o.eni] ?? ''
          model.enis.delete(id)
          return compiler.removeEni(id)
        }
      }
    }
  })
})
