import { DomainError } from '../errors.js'
import type { Eni, EniStatus } from './eni.js'

/**
 * The ENI state machine (spec §3.3, §3.5, §7). Attach and detach pass through a transitional
 * status that the instance's host settles; a failed attach falls back to Available. An ENI that
 * leaves with its instance (DeleteInstance) goes straight from any attached status to Available.
 *
 *     (created) ─► Available ─► Attaching ─► InUse ─► Detaching ─► Available
 *                      │            └──────► Available   ▲
 *                      └─► Deleting ─► (gone)            └ released with its instance
 */
export const ENI_TRANSITIONS: Readonly<Record<EniStatus, readonly EniStatus[]>> = {
  Available: ['Attaching', 'Deleting'],
  Attaching: ['InUse', 'Available'],
  InUse: ['Detaching', 'Available'],
  Detaching: ['Available'],
  Deleting: [],
}

export function canMoveTo(from: EniStatus, to: EniStatus): boolean {
  return from === to || ENI_TRANSITIONS[from].includes(to)
}

/** The §7 matrix: an operation runs only in the statuses it lists, else InvalidOperation.InvalidEniState. */
export function assertEniStatus(eni: Pick<Eni, 'id' | 'status'>, allowed: readonly EniStatus[], operation: string): void {
  if (!allowed.includes(eni.status)) {
    throw new DomainError(
      'InvalidOperation.InvalidEniState',
      `The network interface ${eni.id} is ${eni.status}; ${operation} needs it to be ${allowed.join(' or ')}.`,
    )
  }
}
