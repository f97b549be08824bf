import { choosePage, type PageRequest, type PagingLimits } from '../paging.js'
import { answerDryRun } from './dry-run.js'

/** What DescribeVpcs and DescribeVSwitches share besides their own filters. */
export interface NetworkListing {
  /** A filter tag without a value matches any value. */
  tags?: { key: string; value?: string }[] | undefined
  pageNumber?: number | undefined
  pageSize?: number | undefined
  dryRun?: boolean | undefined
}

/**
 * Both page by number only: PageSize ≤ 50, default 10 (spec §3.4, §4). They take no MaxResults or
 * NextToken, so the token limits are never reached; they mirror the page ones to keep the shape
 * `choosePage` expects.
 */
export const NETWORK_PAGE_LIMITS: PagingLimits = {
  pageDefault: 10,
  pageMax: 50,
  tokenDefault: 10,
  tokenMin: 1,
  tokenMax: 50,
}

/** The page asked for, once the paging parameters passed; a DryRun that got this far answers so. */
export function planListing(listing: NetworkListing): PageRequest {
  const page = choosePage({ pageNumber: listing.pageNumber, pageSize: listing.pageSize }, NETWORK_PAGE_LIMITS)
  answerDryRun(listing.dryRun)
  return page
}
