import ipaddr from 'ipaddr.js'
import { DomainError } from '../errors.js'

// Addresses are unsigned 32-bit integers (`number`): the store keeps them that way so a vSwitch's
// addresses are one index range scan, and the allocator's arithmetic (next, window, size) is plain.

/**
 * Reads a strict dotted quad. ipaddr.js on its own also accepts `10.1`, `0x0a.0.0.1` and
 * `010.0.0.1` (octal); the API documents only the four-part decimal form, and accepting the others
 * would give one address several spellings, so duplicates in a request could slip through.
 */
export function parseIpv4(text: string): number {
  if (!ipaddr.IPv4.isValidFourPartDecimal(text)) {
    throw new DomainError('InvalidPrivateIpAddress.Malformed', `The IP address "${text}" is malformed.`)
  }
  return ipaddr.IPv4.parse(text).octets.reduce((n, octet) => n * 256 + octet, 0)
}

export function formatIpv4(address: number): string {
  if (!Number.isInteger(address) || address < 0 || address > 0xffffffff) {
    throw new RangeError(`${address} is not an unsigned 32-bit IPv4 address`)
  }
  return [address >>> 24, (address >>> 16) & 0xff, (address >>> 8) & 0xff, address & 0xff].join('.')
}
