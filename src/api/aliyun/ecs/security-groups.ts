import { isoSeconds } from '../../../domain/clock.js'
import { parseGroupType } from '../../../domain/security-group/group-type.js'
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
    // Rules are not stored yet: a group has none until Authorize* exists.
    RuleCount: 0,
    GroupToGroupRuleCount: 0,
    EcsCount: group.ecsCount,
    AvailableInstanceAmount: group.availableInstanceAmount,
    ServiceManaged: false,
    Tags: renderEcsTags(group.tags),
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
    // Checked now so that a wrong Direction fails the same way before and after rules exist.
    params.oneOf('Direction', DIRECTIONS)
    const group = await describeSecurityGroupAttribute(ctx.deps, ctx.caller, {
      regionId,
      securityGroupId: params.required('SecurityGroupId'),
    })
    return {
      RegionId: group.regionId,
      SecurityGroupId: group.id,
      SecurityGroupName: group.name,
      Description: group.description,
      VpcId: group.vpcId,
      InnerAccessPolicy: group.innerAccessPolicy,
      NextToken: '',
      Permissions: { Permission: [] },
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
