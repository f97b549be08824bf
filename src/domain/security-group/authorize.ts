import { DomainError } from '../errors.js'
import type { GroupIdentity } from './membership.js'
import { ruleIdentity, type RuleDirection, type RuleSpec, type SecurityGroupRule } from './rule.js'

/** Spec §4: the rules of one basic group may name at most 20 different groups as peers. */
export const GROUP_PEERS_PER_GROUP = 20

/**
 * Which of the requested rules AuthorizeSecurityGroup(Egress) adds to `group` (spec §5.20). A rule
 * identical to one the group has is already there: the call succeeds without a second copy; the
 * same rule twice in one request is a mistake. A group peer must be a group of the account
 * (`peers` holds those found), of the same VPC, not the group itself, and advanced groups take none.
 * Then the group's quota, and its count of different peer groups, must still hold.
 */
export function planAuthorization(
  group: GroupIdentity,
  existing: readonly SecurityGroupRule[],
  requested: readonly RuleSpec[],
  peers: ReadonlyMap<string, GroupIdentity>,
  rulesPerGroup: number,
): RuleSpec[] {
  assertNoDuplicates(requested)
  for (const rule of requested) assertPeerAllowed(group, rule, peers)
  const present = new Set(existing.map(ruleIdentity))
  const fresh = requested.filter((rule) => !present.has(ruleIdentity(rule)))
  if (existing.length + fresh.length > rulesPerGroup) {
    throw new DomainError(
      'AuthorizationLimitExceed',
      `The security group ${group.id} has ${existing.length} rules; ${fresh.length} more would pass its quota of ${rulesPerGroup}.`,
    )
  }
  const peerGroups = new Set([...existing, ...fresh].flatMap((r) => (r.peer.kind === 'group' ? [r.peer.groupId] : [])))
  if (peerGroups.size > GROUP_PEERS_PER_GROUP) {
    throw new DomainError(
      'AuthorizedGroupRule.LimitExceed',
      `The rules of ${group.id} would name ${peerGroups.size} security groups as peers; at most ${GROUP_PEERS_PER_GROUP} are allowed.`,
    )
  }
  return fresh
}

function assertNoDuplicates(requested: readonly RuleSpec[]): void {
  const seen = new Set<string>()
  for (const rule of requested) {
    const key = ruleIdentity(rule)
    if (seen.has(key)) throw new DomainError('InvalidParam.DuplicatePermissions', 'The same rule is given twice in the request.')
    seen.add(key)
  }
}

function assertPeerAllowed(group: GroupIdentity, rule: RuleSpec, peers: ReadonlyMap<string, GroupIdentity>): void {
  if (rule.peer.kind !== 'group') return
  const peerId = rule.peer.groupId
  if (group.type === 'enterprise') {
    throw new DomainError(
      'InvalidGroupAuthParameter.OperationDenied',
      `The advanced security group ${group.id} cannot name a security group (${peerId}) as a peer.`,
    )
  }
  if (peerId === group.id) {
    throw new DomainError('InvalidParamter.Conflict', `The security group ${group.id} cannot name itself as a peer.`)
  }
  const peer = peers.get(peerId)
  if (peer === undefined) throw peerGroupNotFound(rule.direction, peerId)
  if (peer.vpcId !== group.vpcId) {
    throw new DomainError(
      rule.direction === 'ingress' ? 'InvalidSourceGroupId.Mismatch' : 'InvalidDestGroupId.Mismatch',
      `The security group ${peerId} is in VPC ${peer.vpcId}, not in ${group.id}'s VPC ${group.vpcId}.`,
    )
  }
}

/** A peer group the caller does not have, under the code of the side it stands on. */
export function peerGroupNotFound(direction: RuleDirection, groupId: string): DomainError {
  return direction === 'ingress'
    ? new DomainError('InvalidSourceGroupId.NotFound', `The source security group ${groupId} does not exist.`)
    : new DomainError('InvalidDestGroupId.NotFound', `The destination security group ${groupId} does not exist.`)
}
