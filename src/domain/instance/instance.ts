import type { Tag } from '../tags.js'

/** Pending → Starting → Running, Running → Stopping → Stopped (spec §3.3, §5.13). */
export type InstanceStatus = 'Pending' | 'Starting' | 'Running' | 'Stopping' | 'Stopped'

export interface Instance {
  id: string
  accountId: string
  regionId: string
  zoneId: string
  /** The host that realises it; null only while nothing could be placed yet. */
  hostId: string | null
  instanceType: string
  ioOptimized: boolean
  name: string
  hostName: string
  description: string
  imageId: string
  status: InstanceStatus
  vpcId: string
  vSwitchId: string
  deletionProtection: boolean
  createdAt: string
  startedAt: string | null
  tags: Tag[]
}
