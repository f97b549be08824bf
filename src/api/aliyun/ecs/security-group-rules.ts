import { DomainError } from '../../../domain/errors.js'
import { parseInnerAccessPolicy } from '../../../domain/security-group/inner-access.js'
import { parsePermission, type RawPermission } from '../../../domain/security-group/permission.js'
import type { RuleDirection } from '../../../domain/security-group/rule.js'
import {
  authorizeSecurityGroup,
  modifySecurityGroupPolicy,
  revokeSecurityGroup,
  type PermissionRequest,
} from '../../../service/security-group-rules.js'
import type { ActionContext, ActionTable } from '../action.js'
import type { Params } from '../params.js'
import { requiredRegion } from '../region.js'

// Permissions.N and SecurityGroupRuleId.N take 1 to 100 items (spec §4).
const MAX_PERMISSIONS = 100

/** The fields of one rule, as `Permissions.N.<field>` or, in the deprecated form, on the request itself. */
const RULE_FIELDS = [
  'IpProtocol',
  'PortRange',
  'SourceCidrIp',
  'DestCidrIp',
  'SourceGroupId',
  'DestGroupId',
  'SourceGroupOwnerId',
  'SourceGroupOwnerAccount',
  'DestGroupOwnerId',
  'DestGroupOwnerAccount',
  'Policy',
  'Priority',
  'NicType',
  'Description',
  'SourcePortRange',
  'Ipv6SourceCidrIp',
  'Ipv6DestCidrIp',
  'SourcePrefixListId',
  'DestPrefixListId',
  'PortRangeListId',
]

/**
 * Fields this service does not filter on. Refused rather than ignored: a rule that silently lost
 * its source-port range or prefix list would let through traffic its author meant to keep out.
 */
const UNSUPPORTED_FIELDS = ['SourcePortRange', 'Ipv6SourceCidrIp', 'Ipv6DestCidrIp', 'SourcePrefixListId', 'DestPrefixListId']

/** The peer fields of the other direction: an ingress rule has no DestGroupId, an egress one no SourceGroupId. */
const OTHER_SIDE_GROUP: Record<RuleDirection, string[]> = {
  ingress: ['DestGroupId', 'DestGroupOwnerId', 'DestGroupOwnerAccount'],
  egress: ['SourceGroupId', 'SourceGroupOwnerId', 'SourceGroupOwnerAccount'],
}

/**
 * The request's rules: `Permissions.N.*`, or the deprecated single rule on the request itself
 * (spec §5.20); both at once is InvalidParam.Permissions. An empty list when neither is given.
 */
function readPermissions(params: Params, direction: RuleDirection): PermissionRequest[] {
  const batch = params.groups('Permissions')
  const single = RULE_FIELDS.some((field) => params.optional(field) !== undefined)
  if (batch.length > 0 && single) {
    throw new DomainError('InvalidParam.Permissions', 'Permissions.N cannot be combined with the single-rule parameters such as IpProtocol.')
  }
  if (batch.length > MAX_PERMISSIONS) {
    throw new DomainError('InvalidParam.Permissions', `At most ${MAX_PERMISSIONS} rules may be given in one request.`)
  }
  if (single) return [readPermission(params, direction, '')]
  return batch.map((fields, index) => readPermission(fields, direction, `Permissions.${index + 1}.`))
}

function readPermission(fields: Params, direction: RuleDirection, label: string): PermissionRequest {
  for (const field of [...UNSUPPORTED_FIELDS, ...OTHER_SIDE_GROUP[direction]]) {
    if (fields.optional(field) !== undefined) throw new DomainError('UnsupportedParameter', `${label}${field} is not supported.`)
  }
  // The reference ignores a port list when a PortRange is given; without one it would be the rule's ports.
  if (fields.optional('PortRangeListId') !== undefined && fields.optional('PortRange') === undefined) {
    throw new DomainError('UnsupportedParameter', `${label}PortRangeListId is not supported; give ${label}PortRange.`)
  }
  const raw: RawPermission = {
    ipProtocol: fields.optional('IpProtocol'),
    portRange: fields.optional('PortRange'),
    sourceCidrIp: fields.optional('SourceCidrIp'),
    destCidrIp: fields.optional('DestCidrIp'),
    sourceGroupId: fields.optional('SourceGroupId'),
    destGroupId: fields.optional('DestGroupId'),
    policy: fields.optional('Policy'),
    priority: fields.optional('Priority'),
    nicType: fields.optional('NicType'),
    description: fields.optional('Description'),
  }
  const permission = parsePermission(raw, direction, label)
  const owner = direction === 'ingress' ? 'SourceGroupOwner' : 'DestGroupOwner'
  // The owner matters only for a group peer; with a CIDR peer the reference ignores it.
  const peerOwner = permission.peer.kind === 'group' ? (fields.optional(`${owner}Id`) ?? fields.optional(`${owner}Account`)) : undefined
  return { ...permission, peerOwner }
}

async function authorize(params: Params, ctx: ActionContext, direction: RuleDirection) {
  const regionId = requiredRegion(params, ctx)
  const securityGroupId = params.required('SecurityGroupId')
  const permissions = readPermissions(params, direction)
  if (permissions.length === 0) {
    throw new DomainError('MissingParameter', 'The input parameter "Permissions.N" (or the single-rule IpProtocol and PortRange) is not supplied.')
  }
  await authorizeSecurityGroup(ctx.deps, ctx.caller, {
    regionId,
    securityGroupId,
    direction,
    permissions,
    clientToken: params.optional('ClientToken'),
  })
  return {}
}

/** By `SecurityGroupRuleId.N` or by rules, never both (spec §5.21). */
async function revoke(params: Params, ctx: ActionContext, direction: RuleDirection) {
  const regionId = requiredRegion(params, ctx)
  const securityGroupId = params.required('SecurityGroupId')
  const ruleIds = params.list('SecurityGroupRuleId').filter((id) => id !== '')
  const permissions = readPermissions(params, direction)
  if (ruleIds.length > 0 && permissions.length > 0) {
    throw new DomainError('InvalidParam.Permissions', 'SecurityGroupRuleId.N cannot be combined with rules to revoke.')
  }
  if (ruleIds.length > MAX_PERMISSIONS) {
    throw new DomainError('InvalidParam.SecurityGroupRuleId', `At most ${MAX_PERMISSIONS} SecurityGroupRuleId.N may be given in one request.`)
  }
  if (ruleIds.length === 0 && permissions.length === 0) {
    throw new DomainError('MissingParameter', 'The input parameter "SecurityGroupRuleId.N" or "Permissions.N" is not supplied.')
  }
  await revokeSecurityGroup(ctx.deps, ctx.caller, {
    regionId,
    securityGroupId,
    direction,
    ...(ruleIds.length > 0 ? { ruleIds } : { permissions }),
    clientToken: params.optional('ClientToken'),
  })
  return {}
}

export const actions: ActionTable = {
  AuthorizeSecurityGroup: (params, ctx) => authorize(params, ctx, 'ingress'),
  AuthorizeSecurityGroupEgress: (params, ctx) => authorize(params, ctx, 'egress'),
  RevokeSecurityGroup: (params, ctx) => revoke(params, ctx, 'ingress'),
  RevokeSecurityGroupEgress: (params, ctx) => revoke(params, ctx, 'egress'),

  async ModifySecurityGroupPolicy(params, ctx) {
    const regionId = requiredRegion(params, ctx)
    await modifySecurityGroupPolicy(ctx.deps, ctx.caller, {
      regionId,
      securityGroupId: params.required('SecurityGroupId'),
      innerAccessPolicy: parseInnerAccessPolicy(params.required('InnerAccessPolicy')),
      clientToken: params.optional('ClientToken'),
    })
    return {}
  },
}
