import { DomainError, isDomainError } from '../errors.js'
import { decodeNextToken, type PageRequest } from '../paging.js'
import type { TagFilter } from '../tags.js'
import { planNetworkListing } from '../vpc/listing.js'
import { parseRouteDestination } from './destination.js'
import { parseNextHopType } from './next-hop.js'
import type { CustomNextHopType, RouteEntryType } from './route.js'

/** DescribeRouteEntryList's filters (spec §6.14), as the caller sent them. */
export interface RouteEntryListing {
  routeEntryId?: string | undefined
  routeEntryName?: string | undefined
  routeEntryType?: string | undefined
  destinationCidrBlock?: string | undefined
  destCidrBlockList: readonly string[]
  ipVersion?: string | undefined
  nextHopId?: string | undefined
  nextHopType?: string | undefined
  serviceType?: string | undefined
  maxResult?: number | undefined
  nextToken?: string | undefined
}

/** The same filters as the store applies them: every field given must match. */
export interface RouteEntryFilter {
  routeEntryId?: string
  name?: string
  type?: RouteEntryType
  /** Canonical destinations; the route's must equal this one... */
  destination?: string
  /** ...and be one of these. */
  destinationsAnyOf?: string[]
  nextHopId?: string
  nextHopType?: CustomNextHopType
  /** The filter asks for something no OpenENI route has (IPv6, BGP routes, a gateway next hop, a hosted route). */
  matchesNone: boolean
}

const ROUTE_ENTRY_TYPES = ['Custom', 'System', 'BGP', 'CEN', 'ECR'] as const
const IP_VERSIONS = ['ipv4', 'ipv6'] as const
const DEST_CIDR_BLOCK_LIST_MAX = 20

// MaxResult 1–100, default 10 (spec §6.14; §8 notes an older 500/100 variant). Out of range is
// clamped, as the ECS token listings do.
const MAX_RESULT_DEFAULT = 10
const MAX_RESULT_MIN = 1
const MAX_RESULT_MAX = 100

export function planRouteEntryListing(listing: RouteEntryListing): { filter: RouteEntryFilter; page: PageRequest } {
  const type = listing.routeEntryType === undefined ? undefined : oneOf(ROUTE_ENTRY_TYPES, listing.routeEntryType, 'IllegalParam.RouteEntryType', 'RouteEntryType')
  const ipVersion = listing.ipVersion === undefined ? undefined : oneOf(IP_VERSIONS, listing.ipVersion, 'IllegalParam.IpVersion', 'IpVersion')
  if (type !== undefined && type !== 'Custom' && (listing.routeEntryId !== undefined || listing.routeEntryName !== undefined)) {
    throw new DomainError(
      'OperationFailed.FilterParamUnderWrongRouteType',
      'Only custom routes can be filtered by RouteEntryId or RouteEntryName.',
    )
  }
  if (listing.destCidrBlockList.length > DEST_CIDR_BLOCK_LIST_MAX) {
    throw new DomainError('InvalidParameter', `DestCidrBlockList.N may name at most ${DEST_CIDR_BLOCK_LIST_MAX} blocks.`)
  }
  const nextHopType = listing.nextHopType === undefined ? undefined : parseNextHopType(listing.nextHopType)
  const filter: RouteEntryFilter = {
    matchesNone:
      (type !== undefined && type !== 'Custom' && type !== 'System') ||
      ipVersion === 'ipv6' ||
      (nextHopType !== undefined && nextHopType !== 'Instance' && nextHopType !== 'NetworkInterface') ||
      listing.serviceType !== undefined,
  }
  if (type === 'Custom' || type === 'System') filter.type = type
  if (nextHopType === 'Instance' || nextHopType === 'NetworkInterface') filter.nextHopType = nextHopType
  if (listing.routeEntryId !== undefined) filter.routeEntryId = listing.routeEntryId
  if (listing.routeEntryName !== undefined) filter.name = listing.routeEntryName
  if (listing.nextHopId !== undefined) filter.nextHopId = listing.nextHopId
  if (listing.destinationCidrBlock !== undefined) filter.destination = destinationKey(listing.destinationCidrBlock)
  if (listing.destCidrBlockList.length > 0) filter.destinationsAnyOf = listing.destCidrBlockList.map(destinationKey)
  return { filter, page: routeEntryPage(listing.maxResult, listing.nextToken) }
}

/**
 * A destination filter is compared in the form routes are stored in (a bare address is its /32,
 * host bits cleared). What cannot be a stored destination is kept as given and matches nothing.
 */
function destinationKey(text: string): string {
  try {
    return parseRouteDestination(text).text
  } catch (err) {
    if (isDomainError(err)) return text
    throw err
  }
}

/** Token pages only (MaxResult, NextToken); a token this server did not hand out is IllegalParam.NextToken. */
function routeEntryPage(maxResult: number | undefined, nextToken: string | undefined): PageRequest {
  const size = Math.min(MAX_RESULT_MAX, Math.max(MAX_RESULT_MIN, maxResult ?? MAX_RESULT_DEFAULT))
  if (nextToken === undefined) return { style: 'token', size }
  try {
    return { style: 'token', size, after: decodeNextToken(nextToken) }
  } catch (err) {
    if (isDomainError(err)) throw new DomainError('IllegalParam.NextToken', 'The specified NextToken is illegal.')
    throw err
  }
}

function oneOf<T extends string>(values: readonly T[], text: string, code: 'IllegalParam.RouteEntryType' | 'IllegalParam.IpVersion', name: string): T {
  const value = values.find((v) => v.toLowerCase() === text.toLowerCase())
  if (value === undefined) throw new DomainError(code, `The ${name} "${text}" is not one of ${values.join(', ')}.`)
  return value
}

/** DescribeRouteTableList's filters (spec §6.14), page numbers only: PageSize ≤ 50, default 10. */
export interface RouteTableListing {
  vpcId?: string | undefined
  routerId?: string | undefined
  routerType?: 'VRouter' | 'VBR' | undefined
  routeTableId?: string | undefined
  routeTableName?: string | undefined
  routeTableType?: 'System' | 'Custom' | undefined
  resourceGroupId?: string | undefined
  tags?: TagFilter[] | undefined
  pageNumber?: number | undefined
  pageSize?: number | undefined
}

export interface RouteTableFilter {
  vpcId?: string
  routerId?: string
  id?: string
  name?: string
  /**
   * The filter asks for what no OpenENI route table is: a border router's (VBR), a custom table,
   * one in a resource group, or one with tags (no action sets a route table's tags).
   */
  matchesNone: boolean
}

export function planRouteTableListing(listing: RouteTableListing): { filter: RouteTableFilter; page: PageRequest } {
  const page = planNetworkListing({ pageNumber: listing.pageNumber, pageSize: listing.pageSize })
  const filter: RouteTableFilter = {
    matchesNone:
      listing.routerType === 'VBR' ||
      listing.routeTableType === 'Custom' ||
      listing.resourceGroupId !== undefined ||
      (listing.tags ?? []).length > 0,
  }
  if (listing.vpcId !== undefined) filter.vpcId = listing.vpcId
  if (listing.routerId !== undefined) filter.routerId = listing.routerId
  if (listing.routeTableId !== undefined) filter.id = listing.routeTableId
  if (listing.routeTableName !== undefined) filter.name = listing.routeTableName
  return { filter, page }
}
