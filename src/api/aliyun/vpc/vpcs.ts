import { isoSeconds } from '../../../domain/clock.js'
import type { NetworkListing } from '../../../domain/vpc/listing.js'
import { createVpc, deleteVpc, describeVpcs, type DescribedVpc } from '../../../service/vpcs.js'
import type { ActionTable } from '../action.js'
import { pagingParams, renderPage } from '../paging.js'
import type { Params } from '../params.js'
import { optionalRegion, requiredRegion } from '../region.js'
import { renderVpcTags, tagFilter } from '../tags.js'

/** The parameters DescribeVpcs and DescribeVSwitches share besides their own filters. */
export function listingParams(params: Params): NetworkListing {
  return {
    tags: tagFilter(params),
    ...pagingParams(params, 'page-only'),
    dryRun: params.bool('DryRun'),
  }
}

/** Account IDs are 16 digits, below 2^53, so OwnerId is an exact JSON number as the model declares. */
export function ownerIdOf(accountId: string): number {
  return Number(accountId)
}

function renderVpc(vpc: DescribedVpc) {
  return {
    VpcId: vpc.id,
    VpcName: vpc.name,
    Description: vpc.description,
    RegionId: vpc.regionId,
    Status: vpc.status,
    CidrBlock: vpc.cidrBlock,
    SecondaryCidrBlocks: { SecondaryCidrBlock: [] },
    UserCidrs: { UserCidr: vpc.userCidrs },
    Ipv6CidrBlock: '',
    Ipv6CidrBlocks: { Ipv6CidrBlock: [] },
    EnabledIpv6: false,
    VRouterId: vpc.vRouterId,
    // Both names are plural in the model (sic, spec §6.3).
    RouterTableIds: { RouterTableIds: [vpc.routeTableId] },
    VSwitchIds: { VSwitchId: vpc.vSwitchIds },
    NatGatewayIds: { NatGatewayIds: [] },
    IsDefault: vpc.isDefault,
    CreationTime: isoSeconds(new Date(vpc.createdAt)),
    OwnerId: ownerIdOf(vpc.accountId),
    Tags: renderVpcTags(vpc.tags),
  }
}

export const actions: ActionTable = {
  async CreateVpc(params, ctx) {
    const created = await createVpc(ctx.deps, ctx.caller, {
      regionId: requiredRegion(params, ctx),
      cidrBlock: params.optional('CidrBlock'),
      userCidr: params.optional('UserCidr'),
      name: params.optional('VpcName'),
      description: params.optional('Description'),
      tags: params.tags(),
      clientToken: params.optional('ClientToken'),
      dryRun: params.bool('DryRun'),
    })
    return { VpcId: created.vpcId, VRouterId: created.vRouterId, RouteTableId: created.routeTableId }
  },

  // ForceDelete is not read: it only lets gateways go with the VPC, and OpenENI has none.
  async DeleteVpc(params, ctx) {
    await deleteVpc(ctx.deps, ctx.caller, {
      regionId: optionalRegion(params, ctx),
      vpcId: params.required('VpcId'),
      clientToken: params.optional('ClientToken'),
      dryRun: params.bool('DryRun'),
    })
    return {}
  },

  async DescribeVpcs(params, ctx) {
    const page = await describeVpcs(ctx.deps, ctx.caller, {
      regionId: requiredRegion(params, ctx),
      vpcIds: params.commaList('VpcId'),
      name: params.optional('VpcName'),
      isDefault: params.bool('IsDefault'),
      ...listingParams(params),
    })
    return { ...renderPage(page, 'page-only'), Vpcs: { Vpc: page.items.map(renderVpc) } }
  },
}
