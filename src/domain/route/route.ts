import { newId } from '../ids.js'
import type { Random } from '../random.js'

/**
 * A VPC's route table and its entries (spec §6.14). Each VPC has one system route table, made with
 * it and gone with it. Its system routes are made by the service: one per vSwitch CIDR (next hop
 * `local`, the vSwitch itself) and one to the cloud-service block 100.64.0.0/10 (next hop
 * `service`), as the cloud shows them. Custom routes are the caller's: a destination and a next hop
 * that is an instance or an ENI of the same VPC.
 */
export type RouteEntryType = 'System' | 'Custom'

/**
 * Transitional statuses are the reference's (spec §3.3). No host confirms a route (hosts read the
 * whole table level-triggered), so OpenENI makes routes `Available` at once, as it does VPCs; the
 * rules still check the status, so a confirmation step added later cannot be bypassed.
 */
export type RouteEntryStatus = 'Pending' | 'Available'

export type RouteTableStatus = 'Pending' | 'Available'

/** The next hops a custom route may name in OpenENI: an instance (its primary ENI carries the traffic) or any ENI. */
export type CustomNextHopType = 'Instance' | 'NetworkInterface'

/** What a system route leads to: a vSwitch of the VPC, or the cloud's own services. */
export type SystemNextHopType = 'local' | 'service'

export type NextHopType = CustomNextHopType | SystemNextHopType

/** A next hop as the API names it: the type and the ID of the instance or ENI ('' for system routes). */
export interface NextHop {
  type: NextHopType
  id: string
}

export interface RouteTable {
  id: string
  accountId: string
  regionId: string
  vpcId: string
  vRouterId: string
  type: 'System'
  name: string
  description: string
  status: RouteTableStatus
  createdAt: string
}

/**
 * A custom route's next hop as a host must program it, resolved when read: the ENI that carries
 * the traffic (an instance's primary ENI, or the named ENI), its primary address, and where it is
 * now. Routes store the instance or ENI, never an address or a host, so this follows an ENI moved
 * to another instance or host.
 */
export interface ResolvedNextHop {
  eniId: string
  privateIpAddress: string
  /** Null while the ENI is attached to no instance. */
  instanceId: string | null
  /** Null while the ENI is on no instance, or its instance on no host yet. */
  hostId: string | null
}

/** A VPC's routing as a host programs it into the VPC's router. */
export interface VpcRoutes {
  vpcId: string
  routeTableId: string
  systemRoutes: Array<{
    routeEntryId: string
    destinationCidrBlock: string
    nextHopType: SystemNextHopType
    /** The vSwitch of a `local` route; null for the cloud-service route. */
    vSwitchId: string | null
  }>
  customRoutes: Array<{
    routeEntryId: string
    destinationCidrBlock: string
    nextHopType: CustomNextHopType
    nextHopId: string
    nextHop: ResolvedNextHop
  }>
}

export interface RouteEntry {
  id: string
  accountId: string
  regionId: string
  routeTableId: string
  vpcId: string
  /** Canonical `a.b.c.d/n`. */
  destinationCidrBlock: string
  type: RouteEntryType
  nextHop: NextHop
  /** The vSwitch a `local` system route leads to; null for every other route. */
  vSwitchId: string | null
  name: string
  description: string
  status: RouteEntryStatus
  createdAt: string
}

/** What makes one route different from another of its table. */
export type RouteEntryFields = Pick<RouteEntry, 'destinationCidrBlock' | 'type' | 'nextHop' | 'vSwitchId' | 'name' | 'description'>

/** A new route of `table`, `Available` at once (see `RouteEntryStatus`). */
export function routeEntryIn(table: RouteTable, fields: RouteEntryFields, random: Random, now: Date): RouteEntry {
  return {
    id: newId('rte', random),
    accountId: table.accountId,
    regionId: table.regionId,
    routeTableId: table.id,
    vpcId: table.vpcId,
    ...fields,
    status: 'Available',
    createdAt: now.toISOString(),
  }
}
