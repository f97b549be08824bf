import type { InstanceType } from '../domain/instance-type/catalog.js'
import { filterInstanceTypes, type InstanceTypeQuery } from '../domain/instance-type/filter.js'
import { decodeNextToken, encodeNextToken } from '../domain/paging.js'
import type { ServiceDeps } from './deps.js'

// Spec §4: at most 100 types a page (the legacy 1,600 is not offered), 100 when not asked.
const MAX_RESULTS = 100

/**
 * DescribeInstanceTypes (spec §5.15) over the configured catalogue, in id order, token-paged: the
 * token carries the last id returned, so a page stays right even if the catalogue is reloaded.
 */
export function describeInstanceTypes(
  deps: Pick<ServiceDeps, 'catalog'>,
  query: InstanceTypeQuery,
  paging: { maxResults?: number | undefined; nextToken?: string | undefined },
): { items: InstanceType[]; nextToken: string } {
  const size = Math.min(MAX_RESULTS, Math.max(1, paging.maxResults ?? MAX_RESULTS))
  const after = paging.nextToken === undefined ? undefined : decodeNextToken(paging.nextToken).id
  const matching = filterInstanceTypes(deps.catalog, query).filter((t) => after === undefined || t.instanceTypeId > after)
  const items = matching.slice(0, size)
  const last = items.at(-1)
  // Instance types have no creation time; the id alone orders them.
  const nextToken = matching.length > size && last !== undefined ? encodeNextToken({ createdAt: '', id: last.instanceTypeId }) : ''
  return { items, nextToken }
}
