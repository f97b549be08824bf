import type { Tag } from '../tags.js'

/** Transitional statuses are in flight between the API and the host of the bound ENI (spec §3.3). */
export type EipStatus = 'Available' | 'Associating' | 'InUse' | 'Unassociating'

/** `Releasing` is a status of the reference too; a release here is immediate, so no EIP is ever seen in it. */
export const EIP_STATUSES: readonly (EipStatus | 'Releasing')[] = ['Associating', 'Unassociating', 'InUse', 'Available', 'Releasing']

export type InternetChargeType = 'PayByBandwidth' | 'PayByTraffic'
export const INTERNET_CHARGE_TYPES: readonly InternetChargeType[] = ['PayByBandwidth', 'PayByTraffic']

export type InstanceChargeType = 'PostPaid' | 'PrePaid'
export const INSTANCE_CHARGE_TYPES: readonly InstanceChargeType[] = ['PostPaid', 'PrePaid']

/** What AssociateEipAddress binds to here: an instance (its primary ENI's primary IP) or an ENI's IP. */
export type BoundAs = 'EcsInstance' | 'NetworkInterface'

/**
 * An EIP maps to one private address of one ENI (NAT mode, spec §7 "EIP binding registry"). The
 * binding names the ENI, not its instance, so it follows the ENI wherever it is attached.
 */
export interface EipBinding {
  eniId: string
  privateIpAddress: string
  boundAs: BoundAs
}

/** An EIP bound to an ENI as a host realises it: the public and private ends, cap and charge type. */
export interface BoundEip {
  allocationId: string
  ipAddress: string
  eniId: string
  privateIpAddress: string
  bandwidthMbps: number
  internetChargeType: InternetChargeType
  status: EipStatus
}

export interface Subscription {
  pricingCycle: 'Month' | 'Year'
  period: number
  expiresAt: string
}

export interface Eip {
  id: string
  accountId: string
  regionId: string
  ipAddress: string
  name: string
  description: string
  status: EipStatus
  /** Mbit/s. */
  bandwidth: number
  internetChargeType: InternetChargeType
  instanceChargeType: InstanceChargeType
  /** Only for PrePaid EIPs. */
  subscription: Subscription | null
  isp: string
  zoneId: string | null
  resourceGroupId: string
  binding: EipBinding | null
  createdAt: string
  tags: Tag[]
}
