import { cidrSize, parseCidr } from '../ipam/cidr.js'
import { formatIpv4 } from '../ipam/ipv4.js'

/**
 * A vSwitch's gateway: the first of the three addresses the cloud reserves at the end of every
 * vSwitch (`.253` of a /24, as on Alibaba Cloud), held by the VPC router on that vSwitch.
 */
export function vSwitchGateway(cidrBlock: string): string {
  const cidr = parseCidr(cidrBlock)
  return formatIpv4(cidr.network + cidrSize(cidr) - 3)
}
