import { DomainError } from '../errors.js'
import type { VSwitch, Vpc } from './vpc.js'

/**
 * VPCs and vSwitches are `Pending` while being created and take no change until `Available`
 * (spec §3.5, §6.2, §6.4, §6.5). OpenENI creates them `Available` at once, since the data plane
 * has nothing to confirm, but the rule stays so a status added later cannot bypass it.
 */
export function assertVpcAvailable(vpc: Vpc): void {
  if (vpc.status !== 'Available') {
    throw new DomainError('IncorrectVpcStatus', `The VPC ${vpc.id} is ${vpc.status}; it must be Available.`)
  }
}

/** Also guards addresses: an ENI takes them only from an Available vSwitch (spec §5.1). */
export function assertVSwitchAvailable(vSwitch: Pick<VSwitch, 'id' | 'status'>): void {
  if (vSwitch.status !== 'Available') {
    throw new DomainError('IncorrectVSwitchStatus', `The vSwitch ${vSwitch.id} is ${vSwitch.status}; it must be Available.`)
  }
}
