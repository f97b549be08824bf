import type { Tag } from '../tags.js'

export type NetworkStatus = 'Pending' | 'Available'

export interface Vpc {
  id: string
  accountId: string
  regionId: string
  cidrBlock: string
  userCidrs: string[]
  name: string
  description: string
  status: NetworkStatus
  vRouterId: string
  routeTableId: string
  isDefault: boolean
  createdAt: string
  tags: Tag[]
}

export interface VSwitch {
  id: string
  accountId: string
  regionId: string
  vpcId: string
  /** Null for a regional vSwitch: its ENIs may attach to instances in any zone of the VPC. */
  zoneId: string | null
  cidrBlock: string
  name: string
  description: string
  status: NetworkStatus
  createdAt: string
  tags: Tag[]
}
