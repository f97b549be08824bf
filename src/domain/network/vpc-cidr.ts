import { DomainError } from '../errors.js'
import type { Cidr } from '../ipam/cidr.js'
import { parseCanonicalCidr } from './canonical-cidr.js'
import { VPC_EXCLUDED_CIDRS, assertOutsideExcluded } from './excluded-cidrs.js'

// The metadata allows 8–28 while the SDK's text says 16–28 (reference §8); the wider one is taken
// so every CIDR the real cloud accepts is accepted here too.
const MIN_PREFIX = 8
const MAX_PREFIX = 28

/**
 * CreateVpc's CidrBlock (reference §4, §6.1). A bad block is `InvalidParameter` there, not one of
 * CreateVSwitch's finer codes; a reserved block is OperationDenied.CidrInExcludeCidrs.
 */
export function assertVpcCidr(text: string): Cidr {
  const cidr = parseCanonicalCidr(text, 'InvalidParameter')
  if (cidr.prefix < MIN_PREFIX || cidr.prefix > MAX_PREFIX) {
    throw new DomainError(
      'InvalidParameter',
      `The mask length of the VPC CIDR block ${text} must be between ${MIN_PREFIX} and ${MAX_PREFIX}.`,
    )
  }
  assertOutsideExcluded(cidr, VPC_EXCLUDED_CIDRS)
  return cidr
}
