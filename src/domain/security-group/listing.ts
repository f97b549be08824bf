import type { PagingLimits } from '../paging.js'

/** DescribeSecurityGroups' paging (spec §4): pages hold at most 100 groups, 10 by default, in either style. */
export const SECURITY_GROUP_PAGING: PagingLimits = { tokenDefault: 10, tokenMin: 1, tokenMax: 100, pageDefault: 10, pageMax: 100 }
