import type { Kysely } from 'kysely'
import type { Page, PageRequest } from '../../domain/paging.js'
import type { TagFilter } from '../../domain/tags.js'
import type { VpcContents } from '../../domain/vpc/delete-vpc.js'
import type { NetworkStatus, Vpc } from '../../domain/vpc/vpc.js'
import type { Unit } from '../../service/mutate.js'
import { countOf, fetchPage } from '../paging.js'
import type { Database, Row } from '../schema.js'
import { lockAccountRow } from './accounts.js'
import { deleteTags, idsWithTags, loadTags, saveTags } from './tags.js'

/**
 * The caller's VPC `id`, locked until the transaction ends, or undefined. Lock it before deciding
 * anything that depends on what the VPC holds (its vSwitches, groups, instances, ENIs), so a
 * concurrent create inside it and a delete of it cannot both succeed.
 */
export async function lockVpc(u: Unit, id: string): Promise<Vpc | undefined> {
  const row = await u.dialect
    .forUpdate(u.tx.selectFrom('vpcs').selectAll().where('account_id', '=', u.caller.accountId).where('id', '=', id))
    .executeTakeFirst()
  return row === undefined ? undefined : (await toVpcs(u.tx, [row]))[0]
}

/**
 * How many VPCs the caller has in the region, counted after locking the caller's account row: two
 * CreateVpc requests of one account then count one after the other, so the quota holds exactly.
 */
export async function countVpcsForQuota(u: Unit, regionId: string): Promise<number> {
  await lockAccountRow(u)
  const { n } = await u.tx
    .selectFrom('vpcs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', u.caller.accountId)
    .where('region_id', '=', regionId)
    .executeTakeFirstOrThrow()
  return Number(n)
}

/** What still sits in the VPC, one count per kind, in one round trip. */
export async function countVpcContents(db: Kysely<Database>, vpcId: string): Promise<VpcContents> {
  const row = await db
    .selectNoFrom((eb) => [
      eb.selectFrom('instances').select(eb.fn.countAll<number>().as('n')).where('vpc_id', '=', vpcId).as('instances'),
      eb.selectFrom('enis').select(eb.fn.countAll<number>().as('n')).where('vpc_id', '=', vpcId).as('enis'),
      eb.selectFrom('security_groups').select(eb.fn.countAll<number>().as('n')).where('vpc_id', '=', vpcId).as('groups'),
      eb.selectFrom('vswitches').select(eb.fn.countAll<number>().as('n')).where('vpc_id', '=', vpcId).as('vswitches'),
      eb
        .selectFrom('route_entries')
        .select(eb.fn.countAll<number>().as('n'))
        .where('vpc_id', '=', vpcId)
        .where('type', '=', 'Custom')
        .as('routes'),
    ])
    .executeTakeFirstOrThrow()
  return {
    instances: Number(row.instances),
    networkInterfaces: Number(row.enis),
    securityGroups: Number(row.groups),
    vSwitches: Number(row.vswitches),
    customRouteEntries: Number(row.routes),
  }
}

export async function insertVpc(db: Kysely<Database>, vpc: Vpc): Promise<void> {
  await db
    .insertInto('vpcs')
    .values({
      id: vpc.id,
      account_id: vpc.accountId,
      region_id: vpc.regionId,
      cidr_block: vpc.cidrBlock,
      user_cidrs: JSON.stringify(vpc.userCidrs),
      name: vpc.name,
      description: vpc.description,
      status: vpc.status,
      vrouter_id: vpc.vRouterId,
      route_table_id: vpc.routeTableId,
      is_default: vpc.isDefault ? 1 : 0,
      created_at: vpc.createdAt,
    })
    .execute()
  await saveTags(db, 'vpc', vpc.id, vpc.tags)
}

export async function removeVpc(db: Kysely<Database>, id: string): Promise<void> {
  await deleteTags(db, 'vpc', id)
  await db.deleteFrom('vpcs').where('id', '=', id).execute()
}

export interface VpcFilter {
  regionId: string
  ids?: readonly string[] | undefined
  name?: string | undefined
  isDefault?: boolean | undefined
  tags?: readonly TagFilter[] | undefined
}

/** One page of the account's VPCs matching every filter given, in (creation time, id) order. */
export async function listVpcs(db: Kysely<Database>, accountId: string, filter: VpcFilter, page: PageRequest): Promise<Page<Vpc>> {
  const matching = () => {
    let q = db.selectFrom('vpcs').where('account_id', '=', accountId).where('region_id', '=', filter.regionId)
    if (filter.ids !== undefined && filter.ids.length > 0) q = q.where('id', 'in', filter.ids)
    if (filter.name !== undefined) q = q.where('name', '=', filter.name)
    if (filter.isDefault !== undefined) q = q.where('is_default', '=', filter.isDefault ? 1 : 0)
    if (filter.tags !== undefined && filter.tags.length > 0) q = q.where('id', 'in', idsWithTags(db, 'vpc', filter.tags))
    return q
  }
  const found = await fetchPage(matching().selectAll(), { createdAt: 'created_at', id: 'id' }, page, countOf(matching()))
  return { ...found, items: await toVpcs(db, found.items) }
}

async function toVpcs(db: Kysely<Database>, rows: readonly Row<'vpcs'>[]): Promise<Vpc[]> {
  const tags = await loadTags(
    db,
    'vpc',
    rows.map((r) => r.id),
  )
  return rows.map((row) => ({
    id: row.id,
    accountId: row.account_id,
    regionId: row.region_id,
    cidrBlock: row.cidr_block,
    userCidrs: JSON.parse(row.user_cidrs) as string[],
    name: row.name,
    description: row.description,
    status: row.status as NetworkStatus,
    vRouterId: row.vrouter_id,
    routeTableId: row.route_table_id,
    isDefault: row.is_default === 1,
    createdAt: row.created_at,
    tags: tags.get(row.id) ?? [],
  }))
}
