import { DomainError } from '../errors.js'
import { choosePage, type PageRequest, type PagingLimits } from '../paging.js'

// Spec §4: MaxResults below 10 counts as 10 and above 100 as 100; PageSize 1–100, default 10.
const INSTANCE_PAGING: PagingLimits = { tokenDefault: 10, tokenMin: 10, tokenMax: 100, pageDefault: 10, pageMax: 100 }

/**
 * The page DescribeInstances asks for, in either paging style (spec §3.4). Called once every
 * filter has been read: a DryRun that got this far passed every check and answers with the
 * DryRunOperation error that is its documented success (spec §1.7).
 */
export function planInstanceListing(input: {
  maxResults?: number | undefined
  nextToken?: string | undefined
  pageNumber?: number | undefined
  pageSize?: number | undefined
  dryRun?: boolean | undefined
}): PageRequest {
  const page = choosePage(input, INSTANCE_PAGING)
  if (input.dryRun === true) {
    throw new DomainError('DryRunOperation', 'Request validation has been passed with DryRun flag set.')
  }
  return page
}
