import { DomainError } from '../errors.js'
import type { SecurityGroup } from '../security-group/security-group.js'
import type { VSwitch } from '../vpc/vpc.js'

/**
 * Everything a new instance is plugged into lives in one VPC (spec §5.11: a security group or
 * vSwitch of another VPC is InvalidParameter.Mismatch). `groups` are those found; an unknown id is
 * for the group-set rule to report.
 */
export function assertLaunchNetworkMatches(
  vpcId: string,
  vSwitches: readonly Pick<VSwitch, 'id' | 'vpcId'>[],
  groups: readonly Pick<SecurityGroup, 'id' | 'vpcId'>[],
): void {
  const stray =
    vSwitches.map((v) => ({ what: 'vSwitch', ...v })).find((v) => v.vpcId !== vpcId) ??
    groups.map((g) => ({ what: 'security group', ...g })).find((g) => g.vpcId !== vpcId)
  if (stray !== undefined) {
    throw new DomainError(
      'InvalidParameter.Mismatch',
      `The ${stray.what} ${stray.id} is in VPC ${stray.vpcId}, not in the instance's VPC ${vpcId}.`,
    )
  }
}
