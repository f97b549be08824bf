import type { Tag } from '../tags.js'

export type EniType = 'Primary' | 'Secondary'

/** Transitional statuses are in flight between the API and the ENI's host (spec §3.3). */
export type EniStatus = 'Available' | 'Attaching' | 'InUse' | 'Detaching' | 'Deleting'

export const ENI_STATUSES: readonly EniStatus[] = ['Available', 'Attaching', 'InUse', 'Detaching', 'Deleting']
export const ENI_TYPES: readonly EniType[] = ['Primary', 'Secondary']

export interface PrivateIp {
  address: string
  primary: boolean
}

export interface Eni {
  id: string
  accountId: string
  regionId: string
  vpcId: string
  vSwitchId: string
  /** The vSwitch's zone; null when the vSwitch is regional (its ENIs attach in any zone of the VPC). */
  zoneId: string | null
  type: EniType
  status: EniStatus
  instanceId: string | null
  deviceIndex: number | null
  mac: string
  name: string
  description: string
  /** Null until set: the instance type's default then applies once attached (spec §5.3 QueueNumber). */
  queueNumber: number | null
  deleteOnRelease: boolean
  sourceDestCheck: boolean
  resourceGroupId: string
  createdAt: string
  securityGroupIds: string[]
  /** Primary first, then secondaries in address order. */
  privateIps: PrivateIp[]
  tags: Tag[]
}

/** The ENI's primary private IPv4 address (every ENI has exactly one). */
export function primaryAddressOf(eni: Pick<Eni, 'id' | 'privateIps'>): string {
  const primary = eni.privateIps.find((ip) => ip.primary)
  if (primary === undefined) throw new Error(`network interface ${eni.id} has no primary address`)
  return primary.address
}
