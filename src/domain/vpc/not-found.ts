import { DomainError } from '../errors.js'

/**
 * The answer for a VPC or vSwitch the caller cannot see: unknown, another account's, or in another
 * region than the one asked about all read the same, so nothing leaks across tenants (spec §6).
 */
export function vpcNotFound(id: string): DomainError {
  return new DomainError('InvalidVpcId.NotFound', `The VPC ${id} does not exist.`)
}

export function vSwitchNotFound(id: string): DomainError {
  return new DomainError('InvalidVSwitchId.NotFound', `The vSwitch ${id} does not exist.`)
}
