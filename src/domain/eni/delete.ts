import { DomainError } from '../errors.js'
import type { Eni } from './eni.js'
import { assertEniStatus } from './status.js'

/**
 * DeleteNetworkInterface (spec §5.2): a primary ENI lives and dies with its instance; any other
 * must be detached first (Available).
 */
export function assertDeletable(eni: Pick<Eni, 'id' | 'type' | 'status'>): void {
  if (eni.type === 'Primary') {
    throw new DomainError('InvalidOperation.InvalidEniType', `The network interface ${eni.id} is a primary one and is deleted with its instance.`)
  }
  assertEniStatus(eni, ['Available'], 'DeleteNetworkInterface')
}
