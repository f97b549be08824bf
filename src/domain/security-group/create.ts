import { assertText, descriptionRule, securityGroupNameRule } from '../naming.js'
import { assertTags, type Tag } from '../tags.js'
import { defaultInnerAccessPolicy } from './group-type.js'
import type { SecurityGroup, SecurityGroupType } from './security-group.js'

export interface NewSecurityGroupInput {
  id: string
  accountId: string
  regionId: string
  vpcId: string
  name?: string | undefined
  description?: string | undefined
  type?: SecurityGroupType | undefined
  tags: readonly Tag[]
  createdAt: string
}

/**
 * Assembles a group from a CreateSecurityGroup request under the naming and tag rules (spec §4).
 * A group starts without rules: the API never creates any implicitly (spec §5.16).
 */
export function newSecurityGroup(input: NewSecurityGroupInput, tagLimit: number): SecurityGroup {
  const type = input.type ?? 'normal'
  return {
    id: input.id,
    accountId: input.accountId,
    regionId: input.regionId,
    vpcId: input.vpcId,
    name: input.name === undefined ? '' : assertText(securityGroupNameRule, input.name),
    description: input.description === undefined ? '' : assertText(descriptionRule, input.description),
    type,
    innerAccessPolicy: defaultInnerAccessPolicy(type),
    createdAt: input.createdAt,
    tags: assertTags(input.tags, tagLimit),
  }
}
