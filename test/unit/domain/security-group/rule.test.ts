import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ruleIdentity } from '../../../../src/domain/security-group/rule.js'
import { rule } from './fixtures.js'

describe('ruleIdentity', () => {
  it('is the same for rules that differ only in ID, group, description or time', () => {
    assert.equal(ruleIdentity(rule('sgr-1', 'sg-1')), ruleIdentity(rule('sgr-2', 'sg-9', { description: 'x', createdAt: '2027-01-01T00:00:00.000Z' })))
  })

  it('differs for any field that changes what the rule filters', () => {
    const base = ruleIdentity(rule('sgr-1', 'sg-1'))
    const variants = [
      rule('r', 'g', { direction: 'egress' }),
      rule('r', 'g', { protocol: 'UDP' }),
      rule('r', 'g', { portTo: 23 }),
      rule('r', 'g', { peer: { kind: 'cidr', cidr: '10.0.0.0/16' } }),
      rule('r', 'g', { peer: { kind: 'group', groupId: '10.0.0.0/8' } }),
      rule('r', 'g', { local: '198.18.0.1' }),
      rule('r', 'g', { policy: 'Drop' }),
      rule('r', 'g', { priority: 2 }),
    ]
    for (const variant of variants) assert.notEqual(ruleIdentity(variant), base)
  })
})
