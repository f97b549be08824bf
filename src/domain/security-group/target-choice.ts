import { DomainError } from '../errors.js'

/** Which ENI a Join/LeaveSecurityGroup request names, and in which region to look when it says. */
export type TargetRef =
  | { kind: 'instance'; instanceId: string; regionId: string | undefined }
  | { kind: 'eni'; eniId: string; regionId: string }

export interface TargetRequest {
  instanceId?: string | undefined
  networkInterfaceId?: string | undefined
  regionId?: string | undefined
}

/**
 * Exactly one of InstanceId and NetworkInterfaceId (spec §5.22). An instance ID is unique across
 * regions, so RegionId may be left out with it; an ENI is looked up in the region given.
 */
export function chooseTarget(request: TargetRequest): TargetRef {
  const { instanceId, networkInterfaceId, regionId } = request
  if (instanceId !== undefined && networkInterfaceId !== undefined) {
    throw new DomainError('InvalidParam.EniIdAndInstanceId.Conflict', 'InstanceId and NetworkInterfaceId cannot be given together.')
  }
  if (instanceId !== undefined) return { kind: 'instance', instanceId, regionId }
  if (networkInterfaceId === undefined) {
    throw new DomainError('MissingParameter', 'One of InstanceId or NetworkInterfaceId is required.')
  }
  if (regionId === undefined) {
    throw new DomainError('MissingParameter', 'The input parameter "RegionId" is required with NetworkInterfaceId.')
  }
  return { kind: 'eni', eniId: networkInterfaceId, regionId }
}
