import { DomainError } from '../errors.js'
import { choosePage, type PageRequest, type PagingLimits } from '../paging.js'

// Spec §4: DescribeSecurityGroups pages hold at most 100 groups, 10 by default, in either style.
const SECURITY_GROUP_PAGING: PagingLimits = { tokenDefault: 10, tokenMin: 1, tokenMax: 100, pageDefault: 10, pageMax: 100 }

/**
 * The page DescribeSecurityGroups asks for (token paging when MaxResults or NextToken is given,
 * spec §3.4). A DryRun that got this far has passed every check and answers with the
 * DryRunOperation error that is its documented success (spec §1.7).
 */
export function planSecurityGroupListing(input: {
  maxResults?: number | undefined
  nextToken?: string | undefined
  pageNumber?: number | undefined
  pageSize?: number | undefined
  dryRun?: boolean | undefined
}): PageRequest {
  const page = choosePage(input, SECURITY_GROUP_PAGING)
  if (input.dryRun === true) {
    throw new DomainError('DryRunOperation', 'Request validation has been passed with DryRun flag set.')
  }
  return page
}
