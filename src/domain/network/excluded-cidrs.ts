import { DomainError } from '../errors.js'
import { cidrsOverlap, parseCidr, type Cidr } from '../ipam/cidr.js'

/** The cloud's own services sit here (every VPC gets a system route to it), so users may not. */
export const CLOUD_SERVICE_CIDR = parseCidr('100.64.0.0/10')

/**
 * Blocks a VPC may neither sit in nor overlap. The reference (§4) names the cloud-service block,
 * multicast, loopback and link-local; OpenENI also refuses 0.0.0.0/8 ("this network") and
 * 240.0.0.0/4 (reserved, with the limited broadcast address), which the kernel will not route
 * between the namespaces that realise a VPC.
 */
export const VPC_EXCLUDED_CIDRS: readonly Cidr[] = [
  '0.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '224.0.0.0/4',
  '240.0.0.0/4',
].map(parseCidr)

export function assertOutsideExcluded(cidr: Cidr, excluded: readonly Cidr[]): void {
  const hit = excluded.find((block) => cidrsOverlap(block, cidr))
  if (hit !== undefined) {
    throw new DomainError(
      'OperationDenied.CidrInExcludeCidrs',
      `The CIDR block ${cidr.text} overlaps the reserved block ${hit.text}.`,
    )
  }
}
