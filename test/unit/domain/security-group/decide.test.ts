import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { decide } from '../../../../src/domain/security-group/decide.js'
import type { CompiledRule, EffectivePolicy } from '../../../../src/domain/security-group/effective-policy.js'

function compiled(ruleId: string, fields: Partial<CompiledRule> = {}): CompiledRule {
  return { priority: 1, policy: 'accept', protocol: 'tcp', portFrom: 22, portTo: 22, peers: ['10.0.0.0/8'], origin: { groupId: 'sg-1', ruleId }, ...fields }
}

function policy(ingress: CompiledRule[], fields: Partial<EffectivePolicy> = {}): EffectivePolicy {
  return { ingress: { rules: ingress, default: 'drop' }, egress: { rules: [], default: 'accept' }, innerAccessPeers: [], ...fields }
}

const ssh = { peer: '10.1.2.3', protocol: 'tcp' as const, port: 22 }

describe('decide', () => {
  it('lets the first matching rule decide, naming it', () => {
    const p = policy([compiled('sgr-1', { policy: 'drop', peers: ['10.1.0.0/16'] }), compiled('sgr-2')])
    assert.deepEqual(decide(p, 'ingress', ssh), { verdict: 'drop', decidedBy: { kind: 'rule', groupId: 'sg-1', ruleId: 'sgr-1', priority: 1 } })
    assert.deepEqual(decide(p, 'ingress', { ...ssh, peer: '10.2.0.1' }).decidedBy, { kind: 'rule', groupId: 'sg-1', ruleId: 'sgr-2', priority: 1 })
  })

  it('falls back to the default when no rule matches', () => {
    const p = policy([compiled('sgr-1')])
    assert.deepEqual(decide(p, 'ingress', { ...ssh, peer: '11.0.0.1' }), { verdict: 'drop', decidedBy: { kind: 'default' } })
    assert.deepEqual(decide(p, 'egress', ssh), { verdict: 'accept', decidedBy: { kind: 'default' } })
  })

  it('matches TCP and UDP within the port range, ICMP without ports, and all of them with protocol all', () => {
    const p = policy([compiled('sgr-1', { portFrom: 80, portTo: 90 }), compiled('sgr-2', { protocol: 'icmp', portFrom: -1, portTo: -1 })])
    assert.equal(decide(p, 'ingress', { ...ssh, port: 80 }).verdict, 'accept')
    assert.equal(decide(p, 'ingress', { ...ssh, port: 90 }).verdict, 'accept')
    assert.equal(decide(p, 'ingress', { ...ssh, port: 91 }).verdict, 'drop')
    assert.equal(decide(p, 'ingress', { ...ssh, protocol: 'udp', port: 85 }).verdict, 'drop')
    assert.equal(decide(p, 'ingress', { peer: '10.0.0.1', protocol: 'icmp' }).verdict, 'accept')
    const all = policy([compiled('sgr-3', { protocol: 'all', portFrom: -1, portTo: -1 })])
    for (const q of [ssh, { ...ssh, protocol: 'udp' as const, port: 9 }, { peer: '10.0.0.1', protocol: 'icmp' as const }]) {
      assert.equal(decide(all, 'ingress', q).verdict, 'accept')
    }
  })

  it('applies a rule limited to some of its own addresses only to traffic known to use one', () => {
    const p = policy([compiled('sgr-1', { local: '198.18.0.5/32' })])
    assert.equal(decide(p, 'ingress', { ...ssh, local: '198.18.0.5' }).verdict, 'accept')
    assert.equal(decide(p, 'ingress', { ...ssh, local: '198.18.0.6' }).verdict, 'drop')
    assert.equal(decide(p, 'ingress', ssh).verdict, 'drop')
  })

  it('accepts inner-access peers before any rule, even a drop at priority 1', () => {
    const p = policy([compiled('sgr-1', { policy: 'drop', peers: ['0.0.0.0/0'], protocol: 'all', portFrom: -1, portTo: -1 })], {
      innerAccessPeers: ['198.18.0.7/32'],
    })
    assert.deepEqual(decide(p, 'ingress', { ...ssh, peer: '198.18.0.7' }), { verdict: 'accept', decidedBy: { kind: 'inner-access' } })
    assert.equal(decide(p, 'ingress', { ...ssh, peer: '198.18.0.8' }).verdict, 'drop')
  })
})
