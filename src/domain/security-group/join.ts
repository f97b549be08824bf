import { DomainError } from '../errors.js'
import { assertGroupInVpc, assertOneGroupType } from './membership.js'
import type { SecurityGroup } from './security-group.js'

/**
 * JoinSecurityGroup (spec §5.22): the ENI keeps its groups and adds `group` last. Same VPC, not
 * already a member, at most `limit` groups, never basic and advanced together. Returns the new set.
 */
export function joinGroup(current: readonly SecurityGroup[], group: SecurityGroup, vpcId: string, limit: number): string[] {
  assertGroupInVpc(group, vpcId)
  if (current.some((g) => g.id === group.id)) {
    throw new DomainError('InvalidInstanceId.AlreadyExists', `The network interface is already in the security group ${group.id}.`)
  }
  if (current.length + 1 > limit) {
    throw new DomainError('InstanceSecurityGroupLimitExceeded', `A network interface may be in at most ${limit} security groups.`)
  }
  assertOneGroupType([...current, group])
  return [...current.map((g) => g.id), group.id]
}
