import { DomainError } from '../errors.js'

/**
 * The network quotas of spec §4. `count` is what the caller already holds, read under a lock by the
 * service, so the check and the insert that follows cannot be split by a concurrent request.
 */
export function assertVpcQuota(count: number, limit: number): void {
  if (count >= limit) {
    throw new DomainError('QuotaExceeded.Vpc', `The account already has ${count} VPCs in this region; the quota is ${limit}.`)
  }
}

export function assertVSwitchQuota(count: number, limit: number): void {
  if (count >= limit) {
    throw new DomainError('QuotaExceeded.VSwitch', `The VPC already has ${count} vSwitches; the quota is ${limit}.`)
  }
}
