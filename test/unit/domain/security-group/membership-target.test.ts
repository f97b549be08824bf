import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { EniStatus } from '../../../../src/domain/eni/eni.js'
import type { InstanceStatus } from '../../../../src/domain/instance/instance.js'
import { assertMembershipChangeable, type MembershipTarget } from '../../../../src/domain/security-group/membership-target.js'

function target(eniStatus: EniStatus, instanceStatus?: InstanceStatus): MembershipTarget {
  return {
    eniId: 'eni-1',
    regionId: 'cn-hangzhou',
    vpcId: 'vpc-a',
    eniStatus,
    instance: instanceStatus === undefined ? null : { id: 'i-1', status: instanceStatus },
  }
}

describe('assertMembershipChangeable', () => {
  it('allows an ENI at rest', () => {
    assertMembershipChangeable(target('Available'), 'JoinSecurityGroup')
    assertMembershipChangeable(target('InUse'), 'JoinSecurityGroup')
  })

  for (const status of ['Attaching', 'Detaching', 'Deleting'] as const) {
    it(`refuses a ${status} ENI with InvalidOperation.InvalidEniState`, () => {
      assert.throws(() => assertMembershipChangeable(target(status), 'JoinSecurityGroup'), { code: 'InvalidOperation.InvalidEniState' })
    })
  }

  it('allows an instance that is Running or Stopped', () => {
    assertMembershipChangeable(target('InUse', 'Running'), 'LeaveSecurityGroup')
    assertMembershipChangeable(target('InUse', 'Stopped'), 'LeaveSecurityGroup')
  })

  for (const status of ['Pending', 'Starting', 'Stopping'] as const) {
    it(`refuses a ${status} instance with IncorrectInstanceStatus`, () => {
      assert.throws(() => assertMembershipChangeable(target('InUse', status), 'LeaveSecurityGroup'), { code: 'IncorrectInstanceStatus' })
    })
  }
})
