import { DomainError } from '../errors.js'
import { parseCidr, type Cidr } from '../ipam/cidr.js'
import { validateText, type TextRule } from '../naming.js'
import type { Random } from '../random.js'
import { assertVpcAvailable } from '../vpc/available.js'
import type { Vpc } from '../vpc/vpc.js'
import { assertRouteDestination, parseRouteDestination } from './destination.js'
import { chooseNextHop, type NextHopRequest } from './next-hop.js'
import { routeEntryIn, type CustomNextHopType, type RouteEntry, type RouteTable } from './route.js'

// The reference limits both to a length and forbids a leading http(s)://, nothing more (spec §6.14).
const routeEntryNameRule: TextRule = {
  min: 1,
  max: 128,
  letterFirst: false,
  charset: 'any',
  code: 'InvalidRouteEntryName.Malformed',
  what: 'route entry name',
}
const routeEntryDescriptionRule: TextRule = {
  min: 1,
  max: 256,
  letterFirst: false,
  charset: 'any',
  code: 'InvalidDescription.Malformed',
  what: 'route entry description',
}

export interface RouteEntryRequest extends NextHopRequest {
  destinationCidrBlock: string
  name?: string | undefined
  description?: string | undefined
}

/** What CreateRouteEntry asks for, read and checked on its own, before anything is looked up. */
export interface PlannedRouteEntry {
  destination: Cidr
  nextHop: { type: CustomNextHopType; id: string }
  name: string
  description: string
}

export function planRouteEntry(request: RouteEntryRequest): PlannedRouteEntry {
  return {
    destination: parseRouteDestination(request.destinationCidrBlock),
    nextHop: chooseNextHop(request),
    name: validateText(routeEntryNameRule, request.name) ?? '',
    description: validateText(routeEntryDescriptionRule, request.description) ?? '',
  }
}

/** What the route table already holds, read under the VPC's lock. */
export interface RouteTableState {
  table: RouteTable
  vpc: Vpc
  vSwitchCidrs: readonly string[]
  /** Destinations of every route of the table, system ones included. */
  destinations: readonly string[]
  customRoutes: number
  /** Custom routes a table may hold (spec §4, 200 by default). */
  quota: number
}

/**
 * A custom route of an Available VPC's table (spec §6.14), its next hop already found in the VPC:
 * its destination clear of reserved and vSwitch blocks, unique in the table, within the quota.
 * It is `Available` at once (see `RouteEntryStatus`).
 */
export function newRouteEntry(planned: PlannedRouteEntry, state: RouteTableState, random: Random, now: Date): RouteEntry {
  const { table } = state
  assertVpcAvailable(state.vpc)
  assertRouteDestination(planned.destination, state.vSwitchCidrs.map(parseCidr))
  if (state.destinations.includes(planned.destination.text)) {
    throw new DomainError('InvalidCIDRBlock.Duplicate', `The route table ${table.id} already has a route to ${planned.destination.text}.`)
  }
  assertCustomRouteQuota(state.customRoutes, state.quota)
  return routeEntryIn(
    table,
    {
      destinationCidrBlock: planned.destination.text,
      type: 'Custom',
      nextHop: planned.nextHop,
      vSwitchId: null,
      name: planned.name,
      description: planned.description,
    },
    random,
    now,
  )
}

/** `count` is read under the VPC's lock, so two requests cannot both take the last place. */
export function assertCustomRouteQuota(count: number, limit: number): void {
  if (count >= limit) {
    throw new DomainError('QuotaExceeded', `The route table already has ${count} custom routes; the quota is ${limit}.`)
  }
}
