import { DomainError } from '../errors.js'
import type { Cidr } from '../ipam/cidr.js'
import { parseCanonicalCidr } from './canonical-cidr.js'
import { CLOUD_SERVICE_CIDR, assertOutsideExcluded } from './excluded-cidrs.js'

const MAX_USER_CIDRS = 3

/**
 * CreateVpc's UserCidr: up to three comma-separated blocks (reference §4, §6.1). The reference
 * excludes only the cloud-service block here, so the other VPC exclusions are not applied. An
 * empty value is the same as none: the SDK sends `UserCidr=` for an empty string (§1.3).
 */
export function assertUserCidrs(text: string): Cidr[] {
  if (text === '') return []
  const entries = text.split(',').map((entry) => entry.trim())
  if (entries.length > MAX_USER_CIDRS) {
    throw new DomainError('InvalidUserCidr.Quota', `A VPC takes at most ${MAX_USER_CIDRS} user CIDR blocks.`)
  }
  return entries.map((entry) => {
    const cidr = parseCanonicalCidr(entry, 'InvalidUserCidr.Malformed')
    assertOutsideExcluded(cidr, [CLOUD_SERVICE_CIDR])
    return cidr
  })
}
