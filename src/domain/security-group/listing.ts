import type { PagingLimits } from '../paging.js'

/** DescribeSecurityGroups' paging (spec §4): pages hold at most 100 groups, 10 by default, in either style. */
export const SECURITY_GROUP_PAGING: PagingLimits = { tokenDefault: 10, tokenMin: 1, tokenMax: 100, pageDefault: 10, pageMax: 100 }

/** DescribeSecurityGroupAttribute's rules (spec §4): token pages of 10–1000 rules, 500 by default. */
export const RULE_PAGING: PagingLimits = { tokenDefault: 500, tokenMin: 10, tokenMax: 1000, pageDefault: 500, pageMax: 1000 }
