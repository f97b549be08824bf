import { DomainError } from '../errors.js'

/** EIPs per account and region (config `quotas.eips`, 20 by default). */
export function assertEipQuota(existing: number, limit: number): void {
  if (existing + 1 > limit) {
    throw new DomainError('QuotaExceeded.Eip', `Your account already holds ${existing} EIPs in the region; its quota is ${limit}.`)
  }
}
