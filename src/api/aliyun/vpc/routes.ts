import { isoSeconds } from '../../../domain/clock.js'
import type { RouteEntry } from '../../../domain/route/route.js'
import { createRouteEntry } from '../../../service/routes/create.js'
import { deleteRouteEntry } from '../../../service/routes/delete.js'
import { describeRouteEntryList, describeRouteTableList, type DescribedRouteTable } from '../../../service/routes/describe.js'
import type { ActionTable } from '../action.js'
import { pagingParams, renderPage } from '../paging.js'
import type { Params } from '../params.js'
import { optionalRegion, requiredRegion } from '../region.js'
import { tagFilter } from '../tags.js'
import { ownerIdOf } from './vpcs.js'

/** `NextHopList.N.{NextHopType, NextHopId}`: the ECMP next hops of CreateRouteEntry and DeleteRouteEntry. */
function nextHopList(params: Params) {
  return params.groups('NextHopList').map((g) => ({ nextHopType: g.optional('NextHopType'), nextHopId: g.optional('NextHopId') }))
}

// The wrapper names are the model's, misspellings included (spec §6.14): `RouterTableList.RouterTableListType[]`.
function renderRouteTable(table: DescribedRouteTable) {
  return {
    RouteTableId: table.id,
    RouteTableName: table.name,
    RouteTableType: table.type,
    RouterId: table.vRouterId,
    RouterType: 'VRouter',
    VpcId: table.vpcId,
    Status: table.status,
    AssociateType: 'VSwitch',
    VSwitchIds: { VSwitchId: table.vSwitchIds },
    GatewayIds: { GatewayIds: [] },
    Description: table.description,
    CreationTime: isoSeconds(new Date(table.createdAt)),
    OwnerId: ownerIdOf(table.accountId),
    ResourceGroupId: '',
    RoutePropagationEnable: false,
    Tags: { Tag: [] },
  }
}

/**
 * One route as DescribeRouteEntryList shows it (`RouteEntrys.RouteEntry[]`, sic). System routes lead
 * to `local` (a vSwitch) or `service` (the cloud-service block) with an empty NextHopId, as the
 * cloud shows them. Routes are never modified, so GmtModified is their creation time.
 */
function renderRouteEntry(route: RouteEntry) {
  return {
    RouteEntryId: route.id,
    RouteEntryName: route.name,
    RouteTableId: route.routeTableId,
    DestinationCidrBlock: route.destinationCidrBlock,
    Type: route.type,
    Status: route.status,
    IpVersion: 'ipv4',
    Description: route.description,
    Origin: route.type === 'System' ? 'SystemCreate' : 'CustomCreate',
    GmtModified: isoSeconds(new Date(route.createdAt)),
    ServiceType: '',
    NextHops: { NextHop: [{ NextHopType: route.nextHop.type, NextHopId: route.nextHop.id, NextHopRelatedInfo: {} }] },
  }
}

export const actions: ActionTable = {
  async CreateRouteEntry(params, ctx) {
    const created = await createRouteEntry(ctx.deps, ctx.caller, {
      regionId: optionalRegion(params, ctx),
      routeTableId: params.required('RouteTableId'),
      destinationCidrBlock: params.required('DestinationCidrBlock'),
      nextHopType: params.optional('NextHopType'),
      nextHopId: params.optional('NextHopId'),
      nextHopList: nextHopList(params),
      name: params.optional('RouteEntryName'),
      description: params.optional('Description'),
      clientToken: params.optional('ClientToken'),
      dryRun: params.bool('DryRun'),
    })
    return { RouteEntryId: created.routeEntryId }
  },

  async DeleteRouteEntry(params, ctx) {
    await deleteRouteEntry(ctx.deps, ctx.caller, {
      regionId: optionalRegion(params, ctx),
      routeEntryId: params.optional('RouteEntryId'),
      routeTableId: params.optional('RouteTableId'),
      destinationCidrBlock: params.optional('DestinationCidrBlock'),
      nextHopId: params.optional('NextHopId'),
      nextHopList: nextHopList(params),
      dryRun: params.bool('DryRun'),
    })
    return {}
  },

  async DescribeRouteTableList(params, ctx) {
    const page = await describeRouteTableList(ctx.deps, ctx.caller, {
      regionId: requiredRegion(params, ctx),
      vpcId: params.optional('VpcId'),
      routerId: params.optional('RouterId'),
      routerType: params.oneOf('RouterType', ['VRouter', 'VBR']),
      routeTableId: params.optional('RouteTableId'),
      routeTableName: params.optional('RouteTableName'),
      routeTableType: params.oneOf('RouteTableType', ['System', 'Custom']),
      resourceGroupId: params.optional('ResourceGroupId'),
      tags: tagFilter(params),
      ...pagingParams(params, 'page-only'),
    })
    return { ...renderPage(page, 'page-only'), RouterTableList: { RouterTableListType: page.items.map(renderRouteTable) } }
  },

  async DescribeRouteEntryList(params, ctx) {
    const page = await describeRouteEntryList(ctx.deps, ctx.caller, {
      regionId: requiredRegion(params, ctx),
      routeTableId: params.required('RouteTableId'),
      routeEntryId: params.optional('RouteEntryId'),
      routeEntryName: params.optional('RouteEntryName'),
      routeEntryType: params.optional('RouteEntryType'),
      destinationCidrBlock: params.optional('DestinationCidrBlock'),
      destCidrBlockList: params.list('DestCidrBlockList'),
      ipVersion: params.optional('IpVersion'),
      nextHopId: params.optional('NextHopId'),
      nextHopType: params.optional('NextHopType'),
      serviceType: params.optional('ServiceType'),
      maxResult: params.int('MaxResult'),
      nextToken: params.optional('NextToken'),
    })
    return { TotalCount: page.totalCount, NextToken: page.nextToken, RouteEntrys: { RouteEntry: page.items.map(renderRouteEntry) } }
  },
}
