import { assertNoEipOnEni } from '../../domain/eip/eni-guards.js'
import { assertDeletable } from '../../domain/eni/delete.js'
import { eniNotFound } from '../../domain/eni/not-found.js'
import { assertNoRouteThrough } from '../../domain/route/next-hop-use.js'
import { eipsOnEnis } from '../../store/repositories/eips.js'
import { deleteEni, lockEniState } from '../../store/repositories/enis.js'
import { routesThrough } from '../../store/repositories/route-entries.js'
import type { Caller, ServiceDeps } from '../deps.js'
import { mutate } from '../mutate.js'

export interface DeleteInput {
  regionId: string
  networkInterfaceId: string
}

/**
 * DeleteNetworkInterface (spec §5.2). A detached ENI is on no host, so nothing has to confirm its
 * removal: it goes at once, its addresses return to the vSwitch and it leaves its groups. Routes
 * through it must go first, and EIPs it still holds must be unassociated first; its row lock keeps
 * CreateRouteEntry and AssociateEipAddress from adding either meanwhile.
 */
export async function deleteNetworkInterface(deps: ServiceDeps, caller: Caller, input: DeleteInput): Promise<void> {
  await mutate(deps, caller, { action: 'DeleteNetworkInterface' }, async (u) => {
    const eni = await lockEniState(u, input.regionId, input.networkInterfaceId)
    if (eni === undefined) throw eniNotFound(input.networkInterfaceId)
    assertDeletable(eni)
    assertNoRouteThrough(`The network interface ${eni.id}`, await routesThrough(u.tx, { eniIds: [eni.id] }))
    assertNoEipOnEni(eni.id, await eipsOnEnis(u.tx, [eni.id]))
    await deleteEni(u.tx, eni.id)
    u.record({ regionId: eni.regionId, resourceType: 'NetworkInterface', resourceId: eni.id, event: 'NetworkInterfaceDeleted', payload: {} })
  })
}
