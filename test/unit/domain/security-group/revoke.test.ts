import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Permission } from '../../../../src/domain/security-group/permission.js'
import { rulesById, rulesMatching } from '../../../../src/domain/security-group/revoke.js'
import { rule } from './fixtures.js'

const existing = [
  rule('sgr-1', 'sg-1'),
  rule('sgr-2', 'sg-1', { priority: 5 }),
  rule('sgr-3', 'sg-1', { local: '198.18.0.5' }),
  rule('sgr-4', 'sg-1', { direction: 'egress', peer: { kind: 'group', groupId: 'sg-2' } }),
  rule('sgr-5', 'sg-1', { policy: 'Drop' }),
]

function permission(fields: Partial<Permission> = {}): Permission {
  return {
    direction: 'ingress',
    protocol: 'TCP',
    portFrom: 22,
    portTo: 22,
    peer: { kind: 'cidr', cidr: '10.0.0.0/8' },
    local: undefined,
    policy: 'Accept',
    priority: undefined,
    description: undefined,
    ...fields,
  }
}

describe('rulesById', () => {
  it('finds every rule named, in the order named', () => {
    assert.deepEqual(
      rulesById(existing, ['sgr-2', 'sgr-1'], 'ingress').map((r) => r.id),
      ['sgr-2', 'sgr-1'],
    )
  })

  it('refuses an unknown ID, or one of the other direction, under the code of the direction', () => {
    assert.throws(() => rulesById(existing, ['sgr-1', 'sgr-none'], 'ingress'), { code: 'InvalidSecurityGroupRuleId.NotFound', message: /sgr-none/ })
    assert.throws(() => rulesById(existing, ['sgr-4'], 'ingress'), { code: 'InvalidSecurityGroupRuleId.NotFound' })
    assert.throws(() => rulesById(existing, ['sgr-1'], 'egress'), { code: 'InvalidSecurityGroupRule.RuleNotExist' })
  })

  it('refuses an ID given twice with InvalidParam.SecurityGroupRuleIdRepeated', () => {
    assert.throws(() => rulesById(existing, ['sgr-1', 'sgr-1'], 'ingress'), { code: 'InvalidParam.SecurityGroupRuleIdRepeated' })
  })
})

describe('rulesMatching', () => {
  it('matches on protocol, ports, peer and policy, any priority or other side when not given', () => {
    assert.deepEqual(
      rulesMatching(existing, [permission()]).map((r) => r.id),
      ['sgr-1', 'sgr-2', 'sgr-3'],
    )
  })

  it('narrows to the priority and the other side when given', () => {
    assert.deepEqual(
      rulesMatching(existing, [permission({ priority: 5 })]).map((r) => r.id),
      ['sgr-2'],
    )
    assert.deepEqual(
      rulesMatching(existing, [permission({ local: '198.18.0.5' })]).map((r) => r.id),
      ['sgr-3'],
    )
  })

  it('matches a drop rule only with policy drop, and a group peer only with that group', () => {
    assert.deepEqual(
      rulesMatching(existing, [permission({ policy: 'Drop' })]).map((r) => r.id),
      ['sgr-5'],
    )
    const egress = permission({ direction: 'egress', peer: { kind: 'group', groupId: 'sg-2' } })
    assert.deepEqual(
      rulesMatching(existing, [egress]).map((r) => r.id),
      ['sgr-4'],
    )
    assert.deepEqual(rulesMatching(existing, [{ ...egress, peer: { kind: 'group', groupId: 'sg-3' } }]), [])
  })

  it('matches nothing for a permission no rule has, which is no error', () => {
    assert.deepEqual(rulesMatching(existing, [permission({ portFrom: 80, portTo: 80 })]), [])
  })
})
