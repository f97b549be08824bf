import { DomainError } from '../errors.js'
import type { SecurityGroup } from './security-group.js'

/** What a group's members hold: a basic group is sized by private IPs, an advanced one by ENIs (spec §4). */
export interface GroupUsage {
  privateIps: number
  enis: number
}

// Spec §4: one basic VPC group covers 6,000 private IPs; an advanced group 65,536 ENIs.
const BASIC_PRIVATE_IPS = 6000
const ADVANCED_ENIS = 65536

/** How many more members the group takes (DescribeSecurityGroups `AvailableInstanceAmount`), in its own unit. */
export function availableInstanceAmount(group: Pick<SecurityGroup, 'type'>, usage: GroupUsage): number {
  const left = group.type === 'normal' ? BASIC_PRIVATE_IPS - usage.privateIps : ADVANCED_ENIS - usage.enis
  return Math.max(0, left)
}

/** An ENI with `privateIps` addresses joins only if the whole of it fits in the group. */
export function assertGroupHasRoom(group: Pick<SecurityGroup, 'id' | 'type'>, usage: GroupUsage, privateIps: number): void {
  const needed = group.type === 'normal' ? privateIps : 1
  if (needed > availableInstanceAmount(group, usage)) {
    throw new DomainError('SecurityGroupInstanceLimitExceed', `The security group ${group.id} is full.`)
  }
}
