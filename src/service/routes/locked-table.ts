import { routeTableNotFound } from '../../domain/route/not-found.js'
import type { RouteEntry, RouteTable } from '../../domain/route/route.js'
import type { Vpc } from '../../domain/vpc/vpc.js'
import type { NewChange } from '../change-log.js'
import { findRouteTable } from '../../store/repositories/route-tables.js'
import { lockVpc } from '../../store/repositories/vpcs.js'
import type { Unit } from '../mutate.js'

/**
 * The caller's route table with its VPC row locked until the transaction ends. The VPC row is the
 * one lock for everything a route depends on: CreateVSwitch and DeleteVpc take it too, so a route
 * change, a new vSwitch block and the VPC's deletion are decided one after another.
 */
export async function lockRouteTable(u: Unit, regionId: string | undefined, id: string): Promise<{ table: RouteTable; vpc: Vpc }> {
  const table = await findRouteTable(u.tx, u.caller.accountId, regionId, id)
  // The table's VPC never changes, so it may be read before the lock; if the VPC went meanwhile,
  // so did the table.
  const vpc = table === undefined ? undefined : await lockVpc(u, table.vpcId)
  if (table === undefined || vpc === undefined) throw routeTableNotFound(id)
  return { table, vpc }
}

/** The change event of a route: it names the VPC, whose router every host of the VPC reprograms. */
export function routeChange(route: RouteEntry, event: 'RouteEntryCreated' | 'RouteEntryDeleted'): NewChange {
  return {
    regionId: route.regionId,
    resourceType: 'RouteEntry',
    resourceId: route.id,
    event,
    payload: {
      vpcId: route.vpcId,
      routeTableId: route.routeTableId,
      destinationCidrBlock: route.destinationCidrBlock,
      type: route.type,
      nextHopType: route.nextHop.type,
      nextHopId: route.nextHop.id,
      status: route.status,
    },
  }
}
