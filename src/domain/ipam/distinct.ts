import { DomainError } from '../errors.js'

/**
 * One request may not name the same address twice (PrivateIpAddress.N, or a secondary equal to
 * PrimaryIpAddress). Compared as text: the strict dotted-quad parser gives each address a single
 * spelling, so equal addresses are equal strings once parsed.
 */
export function assertDistinct(addresses: readonly string[]): void {
  const seen = new Set<string>()
  for (const address of addresses) {
    if (seen.has(address)) {
      throw new DomainError('InvalidIp.IpRepeated', `The IP address ${address} is given more than once.`)
    }
    seen.add(address)
  }
}
