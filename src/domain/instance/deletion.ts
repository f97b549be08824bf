import { DomainError } from '../errors.js'
import type { Instance } from './instance.js'

/**
 * DeleteInstance (spec §5.14, §7): a Stopped instance, or a Running one with Force=true; never one
 * still being created, nor one under deletion protection.
 */
export function assertDeletable(instance: Pick<Instance, 'id' | 'status' | 'deletionProtection'>, force: boolean): void {
  if (instance.status === 'Pending') {
    throw new DomainError('IncorrectInstanceStatus.Initializing', `The instance ${instance.id} is still being created.`)
  }
  if (instance.status !== 'Stopped' && !(instance.status === 'Running' && force)) {
    throw new DomainError(
      'IncorrectInstanceStatus',
      `The instance ${instance.id} is ${instance.status}; it must be Stopped, or Running with Force=true, to be deleted.`,
    )
  }
  if (instance.deletionProtection) {
    throw new DomainError(
      'InvalidOperation.DeletionProtection',
      `The instance ${instance.id} has deletion protection; turn it off before deleting the instance.`,
    )
  }
}
