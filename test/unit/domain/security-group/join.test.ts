import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { joinGroup } from '../../../../src/domain/security-group/join.js'
import { group } from './fixtures.js'

const current = [group('sg-1'), group('sg-2')]

describe('joinGroup', () => {
  it('adds the group after the current ones', () => {
    assert.deepEqual(joinGroup(current, group('sg-3'), 'vpc-a', 5), ['sg-1', 'sg-2', 'sg-3'])
  })

  it('fills up to the limit', () => {
    const four = [group('sg-1'), group('sg-2'), group('sg-3'), group('sg-4')]
    assert.equal(joinGroup(four, group('sg-5'), 'vpc-a', 5).length, 5)
  })

  it('refuses a sixth group with InstanceSecurityGroupLimitExceeded', () => {
    const five = ['sg-1', 'sg-2', 'sg-3', 'sg-4', 'sg-5'].map((id) => group(id))
    assert.throws(() => joinGroup(five, group('sg-6'), 'vpc-a', 5), { code: 'InstanceSecurityGroupLimitExceeded' })
  })

  it('refuses a group it is already in with InvalidInstanceId.AlreadyExists', () => {
    assert.throws(() => joinGroup(current, group('sg-2'), 'vpc-a', 5), { code: 'InvalidInstanceId.AlreadyExists' })
  })

  it('refuses a group of another VPC with InvalidOperation.VpcMismatch', () => {
    assert.throws(() => joinGroup(current, group('sg-3', { vpcId: 'vpc-b' }), 'vpc-a', 5), { code: 'InvalidOperation.VpcMismatch' })
  })

  it('refuses an advanced group next to basic ones with InvalidOperation.MultiGroupType', () => {
    assert.throws(() => joinGroup(current, group('sg-e', { type: 'enterprise' }), 'vpc-a', 5), { code: 'InvalidOperation.MultiGroupType' })
  })
})
