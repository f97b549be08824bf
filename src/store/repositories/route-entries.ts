import { sql, type Kysely } from 'kysely'
import { formatIpv4 } from '../../domain/ipam/ipv4.js'
import type { Page, PageRequest } from '../../domain/paging.js'
import type { RouteEntryFilter } from '../../domain/route/listing.js'
import type {
  CustomNextHopType,
  NextHopType,
  RouteEntry,
  RouteEntryStatus,
  RouteEntryType,
  SystemNextHopType,
  VpcRoutes,
} from '../../domain/route/route.js'
import type { Unit } from '../../service/mutate.js'
import { countOf, fetchPage } from '../paging.js'
import type { Database, Row } from '../schema.js'

export async function insertRouteEntry(db: Kysely<Database>, route: RouteEntry): Promise<void> {
  const { nextHop } = route
  await db
    .insertInto('route_entries')
    .values({
      id: route.id,
      account_id: route.accountId,
      region_id: route.regionId,
      route_table_id: route.routeTableId,
      vpc_id: route.vpcId,
      destination_cidr_block: route.destinationCidrBlock,
      type: route.type,
      next_hop_type: nextHop.type,
      instance_id: nextHop.type === 'Instance' ? nextHop.id : null,
      eni_id: nextHop.type === 'NetworkInterface' ? nextHop.id : null,
      vswitch_id: route.vSwitchId,
      name: route.name,
      description: route.description,
      status: route.status,
      created_at: route.createdAt,
    })
    .execute()
}

export async function deleteRouteEntry(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('route_entries').where('id', '=', id).execute()
}

/** The caller's route entry `id` in `regionId` (undefined: any region), or undefined. */
export async function findRouteEntry(
  db: Kysely<Database>,
  accountId: string,
  regionId: string | undefined,
  id: string,
): Promise<RouteEntry | undefined> {
  let query = db.selectFrom('route_entries').selectAll().where('account_id', '=', accountId).where('id', '=', id)
  if (regionId !== undefined) query = query.where('region_id', '=', regionId)
  const row = await query.executeTakeFirst()
  return row === undefined ? undefined : toRouteEntry(row)
}

/** The route of the table to `destination` (canonical), or undefined: destinations are unique per table. */
export async function findRouteEntryTo(db: Kysely<Database>, routeTableId: string, destination: string): Promise<RouteEntry | undefined> {
  const row = await db
    .selectFrom('route_entries')
    .selectAll()
    .where('route_table_id', '=', routeTableId)
    .where('destination_cidr_block', '=', destination)
    .executeTakeFirst()
  return row === undefined ? undefined : toRouteEntry(row)
}

/** Every destination of the table and how many of its routes are custom, in one round trip. */
export async function routeTableDestinations(
  db: Kysely<Database>,
  routeTableId: string,
): Promise<{ destinations: string[]; customRoutes: number }> {
  const rows = await db.selectFrom('route_entries').select(['destination_cidr_block', 'type']).where('route_table_id', '=', routeTableId).execute()
  return {
    destinations: rows.map((r) => r.destination_cidr_block),
    customRoutes: rows.filter((r) => r.type === 'Custom').length,
  }
}

/** The destinations of the custom routes of the table, which a new vSwitch block must not cover. */
export async function customRouteDestinations(db: Kysely<Database>, routeTableId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('route_entries')
    .select('destination_cidr_block')
    .where('route_table_id', '=', routeTableId)
    .where('type', '=', 'Custom')
    .execute()
  return rows.map((r) => r.destination_cidr_block)
}

/** Removes the system route of the vSwitch's block and returns it, for the change log. */
export async function removeVSwitchRoute(db: Kysely<Database>, vSwitchId: string): Promise<RouteEntry | undefined> {
  const row = await db.selectFrom('route_entries').selectAll().where('vswitch_id', '=', vSwitchId).executeTakeFirst()
  if (row === undefined) return undefined
  await deleteRouteEntry(db, row.id)
  return toRouteEntry(row)
}

/** IDs of the custom routes whose next hop is the instance or one of the ENIs. */
export async function routesThrough(
  db: Kysely<Database>,
  nextHops: { instanceId?: string; eniIds: readonly string[] },
): Promise<string[]> {
  const { instanceId, eniIds } = nextHops
  if (instanceId === undefined && eniIds.length === 0) return []
  const rows = await db
    .selectFrom('route_entries')
    .select('id')
    .where((eb) =>
      eb.or([
        ...(instanceId === undefined ? [] : [eb('instance_id', '=', instanceId)]),
        ...(eniIds.length === 0 ? [] : [eb('eni_id', 'in', [...eniIds])]),
      ]),
    )
    .orderBy('id')
    .execute()
  return rows.map((r) => r.id)
}

/**
 * The caller's instance or ENI a route is to lead to, its row locked until the transaction ends
 * (undefined: not the caller's). DeleteInstance and DeleteNetworkInterface lock the same row before
 * looking for routes through it, so a route and the deletion of its next hop cannot both succeed.
 */
export async function lockNextHop(u: Unit, nextHop: { type: CustomNextHopType; id: string }): Promise<{ vpcId: string } | undefined> {
  const query =
    nextHop.type === 'Instance'
      ? u.tx.selectFrom('instances').select('vpc_id').where('account_id', '=', u.caller.accountId).where('id', '=', nextHop.id)
      : u.tx.selectFrom('enis').select('vpc_id').where('account_id', '=', u.caller.accountId).where('id', '=', nextHop.id)
  const row = await u.dialect.forUpdate(query).executeTakeFirst()
  return row === undefined ? undefined : { vpcId: row.vpc_id }
}

/** One page of the table's routes matching every filter, in (creation time, id) order. */
export async function listRouteEntries(
  db: Kysely<Database>,
  routeTableId: string,
  filter: RouteEntryFilter,
  page: PageRequest,
): Promise<Page<RouteEntry>> {
  const matching = () => {
    let q = db.selectFrom('route_entries').where('route_table_id', '=', routeTableId)
    if (filter.matchesNone) q = q.where(sql<boolean>`1 = 0`)
    if (filter.routeEntryId !== undefined) q = q.where('id', '=', filter.routeEntryId)
    if (filter.name !== undefined) q = q.where('name', '=', filter.name)
    if (filter.type !== undefined) q = q.where('type', '=', filter.type)
    if (filter.destination !== undefined) q = q.where('destination_cidr_block', '=', filter.destination)
    if (filter.destinationsAnyOf !== undefined) q = q.where('destination_cidr_block', 'in', filter.destinationsAnyOf)
    if (filter.nextHopType !== undefined) q = q.where('next_hop_type', '=', filter.nextHopType)
    const { nextHopId } = filter
    if (nextHopId !== undefined) q = q.where((eb) => eb.or([eb('instance_id', '=', nextHopId), eb('eni_id', '=', nextHopId)]))
    return q
  }
  const found = await fetchPage(matching().selectAll(), { createdAt: 'created_at', id: 'id' }, page, countOf(matching()))
  return { ...found, items: found.items.map(toRouteEntry) }
}

/**
 * The routing of each VPC as its hosts program it (`VpcRoutes`), in one query however many VPCs
 * and routes: every route with its next hop resolved as it is now. An `Instance` route leads to
 * the instance's primary ENI; a `NetworkInterface` route to the ENI, on whatever instance and host
 * it is attached to at this moment, so a moved ENI takes its routes along.
 */
export async function vpcRouteTables(db: Kysely<Database>, vpcIds: readonly string[]): Promise<Map<string, VpcRoutes>> {
  const byVpc = new Map<string, VpcRoutes>()
  if (vpcIds.length === 0) return byVpc
  const rows = await db
    .selectFrom('route_entries as r')
    .leftJoin('enis as named', 'named.id', 'r.eni_id')
    .leftJoin('enis as pri', (join) => join.onRef('pri.instance_id', '=', 'r.instance_id').on('pri.type', '=', 'Primary'))
    .leftJoin('instances as i', (join) => join.on((eb) => eb('i.id', '=', eb.fn.coalesce('named.instance_id', 'r.instance_id'))))
    .leftJoin('private_ips as ip', (join) =>
      join.on((eb) => eb('ip.eni_id', '=', eb.fn.coalesce('named.id', 'pri.id'))).on('ip.is_primary', '=', 1),
    )
    .select([
      'r.id',
      'r.vpc_id',
      'r.route_table_id',
      'r.destination_cidr_block',
      'r.type',
      'r.next_hop_type',
      'r.instance_id',
      'r.eni_id',
      'r.vswitch_id',
      'ip.eni_id as carrier_eni_id',
      'ip.address as carrier_address',
      'i.id as carrier_instance_id',
      'i.host_id as carrier_host_id',
    ])
    .where('r.vpc_id', 'in', [...vpcIds])
    .orderBy('r.vpc_id')
    .orderBy('r.created_at')
    .orderBy('r.id')
    .execute()
  for (const row of rows) {
    let vpc = byVpc.get(row.vpc_id)
    if (vpc === undefined) {
      vpc = { vpcId: row.vpc_id, routeTableId: row.route_table_id, systemRoutes: [], customRoutes: [] }
      byVpc.set(row.vpc_id, vpc)
    }
    if (row.type === 'System') {
      vpc.systemRoutes.push({
        routeEntryId: row.id,
        destinationCidrBlock: row.destination_cidr_block,
        nextHopType: row.next_hop_type as SystemNextHopType,
        vSwitchId: row.vswitch_id,
      })
      continue
    }
    // An instance always has its primary ENI and an ENI its primary address, and neither goes while
    // a route leads to it (DependencyViolation.RouteEntry): a route without a carrier is a bug.
    if (row.carrier_eni_id === null || row.carrier_address === null) {
      throw new Error(`route entry ${row.id} leads to ${row.instance_id ?? row.eni_id}, which has no network interface`)
    }
    vpc.customRoutes.push({
      routeEntryId: row.id,
      destinationCidrBlock: row.destination_cidr_block,
      nextHopType: row.next_hop_type as CustomNextHopType,
      nextHopId: row.instance_id ?? row.eni_id ?? '',
      nextHop: {
        eniId: row.carrier_eni_id,
        privateIpAddress: formatIpv4(Number(row.carrier_address)),
        instanceId: row.carrier_instance_id,
        hostId: row.carrier_host_id,
      },
    })
  }
  return byVpc
}

function toRouteEntry(row: Row<'route_entries'>): RouteEntry {
  return {
    id: row.id,
    accountId: row.account_id,
    regionId: row.region_id,
    routeTableId: row.route_table_id,
    vpcId: row.vpc_id,
    destinationCidrBlock: row.destination_cidr_block,
    type: row.type as RouteEntryType,
    nextHop: { type: row.next_hop_type as NextHopType, id: row.instance_id ?? row.eni_id ?? '' },
    vSwitchId: row.vswitch_id,
    name: row.name,
    description: row.description,
    status: row.status as RouteEntryStatus,
    createdAt: row.created_at,
  }
}
