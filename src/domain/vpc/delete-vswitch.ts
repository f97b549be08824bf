import { DomainError } from '../errors.js'
import { assertVSwitchAvailable } from './available.js'
import type { VSwitch } from './vpc.js'

/** How many instances and ENIs (primary or secondary) still use a vSwitch. */
export interface VSwitchUsers {
  instances: number
  networkInterfaces: number
}

/** A vSwitch may be deleted only when Available and nothing uses it (spec §6.5). */
export function assertVSwitchDeletable(vSwitch: Pick<VSwitch, 'id' | 'status'>, users: VSwitchUsers): void {
  assertVSwitchAvailable(vSwitch)
  if (users.instances > 0 || users.networkInterfaces > 0) {
    throw new DomainError(
      'DependencyViolation',
      `The vSwitch ${vSwitch.id} is still used by ${users.instances} instances and ${users.networkInterfaces} network interfaces.`,
    )
  }
}
