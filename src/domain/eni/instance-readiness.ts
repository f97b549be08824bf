import { DomainError } from '../errors.js'
import type { InstanceType } from '../instance-type/catalog.js'
import type { Instance } from '../instance/instance.js'

/**
 * Attach and detach need the instance settled, Running or Stopped (spec §7 instance matrix); a type
 * without hot-plug takes or gives up ENIs only while Stopped (spec §5.5, §5.6).
 */
export function assertInstanceTakesEniChanges(instance: Pick<Instance, 'id' | 'status'>, type: InstanceType): void {
  assertInstanceSettled(instance)
  if (instance.status === 'Running' && !type.hotPlug) {
    throw new DomainError(
      'InvalidOperation.HotPlugNotSupport',
      `Instances of type ${type.instanceTypeId} change network interfaces only while Stopped; ${instance.id} is Running.`,
    )
  }
}

/** Running or Stopped, else InvalidOperation.InvalidEcsState (spec §5.0). */
export function assertInstanceSettled(instance: Pick<Instance, 'id' | 'status'>): void {
  if (instance.status !== 'Running' && instance.status !== 'Stopped') {
    throw new DomainError(
      'InvalidOperation.InvalidEcsState',
      `The instance ${instance.id} is ${instance.status}; it must be Running or Stopped.`,
    )
  }
}
