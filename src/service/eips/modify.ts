import { planEipChange, type EipAttributeRequest } from '../../domain/eip/modify.js'
import { eipNotFound } from '../../domain/eip/not-found.js'
import { lockEip, updateEip } from '../../store/repositories/eips.js'
import type { Caller, ServiceDeps } from '../deps.js'
import { mutate } from '../mutate.js'
import { recordBillingEvent } from './bandwidth-usage.js'

export interface ModifyInput extends EipAttributeRequest {
  regionId?: string | undefined
  allocationId: string
}

/**
 * ModifyEipAddressAttribute (spec §6.11): synchronous. A new bandwidth is a change event the data
 * plane applies at once (the EIP's rate limit), and a point of its billing history.
 */
export async function modifyEipAddressAttribute(deps: ServiceDeps, caller: Caller, input: ModifyInput): Promise<void> {
  const { regionId, allocationId, ...request } = input
  await mutate(deps, caller, { action: 'ModifyEipAddressAttribute' }, async (u) => {
    const found = await lockEip(u, regionId, allocationId)
    if (found === undefined) throw eipNotFound(allocationId)
    const { eip } = found
    const change = planEipChange(eip, request)
    if (change.bandwidth !== undefined && change.bandwidth !== eip.bandwidth) {
      await recordBillingEvent(u, eip, 'BandwidthModified', change.bandwidth)
    }
    await updateEip(u.tx, eip.id, change)
    u.record({
      regionId: eip.regionId,
      resourceType: 'EipAddress',
      resourceId: eip.id,
      event: 'EipModified',
      payload: { ...change, ipAddress: eip.ipAddress, eniId: eip.binding?.eniId ?? null, privateIpAddress: eip.binding?.privateIpAddress ?? null },
    })
  })
}
