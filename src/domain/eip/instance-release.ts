import type { ReleaseOutcome } from '../eni/release.js'
import type { EipStatus } from './eip.js'
import { settledStatus } from './status.js'

/**
 * What DeleteInstance does to an EIP bound to one of its ENIs (spec §5.14: EIPs are not released
 * with the instance). On an ENI that goes with the instance (its primary, or a secondary with
 * DeleteOnRelease) the EIP is unbound and Available. On a secondary that is only detached the EIP
 * stays bound to it; an association in flight settles, since no host is left to confirm it.
 */
export function eipAfterInstanceRelease(status: EipStatus, eniOutcome: ReleaseOutcome): { status: EipStatus; unbind: boolean } {
  if (eniOutcome === 'delete') return { status: 'Available', unbind: true }
  const settled = settledStatus(status)
  return { status: settled, unbind: settled === 'Available' }
}
