import { DomainError } from '../errors.js'

/**
 * LeaveSecurityGroup (spec §5.22): the ENI must be a member, and it keeps at least one group,
 * since an ENI without a group would have no policy at all. Returns the remaining set in order.
 */
export function leaveGroup(currentIds: readonly string[], groupId: string): string[] {
  if (!currentIds.includes(groupId)) {
    throw new DomainError('InvalidSecurityGroupAssociation.NotFound', `The network interface is not in the security group ${groupId}.`)
  }
  if (currentIds.length === 1) {
    throw new DomainError(
      'InstanceLastSecurityGroup',
      `The security group ${groupId} is the network interface's last one; it must stay in at least one.`,
    )
  }
  return currentIds.filter((id) => id !== groupId)
}
