import { DomainError } from '../errors.js'
import type { Eip } from './eip.js'
import { assertEipStatus } from './status.js'

/** ReleaseEipAddress (spec §6.10): only an unbound EIP, and never a subscription one. */
export function assertReleasable(eip: Pick<Eip, 'id' | 'status' | 'instanceChargeType'>): void {
  assertEipStatus(eip, ['Available'], 'ReleaseEipAddress')
  if (eip.instanceChargeType === 'PrePaid') {
    throw new DomainError('Forbidden.ChargeTypeIsPrepaid', `The EIP ${eip.id} is a subscription (PrePaid) EIP and cannot be released.`)
  }
}
