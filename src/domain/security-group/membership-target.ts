import { assertEniStatus } from '../eni/status.js'
import type { EniStatus } from '../eni/eni.js'
import { DomainError } from '../errors.js'
import type { InstanceStatus } from '../instance/instance.js'

/**
 * The ENI whose groups Join/LeaveSecurityGroup change: named directly, or as an instance, which
 * means its primary ENI. `instance` is set only when the request named the instance.
 */
export interface MembershipTarget {
  eniId: string
  regionId: string
  vpcId: string
  eniStatus: EniStatus
  instance: { id: string; status: InstanceStatus } | null
}

/**
 * Groups change only on an ENI at rest (spec §7: Available or InUse), and through an instance only
 * while it is Running or Stopped (spec §7, Join/LeaveSecurityGroup row).
 */
export function assertMembershipChangeable(target: MembershipTarget, operation: string): void {
  const instance = target.instance
  if (instance !== null && instance.status !== 'Running' && instance.status !== 'Stopped') {
    throw new DomainError(
      'IncorrectInstanceStatus',
      `The instance ${instance.id} is ${instance.status}; ${operation} needs it Running or Stopped.`,
    )
  }
  assertEniStatus({ id: target.eniId, status: target.eniStatus }, ['Available', 'InUse'], operation)
}
