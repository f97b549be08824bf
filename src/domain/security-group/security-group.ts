import type { Tag } from '../tags.js'

/** `normal` is a basic group, `enterprise` an advanced one (spec §5.16). */
export type SecurityGroupType = 'normal' | 'enterprise'
export type InnerAccessPolicy = 'Accept' | 'Drop'

export interface SecurityGroup {
  id: string
  accountId: string
  regionId: string
  vpcId: string
  name: string
  description: string
  type: SecurityGroupType
  innerAccessPolicy: InnerAccessPolicy
  createdAt: string
  tags: Tag[]
}
