import { newId } from '../ids.js'
import { parseCidr } from '../ipam/cidr.js'
import { assertVSwitchCidr } from '../network/vswitch-cidr.js'
import { validateText, vSwitchDescriptionRule, vSwitchNameRule } from '../naming.js'
import type { Random } from '../random.js'
import { assertTags, type Tag } from '../tags.js'
import { assertVpcAvailable } from './available.js'
import { pickVSwitchCidr } from './pick-vswitch-cidr.js'
import type { VSwitch, Vpc } from './vpc.js'
import type { VSwitchBlock } from './vswitch-block.js'

export interface NewVSwitchRequest {
  vpc: Vpc
  /** CIDR blocks of the VPC's other vSwitches. */
  siblings: readonly string[]
  block: VSwitchBlock
  /** Already checked to be a zone of the VPC's region; null makes a regional vSwitch. */
  zoneId: string | null
  name?: string | undefined
  description?: string | undefined
  tags: readonly Tag[]
  tagLimit: number
}

/**
 * A new vSwitch of an Available VPC, its block inside the VPC and apart from its siblings (spec §4,
 * §6.4). Without a zone it is regional: its ENIs may attach to instances in any zone of the VPC,
 * which is how an ENI moves across zones. It is `Available` at once, like its VPC.
 */
export function newVSwitch(request: NewVSwitchRequest, random: Random, now: Date): VSwitch {
  const { vpc } = request
  assertVpcAvailable(vpc)
  const vpcCidr = parseCidr(vpc.cidrBlock)
  const siblings = request.siblings.map(parseCidr)
  const text = 'cidrBlock' in request.block ? request.block.cidrBlock : pickVSwitchCidr(vpcCidr, siblings, request.block.cidrMask)
  const cidr = assertVSwitchCidr(text, vpcCidr, siblings)
  const tags = assertTags(request.tags, request.tagLimit)
  return {
    id: newId('vsw', random),
    accountId: vpc.accountId,
    regionId: vpc.regionId,
    vpcId: vpc.id,
    zoneId: request.zoneId,
    cidrBlock: cidr.text,
    name: validateText(vSwitchNameRule, request.name) ?? '',
    description: validateText(vSwitchDescriptionRule, request.description) ?? '',
    status: 'Available',
    createdAt: now.toISOString(),
    tags,
  }
}
