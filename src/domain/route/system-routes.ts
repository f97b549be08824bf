import { CLOUD_SERVICE_CIDR } from '../network/excluded-cidrs.js'
import type { Random } from '../random.js'
import type { VSwitch, Vpc } from '../vpc/vpc.js'
import { routeEntryIn, type NextHop, type RouteEntry, type RouteTable } from './route.js'

/**
 * The system route table of a VPC (spec §6.1), made with it: it has the IDs CreateVpc answers
 * with and lives exactly as long as the VPC, whose creation time it shares.
 */
export function systemRouteTableOf(vpc: Vpc): RouteTable {
  return {
    id: vpc.routeTableId,
    accountId: vpc.accountId,
    regionId: vpc.regionId,
    vpcId: vpc.id,
    vRouterId: vpc.vRouterId,
    type: 'System',
    name: '',
    description: '',
    status: 'Available',
    createdAt: vpc.createdAt,
  }
}

/**
 * Every VPC routes 100.64.0.0/10 to the cloud's services (spec §6.1, §6.14), even without gateways,
 * so its table shows that route from the start. OpenENI runs no service there; the route is what
 * keeps the block out of custom routes and vSwitches, as in the cloud.
 */
export function cloudServiceRoute(table: RouteTable, random: Random, now: Date): RouteEntry {
  return systemRoute(table, CLOUD_SERVICE_CIDR.text, { type: 'service', id: '' }, null, random, now)
}

/** Each vSwitch's block is reached directly, through the vSwitch (spec §6.4): its route comes and goes with it. */
export function vSwitchRoute(table: RouteTable, vSwitch: Pick<VSwitch, 'id' | 'cidrBlock'>, random: Random, now: Date): RouteEntry {
  return systemRoute(table, vSwitch.cidrBlock, { type: 'local', id: '' }, vSwitch.id, random, now)
}

function systemRoute(table: RouteTable, destination: string, nextHop: NextHop, vSwitchId: string | null, random: Random, now: Date): RouteEntry {
  return routeEntryIn(table, { destinationCidrBlock: destination, type: 'System', nextHop, vSwitchId, name: '', description: '' }, random, now)
}
