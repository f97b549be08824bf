import { answerDryRun } from './dry-run.js'
import { choosePage, type PageRequest, type PagingInput, type PagingLimits } from './paging.js'

/**
 * The page a Describe action asks for, within its resource's limits (spec §3.4, §4). Called once
 * every filter has been read: a DryRun that got this far passed every check, so it answers here,
 * after the paging parameters were checked too.
 */
export function planListing(input: PagingInput & { dryRun?: boolean | undefined }, limits: PagingLimits): PageRequest {
  const page = choosePage(input, limits)
  answerDryRun(input.dryRun)
  return page
}
