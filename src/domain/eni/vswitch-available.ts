import { DomainError } from '../errors.js'
import type { VSwitch } from '../vpc/vpc.js'

/** Addresses come only from a vSwitch that finished creating (spec §5.1: the vSwitch must be Available). */
export function assertVSwitchAvailable(vSwitch: Pick<VSwitch, 'id' | 'status'>): void {
  if (vSwitch.status !== 'Available') {
    throw new DomainError('IncorrectVSwitchStatus', `The vSwitch ${vSwitch.id} is ${vSwitch.status}, not Available.`)
  }
}
