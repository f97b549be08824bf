import { DomainError } from '../../../domain/errors.js'
import type { InstanceType } from '../../../domain/instance-type/catalog.js'
import type { InstanceTypeQuery } from '../../../domain/instance-type/filter.js'
import { describeInstanceTypes } from '../../../service/instance-types.js'
import type { ActionTable } from '../action.js'
import type { Params } from '../params.js'

/** Memory bounds are GiB and may be fractional (`0.5`), unlike every other filter. */
function decimal(params: Params, name: string): number | undefined {
  const raw = params.optional(name)
  if (raw === undefined) return undefined
  if (!/^\d{1,9}(\.\d{1,6})?$/.test(raw)) {
    throw new DomainError('InvalidParameter', `The parameter "${name}" must be a non-negative number; ${JSON.stringify(raw)} is not.`)
  }
  return Number(raw)
}

function whole(params: Params, name: string): number | undefined {
  return params.int(name, { min: 0 })
}

function readQuery(params: Params): InstanceTypeQuery {
  return {
    instanceTypes: params.list('InstanceTypes'),
    instanceTypeFamily: params.optional('InstanceTypeFamily'),
    instanceTypeFamilies: params.list('InstanceTypeFamilies'),
    instanceCategory: params.optional('InstanceCategory'),
    cpuArchitecture: params.optional('CpuArchitecture'),
    minimumEniQuantity: whole(params, 'MinimumEniQuantity'),
    minimumEniPrivateIpAddressQuantity: whole(params, 'MinimumEniPrivateIpAddressQuantity'),
    minimumEniIpv6AddressQuantity: whole(params, 'MinimumEniIpv6AddressQuantity'),
    minimumPrimaryEniQueueNumber: whole(params, 'MinimumPrimaryEniQueueNumber'),
    minimumSecondaryEniQueueNumber: whole(params, 'MinimumSecondaryEniQueueNumber'),
    minimumInstanceBandwidthRx: whole(params, 'MinimumInstanceBandwidthRx'),
    minimumInstanceBandwidthTx: whole(params, 'MinimumInstanceBandwidthTx'),
    minimumInstancePpsRx: whole(params, 'MinimumInstancePpsRx'),
    minimumInstancePpsTx: whole(params, 'MinimumInstancePpsTx'),
    minimumCpuCoreCount: whole(params, 'MinimumCpuCoreCount'),
    maximumCpuCoreCount: whole(params, 'MaximumCpuCoreCount'),
    minimumMemorySize: decimal(params, 'MinimumMemorySize'),
    maximumMemorySize: decimal(params, 'MaximumMemorySize'),
  }
}

function renderType(type: InstanceType) {
  return {
    InstanceTypeId: type.instanceTypeId,
    InstanceTypeFamily: type.instanceTypeFamily,
    CpuCoreCount: type.cpuCoreCount,
    MemorySize: type.memorySize,
    InstanceCategory: type.instanceCategory,
    CpuArchitecture: type.cpuArchitecture,
    EniQuantity: type.eniQuantity,
    EniTotalQuantity: type.eniTotalQuantity,
    EniPrivateIpAddressQuantity: type.eniPrivateIpAddressQuantity,
    EniIpv6AddressQuantity: type.eniIpv6AddressQuantity,
    PrimaryEniQueueNumber: type.primaryEniQueueNumber,
    SecondaryEniQueueNumber: type.secondaryEniQueueNumber,
    MaximumQueueNumberPerEni: type.maximumQueueNumberPerEni,
    TotalEniQueueQuantity: type.totalEniQueueQuantity,
    EniTrunkSupported: type.eniTrunkSupported,
    InstanceBandwidthRx: type.instanceBandwidthRx,
    InstanceBandwidthTx: type.instanceBandwidthTx,
    InstancePpsRx: type.instancePpsRx,
    InstancePpsTx: type.instancePpsTx,
    NetworkCardQuantity: type.networkCardQuantity,
    NetworkCards: {
      NetworkCardInfo: Array.from({ length: type.networkCardQuantity }, (_, index) => ({ NetworkCardIndex: index })),
    },
    // No eRDMA, jumbo frames or in-transit encryption in this data plane.
    EriQuantity: 0,
    QueuePairNumber: 0,
    JumboFrameSupport: false,
    NetworkEncryptionSupport: false,
    GPUAmount: 0,
  }
}

export const actions: ActionTable = {
  /** No RegionId: the catalogue is the same in every region (spec §5.15). */
  async DescribeInstanceTypes(params, ctx) {
    const page = describeInstanceTypes(ctx.deps, readQuery(params), {
      maxResults: params.int('MaxResults'),
      nextToken: params.optional('NextToken'),
    })
    return { NextToken: page.nextToken, InstanceTypes: { InstanceType: page.items.map(renderType) } }
  },
}
