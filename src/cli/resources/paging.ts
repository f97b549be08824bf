import type { ApiParams, Product } from '../api-client.js'
import { NotFound } from './exit-codes.js'
import { itemsAt, type Item } from './output.js'
import type { CommandContext } from './command.js'

/**
 * How a Describe action pages (spec §3.4): `token` with MaxResults/NextToken (the ECS ones),
 * `route-token` with MaxResult/NextToken (DescribeRouteEntryList), `page` with PageNumber/PageSize
 * (the VPC ones, which take no token).
 */
export type PagingStyle = 'token' | 'route-token' | 'page'

export interface Listing {
  product: Product
  action: string
  params: ApiParams
  /** Where the items sit in the answer, e.g. `Vpcs.Vpc`. */
  items: string
  paging: PagingStyle
  /** The largest page the action takes. */
  pageSize: number
}

/** Every item, page after page, or the first `max` of them. */
export async function listAll(ctx: CommandContext, listing: Listing, max?: number): Promise<Item[]> {
  const found: Item[] = []
  const size = max === undefined ? listing.pageSize : Math.min(listing.pageSize, Math.max(max, 1))
  let nextToken = ''
  for (let pageNumber = 1; ; pageNumber++) {
    const paging =
      listing.paging === 'page'
        ? { PageNumber: pageNumber, PageSize: size }
        : { [listing.paging === 'token' ? 'MaxResults' : 'MaxResult']: size, NextToken: nextToken || undefined }
    const body = await ctx.client.call(listing.product, listing.action, { ...listing.params, ...paging })
    const items = itemsAt(body, listing.items)
    found.push(...items)
    if (max !== undefined && found.length >= max) return found.slice(0, max)
    if (listing.paging === 'page') {
      if (items.length === 0 || found.length >= Number(body.TotalCount ?? 0)) return found
    } else {
      nextToken = typeof body.NextToken === 'string' ? body.NextToken : ''
      if (nextToken === '' || items.length === 0) return found
    }
  }
}

/**
 * The one item a Describe filtered by `id` answers. Describe actions answer an empty list for an
 * unknown ID, so `show` says what the API's own not-found code would.
 */
export function only(items: Item[], code: string, what: string, id: string): Item {
  const item = items[0]
  if (item === undefined) throw new NotFound(code, `The ${what} ${id} does not exist.`)
  return item
}
