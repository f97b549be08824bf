import { isoSeconds } from '../../../domain/clock.js'
import { ENI_STATUSES, ENI_TYPES, primaryAddressOf } from '../../../domain/eni/eni.js'
import { chooseSecurityGroupIds } from '../../../domain/eni/security-group-choice.js'
import type { PublicIp } from '../../../service/eips/bindings.js'
import { attachNetworkInterface } from '../../../service/network-interfaces/attach.js'
import { createNetworkInterface } from '../../../service/network-interfaces/create.js'
import { deleteNetworkInterface } from '../../../service/network-interfaces/delete.js'
import { describeNetworkInterfaceAttribute, describeNetworkInterfaces } from '../../../service/network-interfaces/describe.js'
import { detachNetworkInterface } from '../../../service/network-interfaces/detach.js'
import { modifyNetworkInterfaceAttribute } from '../../../service/network-interfaces/modify.js'
import { assignPrivateIpAddresses, unassignPrivateIpAddresses } from '../../../service/network-interfaces/private-ips.js'
import type { EniView } from '../../../service/network-interfaces/view.js'
import type { ActionContext, ActionTable } from '../action.js'
import { pagingParams, renderPage } from '../paging.js'
import type { Params } from '../params.js'
import { requiredRegion } from '../region.js'
import { renderEcsTags, tagFilter } from '../tags.js'

/** AttachNetworkInterface and DetachNetworkInterface name the same ENI and instance (spec §5.5, §5.6). */
function eniOnInstance(params: Params, ctx: ActionContext) {
  return {
    regionId: requiredRegion(params, ctx),
    networkInterfaceId: params.required('NetworkInterfaceId'),
    instanceId: params.required('InstanceId'),
  }
}

/** The queue count, also accepted in the NetworkInterfaceTrafficConfig container (spec §5.1). */
function queueNumber(params: Params): number | undefined {
  return params.int('QueueNumber') ?? params.int('NetworkInterfaceTrafficConfig.QueueNumber')
}

/**
 * The ENI view shared by CreateNetworkInterface, DescribeNetworkInterfaces' items and
 * DescribeNetworkInterfaceAttribute (spec §5.1, §5.3, §5.4): every list is a JSON array inside its
 * wrapper, QueueNumber only where §5.3 shows one, Attachment only on an instance.
 */
function renderEni({ eni, queueNumber, publicIps }: EniView) {
  const primaryIp = primaryAddressOf(eni)
  return {
    NetworkInterfaceId: eni.id,
    NetworkInterfaceName: eni.name,
    Description: eni.description,
    Status: eni.status,
    Type: eni.type,
    InstanceId: eni.instanceId ?? '',
    VpcId: eni.vpcId,
    VSwitchId: eni.vSwitchId,
    ZoneId: eni.zoneId ?? '',
    MacAddress: eni.mac,
    PrivateIpAddress: primaryIp,
    CreationTime: isoSeconds(new Date(eni.createdAt)),
    DeleteOnRelease: eni.deleteOnRelease,
    SourceDestCheck: eni.sourceDestCheck,
    ServiceManaged: false,
    ResourceGroupId: eni.resourceGroupId,
    OwnerId: eni.accountId,
    NetworkInterfaceTrafficMode: 'Standard',
    ...(queueNumber === undefined ? {} : { QueueNumber: queueNumber }),
    SecurityGroupIds: { SecurityGroupId: eni.securityGroupIds },
    PrivateIpSets: {
      PrivateIpSet: eni.privateIps.map((ip) => ({
        PrivateIpAddress: ip.address,
        Primary: ip.primary,
        ...associatedPublicIp(publicIps[ip.address]),
      })),
    },
    // The EIP on the primary address (spec §8: the ENI-level field, secondaries show theirs per address).
    ...associatedPublicIp(publicIps[primaryIp]),
    Ipv6Sets: { Ipv6Set: [] },
    Ipv4PrefixSets: { Ipv4PrefixSet: [] },
    Ipv6PrefixSets: { Ipv6PrefixSet: [] },
    Tags: renderEcsTags(eni.tags),
    ...(eni.instanceId === null ? {} : { Attachment: { InstanceId: eni.instanceId, DeviceIndex: eni.deviceIndex } }),
  }
}

function associatedPublicIp(eip: PublicIp | undefined) {
  return eip === undefined ? {} : { AssociatedPublicIp: { PublicIpAddress: eip.ipAddress, AllocationId: eip.allocationId } }
}

export const actions: ActionTable = {
  async CreateNetworkInterface(params, ctx) {
    params.oneOf('InstanceType', ['Secondary'])
    const view = await createNetworkInterface(ctx.deps, ctx.caller, {
      regionId: requiredRegion(params, ctx),
      vSwitchId: params.required('VSwitchId'),
      securityGroupIds: chooseSecurityGroupIds(params.optional('SecurityGroupId'), params.list('SecurityGroupIds')),
      primaryIpAddress: params.optional('PrimaryIpAddress'),
      privateIpAddresses: params.list('PrivateIpAddress'),
      secondaryPrivateIpAddressCount: params.int('SecondaryPrivateIpAddressCount'),
      name: params.optional('NetworkInterfaceName'),
      description: params.optional('Description'),
      queueNumber: queueNumber(params),
      deleteOnRelease: params.bool('DeleteOnRelease'),
      sourceDestCheck: params.bool('SourceDestCheck'),
      tags: params.tags(),
      resourceGroupId: params.optional('ResourceGroupId'),
      clientToken: params.optional('ClientToken'),
    })
    return renderEni(view)
  },

  async DeleteNetworkInterface(params, ctx) {
    await deleteNetworkInterface(ctx.deps, ctx.caller, {
      regionId: requiredRegion(params, ctx),
      networkInterfaceId: params.required('NetworkInterfaceId'),
    })
    return {}
  },

  async AttachNetworkInterface(params, ctx) {
    await attachNetworkInterface(ctx.deps, ctx.caller, eniOnInstance(params, ctx))
    return {}
  },

  async DetachNetworkInterface(params, ctx) {
    await detachNetworkInterface(ctx.deps, ctx.caller, eniOnInstance(params, ctx))
    return {}
  },

  async ModifyNetworkInterfaceAttribute(params, ctx) {
    const groups = params.list('SecurityGroupId')
    await modifyNetworkInterfaceAttribute(ctx.deps, ctx.caller, {
      regionId: requiredRegion(params, ctx),
      networkInterfaceId: params.required('NetworkInterfaceId'),
      name: params.optional('NetworkInterfaceName'),
      description: params.optional('Description'),
      securityGroupIds: groups.length === 0 ? undefined : groups,
      queueNumber: queueNumber(params),
      deleteOnRelease: params.bool('DeleteOnRelease'),
      sourceDestCheck: params.bool('SourceDestCheck'),
    })
    return {}
  },

  async AssignPrivateIpAddresses(params, ctx) {
    const assigned = await assignPrivateIpAddresses(ctx.deps, ctx.caller, {
      regionId: requiredRegion(params, ctx),
      networkInterfaceId: params.required('NetworkInterfaceId'),
      privateIpAddresses: params.list('PrivateIpAddress'),
      secondaryPrivateIpAddressCount: params.int('SecondaryPrivateIpAddressCount'),
      clientToken: params.optional('ClientToken'),
    })
    return {
      AssignedPrivateIpAddressesSet: {
        NetworkInterfaceId: assigned.networkInterfaceId,
        PrivateIpSet: { PrivateIpAddress: assigned.privateIpAddresses },
        Ipv4PrefixSet: { Ipv4Prefixes: [] },
      },
    }
  },

  async UnassignPrivateIpAddresses(params, ctx) {
    await unassignPrivateIpAddresses(ctx.deps, ctx.caller, {
      regionId: requiredRegion(params, ctx),
      networkInterfaceId: params.required('NetworkInterfaceId'),
      privateIpAddresses: params.list('PrivateIpAddress'),
    })
    return {}
  },

  async DescribeNetworkInterfaces(params, ctx) {
    const page = await describeNetworkInterfaces(ctx.deps, ctx.caller, {
      regionId: requiredRegion(params, ctx),
      networkInterfaceIds: params.list('NetworkInterfaceId'),
      vpcId: params.optional('VpcId'),
      vSwitchId: params.optional('VSwitchId'),
      instanceId: params.optional('InstanceId'),
      type: params.oneOf('Type', ENI_TYPES),
      status: params.oneOf('Status', ENI_STATUSES),
      networkInterfaceName: params.optional('NetworkInterfaceName'),
      resourceGroupId: params.optional('ResourceGroupId'),
      primaryIpAddress: params.optional('PrimaryIpAddress'),
      privateIpAddresses: params.list('PrivateIpAddress'),
      securityGroupId: params.optional('SecurityGroupId'),
      tags: tagFilter(params),
      serviceManaged: params.bool('ServiceManaged'),
      ipv6Addresses: params.list('Ipv6Address'),
      ...pagingParams(params),
    })
    return {
      ...renderPage(page),
      NetworkInterfaceSets: { NetworkInterfaceSet: page.items.map(renderEni) },
    }
  },

  async DescribeNetworkInterfaceAttribute(params, ctx) {
    const view = await describeNetworkInterfaceAttribute(ctx.deps, ctx.caller, {
      regionId: requiredRegion(params, ctx),
      networkInterfaceId: params.required('NetworkInterfaceId'),
    })
    return renderEni(view)
  },
}
