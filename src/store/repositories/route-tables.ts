import { sql, type Kysely } from 'kysely'
import type { Page, PageRequest } from '../../domain/paging.js'
import type { RouteTableFilter } from '../../domain/route/listing.js'
import type { RouteTable, RouteTableStatus } from '../../domain/route/route.js'
import { countOf, fetchPage } from '../paging.js'
import type { Database, Row } from '../schema.js'

export async function insertRouteTable(db: Kysely<Database>, table: RouteTable): Promise<void> {
  await db
    .insertInto('route_tables')
    .values({
      id: table.id,
      account_id: table.accountId,
      region_id: table.regionId,
      vpc_id: table.vpcId,
      vrouter_id: table.vRouterId,
      type: table.type,
      name: table.name,
      description: table.description,
      status: table.status,
      created_at: table.createdAt,
    })
    .execute()
}

/** Removes the VPC's route tables with the routes left in them, which DeleteVpc allows only for system ones. */
export async function removeRouteTablesOfVpc(db: Kysely<Database>, vpcId: string): Promise<void> {
  await db.deleteFrom('route_entries').where('vpc_id', '=', vpcId).execute()
  await db.deleteFrom('route_tables').where('vpc_id', '=', vpcId).execute()
}

/**
 * The caller's route table in `regionId` (undefined: in any region), or undefined: another
 * account's or region's table does not exist for the caller.
 */
export async function findRouteTable(
  db: Kysely<Database>,
  accountId: string,
  regionId: string | undefined,
  id: string,
): Promise<RouteTable | undefined> {
  let query = db.selectFrom('route_tables').selectAll().where('account_id', '=', accountId).where('id', '=', id)
  if (regionId !== undefined) query = query.where('region_id', '=', regionId)
  const row = await query.executeTakeFirst()
  return row === undefined ? undefined : toRouteTable(row)
}

/** One page of the account's route tables in the region matching every filter, in (creation time, id) order. */
export async function listRouteTables(
  db: Kysely<Database>,
  accountId: string,
  regionId: string,
  filter: RouteTableFilter,
  page: PageRequest,
): Promise<Page<RouteTable>> {
  const matching = () => {
    let q = db.selectFrom('route_tables').where('account_id', '=', accountId).where('region_id', '=', regionId)
    if (filter.matchesNone) q = q.where(sql<boolean>`1 = 0`)
    if (filter.vpcId !== undefined) q = q.where('vpc_id', '=', filter.vpcId)
    if (filter.routerId !== undefined) q = q.where('vrouter_id', '=', filter.routerId)
    if (filter.id !== undefined) q = q.where('id', '=', filter.id)
    if (filter.name !== undefined) q = q.where('name', '=', filter.name)
    return q
  }
  const found = await fetchPage(matching().selectAll(), { createdAt: 'created_at', id: 'id' }, page, countOf(matching()))
  return { ...found, items: found.items.map(toRouteTable) }
}

function toRouteTable(row: Row<'route_tables'>): RouteTable {
  return {
    id: row.id,
    accountId: row.account_id,
    regionId: row.region_id,
    vpcId: row.vpc_id,
    vRouterId: row.vrouter_id,
    type: 'System',
    name: row.name,
    description: row.description,
    status: row.status as RouteTableStatus,
    createdAt: row.created_at,
  }
}
