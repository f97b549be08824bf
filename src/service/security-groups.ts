import { quotaFor } from '../domain/config.js'
import { DomainError } from '../domain/errors.js'
import { newId } from '../domain/ids.js'
import { planListing } from '../domain/listing.js'
import { choosePage, type Page, type PagingInput } from '../domain/paging.js'
import { assertGroupHasRoom, availableInstanceAmount } from '../domain/security-group/capacity.js'
import { newSecurityGroup } from '../domain/security-group/create.js'
import { assertSecurityGroupDeletable, assertSecurityGroupUnreferenced } from '../domain/security-group/delete.js'
import { joinGroup } from '../domain/security-group/join.js'
import { leaveGroup } from '../domain/security-group/leave.js'
import { RULE_PAGING, SECURITY_GROUP_PAGING } from '../domain/security-group/listing.js'
import { securityGroupNotFound } from '../domain/security-group/membership.js'
import { assertMembershipChangeable, type MembershipTarget } from '../domain/security-group/membership-target.js'
import { assertSecurityGroupQuota } from '../domain/security-group/quota.js'
import type { RuleDirection, RuleView } from '../domain/security-group/rule.js'
import type { SecurityGroup, SecurityGroupType } from '../domain/security-group/security-group.js'
import type { TargetRef } from '../domain/security-group/target-choice.js'
import type { Tag, TagFilter } from '../domain/tags.js'
import { assertVpcAvailable } from '../domain/vpc/available.js'
import { vpcNotFound } from '../domain/vpc/not-found.js'
import { lockAccountRow } from '../store/repositories/accounts.js'
import {
  countMembers,
  countPrivateIps,
  countSecurityGroups,
  deleteSecurityGroup as deleteGroupRow,
  findSecurityGroups,
  getSecurityGroup,
  groupStatistics,
  insertSecurityGroup,
  listSecurityGroups,
  loadEniGroupIds,
  lockMembershipTarget,
  lockSecurityGroup,
  setEniGroups,
  type SecurityGroupFilter,
} from '../store/repositories/security-groups.js'
import { countRules, deleteGroupRules, groupsReferencing, listRules } from '../store/repositories/security-group-rules.js'
import { lockVpc } from '../store/repositories/vpcs.js'
import type { Caller, ServiceDeps } from './deps.js'
import { mutate, type Unit } from './mutate.js'
import { assertEniWithinRuleTotal } from './security-group-rules.js'

export interface CreateSecurityGroupInput {
  regionId: string
  vpcId?: string | undefined
  name?: string | undefined
  description?: string | undefined
  type?: SecurityGroupType | undefined
  tags: Tag[]
  clientToken?: string | undefined
}

/** CreateSecurityGroup (spec §5.16): a group in one of the caller's VPCs, within the per-region quota. */
export async function createSecurityGroup(
  deps: ServiceDeps,
  caller: Caller,
  input: CreateSecurityGroupInput,
): Promise<{ securityGroupId: string }> {
  const { clientToken, ...request } = input
  return mutate(deps, caller, { action: 'CreateSecurityGroup', clientToken, fingerprint: request }, async (u) => {
    // The reference answers a missing VpcId like an unknown one: this service has only VPC groups.
    if (input.vpcId === undefined) throw new DomainError('InvalidVpcId.NotFound', 'A security group needs the VpcId of its VPC.')
    // Locked, so that the VPC cannot be deleted while the group is being created in it.
    const vpc = await lockVpc(u, input.vpcId)
    if (vpc === undefined || vpc.regionId !== input.regionId) throw vpcNotFound(input.vpcId)
    assertVpcAvailable(vpc)
    const group = newSecurityGroup(
      {
        id: newId('sg', u.random),
        accountId: caller.accountId,
        regionId: input.regionId,
        vpcId: vpc.id,
        name: input.name,
        description: input.description,
        type: input.type,
        tags: input.tags,
        createdAt: u.now.toISOString(),
      },
      quotaFor(deps.config, caller.accountId, 'tagsPerResource'),
    )
    await lockAccountRow(u)
    const existing = await countSecurityGroups(u.tx, { accountId: caller.accountId, regionId: input.regionId })
    assertSecurityGroupQuota(existing, quotaFor(deps.config, caller.accountId, 'securityGroups'))
    await insertSecurityGroup(u.tx, group)
    u.record({
      regionId: group.regionId,
      resourceType: 'SecurityGroup',
      resourceId: group.id,
      event: 'SecurityGroupCreated',
      payload: { vpcId: group.vpcId, type: group.type, innerAccessPolicy: group.innerAccessPolicy },
    })
    return { securityGroupId: group.id }
  })
}

/**
 * DeleteSecurityGroup (spec §5.17): refused while any ENI, hence any instance, is still a member,
 * or while another group's rule names it as peer; its own rules go with it.
 */
export async function deleteSecurityGroup(
  deps: ServiceDeps,
  caller: Caller,
  input: { regionId: string; securityGroupId: string },
): Promise<void> {
  await mutate(deps, caller, { action: 'DeleteSecurityGroup' }, async (u) => {
    const group = await lockSecurityGroup(u.tx, u.dialect, { accountId: caller.accountId, regionId: input.regionId }, input.securityGroupId)
    if (group === undefined) throw securityGroupNotFound(input.securityGroupId)
    assertSecurityGroupDeletable(group, await countMembers(u.tx, group.id))
    assertSecurityGroupUnreferenced(group, await groupsReferencing(u.tx, group.id))
    await deleteGroupRules(u.tx, group.id)
    await deleteGroupRow(u.tx, group.id)
    u.record({ regionId: group.regionId, resourceType: 'SecurityGroup', resourceId: group.id, event: 'SecurityGroupDeleted', payload: {} })
  })
}

export interface DescribeSecurityGroupsInput extends PagingInput {
  regionId: string
  securityGroupId?: string | undefined
  securityGroupIds?: string[] | undefined
  vpcId?: string | undefined
  name?: string | undefined
  type?: SecurityGroupType | undefined
  networkType?: string | undefined
  serviceManaged?: boolean | undefined
  tags: TagFilter[]
  dryRun?: boolean | undefined
}

export interface SecurityGroupView extends SecurityGroup {
  ecsCount: number
  availableInstanceAmount: number
  ruleCount: number
  groupToGroupRuleCount: number
}

/** DescribeSecurityGroups (spec §5.18): every filter given must hold. */
export async function describeSecurityGroups(
  deps: ServiceDeps,
  caller: Caller,
  input: DescribeSecurityGroupsInput,
): Promise<Page<SecurityGroupView>> {
  const page = planListing(input, SECURITY_GROUP_PAGING)
  // Every group here is a VPC group its account manages: asking for another kind finds none.
  const noneCanMatch = (input.networkType !== undefined && input.networkType.toLowerCase() !== 'vpc') || input.serviceManaged === true
  const filter: SecurityGroupFilter = {
    accountId: caller.accountId,
    regionId: input.regionId,
    ids: noneCanMatch ? [] : idFilter(input.securityGroupId, input.securityGroupIds),
    vpcId: input.vpcId,
    name: input.name,
    type: input.type,
    tags: input.tags,
  }
  const found = await listSecurityGroups(deps.store.db, filter, page)
  const ids = found.items.map((g) => g.id)
  const [stats, rules] = await Promise.all([groupStatistics(deps.store.db, ids), countRules(deps.store.db, ids)])
  return {
    ...found,
    items: found.items.map((group) => {
      const s = stats.get(group.id) ?? { privateIps: 0, enis: 0, instances: 0 }
      const r = rules.get(group.id) ?? { rules: 0, groupRules: 0 }
      return {
        ...group,
        ecsCount: s.instances,
        availableInstanceAmount: availableInstanceAmount(group, s),
        ruleCount: r.rules,
        groupToGroupRuleCount: r.groupRules,
      }
    }),
  }
}

/** Both ID filters must hold when both are given; an empty list filters nothing. */
function idFilter(single: string | undefined, multiple: string[] | undefined): string[] | undefined {
  const many = multiple !== undefined && multiple.length > 0 ? multiple : undefined
  if (single === undefined) return many
  return many === undefined || many.includes(single) ? [single] : []
}

export interface DescribeSecurityGroupAttributeInput {
  regionId: string
  securityGroupId: string
  /** Undefined: both directions. */
  direction?: RuleDirection | undefined
  maxResults?: number | undefined
  nextToken?: string | undefined
}

/**
 * DescribeSecurityGroupAttribute (spec §5.19): the group's own fields and a page of its rules, in
 * creation order, of one direction or both. Always token paging: 500 rules a page by default.
 */
export async function describeSecurityGroupAttribute(
  deps: ServiceDeps,
  caller: Caller,
  input: DescribeSecurityGroupAttributeInput,
): Promise<{ group: SecurityGroup; rules: Page<RuleView> }> {
  const page = choosePage({ maxResults: input.maxResults ?? RULE_PAGING.tokenDefault, nextToken: input.nextToken }, RULE_PAGING)
  const group = await getSecurityGroup(deps.store.db, { accountId: caller.accountId, regionId: input.regionId }, input.securityGroupId)
  if (group === undefined) throw securityGroupNotFound(input.securityGroupId)
  return { group, rules: await listRules(deps.store.db, group.id, input.direction, page) }
}

export interface MembershipInput {
  target: TargetRef
  securityGroupId: string
}

/** JoinSecurityGroup (spec §5.22): the ENI, or the instance's primary ENI, adds one group. */
export async function joinSecurityGroup(deps: ServiceDeps, caller: Caller, input: MembershipInput): Promise<void> {
  await changeMembership(deps, caller, 'JoinSecurityGroup', input, async (u, target, group, currentIds) => {
    const current = orderById(await findSecurityGroups(u.tx, caller.accountId, currentIds), currentIds)
    const groupIds = joinGroup(current, group, target.vpcId, quotaFor(deps.config, caller.accountId, 'securityGroupsPerEni'))
    const [stats, privateIps] = await Promise.all([groupStatistics(u.tx, [group.id]), countPrivateIps(u.tx, target.eniId)])
    assertGroupHasRoom(group, stats.get(group.id) ?? { privateIps: 0, enis: 0 }, privateIps)
    await assertEniWithinRuleTotal(u, target.eniId, groupIds)
    return groupIds
  })
}

/** LeaveSecurityGroup (spec §5.22): the ENI, or the instance's primary ENI, drops one group. */
export async function leaveSecurityGroup(deps: ServiceDeps, caller: Caller, input: MembershipInput): Promise<void> {
  await changeMembership(deps, caller, 'LeaveSecurityGroup', input, (_u, _target, group, currentIds) =>
    leaveGroup(currentIds, group.id),
  )
}

/**
 * The frame both membership changes share: lock the target ENI (and its instance), then the group,
 * check that the ENI may change now, let `decide` compute the new set from the current one (in
 * order), write it and tell the data
 * plane, which recomputes the ENI's policy and those of the groups' other members.
 */
async function changeMembership(
  deps: ServiceDeps,
  caller: Caller,
  action: string,
  input: MembershipInput,
  decide: (u: Unit, target: MembershipTarget, group: SecurityGroup, currentIds: string[]) => Promise<string[]> | string[],
): Promise<void> {
  await mutate(deps, caller, { action }, async (u) => {
    const target = await lockMembershipTarget(u.tx, u.dialect, caller.accountId, input.target)
    if (target === undefined) throw targetNotFound(input.target)
    const scope = { accountId: caller.accountId, regionId: target.regionId }
    const group = await lockSecurityGroup(u.tx, u.dialect, scope, input.securityGroupId)
    if (group === undefined) throw securityGroupNotFound(input.securityGroupId)
    assertMembershipChangeable(target, action)
    const currentIds = (await loadEniGroupIds(u.tx, [target.eniId])).get(target.eniId) ?? []
    const groupIds = await decide(u, target, group, currentIds)
    await setEniGroups(u.tx, target.eniId, groupIds)
    // The same event ModifyNetworkInterfaceAttribute records for a new group list, so the data
    // plane has one way to learn of it.
    u.record({
      regionId: target.regionId,
      resourceType: 'NetworkInterface',
      resourceId: target.eniId,
      event: 'NetworkInterfaceModified',
      payload: { securityGroupIds: groupIds },
    })
  })
}

function targetNotFound(ref: TargetRef): DomainError {
  return ref.kind === 'instance'
    ? new DomainError('InvalidInstanceId.NotFound', `The instance ${ref.instanceId} does not exist.`)
    : new DomainError('InvalidEniId.NotFound', `The network interface ${ref.eniId} does not exist.`)
}

function orderById(groups: readonly SecurityGroup[], ids: readonly string[]): SecurityGroup[] {
  const byId = new Map(groups.map((g) => [g.id, g]))
  return ids.flatMap((id) => byId.get(id) ?? [])
}
