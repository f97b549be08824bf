import { DomainError } from '../errors.js'
import type { SecurityGroup } from './security-group.js'

/** What membership rules look at: which group, in which VPC, of which type. */
export type GroupIdentity = Pick<SecurityGroup, 'id' | 'vpcId' | 'type'>

/**
 * The rule for the whole set of groups of one ENI (spec §4, §7: "1–5 per ENI, all of the same
 * type", SGs belong to the ENI's VPC), as CreateNetworkInterface, ModifyNetworkInterfaceAttribute
 * and RunInstances set it. `groups` are the ones found for the caller's account; an id without a
 * group there does not exist. Returns the ids in request order, the order the ENI keeps them in.
 */
export function assertGroupSet(groups: readonly GroupIdentity[], requestedIds: readonly string[], vpcId: string, limit: number): string[] {
  if (requestedIds.length === 0) {
    throw new DomainError('MissingParameter', 'A network interface needs at least one security group.')
  }
  if (requestedIds.length > limit) {
    throw new DomainError('JoinedGroupLimitExceed', `A network interface may be in at most ${limit} security groups.`)
  }
  assertNoRepeats(requestedIds)
  const byId = new Map(groups.map((g) => [g.id, g]))
  const chosen = requestedIds.map((id) => {
    const group = byId.get(id)
    if (group === undefined) throw securityGroupNotFound(id)
    return group
  })
  for (const group of chosen) assertGroupInVpc(group, vpcId)
  assertOneGroupType(chosen)
  return [...requestedIds]
}

function assertNoRepeats(ids: readonly string[]): void {
  const seen = new Set<string>()
  for (const id of ids) {
    if (seen.has(id)) throw new DomainError('InvalidParameter.SecurityGroupIdRepeated', `The security group ${id} is given twice.`)
    seen.add(id)
  }
}

export function securityGroupNotFound(id: string): DomainError {
  return new DomainError('InvalidSecurityGroupId.NotFound', `The security group ${id} does not exist.`)
}

/** A group filters only ENIs of its own VPC (spec §7, zone/VPC coherence). */
export function assertGroupInVpc(group: GroupIdentity, vpcId: string): void {
  if (group.vpcId !== vpcId) {
    throw new DomainError(
      'InvalidOperation.VpcMismatch',
      `The security group ${group.id} is in VPC ${group.vpcId}, not in the network interface's VPC ${vpcId}.`,
    )
  }
}

/** Basic and advanced groups evaluate traffic differently, so one ENI never mixes them (spec §5.22). */
export function assertOneGroupType(groups: readonly GroupIdentity[]): void {
  const first = groups[0]
  const other = groups.find((g) => g.type !== first?.type)
  if (first !== undefined && other !== undefined) {
    throw new DomainError(
      'InvalidOperation.MultiGroupType',
      `Basic and advanced security groups cannot be mixed: ${first.id} is ${first.type}, ${other.id} is ${other.type}.`,
    )
  }
}
