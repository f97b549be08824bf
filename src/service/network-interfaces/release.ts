import { releaseOutcome } from '../../domain/eni/release.js'
import { assertNoRouteThrough } from '../../domain/route/next-hop-use.js'
import { deleteEni, lockEnisOfInstance, updateEni } from '../../store/repositories/enis.js'
import { routesThrough } from '../../store/repositories/route-entries.js'
import type { Unit } from '../mutate.js'

/**
 * DeleteInstance's effect on its ENIs (spec §5.14), inside its transaction and before the instance
 * row goes: deleted ENIs return their addresses to the vSwitch and leave their groups; detached
 * ones become Available at once (the instance is gone, no host has anything left to confirm).
 * No custom route may lead to the instance or to an ENI that goes with it; a route to an ENI that
 * stays follows it and has no host until the ENI is attached again.
 */
export async function releaseInstanceEnis(u: Unit, instanceId: string): Promise<void> {
  const released = (await lockEnisOfInstance(u, instanceId)).map((eni) => ({ eni, outcome: releaseOutcome(eni) }))
  const going = released.filter((r) => r.outcome === 'delete').map((r) => r.eni.id)
  assertNoRouteThrough(`The instance ${instanceId}`, await routesThrough(u.tx, { instanceId, eniIds: going }))
  for (const { eni, outcome } of released) {
    if (outcome === 'delete') await deleteEni(u.tx, eni.id)
    else await updateEni(u.tx, eni.id, { status: 'Available', instanceId: null, deviceIndex: null })
    u.record({
      regionId: eni.regionId,
      resourceType: 'NetworkInterface',
      resourceId: eni.id,
      event: outcome === 'delete' ? 'NetworkInterfaceDeleted' : 'NetworkInterfaceDetached',
      payload: outcome === 'delete' ? { instanceId } : { status: 'Available', instanceId },
    })
  }
}
