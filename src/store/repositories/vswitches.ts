import type { Kysely } from 'kysely'
import type { Page, PageRequest } from '../../domain/paging.js'
import type { TagFilter } from '../../domain/tags.js'
import type { VSwitchUsers } from '../../domain/vpc/delete-vswitch.js'
import type { NetworkStatus, VSwitch } from '../../domain/vpc/vpc.js'
import type { Unit } from '../../service/mutate.js'
import { countOf, fetchPage } from '../paging.js'
import type { Database, Row } from '../schema.js'
import { deleteTags, idsWithTags, loadTags, saveTags } from './tags.js'

/**
 * The caller's vSwitch `id`, locked until the transaction ends, or undefined. Address allocation
 * locks it first, so two requests never pick addresses from one vSwitch at once (the private_ips
 * key would refuse the loser anyway), and DeleteVSwitch cannot race an ENI being created in it.
 */
export async function lockVSwitch(u: Unit, id: string): Promise<LockedVSwitch | undefined> {
  const row = await u.dialect
    .forUpdate(u.tx.selectFrom('vswitches').selectAll().where('account_id', '=', u.caller.accountId).where('id', '=', id))
    .executeTakeFirst()
  return row === undefined ? undefined : { ...toVSwitchFields(row), allocHint: Number(row.alloc_hint) }
}

/** A vSwitch as a change inside it sees it: no tags (nothing there reads them), with its allocation hint. */
export type LockedVSwitch = Omit<VSwitch, 'tags'> & { allocHint: number }

/** The CIDR blocks of every vSwitch of the VPC: the siblings a new block must avoid, and their count. */
export async function vSwitchCidrsOf(db: Kysely<Database>, vpcId: string): Promise<string[]> {
  const rows = await db.selectFrom('vswitches').select('cidr_block').where('vpc_id', '=', vpcId).execute()
  return rows.map((r) => r.cidr_block)
}

/** What still uses the vSwitch, in one round trip. */
export async function countVSwitchUsers(db: Kysely<Database>, id: string): Promise<VSwitchUsers> {
  const row = await db
    .selectNoFrom((eb) => [
      eb.selectFrom('instances').select(eb.fn.countAll<number>().as('n')).where('vswitch_id', '=', id).as('instances'),
      eb.selectFrom('enis').select(eb.fn.countAll<number>().as('n')).where('vswitch_id', '=', id).as('enis'),
    ])
    .executeTakeFirstOrThrow()
  return { instances: Number(row.instances), networkInterfaces: Number(row.enis) }
}

/** `allocHint` is where the first address search starts: the first usable address of a new vSwitch. */
export async function insertVSwitch(db: Kysely<Database>, vSwitch: VSwitch, allocHint: number): Promise<void> {
  await db
    .insertInto('vswitches')
    .values({
      id: vSwitch.id,
      account_id: vSwitch.accountId,
      region_id: vSwitch.regionId,
      vpc_id: vSwitch.vpcId,
      zone_id: vSwitch.zoneId,
      cidr_block: vSwitch.cidrBlock,
      name: vSwitch.name,
      description: vSwitch.description,
      status: vSwitch.status,
      alloc_hint: allocHint,
      created_at: vSwitch.createdAt,
    })
    .execute()
  await saveTags(db, 'vswitch', vSwitch.id, vSwitch.tags)
}

export async function removeVSwitch(db: Kysely<Database>, id: string): Promise<void> {
  await deleteTags(db, 'vswitch', id)
  await db.deleteFrom('vswitches').where('id', '=', id).execute()
}

/** The vSwitch IDs of each VPC, in creation order, for DescribeVpcs' VSwitchIds. */
export async function vSwitchIdsByVpc(db: Kysely<Database>, vpcIds: readonly string[]): Promise<Map<string, string[]>> {
  const byVpc = new Map<string, string[]>(vpcIds.map((id) => [id, []]))
  if (vpcIds.length === 0) return byVpc
  const rows = await db
    .selectFrom('vswitches')
    .select(['id', 'vpc_id'])
    .where('vpc_id', 'in', vpcIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  for (const row of rows) byVpc.get(row.vpc_id)?.push(row.id)
  return byVpc
}

/** How many addresses each vSwitch holds: one grouped count for a whole page of vSwitches. */
export async function countHeldAddresses(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, number>> {
  const held = new Map<string, number>(ids.map((id) => [id, 0]))
  if (ids.length === 0) return held
  const rows = await db
    .selectFrom('private_ips')
    .select(['vswitch_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('vswitch_id', 'in', ids)
    .groupBy('vswitch_id')
    .execute()
  for (const row of rows) held.set(row.vswitch_id, Number(row.n))
  return held
}

export interface VSwitchFilter {
  regionId?: string | undefined
  vpcId?: string | undefined
  id?: string | undefined
  /** Matches the zone's own vSwitches and the regional ones, which serve every zone. */
  zoneId?: string | undefined
  name?: string | undefined
  tags?: readonly TagFilter[] | undefined
}

/** A listed vSwitch with the system route table it is bound to, its VPC's (spec §6.4). */
export type ListedVSwitch = VSwitch & { routeTableId: string }

/** One page of the account's vSwitches matching every filter given, in (creation time, id) order. */
export async function listVSwitches(
  db: Kysely<Database>,
  accountId: string,
  filter: VSwitchFilter,
  page: PageRequest,
): Promise<Page<ListedVSwitch>> {
  const matching = () => {
    let q = db.selectFrom('vswitches').where('vswitches.account_id', '=', accountId)
    if (filter.regionId !== undefined) q = q.where('vswitches.region_id', '=', filter.regionId)
    if (filter.vpcId !== undefined) q = q.where('vswitches.vpc_id', '=', filter.vpcId)
    if (filter.id !== undefined) q = q.where('vswitches.id', '=', filter.id)
    if (filter.zoneId !== undefined) {
      const zoneId = filter.zoneId
      q = q.where((eb) => eb.or([eb('vswitches.zone_id', '=', zoneId), eb('vswitches.zone_id', 'is', null)]))
    }
    if (filter.name !== undefined) q = q.where('vswitches.name', '=', filter.name)
    if (filter.tags !== undefined && filter.tags.length > 0) {
      q = q.where('vswitches.id', 'in', idsWithTags(db, 'vswitch', filter.tags))
    }
    return q
  }
  const rows = matching()
    .innerJoin('vpcs', 'vpcs.id', 'vswitches.vpc_id')
    .selectAll('vswitches')
    .select('vpcs.route_table_id')
  const found = await fetchPage(rows, { createdAt: 'vswitches.created_at', id: 'vswitches.id' }, page, countOf(matching()))
  const routeTables = new Map(found.items.map((row) => [row.id, row.route_table_id]))
  const vSwitches = await toVSwitches(db, found.items)
  return { ...found, items: vSwitches.map((v) => ({ ...v, routeTableId: routeTables.get(v.id) ?? '' })) }
}

async function toVSwitches(db: Kysely<Database>, rows: readonly Row<'vswitches'>[]): Promise<VSwitch[]> {
  const tags = await loadTags(
    db,
    'vswitch',
    rows.map((r) => r.id),
  )
  return rows.map((row) => ({ ...toVSwitchFields(row), tags: tags.get(row.id) ?? [] }))
}

function toVSwitchFields(row: Row<'vswitches'>): Omit<VSwitch, 'tags'> {
  return {
    id: row.id,
    accountId: row.account_id,
    regionId: row.region_id,
    vpcId: row.vpc_id,
    zoneId: row.zone_id,
    cidrBlock: row.cidr_block,
    name: row.name,
    description: row.description,
    status: row.status as NetworkStatus,
    createdAt: row.created_at,
  }
}
