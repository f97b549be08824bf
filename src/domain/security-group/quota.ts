import { DomainError } from '../errors.js'

/** Security groups per account and region are a quota, 100 by default (spec §4). */
export function assertSecurityGroupQuota(existing: number, limit: number): void {
  if (existing >= limit) {
    throw new DomainError(
      'QuotaExceed.SecurityGroup',
      `The account already has ${existing} security groups in this region, its quota of ${limit}.`,
    )
  }
}
