import { DomainError } from '../errors.js'
import type { InstanceType } from './catalog.js'

/**
 * The DescribeInstanceTypes filters OpenENI honours (spec §5.15). Every filter given must hold;
 * an empty list counts as not given. Bandwidth minimums are in kbit/s, memory in GiB.
 */
export interface InstanceTypeQuery {
  instanceTypes?: readonly string[]
  instanceTypeFamily?: string
  instanceTypeFamilies?: readonly string[]
  instanceCategory?: string
  cpuArchitecture?: string
  minimumEniQuantity?: number
  minimumEniPrivateIpAddressQuantity?: number
  minimumEniIpv6AddressQuantity?: number
  minimumPrimaryEniQueueNumber?: number
  minimumSecondaryEniQueueNumber?: number
  minimumInstanceBandwidthRx?: number
  minimumInstanceBandwidthTx?: number
  minimumInstancePpsRx?: number
  minimumInstancePpsTx?: number
  minimumCpuCoreCount?: number
  maximumCpuCoreCount?: number
  minimumMemorySize?: number
  maximumMemorySize?: number
}

type NumericField = { [K in keyof InstanceType]: InstanceType[K] extends number ? K : never }[keyof InstanceType]
type MinimumFilter = Extract<keyof InstanceTypeQuery, `minimum${string}`>
type MaximumFilter = Extract<keyof InstanceTypeQuery, `maximum${string}`>

// Typed as a complete Record so that a bound added to the query does not compile until it is
// tied to the field it bounds.
const MINIMUM_OF: Record<MinimumFilter, NumericField> = {
  minimumEniQuantity: 'eniQuantity',
  minimumEniPrivateIpAddressQuantity: 'eniPrivateIpAddressQuantity',
  minimumEniIpv6AddressQuantity: 'eniIpv6AddressQuantity',
  minimumPrimaryEniQueueNumber: 'primaryEniQueueNumber',
  minimumSecondaryEniQueueNumber: 'secondaryEniQueueNumber',
  minimumInstanceBandwidthRx: 'instanceBandwidthRx',
  minimumInstanceBandwidthTx: 'instanceBandwidthTx',
  minimumInstancePpsRx: 'instancePpsRx',
  minimumInstancePpsTx: 'instancePpsTx',
  minimumCpuCoreCount: 'cpuCoreCount',
  minimumMemorySize: 'memorySize',
}

const MAXIMUM_OF: Record<MaximumFilter, NumericField> = {
  maximumCpuCoreCount: 'cpuCoreCount',
  maximumMemorySize: 'memorySize',
}

// The API takes InstanceTypes.N and InstanceTypeFamilies.N with N from 1 to 10.
const MAX_LIST_FILTER_LENGTH = 10

/** Returns the types matching every filter of `query`, ordered by id so paging tokens stay stable. */
export function filterInstanceTypes(types: readonly InstanceType[], query: InstanceTypeQuery): InstanceType[] {
  assertListFilterLength('InstanceTypes', query.instanceTypes)
  assertListFilterLength('InstanceTypeFamilies', query.instanceTypeFamilies)
  return types.filter((type) => matchesQuery(type, query)).sort(compareById)
}

function assertListFilterLength(parameter: string, values: readonly string[] | undefined): void {
  if (values !== undefined && values.length > MAX_LIST_FILTER_LENGTH) {
    throw new DomainError(
      'InvalidParameter',
      `${parameter}.N accepts at most ${MAX_LIST_FILTER_LENGTH} values, got ${values.length}`,
    )
  }
}

function matchesQuery(type: InstanceType, query: InstanceTypeQuery): boolean {
  return (
    isListedOrUnfiltered(type.instanceTypeId, query.instanceTypes) &&
    isEqualOrUnfiltered(type.instanceTypeFamily, query.instanceTypeFamily) &&
    isListedOrUnfiltered(type.instanceTypeFamily, query.instanceTypeFamilies) &&
    isEqualOrUnfiltered(type.instanceCategory, query.instanceCategory) &&
    isEqualOrUnfiltered(type.cpuArchitecture, query.cpuArchitecture) &&
    Object.entries(MINIMUM_OF).every(([filter, field]) => {
      const minimum = query[filter as MinimumFilter]
      return minimum === undefined || type[field] >= minimum
    }) &&
    Object.entries(MAXIMUM_OF).every(([filter, field]) => {
      const maximum = query[filter as MaximumFilter]
      return maximum === undefined || type[field] <= maximum
    })
  )
}

function isEqualOrUnfiltered(value: string, wanted: string | undefined): boolean {
  return wanted === undefined || value === wanted
}

function isListedOrUnfiltered(value: string, wanted: readonly string[] | undefined): boolean {
  return wanted === undefined || wanted.length === 0 || wanted.includes(value)
}

// Code-unit order, not localeCompare: the order must not depend on the server's locale.
function compareById(a: InstanceType, b: InstanceType): number {
  return a.instanceTypeId < b.instanceTypeId ? -1 : a.instanceTypeId > b.instanceTypeId ? 1 : 0
}
