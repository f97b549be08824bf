import { DomainError } from '../errors.js'

/** An EIP held by one private address of an ENI. */
export interface HeldEip {
  allocationId: string
  privateIpAddress: string
}

/**
 * DeleteNetworkInterface of an ENI whose addresses still hold EIPs (spec §8: the reference
 * documents no cascade; EIPs are billed resources the user chose to keep): refused, as ECS refuses
 * changes to a linked ENI, until the EIPs are unassociated.
 */
export function assertNoEipOnEni(eniId: string, held: readonly HeldEip[]): void {
  if (held.length > 0) {
    throw new DomainError(
      'InvalidOperation.EniLinked',
      `The network interface ${eniId} still has the EIP${held.length > 1 ? 's' : ''} ${held.map((h) => h.allocationId).join(', ')} associated; unassociate ${held.length > 1 ? 'them' : 'it'} first.`,
    )
  }
}

/**
 * UnassignPrivateIpAddresses of an address holding an EIP (spec §5.9): refused with the conflict
 * code UnassignPrivateIpAddresses documents, until the EIP is unassociated, so an EIP never maps
 * to an address nobody holds.
 */
export function assertNoEipOnAddresses(eniId: string, addresses: readonly string[], held: readonly HeldEip[]): void {
  const hit = held.find((h) => addresses.includes(h.privateIpAddress))
  if (hit !== undefined) {
    throw new DomainError(
      'InvalidParameter.Conflict',
      `The private IP address ${hit.privateIpAddress} of ${eniId} has the EIP ${hit.allocationId} associated; unassociate it before unassigning the address.`,
    )
  }
}
