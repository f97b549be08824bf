import { DomainError } from '../errors.js'
import { cidrSize, type Cidr } from './cidr.js'
import { formatIpv4 } from './ipv4.js'

/**
 * The addresses of a vSwitch that may be handed out or accepted, as an inclusive interval.
 *
 *     0         1 … n−4                n−3   n−2   n−1     n = 2^(32 − prefix)
 *   ┌─────────┬──────────────────────┬─────────────────┐
 *   │ network │ usable: first … last │ 3 reserved      │
 *   └─────────┴──────────────────────┴─────────────────┘
 *     .0        .1 … .252              .253  .254  .255     in a /24
 *
 * The cloud reserves the first address and the last three of every vSwitch (reference §3.2: in
 * 192.168.1.0/24 these are .0, .253, .254 and .255), so a /29 has 8 − 4 = 4 usable addresses.
 * Blocks smaller than /29 (never a vSwitch) give an empty range: size 0, last = first − 1.
 */
export interface UsableRange {
  readonly first: number
  readonly last: number
  readonly size: number
}

const RESERVED_AT_START = 1
const RESERVED_AT_END = 3

export function usableRange(cidr: Cidr): UsableRange {
  const size = Math.max(0, cidrSize(cidr) - RESERVED_AT_START - RESERVED_AT_END)
  const first = cidr.network + RESERVED_AT_START
  return { first, last: first + size - 1, size }
}

export function isUsable(range: UsableRange, address: number): boolean {
  return Number.isInteger(address) && address >= range.first && address <= range.last
}

/** A caller-chosen address (PrimaryIpAddress, PrivateIpAddress.N) must be a usable one of the vSwitch. */
export function assertAssignable(range: UsableRange, address: number): void {
  if (!isUsable(range, address)) {
    throw new DomainError(
      'InvalidVSwitchId.IpInvalid',
      `The IP address ${formatIpv4(address)} is outside the vSwitch CIDR block or is reserved.`,
    )
  }
}

/**
 * AvailableIpAddressCount (reference §6.6): usable addresses minus those held. `held` is a count
 * (the store's COUNT over the vSwitch's addresses, which are all usable), so a large vSwitch is
 * never loaded. A count outside 0…size means the store and the rules disagree: fail loudly rather
 * than report a negative or inflated number.
 */
export function availableCount(range: UsableRange, held: number): number {
  if (!Number.isInteger(held) || held < 0 || held > range.size) {
    throw new RangeError(`${held} held addresses cannot fit ${range.size} usable ones`)
  }
  return range.size - held
}
