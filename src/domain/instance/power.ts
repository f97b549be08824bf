import { DomainError } from '../errors.js'
import type { Instance, InstanceStatus } from './instance.js'

export type PowerAction = 'StartInstance' | 'StopInstance' | 'RebootInstance'

/**
 * The instance state matrix of spec §7 for the power actions: each runs from one status and leaves
 * the instance in a transitional one, which its host settles (Starting → Running, Stopping → Stopped).
 * A reboot goes through Starting, as the instance comes back up.
 */
const POWER_MOVES: Readonly<Record<PowerAction, { from: InstanceStatus; to: InstanceStatus }>> = {
  StartInstance: { from: 'Stopped', to: 'Starting' },
  StopInstance: { from: 'Running', to: 'Stopping' },
  RebootInstance: { from: 'Running', to: 'Starting' },
}

/** The status `action` moves the instance to, or IncorrectInstanceStatus from any other status. */
export function powerTransition(instance: Pick<Instance, 'id' | 'status'>, action: PowerAction): InstanceStatus {
  const move = POWER_MOVES[action]
  if (instance.status !== move.from) {
    throw new DomainError(
      'IncorrectInstanceStatus',
      `The instance ${instance.id} is ${instance.status}; ${action} needs it to be ${move.from}.`,
    )
  }
  return move.to
}
