import { planListing } from '../listing.js'
import type { PageRequest, PagingInput, PagingLimits } from '../paging.js'
import type { TagFilter } from '../tags.js'

/** What DescribeVpcs and DescribeVSwitches share besides their own filters: page numbers only. */
export interface NetworkListing extends Pick<PagingInput, 'pageNumber' | 'pageSize'> {
  tags?: TagFilter[] | undefined
  dryRun?: boolean | undefined
}

/**
 * Both page by number only: PageSize ≤ 50, default 10 (spec §3.4, §4). They take no MaxResults or
 * NextToken, so the token limits are never reached; they mirror the page ones to keep the shape
 * `choosePage` expects.
 */
const NETWORK_PAGE_LIMITS: PagingLimits = {
  pageDefault: 10,
  pageMax: 50,
  tokenDefault: 10,
  tokenMin: 1,
  tokenMax: 50,
}

/** Reads the page-number fields only, whatever else the listing object carries. */
export function planNetworkListing(listing: NetworkListing): PageRequest {
  return planListing({ pageNumber: listing.pageNumber, pageSize: listing.pageSize, dryRun: listing.dryRun }, NETWORK_PAGE_LIMITS)
}
