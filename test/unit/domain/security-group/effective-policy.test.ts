import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  compileEffectivePolicies,
  compileEffectivePolicy,
  type PolicyGroup,
  type PolicyRule,
  type PolicyWorld,
} from '../../../../src/domain/security-group/effective-policy.js'
import { rule } from './fixtures.js'

function world(groups: Record<string, Partial<PolicyGroup>>, members: Record<string, string[]> = {}): PolicyWorld {
  return {
    groups: new Map(Object.entries(groups).map(([id, g]) => [id, { type: 'normal', innerAccessPolicy: 'Drop', rules: [], ...g }])),
    memberAddresses: new Map(Object.entries(members)),
  }
}

const r = (id: string, fields: Partial<PolicyRule> = {}): PolicyRule => rule(id, 'unused', fields)

describe('compileEffectivePolicy', () => {
  it('gives a basic group inbound drop and outbound accept by default, an advanced group drop both ways', () => {
    const basic = compileEffectivePolicy(['sg-1'], world({ 'sg-1': {} }))
    assert.deepEqual([basic.ingress.default, basic.egress.default], ['drop', 'accept'])
    const advanced = compileEffectivePolicy(['sg-1'], world({ 'sg-1': { type: 'enterprise' } }))
    assert.deepEqual([advanced.ingress.default, advanced.egress.default], ['drop', 'drop'])
  })

  it('gives an ENI in no known group the basic defaults and nothing else', () => {
    assert.deepEqual(compileEffectivePolicy(['sg-gone'], world({})), {
      ingress: { rules: [], default: 'drop' },
      egress: { rules: [], default: 'accept' },
      innerAccessPeers: [],
    })
  })

  it('compiles each rule to protocol, ports, peers, policy and its origin', () => {
    const policy = compileEffectivePolicy(['sg-1'], world({ 'sg-1': { rules: [r('sgr-1', { local: '198.18.0.5', peer: { kind: 'cidr', cidr: '10.1.2.3' } })] } }))
    assert.deepEqual(policy.ingress.rules, [
      {
        priority: 1,
        policy: 'accept',
        protocol: 'tcp',
        portFrom: 22,
        portTo: 22,
        peers: ['10.1.2.3/32'],
        local: '198.18.0.5/32',
        origin: { groupId: 'sg-1', ruleId: 'sgr-1' },
      },
    ])
  })

  it('orders the rules of all groups by priority, drop before accept at one priority, then rule ID', () => {
    const w = world({
      'sg-1': { rules: [r('sgr-9', { priority: 2 }), r('sgr-5', { priority: 1 }), r('sgr-7', { priority: 1, policy: 'Drop' })] },
      'sg-2': { rules: [r('sgr-1', { priority: 3 }), r('sgr-3', { priority: 1 }), r('sgr-2', { direction: 'egress' })] },
    })
    const policy = compileEffectivePolicy(['sg-2', 'sg-1'], w)
    assert.deepEqual(
      policy.ingress.rules.map((c) => c.origin.ruleId),
      ['sgr-7', 'sgr-3', 'sgr-5', 'sgr-9', 'sgr-1'],
    )
    assert.deepEqual(
      policy.egress.rules.map((c) => c.origin),
      [{ groupId: 'sg-2', ruleId: 'sgr-2' }],
    )
  })

  it("expands a group peer to its members' primary and secondary addresses, in address order", () => {
    const w = world({ 'sg-1': { rules: [r('sgr-1', { peer: { kind: 'group', groupId: 'sg-2' } })] } }, { 'sg-2': ['198.18.0.10', '198.18.0.9', '198.18.1.2'] })
    assert.deepEqual(compileEffectivePolicy(['sg-1'], w).ingress.rules[0]?.peers, ['198.18.0.9/32', '198.18.0.10/32', '198.18.1.2/32'])
  })

  it('leaves a rule whose peer group has no members with no peers: it matches nothing', () => {
    const w = world({ 'sg-1': { rules: [r('sgr-1', { peer: { kind: 'group', groupId: 'sg-empty' } })] } })
    assert.deepEqual(compileEffectivePolicy(['sg-1'], w).ingress.rules[0]?.peers, [])
  })

  it('lets members of its basic groups with InnerAccessPolicy Accept in, and no others', () => {
    const w = world(
      { 'sg-open': { innerAccessPolicy: 'Accept' }, 'sg-closed': {}, 'sg-adv': { type: 'enterprise', innerAccessPolicy: 'Accept' } },
      { 'sg-open': ['198.18.0.7', '198.18.0.5'], 'sg-closed': ['198.18.0.6'], 'sg-adv': ['198.18.0.8'] },
    )
    assert.deepEqual(compileEffectivePolicy(['sg-open', 'sg-closed'], w).innerAccessPeers, ['198.18.0.5/32', '198.18.0.7/32'])
    assert.deepEqual(compileEffectivePolicy(['sg-closed'], w).innerAccessPeers, [])
    assert.deepEqual(compileEffectivePolicy(['sg-adv'], w).innerAccessPeers, [])
  })
})

describe('compileEffectivePolicies', () => {
  it('gives each ENI what compileEffectivePolicy gives it alone', () => {
    const w = world(
      {
        'sg-1': { innerAccessPolicy: 'Accept', rules: [r('sgr-1', { peer: { kind: 'group', groupId: 'sg-2' } })] },
        'sg-2': { rules: [r('sgr-2', { direction: 'egress', policy: 'Drop' })] },
      },
      { 'sg-1': ['198.18.0.5'], 'sg-2': ['198.18.0.6', '198.18.0.5'] },
    )
    const enis = new Map([
      ['eni-a', ['sg-1', 'sg-2']],
      ['eni-b', ['sg-2']],
    ])
    const all = compileEffectivePolicies(enis, w)
    for (const [id, groups] of enis) assert.deepEqual(all.get(id), compileEffectivePolicy(groups, w))
  })
})
