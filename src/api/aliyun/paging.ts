import type { Page, PagingInput } from '../../domain/paging.js'
import type { Params } from './params.js'

/**
 * The paging styles a Describe action takes (spec §3.4): the ECS ones take MaxResults/NextToken or
 * PageNumber/PageSize; DescribeVpcs and DescribeVSwitches take page numbers only, so they read
 * neither MaxResults nor NextToken and answer no NextToken.
 */
type PagingStyles = 'token-or-page' | 'page-only'

/** Read in this order, so that of several malformed ones the first named here is the one refused. */
export function pagingParams(params: Params, styles: PagingStyles = 'token-or-page'): PagingInput {
  const token = styles === 'page-only' ? {} : { maxResults: params.int('MaxResults'), nextToken: params.optional('NextToken') }
  return { ...token, pageNumber: params.int('PageNumber'), pageSize: params.int('PageSize') }
}

export function renderPage(page: Page<unknown>, styles: PagingStyles = 'token-or-page') {
  const numbered = { TotalCount: page.totalCount, PageNumber: page.pageNumber, PageSize: page.pageSize }
  return styles === 'page-only' ? numbered : { ...numbered, NextToken: page.nextToken }
}
