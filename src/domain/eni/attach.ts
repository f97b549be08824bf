import { DomainError } from '../errors.js'
import type { InstanceType } from '../instance-type/catalog.js'
import type { Instance } from '../instance/instance.js'
import type { Eni } from './eni.js'
import { assertInstanceTakesEniChanges } from './instance-readiness.js'
import { assertFitsInstanceType, type EniLoad } from './instance-type-fit.js'
import { assertSameNetwork } from './network-coherence.js'
import { assertEniStatus } from './status.js'

/** What the ENI rules need to know of an instance. */
export type EniHostInstance = Pick<Instance, 'id' | 'status' | 'ioOptimized' | 'vpcId' | 'zoneId' | 'instanceType'>

/** The instance an ENI is to join, with its type and every ENI it already holds. */
export interface AttachTarget {
  instance: EniHostInstance
  type: InstanceType
  present: readonly EniLoad[]
}

/**
 * AttachNetworkInterface's rules in the reference's order (spec §5.5): the ENI is a Secondary one
 * and Available; the instance exists, is settled and I/O optimized; both share VPC and zone; then
 * the instance type's limits. At launch the instance is still Pending by design, so only the
 * status rule is skipped there.
 */
export function assertAttachable<T extends AttachTarget>(
  eni: Eni,
  instanceId: string,
  target: T | undefined,
  options: { atLaunch?: boolean } = {},
): T {
  if (eni.type !== 'Secondary') {
    throw new DomainError('InvalidOperation.InvalidEniType', `The network interface ${eni.id} is a primary one and stays with its instance.`)
  }
  assertEniStatus(eni, ['Available'], 'AttachNetworkInterface')
  if (target === undefined) throw instanceNotFound(instanceId)
  const { instance, type, present } = target
  if (!options.atLaunch) assertInstanceTakesEniChanges(instance, type)
  assertIoOptimized(instance)
  assertSameNetwork(eni, instance)
  assertFitsInstanceType(type, present, { type: eni.type, queueNumber: eni.queueNumber, ipv4Count: eni.privateIps.length })
  return target
}

function instanceNotFound(instanceId: string): DomainError {
  return new DomainError('InvalidEcsId.NotFound', `The instance ${instanceId} does not exist.`)
}

/** Only I/O optimized instances take secondary ENIs (spec §5.11 errors). */
function assertIoOptimized(instance: Pick<Instance, 'id' | 'ioOptimized'>): void {
  if (!instance.ioOptimized) {
    throw new DomainError(
      'InvalidInstanceType.ElasticNetworkInterfaceNotSupported',
      `The instance ${instance.id} is not I/O optimized and cannot take secondary network interfaces.`,
    )
  }
}

/** The lowest free device index above the primary's 0, so a freed slot is reused (`eth<N>` inside). */
export function nextDeviceIndex(used: readonly number[]): number {
  const taken = new Set(used)
  let index = 1
  while (taken.has(index)) index++
  return index
}
