import { DomainError } from './errors.js'

/** The position after the last item of a page, in the stable (creation time, id) order of listings. */
export interface Cursor {
  createdAt: string
  id: string
}

/** NextToken is opaque to clients (spec §3.4): base64url of the cursor of the last item returned. */
export function encodeNextToken(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.id])).toString('base64url')
}

export function decodeNextToken(token: string): Cursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
      return { createdAt: value[0], id: value[1] }
    }
  } catch {
    // fall through: a token we did not make
  }
  throw new DomainError('InValidParameter.NextToken', 'The specified NextToken is invalid.')
}

/** The paging parameters of a Describe request, in either style (spec §3.4). */
export interface PagingInput {
  maxResults?: number | undefined
  nextToken?: string | undefined
  pageNumber?: number | undefined
  pageSize?: number | undefined
}

export type PageRequest =
  | { style: 'token'; size: number; after?: Cursor }
  | { style: 'page'; size: number; number: number }

export interface PagingLimits {
  tokenDefault: number
  tokenMin: number
  tokenMax: number
  pageDefault: number
  pageMax: number
}

/**
 * Token paging when MaxResults or NextToken is present, page paging otherwise (spec §3.4). Token
 * sizes are clamped as the reference does; a page size outside its range is refused.
 */
export function choosePage(input: PagingInput, limits: PagingLimits): PageRequest {
  if (input.maxResults !== undefined || input.nextToken !== undefined) {
    const size = Math.min(limits.tokenMax, Math.max(limits.tokenMin, input.maxResults ?? limits.tokenDefault))
    const after = input.nextToken ? decodeNextToken(input.nextToken) : undefined
    return after === undefined ? { style: 'token', size } : { style: 'token', size, after }
  }
  const number = input.pageNumber ?? 1
  const size = input.pageSize ?? limits.pageDefault
  if (!Number.isInteger(number) || number < 1) {
    throw new DomainError('InvalidParameter', 'PageNumber must be a positive integer.')
  }
  if (!Number.isInteger(size) || size < 1 || size > limits.pageMax) {
    throw new DomainError('InvalidParameter', `PageSize must be between 1 and ${limits.pageMax}.`)
  }
  return { style: 'page', size, number }
}

export interface Page<T> {
  items: T[]
  totalCount: number
  pageNumber: number
  pageSize: number
  nextToken: string
}
