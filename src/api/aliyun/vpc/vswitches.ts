import { isoSeconds } from '../../../domain/clock.js'
import { chooseVSwitchBlock } from '../../../domain/vpc/vswitch-block.js'
import { createVSwitch, deleteVSwitch, describeVSwitches, type DescribedVSwitch } from '../../../service/vswitches.js'
import type { ActionTable } from '../action.js'
import { renderPage } from '../paging.js'
import { renderVpcTags } from '../tags.js'
import { optionalRegion } from '../region.js'
import { listingParams, ownerIdOf } from './vpcs.js'

function renderVSwitch(vSwitch: DescribedVSwitch) {
  return {
    VSwitchId: vSwitch.id,
    VSwitchName: vSwitch.name,
    Description: vSwitch.description,
    VpcId: vSwitch.vpcId,
    // A regional vSwitch belongs to no single zone; the model has no other way to say so than an
    // empty ZoneId, and its ENIs may attach to instances in any zone of the VPC.
    ZoneId: vSwitch.zoneId ?? '',
    Status: vSwitch.status,
    CidrBlock: vSwitch.cidrBlock,
    Ipv6CidrBlock: '',
    EnabledIpv6: false,
    AvailableIpAddressCount: vSwitch.availableIpAddressCount,
    IsDefault: false,
    CreationTime: isoSeconds(new Date(vSwitch.createdAt)),
    OwnerId: ownerIdOf(vSwitch.accountId),
    RouteTable: { RouteTableId: vSwitch.routeTableId, RouteTableType: 'System' },
    Tags: renderVpcTags(vSwitch.tags),
  }
}

export const actions: ActionTable = {
  async CreateVSwitch(params, ctx) {
    const created = await createVSwitch(ctx.deps, ctx.caller, {
      regionId: optionalRegion(params, ctx),
      vpcId: params.required('VpcId'),
      block: chooseVSwitchBlock(params.optional('CidrBlock'), params.int('CidrMask')),
      zoneId: params.optional('ZoneId'),
      name: params.optional('VSwitchName'),
      description: params.optional('Description'),
      tags: params.tags(),
      clientToken: params.optional('ClientToken'),
    })
    return { VSwitchId: created.vSwitchId }
  },

  async DeleteVSwitch(params, ctx) {
    await deleteVSwitch(ctx.deps, ctx.caller, {
      regionId: optionalRegion(params, ctx),
      vSwitchId: params.required('VSwitchId'),
      dryRun: params.bool('DryRun'),
    })
    return {}
  },

  async DescribeVSwitches(params, ctx) {
    const page = await describeVSwitches(ctx.deps, ctx.caller, {
      regionId: optionalRegion(params, ctx),
      vpcId: params.optional('VpcId'),
      vSwitchId: params.optional('VSwitchId'),
      zoneId: params.optional('ZoneId'),
      name: params.optional('VSwitchName'),
      isDefault: params.bool('IsDefault'),
      ...listingParams(params),
    })
    return { ...renderPage(page, 'page-only'), VSwitches: { VSwitch: page.items.map(renderVSwitch) } }
  },
}
