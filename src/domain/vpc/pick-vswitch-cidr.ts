import { DomainError } from '../errors.js'
import { cidrSize, parseCidr, type Cidr } from '../ipam/cidr.js'
import { formatIpv4 } from '../ipam/ipv4.js'
import { assertVSwitchCidr } from '../network/vswitch-cidr.js'

/**
 * CreateVSwitch's CidrMask (spec §6.4): the lowest free block of that size in the VPC, returned as
 * its CIDR text. Aligned blocks are nested or disjoint, so each sibling met either holds the
 * candidate (jump past the sibling) or sits inside it (jump past the candidate); both land on the
 * next aligned start, and the walk takes at most one step per sibling.
 */
export function pickVSwitchCidr(vpcCidr: Cidr, siblings: readonly Cidr[], mask: number): string {
  if (!Number.isInteger(mask) || mask < 0 || mask > 32) {
    throw new DomainError('InvalidCirdrBlock.MaskLength', `${mask} is not a prefix length.`)
  }
  // The first aligned block answers for the mask bounds and whether such a block fits the VPC at
  // all, by the same rules as an explicit CidrBlock.
  assertVSwitchCidr(parseCidr(`${formatIpv4(vpcCidr.network)}/${mask}`).text, vpcCidr, [])
  const size = 2 ** (32 - mask)
  const end = vpcCidr.network + cidrSize(vpcCidr)
  const sorted = [...siblings].sort((a, b) => a.network - b.network)
  for (let candidate = vpcCidr.network; candidate < end; ) {
    const start = candidate
    const clash = sorted.find((s) => s.network < start + size && start < s.network + cidrSize(s))
    if (clash === undefined) return `${formatIpv4(start)}/${mask}`
    candidate = Math.max(start + size, clash.network + cidrSize(clash))
  }
  throw new DomainError(
    'InvalidCidrBlock.Overlapped',
    `No free /${mask} block is left in the VPC CIDR block ${vpcCidr.text}: each one overlaps a vSwitch.`,
  )
}
