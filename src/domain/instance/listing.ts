import type { PagingLimits } from '../paging.js'

/** DescribeInstances' paging (spec §4): MaxResults below 10 counts as 10 and above 100 as 100; PageSize 1–100, default 10. */
export const INSTANCE_PAGING: PagingLimits = { tokenDefault: 10, tokenMin: 10, tokenMax: 100, pageDefault: 10, pageMax: 100 }
