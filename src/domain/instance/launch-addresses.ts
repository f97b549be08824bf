import { DomainError } from '../errors.js'
import { parseCidr } from '../ipam/cidr.js'
import { formatIpv4, parseIpv4 } from '../ipam/ipv4.js'
import { isUsable, usableRange } from '../ipam/usable-range.js'

/**
 * The primary addresses of `count` instances launched with one PrivateIpAddress (spec §5.11):
 * consecutive from it, each a usable address of the vSwitch, else InvalidPrivateIpAddress.
 */
export function consecutiveAddresses(first: string, count: number, vSwitchCidr: string): string[] {
  const start = parseIpv4(first)
  const range = usableRange(parseCidr(vSwitchCidr))
  return Array.from({ length: count }, (_, index) => {
    const address = start + index
    if (!isUsable(range, address)) {
      const shown = address <= 0xffffffff ? formatIpv4(address) : `${first} + ${index}`
      throw new DomainError(
        'InvalidPrivateIpAddress',
        `The address ${shown} is not a usable address of the vSwitch CIDR block ${vSwitchCidr}.`,
      )
    }
    return formatIpv4(address)
  })
}
