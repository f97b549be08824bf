import { DomainError } from '../errors.js'

/** DescribeVSwitches needs RegionId, VpcId or both to know where to look (spec §6.6). */
export function assertVSwitchScope(regionId: string | undefined, vpcId: string | undefined): void {
  if (regionId === undefined && vpcId === undefined) {
    throw new DomainError('MissingParameter', 'Either RegionId or VpcId must be given to describe vSwitches.')
  }
}
