import { quotaFor } from '../../domain/config.js'
import { newRouteEntry, planRouteEntry, type RouteEntryRequest } from '../../domain/route/create-route-entry.js'
import { assertNextHopTarget } from '../../domain/route/next-hop.js'
import { insertRouteEntry, lockNextHop, routeTableDestinations } from '../../store/repositories/route-entries.js'
import { vSwitchCidrsOf } from '../../store/repositories/vswitches.js'
import type { Caller, ServiceDeps } from '../deps.js'
import { mutate } from '../mutate.js'
import { lockRouteTable, routeChange } from './locked-table.js'

export interface CreateRouteEntryInput extends RouteEntryRequest {
  /** Optional (spec §6.14): the table's region applies; when given it must be that region. */
  regionId?: string | undefined
  routeTableId: string
  clientToken?: string | undefined
  dryRun?: boolean | undefined
}

/**
 * CreateRouteEntry (spec §6.14): a custom route of the VPC's table to an instance or ENI of the
 * same VPC. The VPC row is locked first (quota, unique destination, vSwitch blocks), then the next
 * hop's row (so it cannot be deleted under the new route). The route is Available at once.
 */
export async function createRouteEntry(deps: ServiceDeps, caller: Caller, input: CreateRouteEntryInput): Promise<{ routeEntryId: string }> {
  const { clientToken, dryRun, ...request } = input
  return mutate(deps, caller, { action: 'CreateRouteEntry', clientToken, dryRun, fingerprint: request }, async (u) => {
    const planned = planRouteEntry(request)
    const { table, vpc } = await lockRouteTable(u, input.regionId, input.routeTableId)
    assertNextHopTarget(planned.nextHop, await lockNextHop(u, planned.nextHop), table.vpcId)
    const { destinations, customRoutes } = await routeTableDestinations(u.tx, table.id)
    const route = newRouteEntry(
      planned,
      {
        table,
        vpc,
        vSwitchCidrs: await vSwitchCidrsOf(u.tx, vpc.id),
        destinations,
        customRoutes,
        quota: quotaFor(deps.config, caller.accountId, 'customRoutesPerTable'),
      },
      u.random,
      u.now,
    )
    await insertRouteEntry(u.tx, route)
    u.record(routeChange(route, 'RouteEntryCreated'))
    return { routeEntryId: route.id }
  })
}
