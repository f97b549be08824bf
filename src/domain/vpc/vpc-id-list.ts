import { DomainError } from '../errors.js'

const MAX_VPC_IDS = 20

/** DescribeVpcs takes at most 20 comma-separated VPC IDs (spec §6.3). */
export function assertVpcIdList(ids: readonly string[]): readonly string[] {
  if (ids.length > MAX_VPC_IDS) {
    throw new DomainError('InvalidVpcIdNumber.NotSupported', `VpcId takes at most ${MAX_VPC_IDS} IDs; ${ids.length} were given.`)
  }
  return ids
}
