import type { Page } from '../../domain/paging.js'
import { planRouteEntryListing, planRouteTableListing, type RouteEntryListing, type RouteTableListing } from '../../domain/route/listing.js'
import { routeTableNotFound } from '../../domain/route/not-found.js'
import type { RouteEntry, RouteTable } from '../../domain/route/route.js'
import { listRouteEntries } from '../../store/repositories/route-entries.js'
import { findRouteTable, listRouteTables } from '../../store/repositories/route-tables.js'
import { vSwitchIdsByVpc } from '../../store/repositories/vswitches.js'
import type { Caller, ServiceDeps } from '../deps.js'

export type DescribedRouteTable = RouteTable & { vSwitchIds: string[] }

/**
 * DescribeRouteTableList (spec §6.14): the caller's route tables of one region, a page at a time,
 * each with the vSwitches bound to it: every vSwitch of its VPC, since a VPC has only its system table.
 */
export async function describeRouteTableList(
  deps: ServiceDeps,
  caller: Caller,
  query: RouteTableListing & { regionId: string },
): Promise<Page<DescribedRouteTable>> {
  const { filter, page } = planRouteTableListing(query)
  const db = deps.store.db
  const found = await listRouteTables(db, caller.accountId, query.regionId, filter, page)
  const vSwitchIds = await vSwitchIdsByVpc(
    db,
    found.items.map((t) => t.vpcId),
  )
  return { ...found, items: found.items.map((table) => ({ ...table, vSwitchIds: vSwitchIds.get(table.vpcId) ?? [] })) }
}

/** DescribeRouteEntryList (spec §6.14): the routes of one of the caller's tables, system ones included. */
export async function describeRouteEntryList(
  deps: ServiceDeps,
  caller: Caller,
  query: RouteEntryListing & { regionId: string; routeTableId: string },
): Promise<Page<RouteEntry>> {
  const { filter, page } = planRouteEntryListing(query)
  const db = deps.store.db
  const table = await findRouteTable(db, caller.accountId, query.regionId, query.routeTableId)
  if (table === undefined) throw routeTableNotFound(query.routeTableId, 'InvalidRouteTable.NotFound')
  return listRouteEntries(db, table.id, filter, page)
}
