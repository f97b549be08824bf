import { DomainError } from '../errors.js'
import { cidrContains, cidrsOverlap, type Cidr } from '../ipam/cidr.js'
import { parseCanonicalCidr } from './canonical-cidr.js'

const MIN_PREFIX = 16
// A /29 leaves 8 − 4 reserved = 4 usable addresses; a /30 would leave none.
const MAX_PREFIX = 29

/**
 * CreateVSwitch's CidrBlock (reference §4, §6.4). The VPC exclusions need no check of their own: a
 * block inside an accepted VPC CIDR cannot reach them. Siblings are the VPC's other vSwitches,
 * because vSwitch blocks never overlap and so an address names one vSwitch within a VPC (§7).
 */
export function assertVSwitchCidr(text: string, vpcCidr: Cidr, siblings: readonly Cidr[]): Cidr {
  const cidr = parseCanonicalCidr(text, 'InvalidCidrBlock.Malformed')
  if (cidr.prefix < MIN_PREFIX || cidr.prefix > MAX_PREFIX) {
    throw new DomainError(
      'InvalidCirdrBlock.MaskLength',
      `The mask length of the vSwitch CIDR block ${text} must be between ${MIN_PREFIX} and ${MAX_PREFIX}.`,
    )
  }
  if (!cidrContains(vpcCidr, cidr)) {
    throw new DomainError(
      'InvalidParameter',
      `The vSwitch CIDR block ${text} is not inside the VPC CIDR block ${vpcCidr.text}.`,
    )
  }
  const clash = siblings.find((sibling) => cidrsOverlap(sibling, cidr))
  if (clash !== undefined) {
    throw new DomainError(
      'InvalidCidrBlock.Overlapped',
      `The vSwitch CIDR block ${text} overlaps the vSwitch CIDR block ${clash.text} in the same VPC.`,
    )
  }
  return cidr
}
