import { DomainError } from '../errors.js'
import type { CustomNextHopType } from './route.js'

/**
 * Every next-hop type the reference names for custom routes (CreateRouteEntry, DescribeRouteEntryList).
 * OpenENI has instances and ENIs; the others name resources it does not have.
 */
export const REFERENCE_NEXT_HOP_TYPES = [
  'Instance',
  'NetworkInterface',
  'HaVip',
  'RouterInterface',
  'VpnGateway',
  'IPv6Gateway',
  'NatGateway',
  'Attachment',
  'VpcPeer',
  'Ipv4Gateway',
  'GatewayEndpoint',
  'Ecr',
  'GatewayLoadBalancerEndpoint',
  'RouteTargetGroup',
  'CenBasic',
] as const

export type ReferenceNextHopType = (typeof REFERENCE_NEXT_HOP_TYPES)[number]

const CUSTOM_NEXT_HOP_TYPES: readonly CustomNextHopType[] = ['Instance', 'NetworkInterface']

/** The reference's spelling of a next-hop type, matched without regard to case; else InvalidNextHopType. */
export function parseNextHopType(text: string): ReferenceNextHopType {
  const type = REFERENCE_NEXT_HOP_TYPES.find((t) => t.toLowerCase() === text.toLowerCase())
  if (type === undefined) {
    throw new DomainError('InvalidNextHopType', `The NextHopType "${text}" is not valid; OpenENI routes to ${CUSTOM_NEXT_HOP_TYPES.join(' or ')}.`)
  }
  return type
}

/** One entry of NextHopList (ECMP routes). */
export interface ListedNextHop {
  nextHopType?: string | undefined
  nextHopId?: string | undefined
}

export interface NextHopRequest {
  nextHopType?: string | undefined
  nextHopId?: string | undefined
  nextHopList: readonly ListedNextHop[]
}

// ECMP routes take 2 to 16 next hops (spec §4).
const ECMP_MIN = 2
const ECMP_MAX = 16

/**
 * CreateRouteEntry's next hop (spec §6.14): NextHopType (Instance by default) with NextHopId, or an
 * ECMP NextHopList, never both. The reference spreads ECMP only over router interfaces, which
 * OpenENI does not have, so a well-formed list is refused as naming a router interface that does
 * not exist; other types the reference knows are refused as not permitted here.
 */
export function chooseNextHop(request: NextHopRequest): { type: CustomNextHopType; id: string } {
  if (request.nextHopList.length > 0) {
    if (request.nextHopType !== undefined || request.nextHopId !== undefined) {
      throw new DomainError('InvalidNexthopTypeAndList.BothNotNull', 'NextHopList cannot be given with NextHopType or NextHopId.')
    }
    assertEcmpSize(request.nextHopList.length, 'InvalidNexthopListSize')
    const other = request.nextHopList.map((entry) => parseNextHopType(entry.nextHopType ?? '')).find((t) => t !== 'RouterInterface')
    if (other !== undefined) {
      throw new DomainError('OperationDenied.NextHopTypeNotPermitted', `An ECMP route cannot lead to a next hop of type ${other}.`)
    }
    const ids = request.nextHopList.map((entry) => entry.nextHopId ?? '')
    throw new DomainError('InvalidRouterInterface', `The router interfaces ${ids.join(', ')} do not exist.`)
  }
  if (request.nextHopType === undefined && request.nextHopId === undefined) {
    throw new DomainError('InvalidNexthopTypeAndList.BothNull', 'A route needs a next hop: NextHopId (with NextHopType) or NextHopList.')
  }
  const type = parseNextHopType(request.nextHopType ?? 'Instance')
  if (type !== 'Instance' && type !== 'NetworkInterface') {
    throw new DomainError(
      'OperationDenied.NextHopTypeNotPermitted',
      `OpenENI has no ${type}; a route may lead to an Instance or a NetworkInterface.`,
    )
  }
  if (request.nextHopId === undefined) {
    throw new DomainError('MissingParameter', `NextHopId is required for a route to a ${type}.`)
  }
  return { type, id: request.nextHopId }
}

/** The ECMP list bounds; CreateRouteEntry and DeleteRouteEntry name the breach with different codes. */
export function assertEcmpSize(count: number, code: 'InvalidNexthopListSize' | 'InvalidNextHopList.Size'): void {
  if (count < ECMP_MIN || count > ECMP_MAX) {
    throw new DomainError(code, `An ECMP route has ${ECMP_MIN} to ${ECMP_MAX} next hops; ${count} were given.`)
  }
}

/**
 * A next hop must be the caller's and in the route table's VPC (spec §6.14, §7). `found` is the
 * named instance or ENI as the caller sees it (undefined: unknown or another account's).
 */
export function assertNextHopTarget(
  nextHop: { type: CustomNextHopType; id: string },
  found: { vpcId: string } | undefined,
  routeVpcId: string,
): void {
  if (nextHop.type === 'Instance') {
    if (found === undefined) throw new DomainError('InvalidNextHopId.NotFound', `The next hop instance ${nextHop.id} does not exist.`)
    if (found.vpcId !== routeVpcId) {
      throw new DomainError('OperationFailed.InstanceDismatchCurrentVpc', `The instance ${nextHop.id} is not in the VPC ${routeVpcId} of the route table.`)
    }
    return
  }
  if (found === undefined) throw new DomainError('InvalidNetworkInterface.NotFound', `The network interface ${nextHop.id} does not exist.`)
  if (found.vpcId !== routeVpcId) {
    throw new DomainError('Mismatch.EniIdAndRouteTableId', `The network interface ${nextHop.id} is not in the VPC ${routeVpcId} of the route table.`)
  }
}
