import { DomainError } from '../../domain/errors.js'
import type { Instance } from '../../domain/instance/instance.js'
import { lockInstance } from '../../store/repositories/instances.js'
import type { Unit } from '../mutate.js'

/** The caller's instance, locked, in any region; else InvalidInstanceId.NotFound (spec §5.13, §5.14). */
export async function lockExistingInstance(u: Unit, instanceId: string): Promise<Instance> {
  const instance = await lockInstance(u, instanceId)
  if (instance === undefined) {
    throw new DomainError('InvalidInstanceId.NotFound', `The instance ${instanceId} does not exist.`)
  }
  return instance
}
