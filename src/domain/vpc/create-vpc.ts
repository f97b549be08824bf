import { newId } from '../ids.js'
import { assertUserCidrs } from '../network/user-cidrs.js'
import { assertVpcCidr } from '../network/vpc-cidr.js'
import { validateText, vpcDescriptionRule, vpcNameRule } from '../naming.js'
import type { Random } from '../random.js'
import { assertTags, type Tag } from '../tags.js'
import type { Vpc } from './vpc.js'

/** Older CreateVpc documents give this block when CidrBlock is omitted (spec §6.1). */
export const DEFAULT_VPC_CIDR = '172.16.0.0/12'

export interface NewVpcRequest {
  accountId: string
  regionId: string
  cidrBlock?: string | undefined
  userCidr?: string | undefined
  name?: string | undefined
  description?: string | undefined
  tags: readonly Tag[]
  tagLimit: number
}

/**
 * A new VPC with its vRouter and system route table (spec §6.1), after every rule on what the
 * caller sent. It is `Available` at once: nothing on a host has to confirm a VPC before use.
 */
export function newVpc(request: NewVpcRequest, random: Random, now: Date): Vpc {
  const cidr = assertVpcCidr(request.cidrBlock ?? DEFAULT_VPC_CIDR)
  const userCidrs = assertUserCidrs(request.userCidr ?? '')
  const tags = assertTags(request.tags, request.tagLimit)
  return {
    id: newId('vpc', random),
    accountId: request.accountId,
    regionId: request.regionId,
    cidrBlock: cidr.text,
    userCidrs: userCidrs.map((c) => c.text),
    name: validateText(vpcNameRule, request.name) ?? '',
    description: validateText(vpcDescriptionRule, request.description) ?? '',
    status: 'Available',
    vRouterId: newId('vrt', random),
    routeTableId: newId('vtb', random),
    isDefault: false,
    createdAt: now.toISOString(),
    tags,
  }
}
