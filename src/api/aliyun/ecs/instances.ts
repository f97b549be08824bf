import { isoMinutes } from '../../../domain/clock.js'
import { primaryAddressOf, type Eni } from '../../../domain/eni/eni.js'
import type { LaunchInterfaceRequest } from '../../../domain/instance/launch-interfaces.js'
import type { PowerAction } from '../../../domain/instance/power.js'
import { deleteInstance } from '../../../service/instances/delete.js'
import { describeInstances, type InstanceView } from '../../../service/instances/describe.js'
import { changeInstancePower } from '../../../service/instances/power.js'
import { runInstances } from '../../../service/instances/run.js'
import type { ActionHandler, ActionTable } from '../action.js'
import { pagingParams, renderPage } from '../paging.js'
import type { Params } from '../params.js'
import { requiredRegion } from '../region.js'
import { renderEcsTags, tagFilter } from '../tags.js'

// DescribeInstances takes at most 100 items in each JSON list (spec §5.12).
const MAX_LISTED = 100

/** One `NetworkInterface.N` of RunInstances (spec §5.11), as given. */
function launchInterface(g: Params): LaunchInterfaceRequest {
  return {
    instanceType: g.oneOf('InstanceType', ['Primary', 'Secondary'] as const),
    vSwitchId: g.optional('VSwitchId'),
    securityGroupId: g.optional('SecurityGroupId'),
    securityGroupIds: g.list('SecurityGroupIds'),
    primaryIpAddress: g.optional('PrimaryIpAddress'),
    secondaryPrivateIpAddressCount: g.int('SecondaryPrivateIpAddressCount'),
    name: g.optional('NetworkInterfaceName'),
    description: g.optional('Description'),
    queueNumber: g.int('QueueNumber'),
    deleteOnRelease: g.bool('DeleteOnRelease'),
    sourceDestCheck: g.bool('SourceDestCheck'),
    networkInterfaceId: g.optional('NetworkInterfaceId'),
  }
}

function renderInterface(eni: Eni) {
  return {
    NetworkInterfaceId: eni.id,
    Type: eni.type,
    MacAddress: eni.mac,
    PrimaryIpAddress: primaryAddressOf(eni),
    PrivateIpSets: { PrivateIpSet: eni.privateIps.map((ip) => ({ PrivateIpAddress: ip.address, Primary: ip.primary })) },
  }
}

/** Instance-level groups and address are views of the primary ENI (spec §7). */
function renderInstance({ instance, type, networkInterfaces, eip }: InstanceView) {
  const primary = networkInterfaces.find((eni) => eni.type === 'Primary')
  return {
    InstanceId: instance.id,
    InstanceName: instance.name,
    HostName: instance.hostName,
    Description: instance.description,
    Status: instance.status,
    InstanceType: instance.instanceType,
    InstanceTypeFamily: type?.instanceTypeFamily,
    Cpu: type?.cpuCoreCount,
    Memory: type === undefined ? undefined : Math.round(type.memorySize * 1024),
    RegionId: instance.regionId,
    ZoneId: instance.zoneId,
    ImageId: instance.imageId,
    CreationTime: isoMinutes(new Date(instance.createdAt)),
    StartTime: instance.startedAt === null ? undefined : isoMinutes(new Date(instance.startedAt)),
    InstanceNetworkType: 'vpc',
    InstanceChargeType: 'PostPaid',
    IoOptimized: instance.ioOptimized,
    DeletionProtection: instance.deletionProtection,
    VpcAttributes: {
      VpcId: instance.vpcId,
      VSwitchId: instance.vSwitchId,
      PrivateIpAddress: { IpAddress: primary === undefined ? [] : [primaryAddressOf(primary)] },
      NatIpAddress: '',
    },
    SecurityGroupIds: { SecurityGroupId: primary?.securityGroupIds ?? [] },
    PublicIpAddress: { IpAddress: [] },
    EipAddress: {
      AllocationId: eip?.allocationId ?? '',
      IpAddress: eip?.ipAddress ?? '',
      Bandwidth: eip?.bandwidthMbps ?? 0,
      InternetChargeType: eip?.internetChargeType ?? '',
      IsSupportUnassociate: eip !== undefined,
    },
    InnerIpAddress: { IpAddress: [] },
    NetworkInterfaces: { NetworkInterface: networkInterfaces.map(renderInterface) },
    OperationLocks: { LockReason: [] },
    Tags: renderEcsTags(instance.tags),
  }
}

/** StartInstance, StopInstance and RebootInstance carry no RegionId: the ID names the instance (spec §5.13). */
function powerHandler(action: PowerAction): ActionHandler {
  return async (params, ctx) => {
    await changeInstancePower(ctx.deps, ctx.caller, action, {
      instanceId: params.required('InstanceId'),
      dryRun: params.bool('DryRun'),
    })
    return {}
  }
}

export const actions: ActionTable = {
  async RunInstances(params, ctx) {
    const launched = await runInstances(ctx.deps, ctx.caller, {
      regionId: requiredRegion(params, ctx),
      instanceType: params.required('InstanceType'),
      imageId: params.required('ImageId'),
      amount: params.int('Amount'),
      minAmount: params.int('MinAmount'),
      zoneId: params.optional('ZoneId'),
      network: {
        vSwitchId: params.optional('VSwitchId'),
        securityGroupId: params.optional('SecurityGroupId'),
        securityGroupIds: params.list('SecurityGroupIds'),
        privateIpAddress: params.optional('PrivateIpAddress'),
        queueNumber: params.int('NetworkInterfaceQueueNumber'),
        interfaces: params.groups('NetworkInterface').map(launchInterface),
      },
      ioOptimized: params.oneOf('IoOptimized', ['optimized', 'none'] as const),
      naming: {
        instanceName: params.optional('InstanceName'),
        hostName: params.optional('HostName'),
        hostNames: params.list('HostNames'),
        uniqueSuffix: params.bool('UniqueSuffix'),
      },
      description: params.optional('Description'),
      tags: params.tags(),
      deletionProtection: params.bool('DeletionProtection'),
      clientToken: params.optional('ClientToken'),
      dryRun: params.bool('DryRun'),
    })
    return { InstanceIdSets: { InstanceIdSet: launched.instanceIds } }
  },

  StartInstance: powerHandler('StartInstance'),
  StopInstance: powerHandler('StopInstance'),
  RebootInstance: powerHandler('RebootInstance'),

  async DeleteInstance(params, ctx) {
    await deleteInstance(ctx.deps, ctx.caller, {
      instanceId: params.required('InstanceId'),
      force: params.bool('Force'),
      dryRun: params.bool('DryRun'),
    })
    return {}
  },

  async DescribeInstances(params, ctx) {
    const page = await describeInstances(ctx.deps, ctx.caller, {
      regionId: requiredRegion(params, ctx),
      instanceIds: params.jsonList('InstanceIds', MAX_LISTED),
      vpcId: params.optional('VpcId'),
      vSwitchId: params.optional('VSwitchId'),
      zoneId: params.optional('ZoneId'),
      securityGroupId: params.optional('SecurityGroupId'),
      instanceType: params.optional('InstanceType'),
      instanceTypeFamily: params.optional('InstanceTypeFamily'),
      instanceName: params.optional('InstanceName'),
      status: params.optional('Status'),
      imageId: params.optional('ImageId'),
      ioOptimized: params.bool('IoOptimized'),
      instanceNetworkType: params.optional('InstanceNetworkType'),
      privateIpAddresses: params.jsonList('PrivateIpAddresses', MAX_LISTED),
      eipAddresses: params.jsonList('EipAddresses', MAX_LISTED),
      tags: tagFilter(params),
      filters: params.groups('Filter').flatMap((g) => {
        const key = g.optional('Key')
        return key === undefined ? [] : [{ key, value: g.string('Value') ?? '' }]
      }),
      dryRun: params.bool('DryRun'),
      ...pagingParams(params),
    })
    return {
      ...renderPage(page),
      Instances: { Instance: page.items.map(renderInstance) },
    }
  },
}
