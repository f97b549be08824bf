import { DomainError } from '../errors.js'
import { formatIpv4 } from '../ipam/ipv4.js'

/** A private address belongs to exactly one ENI (spec §7): a named address someone holds is refused. */
export function assertAddressesFree(held: readonly number[]): void {
  const first = held[0]
  if (first !== undefined) {
    throw new DomainError('InvalidPrivateIpAddress.Duplicated', `The IP address ${formatIpv4(first)} is already in use.`)
  }
}
