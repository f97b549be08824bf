import { DomainError } from '../errors.js'

/**
 * Secondary ENIs an account may hold in one region (spec §4, quota `secondaryEnis`). `existing` must
 * be counted under the account's lock so concurrent creates cannot both take the last one.
 */
export function assertSecondaryEniQuota(existing: number, adding: number, limit: number): void {
  if (existing + adding > limit) {
    throw new DomainError(
      'MaxEniCountExceeded',
      `The account may hold ${limit} secondary network interfaces in this region and holds ${existing}.`,
    )
  }
}
