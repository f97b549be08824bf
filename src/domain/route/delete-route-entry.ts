import { DomainError } from '../errors.js'
import type { Cidr } from '../ipam/cidr.js'
import { parseRouteDestination } from './destination.js'
import { assertEcmpSize, type ListedNextHop } from './next-hop.js'
import type { RouteEntry } from './route.js'

/** DeleteRouteEntry's parameters (spec §6.14): a route by ID, or by table and destination. */
export interface RouteEntrySelector {
  routeEntryId?: string | undefined
  routeTableId?: string | undefined
  destinationCidrBlock?: string | undefined
  nextHopId?: string | undefined
  nextHopList: readonly ListedNextHop[]
}

/** The next hops the route must have, when the caller named them. */
interface NextHopCondition {
  nextHopId?: string | undefined
  /** A NextHopList names the hops of an ECMP route. */
  ecmp: boolean
}

export type RouteEntryTarget =
  | ({ by: 'id'; routeEntryId: string } & NextHopCondition)
  | ({ by: 'destination'; routeTableId: string; destination: Cidr } & NextHopCondition)

/** Which route DeleteRouteEntry means, from parameters that must not contradict each other. */
export function chooseRouteEntryTarget(selector: RouteEntrySelector): RouteEntryTarget {
  const { routeEntryId, routeTableId, destinationCidrBlock, nextHopId, nextHopList } = selector
  if (nextHopId !== undefined && nextHopList.length > 0) {
    throw new DomainError('ParamExclusive.NextHopIdAndList', 'NextHopId and NextHopList cannot both be given.')
  }
  if (nextHopList.length > 0) assertEcmpSize(nextHopList.length, 'InvalidNextHopList.Size')
  const condition: NextHopCondition = { nextHopId, ecmp: nextHopList.length > 0 }
  if (routeEntryId !== undefined) {
    if (routeTableId !== undefined || destinationCidrBlock !== undefined) {
      throw new DomainError(
        'ParamExclusive.RouteEntryIdAndRouteTableIdOrDestCidrBlock',
        'Name the route either by RouteEntryId or by RouteTableId and DestinationCidrBlock, not both.',
      )
    }
    return { by: 'id', routeEntryId, ...condition }
  }
  if (routeTableId === undefined && destinationCidrBlock === undefined) throw missing('RouteEntryId')
  if (routeTableId === undefined) throw missing('RouteTableId')
  if (destinationCidrBlock === undefined) throw missing('DestinationCidrBlock')
  return { by: 'destination', routeTableId, destination: parseRouteDestination(destinationCidrBlock), ...condition }
}

/**
 * The route the target names, or the reference's not-found answer: `InvalidRouteEntryId.NotFound`
 * for an ID, `InvalidRouteEntry.NotFound` for a destination or next hop that matches no route.
 * No OpenENI route is an ECMP route, so a NextHopList matches none.
 */
export function matchRouteEntry(target: RouteEntryTarget, route: RouteEntry | undefined): RouteEntry {
  if (route === undefined) {
    if (target.by === 'id') throw new DomainError('InvalidRouteEntryId.NotFound', `The route entry ${target.routeEntryId} does not exist.`)
    throw routeNotFound(`to ${target.destination.text} in the route table ${target.routeTableId}`)
  }
  if (target.ecmp) throw routeNotFound(`${route.id} with the given ECMP next hops`)
  if (target.nextHopId !== undefined && route.nextHop.id !== target.nextHopId) {
    throw routeNotFound(`${route.id} through the next hop ${target.nextHopId}`)
  }
  return route
}

/** Only custom routes are the caller's to delete, and only once Available (spec §6.14). */
export function assertRouteEntryDeletable(route: Pick<RouteEntry, 'id' | 'type' | 'status'>): void {
  if (route.type === 'System') {
    throw new DomainError('OperationDenied', `The route entry ${route.id} is a system route; it goes with its vSwitch or VPC.`)
  }
  if (route.status !== 'Available') {
    throw new DomainError('IncorrectStatus.VpcRouteEntry', `The route entry ${route.id} is ${route.status}; it must be Available.`)
  }
}

function routeNotFound(what: string): DomainError {
  return new DomainError('InvalidRouteEntry.NotFound', `There is no route entry ${what}.`)
}

function missing(name: string): DomainError {
  return new DomainError('MissingParameter', `The parameter "${name}" is required to name the route entry.`)
}
