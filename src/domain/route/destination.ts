import ipaddr from 'ipaddr.js'
import { DomainError, isDomainError } from '../errors.js'
import { cidrContains, parseCidr, type Cidr } from '../ipam/cidr.js'
import { VPC_EXCLUDED_CIDRS } from '../network/excluded-cidrs.js'

/**
 * Reads a route's DestinationCidrBlock (spec §6.14): a CIDR block, whose host bits are cleared as
 * the cloud does, or a bare address, which means that address alone (/32). The reference also takes
 * prefix lists and IPv6 blocks here; OpenENI has neither, and answers them with the reference's
 * codes for a missing prefix list and a VPC without IPv6.
 */
export function parseRouteDestination(text: string): Cidr {
  if (text.startsWith('pl-')) {
    throw new DomainError('ResourceNotFound.PrefixList', `The prefix list ${text} does not exist.`)
  }
  const [address = '', prefix] = text.split('/')
  if (ipaddr.IPv6.isValid(address) && (prefix === undefined || /^\d{1,3}$/.test(prefix))) {
    throw new DomainError('OperationDenied.VpcIpv6NotEnabled', `The VPC has no IPv6 block, so ${text} cannot be routed.`)
  }
  try {
    return parseCidr(prefix === undefined ? `${text}/32` : text)
  } catch (err) {
    if (isDomainError(err)) throw new DomainError('InvalidCidrBlock.Malformed', `The destination CIDR block "${text}" is malformed.`)
    throw err
  }
}

/**
 * Where a custom route may lead (spec §6.14): not into the blocks no VPC may use (the cloud-service
 * block 100.64.0.0/10 of the reference, and the loopback, link-local, multicast and reserved blocks
 * the kernel does not route between namespaces), and neither onto nor inside a vSwitch of the VPC,
 * whose own system route must keep its traffic. A destination may contain vSwitch blocks
 * (0.0.0.0/0 does): the longer system routes still win for them.
 */
export function assertRouteDestination(destination: Cidr, vSwitchCidrs: readonly Cidr[]): void {
  const reserved = VPC_EXCLUDED_CIDRS.find((block) => cidrContains(block, destination))
  if (reserved !== undefined) {
    throw new DomainError(
      'InvalidDestinationCidrBlock',
      `The destination ${destination.text} lies in the reserved block ${reserved.text}, which cannot be routed.`,
    )
  }
  const vSwitch = vSwitchCidrs.find((block) => cidrContains(block, destination))
  if (vSwitch !== undefined) {
    throw new DomainError(
      'InvalidCidrBlock',
      `The destination ${destination.text} lies in the vSwitch block ${vSwitch.text}; a custom route may contain a vSwitch block but not equal or lie inside one.`,
    )
  }
}

/**
 * The same rule seen from CreateVSwitch (spec §4, §6.4): a new vSwitch block may not equal or
 * contain the destination of a custom route of its VPC, since that route would then lie inside it.
 */
export function assertVSwitchClearOfRoutes(vSwitchCidr: Cidr, routeDestinations: readonly Cidr[]): void {
  const route = routeDestinations.find((destination) => cidrContains(vSwitchCidr, destination))
  if (route !== undefined) {
    throw new DomainError(
      'InvalidCidrBlock.Overlapped',
      `The vSwitch CIDR block ${vSwitchCidr.text} overlaps the destination ${route.text} of a custom route in the same VPC.`,
    )
  }
}
