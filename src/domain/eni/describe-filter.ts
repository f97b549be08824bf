import { DomainError } from '../errors.js'
import type { PagingLimits } from '../paging.js'

/** DescribeNetworkInterfaces' paging (spec §4): MaxResults clamped to 10–500, PageSize ≤ 1000, default 10. */
export const ENI_PAGING: PagingLimits = { tokenDefault: 10, tokenMin: 10, tokenMax: 500, pageDefault: 10, pageMax: 1000 }

/** List filters of DescribeNetworkInterfaces hold at most 100 values each (spec §5.3); Tag.N at most 20. */
export const MAX_FILTER_VALUES = 100
export const MAX_FILTER_TAGS = 20

export function assertFilterSize(name: string, values: readonly unknown[], max: number): void {
  if (values.length > max) {
    throw new DomainError('InvalidParameter', `The filter ${name} takes at most ${max} values; ${values.length} were given.`)
  }
}
