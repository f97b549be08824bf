import {
  assertRouteEntryDeletable,
  chooseRouteEntryTarget,
  matchRouteEntry,
  type RouteEntrySelector,
  type RouteEntryTarget,
} from '../../domain/route/delete-route-entry.js'
import type { RouteEntry } from '../../domain/route/route.js'
import { deleteRouteEntry as removeRouteEntry, findRouteEntry, findRouteEntryTo } from '../../store/repositories/route-entries.js'
import type { Caller, ServiceDeps } from '../deps.js'
import { mutate, type Unit } from '../mutate.js'
import { lockRouteTable, routeChange } from './locked-table.js'

export interface DeleteRouteEntryInput extends RouteEntrySelector {
  /** Optional (spec §6.14): without it the route or table is found by ID in any region. */
  regionId?: string | undefined
  dryRun?: boolean | undefined
}

/**
 * DeleteRouteEntry (spec §6.14): a custom route, named by its ID or by its table and destination
 * (and next hop, when given), goes at once: no host has to confirm it, each reprograms from the
 * change log. System routes go only with their vSwitch or VPC.
 */
export async function deleteRouteEntry(deps: ServiceDeps, caller: Caller, input: DeleteRouteEntryInput): Promise<void> {
  await mutate(deps, caller, { action: 'DeleteRouteEntry', dryRun: input.dryRun }, async (u) => {
    const target = chooseRouteEntryTarget(input)
    const route = matchRouteEntry(target, await lockedRoute(u, input.regionId, target))
    assertRouteEntryDeletable(route)
    await removeRouteEntry(u.tx, route.id)
    u.record(routeChange(route, 'RouteEntryDeleted'))
  })
}

/** The route the target names, read under its VPC's lock (undefined: there is none). */
async function lockedRoute(u: Unit, regionId: string | undefined, target: RouteEntryTarget): Promise<RouteEntry | undefined> {
  if (target.by === 'destination') {
    const { table } = await lockRouteTable(u, regionId, target.routeTableId)
    return findRouteEntryTo(u.tx, table.id, target.destination.text)
  }
  const peek = await findRouteEntry(u.tx, u.caller.accountId, regionId, target.routeEntryId)
  if (peek === undefined) return undefined
  await lockRouteTable(u, regionId, peek.routeTableId)
  // Read again under the lock: a concurrent delete may have taken it meanwhile.
  return findRouteEntry(u.tx, u.caller.accountId, regionId, target.routeEntryId)
}
