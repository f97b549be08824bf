import { parseCidr } from '../../domain/ipam/cidr.js'
import { assertVSwitchClearOfRoutes } from '../../domain/route/destination.js'
import { cloudServiceRoute, systemRouteTableOf, vSwitchRoute } from '../../domain/route/system-routes.js'
import type { VSwitch, Vpc } from '../../domain/vpc/vpc.js'
import { customRouteDestinations, insertRouteEntry, removeVSwitchRoute } from '../../store/repositories/route-entries.js'
import { insertRouteTable, removeRouteTablesOfVpc } from '../../store/repositories/route-tables.js'
import type { Unit } from '../mutate.js'
import { routeChange } from './locked-table.js'

// What VPCs and vSwitches do to routing, inside their own operations' transactions (spec §6.1,
// §6.2, §6.4, §6.5). Each change is recorded naming the VPC, so its hosts reprogram its router.

/** CreateVpc: the VPC's system route table, with its route to the cloud-service block. */
export async function addSystemRouteTable(u: Unit, vpc: Vpc): Promise<void> {
  const table = systemRouteTableOf(vpc)
  await insertRouteTable(u.tx, table)
  u.record({ regionId: table.regionId, resourceType: 'RouteTable', resourceId: table.id, event: 'RouteTableCreated', payload: { vpcId: vpc.id } })
  const route = cloudServiceRoute(table, u.random, u.now)
  await insertRouteEntry(u.tx, route)
  u.record(routeChange(route, 'RouteEntryCreated'))
}

/** DeleteVpc, once nothing custom is left: the system table and its system routes go with the VPC. */
export async function removeSystemRouteTable(u: Unit, vpc: Vpc): Promise<void> {
  await removeRouteTablesOfVpc(u.tx, vpc.id)
  u.record({ regionId: vpc.regionId, resourceType: 'RouteTable', resourceId: vpc.routeTableId, event: 'RouteTableDeleted', payload: { vpcId: vpc.id } })
}

/** CreateVSwitch, under the VPC's lock: the new block may not cover a custom route's destination. */
export async function assertVSwitchBlockRoutable(u: Unit, vpc: Vpc, cidrBlock: string): Promise<void> {
  assertVSwitchClearOfRoutes(parseCidr(cidrBlock), (await customRouteDestinations(u.tx, vpc.routeTableId)).map(parseCidr))
}

/** CreateVSwitch: the block's system route, written after the vSwitch row it references. */
export async function addVSwitchRoute(u: Unit, vpc: Vpc, vSwitch: VSwitch): Promise<void> {
  const route = vSwitchRoute(systemRouteTableOf(vpc), vSwitch, u.random, u.now)
  await insertRouteEntry(u.tx, route)
  u.record(routeChange(route, 'RouteEntryCreated'))
}

/** DeleteVSwitch: its system route goes with it (before it, which the route references). */
export async function removeVSwitchSystemRoute(u: Unit, vSwitchId: string): Promise<void> {
  const route = await removeVSwitchRoute(u.tx, vSwitchId)
  if (route !== undefined) u.record(routeChange(route, 'RouteEntryDeleted'))
}
