import { sql, type Kysely } from 'kysely'
import type { Eni, EniStatus, EniType } from '../../domain/eni/eni.js'
import { parseIpv4 } from '../../domain/ipam/ipv4.js'
import type { Page, PageRequest } from '../../domain/paging.js'
import type { TagFilter } from '../../domain/tags.js'
import type { Unit } from '../../service/mutate.js'
import { countOf, fetchPage } from '../paging.js'
import type { Database, Row, RowUpdate } from '../schema.js'
import { insertPrivateIps, loadPrivateIps } from './private-ips.js'
import { insertEniGroups, loadEniGroupIds } from './security-groups.js'
import { deleteTags, idsWithTags, loadTags, saveTags } from './tags.js'

/** An ENI row with the zone of its vSwitch, which is the ENI's zone (spec §7). */
type EniRow = Row<'enis'> & { zone_id: string | null }

function selectEnis(db: Kysely<Database>) {
  return db
    .selectFrom('enis')
    .innerJoin('vswitches', 'vswitches.id', 'enis.vswitch_id')
    .selectAll('enis')
    .select('vswitches.zone_id as zone_id')
}

/** Maps rows to entities with one query each for addresses, groups and tags, keeping the rows' order. */
async function toEnis(db: Kysely<Database>, rows: readonly EniRow[]): Promise<Eni[]> {
  const ids = rows.map((r) => r.id)
  const ips = await loadPrivateIps(db, ids)
  const groups = await loadEniGroupIds(db, ids)
  const tags = await loadTags(db, 'eni', ids)
  return rows.map((r) => ({
    id: r.id,
    accountId: r.account_id,
    regionId: r.region_id,
    vpcId: r.vpc_id,
    vSwitchId: r.vswitch_id,
    zoneId: r.zone_id,
    type: r.type as EniType,
    status: r.status as EniStatus,
    instanceId: r.instance_id,
    deviceIndex: r.device_index,
    mac: r.mac,
    name: r.name,
    description: r.description,
    queueNumber: r.queue_number,
    deleteOnRelease: r.delete_on_release === 1,
    sourceDestCheck: r.source_dest_check === 1,
    resourceGroupId: r.resource_group_id,
    createdAt: r.created_at,
    securityGroupIds: groups.get(r.id) ?? [],
    privateIps: ips.get(r.id) ?? [],
    tags: tags.get(r.id) ?? [],
  }))
}

/**
 * The caller's ENI in `regionId` (undefined: in any region), or undefined: another account's or
 * region's ENI does not exist here.
 */
export async function findEni(db: Kysely<Database>, accountId: string, regionId: string | undefined, id: string): Promise<Eni | undefined> {
  let query = selectEnis(db).where('enis.account_id', '=', accountId).where('enis.id', '=', id)
  if (regionId !== undefined) query = query.where('enis.region_id', '=', regionId)
  const row = await query.executeTakeFirst()
  return row === undefined ? undefined : (await toEnis(db, [row]))[0]
}

/**
 * The caller's ENI, its row locked until the transaction ends, or undefined. Only the `enis` row is
 * locked (not the joined vSwitch), so ENIs of one vSwitch do not queue behind each other.
 */
export async function lockEni(u: Unit, regionId: string | undefined, id: string): Promise<Eni | undefined> {
  if (!u.dialect.locksRows) return findEni(u.tx, u.caller.accountId, regionId, id)
  let query = u.tx.selectFrom('enis').select('id').where('account_id', '=', u.caller.accountId).where('id', '=', id)
  if (regionId !== undefined) query = query.where('region_id', '=', regionId)
  const locked = await u.dialect.forUpdate(query).executeTakeFirst()
  return locked === undefined ? undefined : findEni(u.tx, u.caller.accountId, regionId, id)
}

/**
 * Just what decides whether the caller's ENI may go (id, region, type, status), its row locked:
 * a delete needs no addresses, groups or tags to decide, only to remove.
 */
export async function lockEniState(
  u: Unit,
  regionId: string,
  id: string,
): Promise<Pick<Eni, 'id' | 'regionId' | 'type' | 'status'> | undefined> {
  const row = await u.dialect
    .forUpdate(
      u.tx
        .selectFrom('enis')
        .select(['id', 'region_id', 'type', 'status'])
        .where('account_id', '=', u.caller.accountId)
        .where('region_id', '=', regionId)
        .where('id', '=', id),
    )
    .executeTakeFirst()
  return row === undefined ? undefined : { id: row.id, regionId: row.region_id, type: row.type as EniType, status: row.status as EniStatus }
}

/** The ENIs on the given instances (attached or in transit), by instance and device index. */
export async function findEnisOfInstances(db: Kysely<Database>, accountId: string, instanceIds: readonly string[]): Promise<Eni[]> {
  if (instanceIds.length === 0) return []
  const rows = await selectEnis(db)
    .where('enis.account_id', '=', accountId)
    .where('enis.instance_id', 'in', instanceIds)
    .orderBy('enis.instance_id')
    .orderBy('enis.device_index')
    .execute()
  return toEnis(db, rows)
}

/** Locks the ENI rows of an instance, for a change that moves them all (DeleteInstance). */
export async function lockEnisOfInstance(u: Unit, instanceId: string): Promise<Eni[]> {
  if (u.dialect.locksRows) {
    await u.dialect
      .forUpdate(u.tx.selectFrom('enis').select('id').where('account_id', '=', u.caller.accountId).where('instance_id', '=', instanceId))
      .execute()
  }
  return findEnisOfInstances(u.tx, u.caller.accountId, [instanceId])
}

export async function countSecondaryEnis(db: Kysely<Database>, accountId: string, regionId: string): Promise<number> {
  const { n } = await db
    .selectFrom('enis')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .where('region_id', '=', regionId)
    .where('type', '=', 'Secondary')
    .executeTakeFirstOrThrow()
  return Number(n)
}

/** Whether any ENI, of any account, has this MAC (MACs are unique across the deployment). */
export async function isMacTaken(db: Kysely<Database>, mac: string): Promise<boolean> {
  const row = await db.selectFrom('enis').select('id').where('mac', '=', mac).executeTakeFirst()
  return row !== undefined
}

/** Writes a new ENI with its addresses, groups and tags. */
export async function insertEni(db: Kysely<Database>, eni: Eni): Promise<void> {
  await db
    .insertInto('enis')
    .values({
      id: eni.id,
      account_id: eni.accountId,
      region_id: eni.regionId,
      vpc_id: eni.vpcId,
      vswitch_id: eni.vSwitchId,
      type: eni.type,
      status: eni.status,
      instance_id: eni.instanceId,
      device_index: eni.deviceIndex,
      mac: eni.mac,
      name: eni.name,
      description: eni.description,
      queue_number: eni.queueNumber,
      delete_on_release: eni.deleteOnRelease ? 1 : 0,
      source_dest_check: eni.sourceDestCheck ? 1 : 0,
      resource_group_id: eni.resourceGroupId,
      created_at: eni.createdAt,
    })
    .execute()
  await insertPrivateIps(
    db,
    eni.vSwitchId,
    eni.id,
    eni.privateIps.map((ip) => ({ address: parseIpv4(ip.address), primary: ip.primary })),
  )
  await insertEniGroups(db, eni.id, eni.securityGroupIds)
  await saveTags(db, 'eni', eni.id, eni.tags)
}

export type EniChange = Partial<
  Pick<Eni, 'status' | 'instanceId' | 'deviceIndex' | 'name' | 'description' | 'queueNumber' | 'deleteOnRelease' | 'sourceDestCheck'>
>

export async function updateEni(db: Kysely<Database>, id: string, change: EniChange): Promise<void> {
  const set: RowUpdate<'enis'> = {}
  if (change.status !== undefined) set.status = change.status
  if (change.instanceId !== undefined) set.instance_id = change.instanceId
  if (change.deviceIndex !== undefined) set.device_index = change.deviceIndex
  if (change.name !== undefined) set.name = change.name
  if (change.description !== undefined) set.description = change.description
  if (change.queueNumber !== undefined) set.queue_number = change.queueNumber
  if (change.deleteOnRelease !== undefined) set.delete_on_release = change.deleteOnRelease ? 1 : 0
  if (change.sourceDestCheck !== undefined) set.source_dest_check = change.sourceDestCheck ? 1 : 0
  if (Object.keys(set).length === 0) return
  await db.updateTable('enis').set(set).where('id', '=', id).execute()
}

/** Removes the ENI and everything it holds: its addresses return to the vSwitch, it leaves its groups. */
export async function deleteEni(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('private_ips').where('eni_id', '=', id).execute()
  await db.deleteFrom('eni_security_groups').where('eni_id', '=', id).execute()
  await deleteTags(db, 'eni', id)
  await db.deleteFrom('enis').where('id', '=', id).execute()
}

/** DescribeNetworkInterfaces' filters (spec §5.3), all ANDed; values inside one list are ORed. */
export interface EniFilter {
  accountId: string
  regionId: string
  ids?: readonly string[]
  vpcId?: string
  vSwitchId?: string
  instanceId?: string
  type?: EniType
  status?: EniStatus
  name?: string
  resourceGroupId?: string
  primaryIpAddress?: number
  /** Matches secondary addresses only. */
  secondaryIpAddresses?: readonly number[]
  /** Matches secondary ENIs only: a primary ENI's groups are the instance's (DescribeInstances). */
  securityGroupId?: string
  tags?: readonly TagFilter[]
  /** A filter no ENI can meet (ServiceManaged=true, IPv6 addresses): OpenENI has neither. */
  unsatisfiable?: boolean
}

/** One page of the filtered ENIs in the stable (creation time, id) order, filtered in SQL. */
export async function listEnis(db: Kysely<Database>, filter: EniFilter, page: PageRequest): Promise<Page<Eni>> {
  const matching = filtered(db, filter)
  const rows = await fetchPage(
    matching.innerJoin('vswitches', 'vswitches.id', 'enis.vswitch_id').selectAll('enis').select('vswitches.zone_id as zone_id'),
    { createdAt: 'enis.created_at', id: 'enis.id' },
    page,
    countOf(matching),
  )
  return { ...rows, items: await toEnis(db, rows.items) }
}

function filtered(db: Kysely<Database>, f: EniFilter) {
  let q = db.selectFrom('enis').where('enis.account_id', '=', f.accountId).where('enis.region_id', '=', f.regionId)
  if (f.unsatisfiable) q = q.where(sql<boolean>`1 = 0`)
  if (f.ids !== undefined && f.ids.length > 0) q = q.where('enis.id', 'in', [...f.ids])
  if (f.vpcId !== undefined) q = q.where('enis.vpc_id', '=', f.vpcId)
  if (f.vSwitchId !== undefined) q = q.where('enis.vswitch_id', '=', f.vSwitchId)
  if (f.instanceId !== undefined) q = q.where('enis.instance_id', '=', f.instanceId)
  if (f.type !== undefined) q = q.where('enis.type', '=', f.type)
  if (f.status !== undefined) q = q.where('enis.status', '=', f.status)
  if (f.name !== undefined) q = q.where('enis.name', '=', f.name)
  if (f.resourceGroupId !== undefined) q = q.where('enis.resource_group_id', '=', f.resourceGroupId)
  const { primaryIpAddress, secondaryIpAddresses, securityGroupId, tags } = f
  // An address names at most a few rows of private_ips (one per vSwitch holding it), so these
  // filters select those ENIs first instead of testing every ENI of the account.
  if (primaryIpAddress !== undefined) {
    q = q.where('enis.id', 'in', heldBy(db, [primaryIpAddress], 1))
  }
  if (secondaryIpAddresses !== undefined && secondaryIpAddresses.length > 0) {
    q = q.where('enis.id', 'in', heldBy(db, secondaryIpAddresses, 0))
  }
  if (securityGroupId !== undefined) {
    q = q
      .where('enis.type', '=', 'Secondary')
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('eni_security_groups')
            .select('eni_security_groups.eni_id')
            .whereRef('eni_security_groups.eni_id', '=', 'enis.id')
            .where('eni_security_groups.security_group_id', '=', securityGroupId),
        ),
      )
  }
  if (tags !== undefined && tags.length > 0) q = q.where('enis.id', 'in', idsWithTags(db, 'eni', tags))
  return q
}

function heldBy(db: Kysely<Database>, addresses: readonly number[], isPrimary: number) {
  return db.selectFrom('private_ips').select('eni_id').where('address', 'in', [...addresses]).where('is_primary', '=', isPrimary)
}

/**
 * For the agent endpoint, across accounts: the ENIs on instances of `hostIds` (any status), each
 * with the host it is on (or those of `vpcIds`, of `instanceIds`, or among `eniIds`, when on a
 * host). The host's own view comes from this, and so do the ENIs it tunnels to.
 */
export async function findEnisOnHosts(
  db: Kysely<Database>,
  where:
    | { hostIds: readonly string[] }
    | { vpcIds: readonly string[]; exceptHostId?: string }
    | { instanceIds: readonly string[] }
    | { eniIds: readonly string[] },
): Promise<(Eni & { hostId: string })[]> {
  const [column, ids] =
    'hostIds' in where
      ? (['instances.host_id', where.hostIds] as const)
      : 'vpcIds' in where
        ? (['enis.vpc_id', where.vpcIds] as const)
        : 'instanceIds' in where
          ? (['enis.instance_id', where.instanceIds] as const)
          : (['enis.id', where.eniIds] as const)
  if (ids.length === 0) return []
  let query = selectEnis(db)
    .innerJoin('instances', 'instances.id', 'enis.instance_id')
    .select('instances.host_id as host_id')
    .where('instances.host_id', 'is not', null)
    .where(column, 'in', [...ids])
  if ('exceptHostId' in where && where.exceptHostId !== undefined) query = query.where('instances.host_id', '<>', where.exceptHostId)
  const rows = await query.orderBy('enis.id').execute()
  const enis = await toEnis(db, rows)
  return enis.map((eni, i) => ({ ...eni, hostId: rows[i]?.host_id ?? '' }))
}
