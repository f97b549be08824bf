import { isoSeconds } from '../../../domain/clock.js'
import { parseGroupType } from '../../../domain/security-group/group-type.js'
import { parseNicType } from '../../../domain/security-group/permission.js'
import type { RuleView } from '../../../domain/security-group/rule.js'
import type { SecurityGroup } from '../../../domain/security-group/security-group.js'
import { chooseTarget } from '../../../domain/security-group/target-choice.js'
import {
  createSecurityGroup,
  deleteSecurityGroup,
  describeSecurityGroupAttribute,
  describeSecurityGroups,
  joinSecurityGroup,
  leaveSecurityGroup,
  type MembershipInput,
  type SecurityGroupView,
} from '../../../service/security-groups.js'
import type { ActionContext, ActionTable } from '../action.js'
import { pagingParams, renderPage } from '../paging.js'
import type { Params } from '../params.js'
import { optionalRegion, requiredRegion } from '../region.js'
import { renderEcsTags, tagFilter } from '../tags.js'

// DescribeSecurityGroups takes at most 100 ids in its JSON list (spec §5.18).
const MAX_IDS = 100

const DIRECTIONS = ['ingress', 'egress', 'all'] as const

function optionalGroupType(params: Params) {
  const raw = params.optional('SecurityGroupType')
  return raw === undefined ? undefined : parseGroupType(raw)
}

function renderGroup(group: SecurityGroupView) {
  return {
    SecurityGroupId: group.id,
    SecurityGroupName: group.name,
    Description: group.description,
    SecurityGroupType: group.type,
    VpcId: group.vpcId,
    CreationTime: isoSeconds(new Date(group.createdAt)),
    ResourceGroupId: '',
    RuleCount: group.ruleCount,
    GroupToGroupRuleCount: group.groupToGroupRuleCount,
    EcsCount: group.ecsCount,
    AvailableInstanceAmount: group.availableInstanceAmount,
    ServiceManaged: false,
    Tags: renderEcsTags(group.tags),
  }
}

/**
 * One rule as DescribeSecurityGroupAttribute lists it (spec §5.19). The peer is the source of an
 * inbound rule and the destination of an outbound one; the other side sits opposite. A group peer
 * is always one of the caller's own groups.
 */
function renderRule(rule: RuleView, group: SecurityGroup) {
  const ingress = rule.direction === 'ingress'
  const peerCidr = rule.peer.kind === 'cidr' ? rule.peer.cidr : ''
  const peerGroup =
    rule.peer.kind === 'group' ? { id: rule.peer.groupId, name: rule.peerGroupName, owner: group.accountId } : { id: '', name: '', owner: '' }
  const none = { id: '', name: '', owner: '' }
  const source = ingress ? peerGroup : none
  const dest = ingress ? none : peerGroup
  return {
    SecurityGroupRuleId: rule.id,
    Direction: rule.direction,
    IpProtocol: rule.protocol,
    PortRange: `${rule.portFrom}/${rule.portTo}`,
    SourcePortRange: '',
    SourceCidrIp: ingress ? peerCidr : (rule.local ?? ''),
    DestCidrIp: ingress ? (rule.local ?? '') : peerCidr,
    Ipv6SourceCidrIp: '',
    Ipv6DestCidrIp: '',
    SourceGroupId: source.id,
    SourceGroupName: source.name,
    SourceGroupOwnerAccount: source.owner,
    DestGroupId: dest.id,
    DestGroupName: dest.name,
    DestGroupOwnerAccount: dest.owner,
    SourcePrefixListId: '',
    SourcePrefixListName: '',
    DestPrefixListId: '',
    DestPrefixListName: '',
    Policy: rule.policy,
    Priority: String(rule.priority),
    NicType: 'intranet',
    Description: rule.description,
    CreateTime: isoSeconds(new Date(rule.createdAt)),
    PortRangeListId: '',
    PortRangeListName: '',
  }
}

/** RegionId may be left out with InstanceId, so it is checked only when given (spec §5.22). */
function membershipInput(params: Params, ctx: ActionContext): MembershipInput {
  return {
    securityGroupId: params.required('SecurityGroupId'),
    target: chooseTarget({
      instanceId: params.optional('InstanceId'),
      networkInterfaceId: params.optional('NetworkInterfaceId'),
      regionId: optionalRegion(params, ctx),
    }),
  }
}

export const actions: ActionTable = {
  async CreateSecurityGroup(params, ctx) {
    const regionId = requiredRegion(params, ctx)
    const created = await createSecurityGroup(ctx.deps, ctx.caller, {
      regionId,
      vpcId: params.optional('VpcId'),
      name: params.optional('SecurityGroupName'),
      description: params.optional('Description'),
      type: optionalGroupType(params),
      tags: params.tags(),
      clientToken: params.optional('ClientToken'),
    })
    return { SecurityGroupId: created.securityGroupId }
  },

  async DeleteSecurityGroup(params, ctx) {
    const regionId = requiredRegion(params, ctx)
    await deleteSecurityGroup(ctx.deps, ctx.caller, { regionId, securityGroupId: params.required('SecurityGroupId') })
    return {}
  },

  async DescribeSecurityGroups(params, ctx) {
    const regionId = requiredRegion(params, ctx)
    const page = await describeSecurityGroups(ctx.deps, ctx.caller, {
      regionId,
      securityGroupId: params.optional('SecurityGroupId'),
      securityGroupIds: params.jsonList('SecurityGroupIds', MAX_IDS),
      vpcId: params.optional('VpcId'),
      name: params.optional('SecurityGroupName'),
      type: optionalGroupType(params),
      networkType: params.optional('NetworkType'),
      serviceManaged: params.bool('ServiceManaged'),
      tags: tagFilter(params),
      dryRun: params.bool('DryRun'),
      ...pagingParams(params),
    })
    return {
      RegionId: regionId,
      ...renderPage(page),
      SecurityGroups: { SecurityGroup: page.items.map(renderGroup) },
    }
  },

  async DescribeSecurityGroupAttribute(params, ctx) {
    const regionId = requiredRegion(params, ctx)
    const direction = params.oneOf('Direction', DIRECTIONS)
    const nicType = params.optional('NicType')
    if (nicType !== undefined) parseNicType(nicType)
    const { group, rules } = await describeSecurityGroupAttribute(ctx.deps, ctx.caller, {
      regionId,
      securityGroupId: params.required('SecurityGroupId'),
      direction: direction === 'all' ? undefined : direction,
      maxResults: params.int('MaxResults'),
      nextToken: params.optional('NextToken'),
    })
    return {
      RegionId: group.regionId,
      SecurityGroupId: group.id,
      SecurityGroupName: group.name,
      Description: group.description,
      VpcId: group.vpcId,
      InnerAccessPolicy: group.innerAccessPolicy,
      NextToken: rules.nextToken,
      Permissions: { Permission: rules.items.map((rule) => renderRule(rule, group)) },
    }
  },

  async JoinSecurityGroup(params, ctx) {
    await joinSecurityGroup(ctx.deps, ctx.caller, membershipInput(params, ctx))
    return {}
  },

  async LeaveSecurityGroup(params, ctx) {
    await leaveSecurityGroup(ctx.deps, ctx.caller, membershipInput(params, ctx))
    return {}
  },
}
