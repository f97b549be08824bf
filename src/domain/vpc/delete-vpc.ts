import { DomainError, type ErrorCode } from '../errors.js'
import { assertVpcAvailable } from './available.js'
import type { Vpc } from './vpc.js'

/** How many resources of each kind still sit in a VPC. */
export interface VpcContents {
  instances: number
  networkInterfaces: number
  securityGroups: number
  vSwitches: number
  /** Custom routes of its route table (system routes go with the VPC). */
  customRouteEntries: number
}

// DeleteVpc never cascades (spec §6.2). Kinds are checked in the order the caller must delete
// them: custom routes hold their next-hop instances and ENIs, which hold vSwitches, so a VPC with
// an instance also has a vSwitch, and the answer names what to remove first.
const BLOCKERS: ReadonlyArray<{ kind: keyof VpcContents; code: ErrorCode; what: string }> = [
  { kind: 'customRouteEntries', code: 'DependencyViolation.RouteEntry', what: 'custom route entries' },
  { kind: 'instances', code: 'DependencyViolation.Instance', what: 'instances' },
  { kind: 'networkInterfaces', code: 'DependencyViolation.NetworkInterface', what: 'network interfaces' },
  { kind: 'securityGroups', code: 'DependencyViolation.SecurityGroup', what: 'security groups' },
  { kind: 'vSwitches', code: 'DependencyViolation.VSwitch', what: 'vSwitches' },
]

/** A VPC may be deleted only when Available and empty (spec §6.2). */
export function assertVpcDeletable(vpc: Vpc, contents: VpcContents): void {
  assertVpcAvailable(vpc)
  for (const { kind, code, what } of BLOCKERS) {
    if (contents[kind] > 0) {
      throw new DomainError(code, `The VPC ${vpc.id} still holds ${contents[kind]} ${what}; delete them first.`)
    }
  }
}
