import { DomainError } from '../errors.js'
import type { PagingLimits } from '../paging.js'
import type { BoundAs, InstanceChargeType } from './eip.js'

/** DescribeEipAddresses pages by number only: PageSize ≤ 100, default 10 (spec §4, §6.12). */
export const EIP_PAGE_LIMITS: PagingLimits = {
  pageDefault: 10,
  pageMax: 100,
  tokenDefault: 10,
  tokenMin: 1,
  tokenMax: 100,
}

/** `AllocationId` and `EipAddress` hold at most 50 comma-separated values each (spec §1.3). */
const MAX_LISTED = 50

export function assertListedValues(name: string, values: readonly string[] | undefined): void {
  if (values !== undefined && values.length > MAX_LISTED) {
    throw new DomainError('InvalidParameter', `The parameter "${name}" may hold at most ${MAX_LISTED} values.`)
  }
}

/** What an EIP can be associated with in the reference (spec §6.8); only some exist here. */
const ASSOCIATED_TYPES = ['EcsInstance', 'SlbInstance', 'Nat', 'HaVip', 'NetworkInterface', 'IpAddress'] as const

/**
 * `AssociatedInstanceType`: a type of the reference's, else the reference's (misspelt) code. A
 * type that exists there but not here is valid and matches nothing, which `undefined` says.
 */
export function associatedTypeFilter(text: string | undefined): { type?: BoundAs; matchesNone: boolean } {
  if (text === undefined) return { matchesNone: false }
  if (!(ASSOCIATED_TYPES as readonly string[]).includes(text)) {
    throw new DomainError('InvalidIAssociatedInstanceType.ValueNotSupported', `The AssociatedInstanceType ${JSON.stringify(text)} is not supported.`)
  }
  return text === 'EcsInstance' || text === 'NetworkInterface' ? { type: text, matchesNone: false } : { matchesNone: true }
}

export function chargeTypeFilter(text: string | undefined): InstanceChargeType | undefined {
  if (text === undefined || text === 'PostPaid' || text === 'PrePaid') return text
  throw new DomainError('InvalidChargeType.ValueNotSupported', `The ChargeType ${JSON.stringify(text)} is neither PostPaid nor PrePaid.`)
}

/**
 * `LockReason` (financial or security): valid values match nothing, since no EIP is ever locked
 * here (overdue payments and security locks belong to a billing system this deployment has not).
 */
export function lockReasonMatchesNone(text: string | undefined): boolean {
  if (text === undefined) return false
  if (text !== 'financial' && text !== 'security') {
    throw new DomainError('InvalidLockReason.NotFound', `The LockReason ${JSON.stringify(text)} is neither financial nor security.`)
  }
  return true
}
