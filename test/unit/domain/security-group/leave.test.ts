import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { leaveGroup } from '../../../../src/domain/security-group/leave.js'

describe('leaveGroup', () => {
  it('removes the group and keeps the order of the rest', () => {
    assert.deepEqual(leaveGroup(['sg-1', 'sg-2', 'sg-3'], 'sg-2'), ['sg-1', 'sg-3'])
  })

  it('refuses a group the ENI is not in with InvalidSecurityGroupAssociation.NotFound', () => {
    assert.throws(() => leaveGroup(['sg-1', 'sg-2'], 'sg-3'), { code: 'InvalidSecurityGroupAssociation.NotFound' })
  })

  it('refuses to leave the last group with InstanceLastSecurityGroup', () => {
    assert.throws(() => leaveGroup(['sg-1'], 'sg-1'), { code: 'InstanceLastSecurityGroup' })
  })
})
