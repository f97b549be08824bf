/**
 * The built-in catalogue of instance types: the single source for how many ENIs an instance may
 * have, how many addresses each ENI may hold, queue defaults and ceilings, and the bandwidth and
 * packet-rate caps the data plane enforces (spec §5.15, §7). Operators extend or replace it
 * through the config file (`src/domain/config.ts`).
 *
 * Figures follow Alibaba Cloud's published specifications for the same type ids, so code written
 * against the public cloud meets the same limits here.
 */

export type CpuArchitecture = 'X86' | 'ARM'

export interface InstanceType {
  readonly instanceTypeId: string
  readonly instanceTypeFamily: string
  readonly cpuCoreCount: number
  /** GiB; may be fractional. */
  readonly memorySize: number
  /** Alibaba's category label, e.g. `General-purpose`, `Compute-optimized`, `Shared`. */
  readonly instanceCategory: string
  readonly cpuArchitecture: CpuArchitecture
  /** ENIs attachable to one instance, counting the primary ENI. */
  readonly eniQuantity: number
  /** All NIC kinds together (primary, secondary, trunk members); never below `eniQuantity`. */
  readonly eniTotalQuantity: number
  /** Private IPv4 addresses per ENI, counting its primary address. */
  readonly eniPrivateIpAddressQuantity: number
  readonly eniIpv6AddressQuantity: number
  /** Queue count a primary / secondary ENI gets when none is requested. */
  readonly primaryEniQueueNumber: number
  readonly secondaryEniQueueNumber: number
  /** Ceiling for one ENI's `QueueNumber`. */
  readonly maximumQueueNumberPerEni: number
  /** Ceiling for the sum of `QueueNumber` over all ENIs of one instance. */
  readonly totalEniQueueQuantity: number
  /** kbit/s, shared by all ENIs of the instance. */
  readonly instanceBandwidthRx: number
  readonly instanceBandwidthTx: number
  /** Packets per second, shared by all ENIs of the instance. */
  readonly instancePpsRx: number
  readonly instancePpsTx: number
  readonly eniTrunkSupported: boolean
  readonly networkCardQuantity: number
  /** Whether RunInstances may ask for `IoOptimized=none`; only some old or burstable types allow it. */
  readonly ioOptimizedOptional: boolean
  /** Whether ENIs may be attached and detached while the instance is Running (§5.5, §5.6). */
  readonly hotPlug: boolean
}

/** The network figures of one size; families of a generation share them, size for size. */
type NetworkProfile = Omit<
  InstanceType,
  | 'instanceTypeId'
  | 'instanceTypeFamily'
  | 'cpuCoreCount'
  | 'memorySize'
  | 'instanceCategory'
  | 'cpuArchitecture'
>

// Alibaba publishes bandwidth in Gbit/s and reports it through the API as kbit/s with binary
// prefixes (25 Gbit/s is 26,214,400), so the catalogue converts the same way.
const KBIT_PER_GBIT = 1024 * 1024

function symmetricCaps(gbitPerSecond: number, pps: number) {
  const kbit = Math.round(gbitPerSecond * KBIT_PER_GBIT)
  return { instanceBandwidthRx: kbit, instanceBandwidthTx: kbit, instancePpsRx: pps, instancePpsTx: pps }
}

// g7, c7 and r7 (and the ARM g8y) differ only in memory per vCPU; Alibaba gives every family of
// a generation the same network specification for the same size.
const CURRENT_LARGE: NetworkProfile = {
  eniQuantity: 3,
  eniTotalQuantity: 6,
  eniPrivateIpAddressQuantity: 6,
  eniIpv6AddressQuantity: 6,
  primaryEniQueueNumber: 2,
  secondaryEniQueueNumber: 2,
  maximumQueueNumberPerEni: 2,
  totalEniQueueQuantity: 6,
  ...symmetricCaps(2, 900_000),
  eniTrunkSupported: true,
  networkCardQuantity: 1,
  ioOptimizedOptional: false,
  hotPlug: true,
}

const CURRENT_XLARGE: NetworkProfile = {
  eniQuantity: 4,
  eniTotalQuantity: 8,
  eniPrivateIpAddressQuantity: 15,
  eniIpv6AddressQuantity: 15,
  primaryEniQueueNumber: 4,
  secondaryEniQueueNumber: 4,
  maximumQueueNumberPerEni: 4,
  totalEniQueueQuantity: 16,
  ...symmetricCaps(3, 1_000_000),
  eniTrunkSupported: true,
  networkCardQuantity: 1,
  ioOptimizedOptional: false,
  hotPlug: true,
}

export const BUILT_IN_INSTANCE_TYPES: readonly InstanceType[] = [
  {
    instanceTypeId: 'ecs.c7.large',
    instanceTypeFamily: 'ecs.c7',
    cpuCoreCount: 2,
    memorySize: 4,
    instanceCategory: 'Compute-optimized',
    cpuArchitecture: 'X86',
    ...CURRENT_LARGE,
  },
  {
    instanceTypeId: 'ecs.c7.xlarge',
    instanceTypeFamily: 'ecs.c7',
    cpuCoreCount: 4,
    memorySize: 8,
    instanceCategory: 'Compute-optimized',
    cpuArchitecture: 'X86',
    ...CURRENT_XLARGE,
  },
  {
    instanceTypeId: 'ecs.g6.large',
    instanceTypeFamily: 'ecs.g6',
    cpuCoreCount: 2,
    memorySize: 8,
    instanceCategory: 'General-purpose',
    cpuArchitecture: 'X86',
    eniQuantity: 2,
    eniTotalQuantity: 2,
    eniPrivateIpAddressQuantity: 6,
    eniIpv6AddressQuantity: 1,
    primaryEniQueueNumber: 2,
    secondaryEniQueueNumber: 2,
    maximumQueueNumberPerEni: 2,
    totalEniQueueQuantity: 4,
    ...symmetricCaps(1, 300_000),
    eniTrunkSupported: false,
    networkCardQuantity: 1,
    ioOptimizedOptional: false,
    hotPlug: true,
  },
  {
    instanceTypeId: 'ecs.g6.xlarge',
    instanceTypeFamily: 'ecs.g6',
    cpuCoreCount: 4,
    memorySize: 16,
    instanceCategory: 'General-purpose',
    cpuArchitecture: 'X86',
    eniQuantity: 3,
    eniTotalQuantity: 3,
    eniPrivateIpAddressQuantity: 10,
    eniIpv6AddressQuantity: 1,
    primaryEniQueueNumber: 2,
    secondaryEniQueueNumber: 2,
    maximumQueueNumberPerEni: 2,
    totalEniQueueQuantity: 6,
    ...symmetricCaps(1.5, 500_000),
    eniTrunkSupported: false,
    networkCardQuantity: 1,
    ioOptimizedOptional: false,
    hotPlug: true,
  },
  {
    instanceTypeId: 'ecs.g7.2xlarge',
    instanceTypeFamily: 'ecs.g7',
    cpuCoreCount: 8,
    memorySize: 32,
    instanceCategory: 'General-purpose',
    cpuArchitecture: 'X86',
    eniQuantity: 4,
    eniTotalQuantity: 16,
    eniPrivateIpAddressQuantity: 15,
    eniIpv6AddressQuantity: 15,
    primaryEniQueueNumber: 8,
    secondaryEniQueueNumber: 4,
    maximumQueueNumberPerEni: 8,
    totalEniQueueQuantity: 32,
    ...symmetricCaps(5, 1_600_000),
    eniTrunkSupported: true,
    networkCardQuantity: 1,
    ioOptimizedOptional: false,
    hotPlug: true,
  },
  {
    instanceTypeId: 'ecs.g7.4xlarge',
    instanceTypeFamily: 'ecs.g7',
    cpuCoreCount: 16,
    memorySize: 64,
    instanceCategory: 'General-purpose',
    cpuArchitecture: 'X86',
    eniQuantity: 8,
    eniTotalQuantity: 24,
    eniPrivateIpAddressQuantity: 30,
    eniIpv6AddressQuantity: 30,
    primaryEniQueueNumber: 8,
    secondaryEniQueueNumber: 4,
    maximumQueueNumberPerEni: 16,
    totalEniQueueQuantity: 64,
    ...symmetricCaps(8, 3_000_000),
    eniTrunkSupported: true,
    networkCardQuantity: 1,
    ioOptimizedOptional: false,
    hotPlug: true,
  },
  {
    instanceTypeId: 'ecs.g7.large',
    instanceTypeFamily: 'ecs.g7',
    cpuCoreCount: 2,
    memorySize: 8,
    instanceCategory: 'General-purpose',
    cpuArchitecture: 'X86',
    ...CURRENT_LARGE,
  },
  {
    instanceTypeId: 'ecs.g7.xlarge',
    instanceTypeFamily: 'ecs.g7',
    cpuCoreCount: 4,
    memorySize: 16,
    instanceCategory: 'General-purpose',
    cpuArchitecture: 'X86',
    ...CURRENT_XLARGE,
  },
  {
    instanceTypeId: 'ecs.g8y.large',
    instanceTypeFamily: 'ecs.g8y',
    cpuCoreCount: 2,
    memorySize: 8,
    instanceCategory: 'General-purpose',
    cpuArchitecture: 'ARM',
    ...CURRENT_LARGE,
  },
  {
    instanceTypeId: 'ecs.g8y.xlarge',
    instanceTypeFamily: 'ecs.g8y',
    cpuCoreCount: 4,
    memorySize: 16,
    instanceCategory: 'General-purpose',
    cpuArchitecture: 'ARM',
    ...CURRENT_XLARGE,
  },
  {
    instanceTypeId: 'ecs.r7.large',
    instanceTypeFamily: 'ecs.r7',
    cpuCoreCount: 2,
    memorySize: 16,
    instanceCategory: 'Memory-optimized',
    cpuArchitecture: 'X86',
    ...CURRENT_LARGE,
  },
  // Burstable types are the shared, entry-level kind: one ENI or two, few addresses, no IPv6,
  // and they still accept the non-I/O-optimized launches older scripts ask for.
  {
    instanceTypeId: 'ecs.t5-lc1m1.small',
    instanceTypeFamily: 'ecs.t5',
    cpuCoreCount: 1,
    memorySize: 1,
    instanceCategory: 'Shared',
    cpuArchitecture: 'X86',
    eniQuantity: 1,
    eniTotalQuantity: 1,
    eniPrivateIpAddressQuantity: 1,
    eniIpv6AddressQuantity: 0,
    primaryEniQueueNumber: 1,
    secondaryEniQueueNumber: 1,
    maximumQueueNumberPerEni: 1,
    totalEniQueueQuantity: 1,
    ...symmetricCaps(0.1, 40_000),
    eniTrunkSupported: false,
    networkCardQuantity: 1,
    ioOptimizedOptional: true,
    hotPlug: true,
  },
  {
    instanceTypeId: 'ecs.t6-c1m1.large',
    instanceTypeFamily: 'ecs.t6',
    cpuCoreCount: 2,
    memorySize: 2,
    instanceCategory: 'Shared',
    cpuArchitecture: 'X86',
    eniQuantity: 2,
    eniTotalQuantity: 2,
    eniPrivateIpAddressQuantity: 2,
    eniIpv6AddressQuantity: 0,
    primaryEniQueueNumber: 1,
    secondaryEniQueueNumber: 1,
    maximumQueueNumberPerEni: 1,
    totalEniQueueQuantity: 2,
    ...symmetricCaps(0.08, 60_000),
    eniTrunkSupported: false,
    networkCardQuantity: 1,
    ioOptimizedOptional: true,
    hotPlug: true,
  },
]

// QueueNumber is accepted in 1–2048 (spec §4), so no catalogue figure may promise more.
const MAX_QUEUES_PER_ENI = 2048

/**
 * Lists what makes `type` unusable as a catalogue entry; empty when it is consistent. Operators
 * can override any field, so the config loader checks merged entries with this as well.
 */
export function findInstanceTypeProblems(type: InstanceType): string[] {
  const problems: string[] = []
  const check = (holds: boolean, problem: string) => {
    if (!holds) problems.push(problem)
  }
  const id = type.instanceTypeId
  const family = type.instanceTypeFamily
  // `ecs.t6-c1m1.large` belongs to `ecs.t6`: burstable ids extend the family with a hyphen.
  check(
    id.startsWith(`${family}.`) || id.startsWith(`${family}-`),
    `instanceTypeId ${id} does not belong to family ${family}`,
  )
  check(type.eniQuantity >= 1, 'eniQuantity must be at least 1 (the primary ENI)')
  check(type.eniTotalQuantity >= type.eniQuantity, 'eniTotalQuantity must be at least eniQuantity')
  check(type.eniPrivateIpAddressQuantity >= 1, 'eniPrivateIpAddressQuantity must be at least 1 (the primary IP)')
  check(
    type.maximumQueueNumberPerEni <= MAX_QUEUES_PER_ENI,
    `maximumQueueNumberPerEni must not exceed ${MAX_QUEUES_PER_ENI}`,
  )
  check(
    type.primaryEniQueueNumber <= type.maximumQueueNumberPerEni,
    'primaryEniQueueNumber must not exceed maximumQueueNumberPerEni',
  )
  check(
    type.secondaryEniQueueNumber <= type.maximumQueueNumberPerEni,
    'secondaryEniQueueNumber must not exceed maximumQueueNumberPerEni',
  )
  check(
    type.totalEniQueueQuantity >= type.maximumQueueNumberPerEni,
    'totalEniQueueQuantity must be at least maximumQueueNumberPerEni',
  )
  // Filling every ENI slot with default queue counts must never trip the instance-wide ceiling,
  // or an attach that asks for nothing special would fail with ExceedInstanceTypeQueueNumber.
  const defaultQueues = type.primaryEniQueueNumber + (type.eniQuantity - 1) * type.secondaryEniQueueNumber
  check(
    type.totalEniQueueQuantity >= defaultQueues,
    `totalEniQueueQuantity ${type.totalEniQueueQuantity} is below the ${defaultQueues} queues of a fully attached instance with default queue numbers`,
  )
  return problems
}
