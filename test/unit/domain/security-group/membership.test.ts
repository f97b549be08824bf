import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assertGroupSet } from '../../../../src/domain/security-group/membership.js'
import { group } from './fixtures.js'

const found = [group('sg-1'), group('sg-2'), group('sg-3'), group('sg-4'), group('sg-5'), group('sg-6')]

describe('assertGroupSet', () => {
  it('returns the ids in request order', () => {
    assert.deepEqual(assertGroupSet(found, ['sg-3', 'sg-1', 'sg-2'], 'vpc-a', 5), ['sg-3', 'sg-1', 'sg-2'])
  })

  it('accepts exactly the limit', () => {
    assert.deepEqual(assertGroupSet(found, ['sg-1', 'sg-2', 'sg-3', 'sg-4', 'sg-5'], 'vpc-a', 5).length, 5)
  })

  it('refuses more groups than the limit with JoinedGroupLimitExceed', () => {
    assert.throws(() => assertGroupSet(found, ['sg-1', 'sg-2', 'sg-3', 'sg-4', 'sg-5', 'sg-6'], 'vpc-a', 5), {
      code: 'JoinedGroupLimitExceed',
    })
    assert.throws(() => assertGroupSet(found, ['sg-1', 'sg-2'], 'vpc-a', 1), { code: 'JoinedGroupLimitExceed' })
  })

  it('refuses an empty set: every ENI is in at least one group', () => {
    assert.throws(() => assertGroupSet(found, [], 'vpc-a', 5), { code: 'MissingParameter' })
  })

  it('refuses a repeated id with InvalidParameter.SecurityGroupIdRepeated', () => {
    assert.throws(() => assertGroupSet(found, ['sg-1', 'sg-2', 'sg-1'], 'vpc-a', 5), {
      code: 'InvalidParameter.SecurityGroupIdRepeated',
    })
  })

  it('refuses an id that was not found with InvalidSecurityGroupId.NotFound, naming it', () => {
    assert.throws(() => assertGroupSet(found, ['sg-1', 'sg-nope'], 'vpc-a', 5), {
      code: 'InvalidSecurityGroupId.NotFound',
      message: /sg-nope/,
    })
  })

  it('refuses a group of another VPC with InvalidOperation.VpcMismatch', () => {
    const groups = [group('sg-1'), group('sg-x', { vpcId: 'vpc-b' })]
    assert.throws(() => assertGroupSet(groups, ['sg-1', 'sg-x'], 'vpc-a', 5), { code: 'InvalidOperation.VpcMismatch' })
  })

  it('refuses basic and advanced groups together with InvalidOperation.MultiGroupType', () => {
    const groups = [group('sg-1'), group('sg-e', { type: 'enterprise', innerAccessPolicy: 'Drop' })]
    assert.throws(() => assertGroupSet(groups, ['sg-1', 'sg-e'], 'vpc-a', 5), { code: 'InvalidOperation.MultiGroupType' })
  })

  it('accepts advanced groups alone', () => {
    const groups = [group('sg-e1', { type: 'enterprise' }), group('sg-e2', { type: 'enterprise' })]
    assert.deepEqual(assertGroupSet(groups, ['sg-e2', 'sg-e1'], 'vpc-a', 5), ['sg-e2', 'sg-e1'])
  })
})
