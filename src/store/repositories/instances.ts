import { sql, type Kysely } from 'kysely'
import type { Instance, InstanceStatus } from '../../domain/instance/instance.js'
import type { Page, PageRequest } from '../../domain/paging.js'
import type { TagFilter } from '../../domain/tags.js'
import type { Unit } from '../../service/mutate.js'
import { countOf, fetchPage } from '../paging.js'
import type { Database, Row } from '../schema.js'
import { deleteTags, idsWithTags, loadTags, saveTags } from './tags.js'

async function toInstances(db: Kysely<Database>, rows: readonly Row<'instances'>[]): Promise<Instance[]> {
  const tags = await loadTags(
    db,
    'instance',
    rows.map((r) => r.id),
  )
  return rows.map((r) => ({
    id: r.id,
    accountId: r.account_id,
    regionId: r.region_id,
    zoneId: r.zone_id,
    hostId: r.host_id,
    instanceType: r.instance_type,
    ioOptimized: r.io_optimized === 1,
    name: r.name,
    hostName: r.host_name,
    description: r.description,
    imageId: r.image_id,
    status: r.status as InstanceStatus,
    vpcId: r.vpc_id,
    vSwitchId: r.vswitch_id,
    deletionProtection: r.deletion_protection === 1,
    createdAt: r.created_at,
    startedAt: r.started_at,
    tags: tags.get(r.id) ?? [],
  }))
}

/** Writes a new instance with its tags. Its ENIs reference the row, so it goes in first. */
export async function insertInstance(db: Kysely<Database>, instance: Instance): Promise<void> {
  await db
    .insertInto('instances')
    .values({
      id: instance.id,
      account_id: instance.accountId,
      region_id: instance.regionId,
      zone_id: instance.zoneId,
      host_id: instance.hostId,
      instance_type: instance.instanceType,
      io_optimized: instance.ioOptimized ? 1 : 0,
      name: instance.name,
      host_name: instance.hostName,
      description: instance.description,
      image_id: instance.imageId,
      status: instance.status,
      vpc_id: instance.vpcId,
      vswitch_id: instance.vSwitchId,
      deletion_protection: instance.deletionProtection ? 1 : 0,
      created_at: instance.createdAt,
      started_at: instance.startedAt,
    })
    .execute()
  await saveTags(db, 'instance', instance.id, instance.tags)
}

/**
 * The caller's instance, its row locked until the transaction ends, or undefined. An instance ID
 * names one instance in whatever region it runs (the power actions and DeleteInstance carry no
 * RegionId, spec §1.1); another account's instance does not exist for the caller.
 */
export async function lockInstance(u: Unit, id: string): Promise<Instance | undefined> {
  const row = await u.dialect
    .forUpdate(u.tx.selectFrom('instances').selectAll().where('account_id', '=', u.caller.accountId).where('id', '=', id))
    .executeTakeFirst()
  return row === undefined ? undefined : (await toInstances(u.tx, [row]))[0]
}

export async function setInstanceStatus(db: Kysely<Database>, id: string, status: InstanceStatus): Promise<void> {
  await db.updateTable('instances').set({ status }).where('id', '=', id).execute()
}

/** Removes the instance and its tags; its ENIs must already be released (they reference the row). */
export async function removeInstance(db: Kysely<Database>, id: string): Promise<void> {
  await deleteTags(db, 'instance', id)
  await db.deleteFrom('instances').where('id', '=', id).execute()
}

/** DescribeInstances' filters (spec §5.12), all ANDed; values inside one list are ORed. */
export interface InstanceFilter {
  accountId: string
  regionId: string
  ids?: readonly string[]
  vpcId?: string
  vSwitchId?: string
  zoneId?: string
  /** A group of the instance's primary ENI, which holds the instance's groups (spec §7). */
  securityGroupId?: string
  /** The instance types to match, e.g. those of one family; an empty list matches nothing. */
  instanceTypes?: readonly string[]
  /** `*` stands for any run of characters; compared without regard to ASCII case. */
  name?: string
  status?: InstanceStatus
  imageId?: string
  ioOptimized?: boolean
  /** Primary addresses of primary ENIs (the instance's `VpcAttributes.PrivateIpAddress`). */
  privateIpAddresses?: readonly number[]
  /** Public addresses of EIPs on the primary ENI's primary address (the instance's `EipAddress`). */
  eipAddresses?: readonly number[]
  tags?: readonly TagFilter[]
  /** ISO timestamps bounding the creation time, inclusive. */
  createdFrom?: string
  createdTo?: string
  /** A filter no instance can meet, such as InstanceNetworkType=classic. */
  matchesNone?: boolean
}

/** One page of the filtered instances in the stable (creation time, id) order, filtered in SQL. */
export async function listInstances(db: Kysely<Database>, filter: InstanceFilter, page: PageRequest): Promise<Page<Instance>> {
  const matching = filtered(db, filter)
  const rows = await fetchPage(
    matching.selectAll('instances'),
    { createdAt: 'instances.created_at', id: 'instances.id' },
    page,
    countOf(matching),
  )
  return { ...rows, items: await toInstances(db, rows.items) }
}

function filtered(db: Kysely<Database>, f: InstanceFilter) {
  let q = db.selectFrom('instances').where('instances.account_id', '=', f.accountId).where('instances.region_id', '=', f.regionId)
  if (f.ids !== undefined && f.ids.length > 0) q = q.where('instances.id', 'in', [...f.ids])
  if (f.vpcId !== undefined) q = q.where('instances.vpc_id', '=', f.vpcId)
  if (f.vSwitchId !== undefined) q = q.where('instances.vswitch_id', '=', f.vSwitchId)
  if (f.zoneId !== undefined) q = q.where('instances.zone_id', '=', f.zoneId)
  if (f.status !== undefined) q = q.where('instances.status', '=', f.status)
  if (f.imageId !== undefined) q = q.where('instances.image_id', '=', f.imageId)
  if (f.ioOptimized !== undefined) q = q.where('instances.io_optimized', '=', f.ioOptimized ? 1 : 0)
  if (f.createdFrom !== undefined) q = q.where('instances.created_at', '>=', f.createdFrom)
  if (f.createdTo !== undefined) q = q.where('instances.created_at', '<=', f.createdTo)
  // `in ()` is not SQL: an empty list of types to match is a filter no instance meets.
  if (f.matchesNone === true || f.instanceTypes?.length === 0) q = q.where(sql<boolean>`1 = 0`)
  else if (f.instanceTypes !== undefined) q = q.where('instances.instance_type', 'in', [...f.instanceTypes])
  if (f.name !== undefined) {
    // LIKE folds ASCII case in SQLite but not in PostgreSQL; lower() on both sides makes them agree.
    q = q.where(sql<boolean>`lower(${sql.ref('instances.name')}) like lower(${likePattern(f.name)}) escape ${sql.lit('\\')}`)
  }
  const { securityGroupId, privateIpAddresses, tags } = f
  if (securityGroupId !== undefined) {
    const withGroup = primaryEnis(db)
      .innerJoin('eni_security_groups', 'eni_security_groups.eni_id', 'enis.id')
      .where('eni_security_groups.security_group_id', '=', securityGroupId)
    q = q.where('instances.id', 'in', withGroup)
  }
  if (privateIpAddresses !== undefined && privateIpAddresses.length > 0) {
    const withAddress = primaryEnis(db)
      .innerJoin('private_ips', 'private_ips.eni_id', 'enis.id')
      .where('private_ips.is_primary', '=', 1)
      .where('private_ips.address', 'in', [...privateIpAddresses])
    q = q.where('instances.id', 'in', withAddress)
  }
  if (tags !== undefined && tags.length > 0) q = q.where('instances.id', 'in', idsWithTags(db, 'instance', tags))
  const { eipAddresses } = f
  if (eipAddresses !== undefined && eipAddresses.length > 0) {
    const withEip = primaryEnis(db)
      .innerJoin('private_ips', 'private_ips.eni_id', 'enis.id')
      .innerJoin('eips', (join) => join.onRef('eips.eni_id', '=', 'enis.id').onRef('eips.private_address', '=', 'private_ips.address'))
      .where('private_ips.is_primary', '=', 1)
      .where('eips.address', 'in', [...eipAddresses])
    q = q.where('instances.id', 'in', withEip)
  }
  return q
}

/** The instances' primary ENIs, which hold the instance-level groups and address (spec §7). */
function primaryEnis(db: Kysely<Database>) {
  return db.selectFrom('enis').select('enis.instance_id').where('enis.type', '=', 'Primary')
}

/** The API's `*` wildcard as a LIKE pattern, with LIKE's own wildcards and escape taken literally. */
function likePattern(wildcard: string): string {
  return wildcard.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\*/g, '%')
}

/** For the agent endpoint, across accounts: every instance placed on the host. */
export async function findInstancesOnHost(db: Kysely<Database>, hostId: string, ids?: readonly string[]): Promise<Instance[]> {
  if (ids !== undefined && ids.length === 0) return []
  let query = db.selectFrom('instances').selectAll().where('host_id', '=', hostId)
  if (ids !== undefined) query = query.where('id', 'in', [...ids])
  const rows = await query.orderBy('id').execute()
  return toInstances(db, rows)
}
