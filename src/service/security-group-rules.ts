import { quotaFor } from '../domain/config.js'
import { newId } from '../domain/ids.js'
import { peerGroupNotFound, planAuthorization } from '../domain/security-group/authorize.js'
import { assertEniRuleTotals } from '../domain/security-group/eni-rule-total.js'
import { assertInnerAccessChangeable } from '../domain/security-group/inner-access.js'
import { securityGroupNotFound } from '../domain/security-group/membership.js'
import { ruleSpecOf, type Permission } from '../domain/security-group/permission.js'
import { rulesById, rulesMatching } from '../domain/security-group/revoke.js'
import type { RuleDirection, SecurityGroupRule } from '../domain/security-group/rule.js'
import type { InnerAccessPolicy, SecurityGroup } from '../domain/security-group/security-group.js'
import {
  countRules,
  deleteRules,
  insertRules,
  loadGroupRules,
  loadMembersGroups,
  lockGroupsInOrder,
  lockGroupsShared,
} from '../store/repositories/security-group-rules.js'
import { findSecurityGroups, getSecurityGroup, lockSecurityGroup, setInnerAccessPolicy } from '../store/repositories/security-groups.js'
import type { Caller, ServiceDeps } from './deps.js'
import { mutate, type Unit } from './mutate.js'

/**
 * A permission as the service takes it: checked field by field, plus the account the request says
 * owns a peer group (SourceGroupOwnerId/Account, DestGroupOwner…), if it says.
 */
export interface PermissionRequest extends Permission {
  peerOwner?: string | undefined
}

export interface AuthorizeInput {
  regionId: string
  securityGroupId: string
  direction: RuleDirection
  permissions: PermissionRequest[]
  clientToken?: string | undefined
}

const AUTHORIZE_ACTION: Record<RuleDirection, string> = { ingress: 'AuthorizeSecurityGroup', egress: 'AuthorizeSecurityGroupEgress' }
const REVOKE_ACTION: Record<RuleDirection, string> = { ingress: 'RevokeSecurityGroup', egress: 'RevokeSecurityGroupEgress' }

/**
 * AuthorizeSecurityGroup / AuthorizeSecurityGroupEgress (spec §5.20): adds the rules the group does
 * not have yet, within the group's quota and the rule total of each of its members (spec §7).
 */
export async function authorizeSecurityGroup(deps: ServiceDeps, caller: Caller, input: AuthorizeInput): Promise<{ securityGroupRuleIds: string[] }> {
  const { clientToken, ...request } = input
  return mutate(deps, caller, { action: AUTHORIZE_ACTION[input.direction], clientToken, fingerprint: request }, async (u) => {
    const { group, peers, memberships } = await lockForAuthorization(u, input.regionId, input.securityGroupId, input.permissions)
    const existing = (await loadGroupRules(u.tx, [group.id])).get(group.id) ?? []
    const fresh = planAuthorization(
      group,
      existing,
      input.permissions.map(ruleSpecOf),
      peers,
      quotaFor(deps.config, caller.accountId, 'rulesPerSecurityGroup'),
    )
    if (fresh.length === 0) return { securityGroupRuleIds: [] }
    await assertMembersWithinRuleTotal(u, group.id, memberships, existing.length + fresh.length)
    // One millisecond apart and after every rule the group already has, so the rules list in the
    // order they were added (listings go by creation time, then ID) even when two requests fall in
    // the same millisecond; CreateTime shows whole seconds.
    const latest = existing.reduce((max, r) => Math.max(max, Date.parse(r.createdAt)), -Infinity)
    const start = Math.max(u.now.getTime(), latest + 1)
    const rules: SecurityGroupRule[] = fresh.map((spec, i) => ({
      ...spec,
      id: newId('sgr', u.random),
      groupId: group.id,
      createdAt: new Date(start + i).toISOString(),
    }))
    await insertRules(u.tx, rules)
    const securityGroupRuleIds = rules.map((r) => r.id)
    u.record({
      regionId: group.regionId,
      resourceType: 'SecurityGroup',
      resourceId: group.id,
      event: 'SecurityGroupRulesAuthorized',
      payload: { direction: input.direction, securityGroupRuleIds },
    })
    return { securityGroupRuleIds }
  })
}

/**
 * The locks an authorization needs, taken in one global order (group ID) so that concurrent
 * authorizations never deadlock: the group for update (its rules and quota), for share its peer
 * groups (none may be deleted while a rule names it) and every other group of its members (their
 * rule counts make up the members' totals). The members are read before the locks to know what to
 * lock, and again after; a member that joined another group in between is locked then.
 */
async function lockForAuthorization(u: Unit, regionId: string, groupId: string, permissions: readonly PermissionRequest[]) {
  const scope = { accountId: u.caller.accountId, regionId }
  const seen = await getSecurityGroup(u.tx, scope, groupId)
  if (seen === undefined) throw securityGroupNotFound(groupId)
  const peerIds = peerGroupIds(u, seen, permissions)
  const before = otherGroups(await loadMembersGroups(u.tx, seen.id), seen.id)
  await lockGroupsInOrder(u, seen.id, [...peerIds, ...before])
  const group = await lockSecurityGroup(u.tx, u.dialect, scope, groupId)
  if (group === undefined) throw securityGroupNotFound(groupId)
  const memberships = await loadMembersGroups(u.tx, group.id)
  await lockGroupsShared(u, otherGroups(memberships, group.id).filter((id) => !before.includes(id)))
  // A group of another region is not there for this one.
  const peers = (await findSecurityGroups(u.tx, scope.accountId, peerIds)).filter((g) => g.regionId === regionId)
  return { group, peers: new Map(peers.map((g) => [g.id, g])), memberships }
}

function otherGroups(memberships: ReadonlyMap<string, readonly string[]>, groupId: string): string[] {
  return [...new Set([...memberships.values()].flat())].filter((id) => id !== groupId)
}

export interface RevokeInput {
  regionId: string
  securityGroupId: string
  direction: RuleDirection
  /** Exactly one of the two is given: the handler refuses both (InvalidParam.Permissions). */
  ruleIds?: string[] | undefined
  permissions?: PermissionRequest[] | undefined
  clientToken?: string | undefined
}

/**
 * RevokeSecurityGroup / RevokeSecurityGroupEgress (spec §5.21): by rule ID, every ID must exist;
 * by permission, whatever matches goes and nothing matching is no error (spec §8).
 */
export async function revokeSecurityGroup(deps: ServiceDeps, caller: Caller, input: RevokeInput): Promise<void> {
  const { clientToken, ...request } = input
  await mutate(deps, caller, { action: REVOKE_ACTION[input.direction], clientToken, fingerprint: request }, async (u) => {
    const group = await lockGroup(u, input.regionId, input.securityGroupId)
    const existing = (await loadGroupRules(u.tx, [group.id])).get(group.id) ?? []
    const doomed =
      input.ruleIds !== undefined
        ? rulesById(existing, input.ruleIds, input.direction)
        : rulesMatching(
            existing,
            // A group owned by another account is not one of the caller's: no rule of theirs names it.
            (input.permissions ?? []).filter((p) => p.peerOwner === undefined || p.peerOwner === caller.accountId),
          )
    if (doomed.length === 0) return
    const securityGroupRuleIds = doomed.map((r) => r.id)
    await deleteRules(u.tx, securityGroupRuleIds)
    u.record({
      regionId: group.regionId,
      resourceType: 'SecurityGroup',
      resourceId: group.id,
      event: 'SecurityGroupRulesRevoked',
      payload: { direction: input.direction, securityGroupRuleIds },
    })
  })
}

export interface ModifyPolicyInput {
  regionId: string
  securityGroupId: string
  innerAccessPolicy: InnerAccessPolicy
  clientToken?: string | undefined
}

/** ModifySecurityGroupPolicy (spec §5.23): whether the members of a basic group reach each other regardless of rules. */
export async function modifySecurityGroupPolicy(deps: ServiceDeps, caller: Caller, input: ModifyPolicyInput): Promise<void> {
  const { clientToken, ...request } = input
  await mutate(deps, caller, { action: 'ModifySecurityGroupPolicy', clientToken, fingerprint: request }, async (u) => {
    const group = await lockGroup(u, input.regionId, input.securityGroupId)
    assertInnerAccessChangeable(group)
    if (group.innerAccessPolicy === input.innerAccessPolicy) return
    await setInnerAccessPolicy(u.tx, group.id, input.innerAccessPolicy)
    u.record({
      regionId: group.regionId,
      resourceType: 'SecurityGroup',
      resourceId: group.id,
      event: 'SecurityGroupPolicyModified',
      payload: { innerAccessPolicy: input.innerAccessPolicy },
    })
  })
}

/**
 * Spec §7 where an ENI's groups change (create, RunInstances, ModifyNetworkInterfaceAttribute,
 * JoinSecurityGroup): the rules of `groupIds` together stay within the per-ENI total. The groups
 * are locked for share first, so no rule can be added to them before this transaction ends.
 */
export async function assertEniWithinRuleTotal(u: Unit, eniId: string, groupIds: readonly string[]): Promise<void> {
  await lockGroupsShared(u, groupIds)
  const counts = await countRules(u.tx, groupIds)
  assertEniRuleTotals(
    new Map([[eniId, groupIds]]),
    new Map([...counts].map(([id, c]) => [id, c.rules])),
    quotaFor(u.deps.config, u.caller.accountId, 'rulesPerEni'),
  )
}

/** Every member of `groupId` (`memberships`: ENI → its groups), once the group holds `ruleCount` rules, stays within the per-ENI total. */
async function assertMembersWithinRuleTotal(
  u: Unit,
  groupId: string,
  memberships: ReadonlyMap<string, readonly string[]>,
  ruleCount: number,
): Promise<void> {
  if (memberships.size === 0) return
  const counts = new Map([...(await countRules(u.tx, otherGroups(memberships, groupId)))].map(([id, c]) => [id, c.rules]))
  counts.set(groupId, ruleCount)
  assertEniRuleTotals(memberships, counts, quotaFor(u.deps.config, u.caller.accountId, 'rulesPerEni'))
}

async function lockGroup(u: Unit, regionId: string, securityGroupId: string): Promise<SecurityGroup> {
  const group = await lockSecurityGroup(u.tx, u.dialect, { accountId: u.caller.accountId, regionId }, securityGroupId)
  if (group === undefined) throw securityGroupNotFound(securityGroupId)
  return group
}

/**
 * The groups the permissions name as peers, but the group itself (a rule naming it is refused).
 * A peer said to belong to another account does not exist here.
 */
function peerGroupIds(u: Unit, group: SecurityGroup, permissions: readonly PermissionRequest[]): string[] {
  const ids = new Set<string>()
  for (const p of permissions) {
    if (p.peer.kind !== 'group' || p.peer.groupId === group.id) continue
    if (p.peerOwner !== undefined && p.peerOwner !== u.caller.accountId) throw peerGroupNotFound(p.direction, p.peer.groupId)
    ids.add(p.peer.groupId)
  }
  return [...ids]
}
