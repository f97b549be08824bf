import { DomainError } from '../errors.js'
import type { InstanceType } from '../instance-type/catalog.js'

export type IoOptimizedChoice = 'optimized' | 'none'

/**
 * Whether a new instance is I/O optimized (RunInstances `IoOptimized`, default `optimized`). Only
 * the old and burstable types whose catalogue entry says so may be launched without it.
 */
export function resolveIoOptimized(type: InstanceType, requested: IoOptimizedChoice | undefined): boolean {
  if (requested !== 'none') return true
  if (!type.ioOptimizedOptional) {
    throw new DomainError(
      'InvalidIoOptimize.ValueNotSupported',
      `The instance type ${type.instanceTypeId} is always I/O optimized; IoOptimized=none is not supported.`,
    )
  }
  return false
}

/** A non-I/O-optimized instance has its primary network interface and no other (spec §5.11). */
export function assertEnisSupported(type: InstanceType, ioOptimized: boolean, secondaryEnis: number): void {
  if (!ioOptimized && secondaryEnis > 0) {
    throw new DomainError(
      'InvalidInstanceType.ElasticNetworkInterfaceNotSupported',
      `A non-I/O-optimized ${type.instanceTypeId} instance cannot have secondary network interfaces.`,
    )
  }
}
