import { eipNotFound } from '../../domain/eip/not-found.js'
import { assertReleasable } from '../../domain/eip/release.js'
import { deleteEip, lockEip } from '../../store/repositories/eips.js'
import type { Caller, ServiceDeps } from '../deps.js'
import { mutate } from '../mutate.js'
import { recordBillingEvent } from './bandwidth-usage.js'

export interface ReleaseInput {
  /** Optional (spec §1.1): without it the EIP is found by ID in any region. */
  regionId?: string | undefined
  allocationId: string
}

/**
 * ReleaseEipAddress (spec §6.10): an unbound EIP is on no host, so nothing has to confirm its
 * release: it goes at once and its address returns to the pool. Its billing history stays.
 */
export async function releaseEipAddress(deps: ServiceDeps, caller: Caller, input: ReleaseInput): Promise<void> {
  await mutate(deps, caller, { action: 'ReleaseEipAddress' }, async (u) => {
    const found = await lockEip(u, input.regionId, input.allocationId)
    if (found === undefined) throw eipNotFound(input.allocationId)
    const { eip } = found
    assertReleasable(eip)
    await recordBillingEvent(u, eip, 'Released', eip.bandwidth)
    await deleteEip(u.tx, eip.id)
    u.record({ regionId: eip.regionId, resourceType: 'EipAddress', resourceId: eip.id, event: 'EipReleased', payload: { ipAddress: eip.ipAddress } })
  })
}
