import { isoMinutes, isoSeconds } from '../../../domain/clock.js'
import { EIP_STATUSES, INSTANCE_CHARGE_TYPES, INTERNET_CHARGE_TYPES } from '../../../domain/eip/eip.js'
import type { MonitorPoint } from '../../../domain/eip/monitor.js'
import { allocateEipAddress } from '../../../service/eips/allocate.js'
import { associateEipAddress } from '../../../service/eips/associate.js'
import { describeEipAddresses } from '../../../service/eips/describe.js'
import { modifyEipAddressAttribute } from '../../../service/eips/modify.js'
import { describeEipMonitorData } from '../../../service/eips/monitor.js'
import { releaseEipAddress } from '../../../service/eips/release.js'
import { unassociateEipAddress } from '../../../service/eips/unassociate.js'
import type { EipView } from '../../../service/eips/view.js'
import type { ActionTable } from '../action.js'
import { pagingParams, renderPage } from '../paging.js'
import { optionalRegion, requiredRegion } from '../region.js'
import { renderVpcTags, tagFilter } from '../tags.js'

/**
 * An EIP as DescribeEipAddresses shows it (spec §6.12): the binding fields empty while unbound;
 * bandwidth as strings, ServiceManaged as a number, as the model declares. Features this
 * deployment has none of (bandwidth plans, locks, reservations, anti-DDoS editions) show as unset.
 */
function renderEip({ eip, instanceId, vpcId }: EipView) {
  const { binding } = eip
  return {
    AllocationId: eip.id,
    IpAddress: eip.ipAddress,
    Name: eip.name,
    Description: eip.description,
    Status: eip.status,
    RegionId: eip.regionId,
    InstanceId: instanceId,
    InstanceType: binding?.boundAs ?? '',
    InstanceRegionId: binding === null ? '' : eip.regionId,
    PrivateIpAddress: binding?.privateIpAddress ?? '',
    Mode: binding === null ? '' : 'NAT',
    VpcId: vpcId,
    Bandwidth: String(eip.bandwidth),
    EipBandwidth: String(eip.bandwidth),
    InternetChargeType: eip.internetChargeType,
    ChargeType: eip.instanceChargeType,
    ISP: eip.isp,
    Netmode: 'public',
    AllocationTime: isoSeconds(new Date(eip.createdAt)),
    ExpiredTime: eip.subscription === null ? '' : isoMinutes(new Date(eip.subscription.expiresAt)),
    BusinessStatus: 'Normal',
    OperationLocks: { LockReason: [] },
    DeletionProtection: false,
    ResourceGroupId: eip.resourceGroupId,
    Zone: eip.zoneId ?? '',
    SecondLimited: false,
    ServiceManaged: 0,
    HDMonitorStatus: 'OFF',
    HasReservationData: 'false',
    BandwidthPackageId: '',
    BandwidthPackageBandwidth: '',
    BandwidthPackageType: '',
    SecurityProtectionTypes: { SecurityProtectionType: [] },
    PublicIpAddressPoolId: '',
    SegmentInstanceId: '',
    Tags: renderVpcTags(eip.tags),
  }
}

function renderMonitorPoint(point: MonitorPoint) {
  return {
    TimeStamp: point.timeStamp,
    EipRX: point.rxBytes,
    EipTX: point.txBytes,
    EipFlow: point.flow,
    EipBandwidth: point.bandwidth,
    EipPackets: point.packets,
  }
}

export const actions: ActionTable = {
  // ActivityId, AutoPay, Netmode (always public) and SecurityProtectionTypes change nothing here.
  async AllocateEipAddress(params, ctx) {
    params.oneOf('Netmode', ['public'])
    params.bool('AutoPay')
    const allocated = await allocateEipAddress(ctx.deps, ctx.caller, {
      regionId: requiredRegion(params, ctx),
      bandwidth: params.optional('Bandwidth'),
      internetChargeType: params.oneOf('InternetChargeType', INTERNET_CHARGE_TYPES),
      instanceChargeType: params.oneOf('InstanceChargeType', INSTANCE_CHARGE_TYPES),
      pricingCycle: params.oneOf('PricingCycle', ['Month', 'Year'] as const),
      period: params.int('Period'),
      isp: params.optional('ISP'),
      name: params.optional('Name'),
      description: params.optional('Description'),
      ipAddress: params.optional('IpAddress'),
      zoneId: params.optional('Zone'),
      resourceGroupId: params.optional('ResourceGroupId'),
      tags: params.tags(),
      instanceId: params.optional('InstanceId'),
      publicIpAddressPoolId: params.optional('PublicIpAddressPoolId'),
      clientToken: params.optional('ClientToken'),
      // Not in the SDK's request model, but the reference accepts it (pop-core callers send it).
      dryRun: params.bool('DryRun'),
    })
    return {
      AllocationId: allocated.allocationId,
      EipAddress: allocated.eipAddress,
      ResourceGroupId: allocated.resourceGroupId,
      ...(allocated.orderId === undefined ? {} : { OrderId: allocated.orderId }),
    }
  },

  // VpcId and InstanceRegionId serve targets this deployment has not (IpAddress, shared GA bandwidth).
  async AssociateEipAddress(params, ctx) {
    await associateEipAddress(ctx.deps, ctx.caller, {
      regionId: optionalRegion(params, ctx),
      allocationId: params.required('AllocationId'),
      instanceId: params.required('InstanceId'),
      instanceType: params.optional('InstanceType'),
      privateIpAddress: params.optional('PrivateIpAddress'),
      mode: params.optional('Mode'),
      clientToken: params.optional('ClientToken'),
    })
    return {}
  },

  // Force only matters for NAT gateways with SNAT/DNAT entries using the EIP.
  async UnassociateEipAddress(params, ctx) {
    params.bool('Force')
    await unassociateEipAddress(ctx.deps, ctx.caller, {
      regionId: optionalRegion(params, ctx),
      allocationId: params.required('AllocationId'),
      instanceId: params.optional('InstanceId'),
      instanceType: params.optional('InstanceType'),
      privateIpAddress: params.optional('PrivateIpAddress'),
      clientToken: params.optional('ClientToken'),
    })
    return {}
  },

  async ReleaseEipAddress(params, ctx) {
    await releaseEipAddress(ctx.deps, ctx.caller, {
      regionId: optionalRegion(params, ctx),
      allocationId: params.required('AllocationId'),
    })
    return {}
  },

  async ModifyEipAddressAttribute(params, ctx) {
    await modifyEipAddressAttribute(ctx.deps, ctx.caller, {
      regionId: optionalRegion(params, ctx),
      allocationId: params.required('AllocationId'),
      bandwidth: params.optional('Bandwidth'),
      // An empty Name or Description clears it.
      name: params.string('Name'),
      description: params.string('Description'),
    })
    return {}
  },

  async DescribeEipAddresses(params, ctx) {
    params.bool('IncludeReservationData')
    const page = await describeEipAddresses(ctx.deps, ctx.caller, {
      regionId: requiredRegion(params, ctx),
      allocationIds: params.commaList('AllocationId'),
      eipAddresses: params.commaList('EipAddress'),
      status: params.oneOf('Status', EIP_STATUSES),
      associatedInstanceType: params.optional('AssociatedInstanceType'),
      associatedInstanceId: params.optional('AssociatedInstanceId'),
      eipName: params.optional('EipName'),
      isp: params.optional('ISP'),
      chargeType: params.optional('ChargeType'),
      lockReason: params.optional('LockReason'),
      resourceGroupId: params.optional('ResourceGroupId'),
      unsatisfiable:
        params.optional('SegmentInstanceId') !== undefined ||
        params.optional('PublicIpAddressPoolId') !== undefined ||
        params.bool('ServiceManaged') === true ||
        params.bool('SecurityProtectionEnabled') === true,
      tags: tagFilter(params),
      filters: params.groups('Filter').flatMap((g) => {
        const key = g.optional('Key')
        return key === undefined ? [] : [{ key, value: g.string('Value') ?? '' }]
      }),
      ...pagingParams(params, 'page-only'),
      dryRun: params.bool('DryRun'),
    })
    return { ...renderPage(page, 'page-only'), EipAddresses: { EipAddress: page.items.map(renderEip) } }
  },

  async DescribeEipMonitorData(params, ctx) {
    const points = await describeEipMonitorData(ctx.deps, ctx.caller, {
      regionId: optionalRegion(params, ctx),
      allocationId: params.required('AllocationId'),
      startTime: params.required('StartTime'),
      endTime: params.required('EndTime'),
      period: params.int('Period'),
    })
    return { EipMonitorDatas: { EipMonitorData: points.map(renderMonitorPoint) } }
  },
}
