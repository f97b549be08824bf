import { sql, type Kysely } from 'kysely'
import type { Page, PageRequest } from '../../domain/paging.js'
import type { GroupUsage } from '../../domain/security-group/capacity.js'
import type { GroupIdentity } from '../../domain/security-group/membership.js'
import type { MembershipTarget } from '../../domain/security-group/membership-target.js'
import type { InnerAccessPolicy, SecurityGroup, SecurityGroupType } from '../../domain/security-group/security-group.js'
import type { TargetRef } from '../../domain/security-group/target-choice.js'
import type { EniStatus } from '../../domain/eni/eni.js'
import type { InstanceStatus } from '../../domain/instance/instance.js'
import type { TagFilter } from '../../domain/tags.js'
import type { StoreDialect } from '../dialect/dialect.js'
import { countOf, fetchPage } from '../paging.js'
import type { Database, Row } from '../schema.js'
import { deleteTags, idsWithTags, loadTags, saveTags } from './tags.js'

function toSecurityGroups(rows: readonly Row<'security_groups'>[], tags: Map<string, SecurityGroup['tags']>): SecurityGroup[] {
  return rows.map((r) => ({
    id: r.id,
    accountId: r.account_id,
    regionId: r.region_id,
    vpcId: r.vpc_id,
    name: r.name,
    description: r.description,
    type: r.type as SecurityGroupType,
    innerAccessPolicy: r.inner_access_policy as InnerAccessPolicy,
    createdAt: r.created_at,
    tags: tags.get(r.id) ?? [],
  }))
}

async function hydrate(db: Kysely<Database>, rows: readonly Row<'security_groups'>[]): Promise<SecurityGroup[]> {
  const tags = await loadTags(
    db,
    'securitygroup',
    rows.map((r) => r.id),
  )
  return toSecurityGroups(rows, tags)
}

/**
 * The account's groups among `ids`, in any region: another account's group, or one that does not
 * exist, is simply absent, and the caller's rule decides what that means.
 */
export async function findSecurityGroups(db: Kysely<Database>, accountId: string, ids: readonly string[]): Promise<SecurityGroup[]> {
  if (ids.length === 0) return []
  const rows = await db.selectFrom('security_groups').selectAll().where('account_id', '=', accountId).where('id', 'in', ids).execute()
  return hydrate(db, rows)
}

/** The identities of the caller's groups among `ids` (missing ones absent), without loading their tags. */
export async function findGroupIdentities(db: Kysely<Database>, accountId: string, ids: readonly string[]): Promise<GroupIdentity[]> {
  if (ids.length === 0) return []
  const rows = await db
    .selectFrom('security_groups')
    .select(['id', 'vpc_id', 'type'])
    .where('account_id', '=', accountId)
    .where('id', 'in', ids)
    .execute()
  return rows.map((r) => ({ id: r.id, vpcId: r.vpc_id, type: r.type as SecurityGroupType }))
}

type Scope = { accountId: string; regionId: string }

function selectGroup(db: Kysely<Database>, scope: Scope, id: string) {
  return db
    .selectFrom('security_groups')
    .selectAll()
    .where('account_id', '=', scope.accountId)
    .where('region_id', '=', scope.regionId)
    .where('id', '=', id)
}

/** One group of the account in the region, for reading. */
export async function getSecurityGroup(db: Kysely<Database>, scope: Scope, id: string): Promise<SecurityGroup | undefined> {
  const row = await selectGroup(db, scope, id).executeTakeFirst()
  return row === undefined ? undefined : (await hydrate(db, [row]))[0]
}

/**
 * One group of the account in the region, row-locked until the transaction ends, so that no
 * membership can be added while it is being deleted and no two joins overfill it.
 */
export async function lockSecurityGroup(
  db: Kysely<Database>,
  dialect: StoreDialect,
  scope: Scope,
  id: string,
): Promise<SecurityGroup | undefined> {
  const row = await dialect.forUpdate(selectGroup(db, scope, id)).executeTakeFirst()
  return row === undefined ? undefined : (await hydrate(db, [row]))[0]
}

export async function insertSecurityGroup(db: Kysely<Database>, group: SecurityGroup): Promise<void> {
  await db
    .insertInto('security_groups')
    .values({
      id: group.id,
      account_id: group.accountId,
      region_id: group.regionId,
      vpc_id: group.vpcId,
      name: group.name,
      description: group.description,
      type: group.type,
      inner_access_policy: group.innerAccessPolicy,
      created_at: group.createdAt,
    })
    .execute()
  await saveTags(db, 'securitygroup', group.id, group.tags)
}

export async function deleteSecurityGroup(db: Kysely<Database>, id: string): Promise<void> {
  await deleteTags(db, 'securitygroup', id)
  await db.deleteFrom('security_groups').where('id', '=', id).execute()
}

export async function countSecurityGroups(db: Kysely<Database>, scope: Scope): Promise<number> {
  const { count } = await db
    .selectFrom('security_groups')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where('account_id', '=', scope.accountId)
    .where('region_id', '=', scope.regionId)
    .executeTakeFirstOrThrow()
  return Number(count)
}

/** ENIs that are members of the group. */
export async function countMembers(db: Kysely<Database>, groupId: string): Promise<number> {
  const { count } = await db
    .selectFrom('eni_security_groups')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where('security_group_id', '=', groupId)
    .executeTakeFirstOrThrow()
  return Number(count)
}

export interface GroupStatistics extends GroupUsage {
  /** Instances whose primary ENI is in the group: the cloud's EcsCount. */
  instances: number
}

/** Member counts of each group, zero for a group without members. */
export async function groupStatistics(db: Kysely<Database>, groupIds: readonly string[]): Promise<Map<string, GroupStatistics>> {
  const stats = new Map<string, GroupStatistics>(groupIds.map((id) => [id, { privateIps: 0, enis: 0, instances: 0 }]))
  if (groupIds.length === 0) return stats
  const [enis, ips] = await Promise.all([
    db
      .selectFrom('eni_security_groups as m')
      .innerJoin('enis', 'enis.id', 'm.eni_id')
      .select((eb) => [
        'm.security_group_id as groupId',
        eb.fn.countAll<number | string>().as('enis'),
        eb.fn
          .count<number | string>(eb.case().when('enis.type', '=', 'Primary').then(eb.ref('enis.instance_id')).end())
          .distinct()
          .as('instances'),
      ])
      .where('m.security_group_id', 'in', groupIds)
      .groupBy('m.security_group_id')
      .execute(),
    db
      .selectFrom('eni_security_groups as m')
      .innerJoin('private_ips', 'private_ips.eni_id', 'm.eni_id')
      .select((eb) => ['m.security_group_id as groupId', eb.fn.countAll<number | string>().as('privateIps')])
      .where('m.security_group_id', 'in', groupIds)
      .groupBy('m.security_group_id')
      .execute(),
  ])
  for (const row of enis) {
    const s = stats.get(row.groupId)
    if (s !== undefined) Object.assign(s, { enis: Number(row.enis), instances: Number(row.instances) })
  }
  for (const row of ips) {
    const s = stats.get(row.groupId)
    if (s !== undefined) s.privateIps = Number(row.privateIps)
  }
  return stats
}

/** Each ENI's groups in the order they were given; an ENI without any maps to an empty list. */
export async function loadEniGroupIds(db: Kysely<Database>, eniIds: readonly string[]): Promise<Map<string, string[]>> {
  const byEni = new Map<string, string[]>(eniIds.map((id) => [id, []]))
  if (eniIds.length === 0) return byEni
  const rows = await db
    .selectFrom('eni_security_groups')
    .select(['eni_id', 'security_group_id'])
    .where('eni_id', 'in', eniIds)
    .orderBy('eni_id')
    .orderBy('position')
    .execute()
  for (const row of rows) byEni.get(row.eni_id)?.push(row.security_group_id)
  return byEni
}

/** Replaces the ENI's memberships; `position` keeps the order the groups were given in. */
export async function setEniGroups(db: Kysely<Database>, eniId: string, groupIds: readonly string[]): Promise<void> {
  await db.deleteFrom('eni_security_groups').where('eni_id', '=', eniId).execute()
  await insertEniGroups(db, eniId, groupIds)
}

/** The group rows of an ENI that has none yet, in request order. */
export async function insertEniGroups(db: Kysely<Database>, eniId: string, groupIds: readonly string[]): Promise<void> {
  if (groupIds.length === 0) return
  await db
    .insertInto('eni_security_groups')
    .values(groupIds.map((id, position) => ({ eni_id: eniId, security_group_id: id, position })))
    .execute()
}

export async function countPrivateIps(db: Kysely<Database>, eniId: string): Promise<number> {
  const { count } = await db
    .selectFrom('private_ips')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where('eni_id', '=', eniId)
    .executeTakeFirstOrThrow()
  return Number(count)
}

/**
 * The ENI a Join/LeaveSecurityGroup request names, row-locked with its instance (instance first,
 * the order attach and detach lock them in), so its status and groups cannot change underneath.
 * Undefined when the account has no such instance, or no such ENI, in the region asked.
 */
export async function lockMembershipTarget(
  db: Kysely<Database>,
  dialect: StoreDialect,
  accountId: string,
  ref: TargetRef,
): Promise<MembershipTarget | undefined> {
  let instance: MembershipTarget['instance'] = null
  let eniQuery = db.selectFrom('enis').select(['id', 'region_id', 'vpc_id', 'status']).where('account_id', '=', accountId)
  if (ref.kind === 'instance') {
    let instanceQuery = db
      .selectFrom('instances')
      .select(['id', 'status'])
      .where('account_id', '=', accountId)
      .where('id', '=', ref.instanceId)
    if (ref.regionId !== undefined) instanceQuery = instanceQuery.where('region_id', '=', ref.regionId)
    const row = await dialect.forUpdate(instanceQuery).executeTakeFirst()
    if (row === undefined) return undefined
    instance = { id: row.id, status: row.status as InstanceStatus }
    eniQuery = eniQuery.where('instance_id', '=', row.id).where('type', '=', 'Primary')
  } else {
    eniQuery = eniQuery.where('id', '=', ref.eniId).where('region_id', '=', ref.regionId)
  }
  const eni = await dialect.forUpdate(eniQuery).executeTakeFirst()
  if (eni === undefined) return undefined
  return { eniId: eni.id, regionId: eni.region_id, vpcId: eni.vpc_id, eniStatus: eni.status as EniStatus, instance }
}

export interface SecurityGroupFilter {
  accountId: string
  regionId: string
  ids?: readonly string[] | undefined
  vpcId?: string | undefined
  name?: string | undefined
  type?: SecurityGroupType | undefined
  tags?: readonly TagFilter[] | undefined
}

/** A page of the groups matching every filter given, in creation order (spec §3.4). */
export async function listSecurityGroups(
  db: Kysely<Database>,
  filter: SecurityGroupFilter,
  page: PageRequest,
): Promise<Page<SecurityGroup>> {
  let query = db.selectFrom('security_groups').where('account_id', '=', filter.accountId).where('region_id', '=', filter.regionId)
  // An empty list of ids matches nothing; SQL has no empty `in ()`.
  if (filter.ids !== undefined) query = filter.ids.length > 0 ? query.where('id', 'in', filter.ids) : query.where(sql<boolean>`1 = 0`)
  if (filter.vpcId !== undefined) query = query.where('vpc_id', '=', filter.vpcId)
  if (filter.name !== undefined) query = query.where('name', '=', filter.name)
  if (filter.type !== undefined) query = query.where('type', '=', filter.type)
  if (filter.tags !== undefined && filter.tags.length > 0) {
    query = query.where('id', 'in', idsWithTags(db, 'securitygroup', filter.tags))
  }
  const found = await fetchPage(query.selectAll(), { createdAt: 'created_at', id: 'id' }, page, countOf(query))
  return { ...found, items: await hydrate(db, found.items) }
}

// Security group rules.
export async function setInnerAccessPolicy(db: Kysely<Database>, id: string, policy: InnerAccessPolicy): Promise<void> {
  await db.updateTable('security_groups').set({ inner_access_policy: policy }).where('id', '=', id).execute()
}
