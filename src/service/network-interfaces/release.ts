import { releaseOutcome } from '../../domain/eni/release.js'
import { deleteEni, lockEnisOfInstance, updateEni } from '../../store/repositories/enis.js'
import type { Unit } from '../mutate.js'

/**
 * DeleteInstance's effect on its ENIs (spec §5.14), inside its transaction and before the instance
 * row goes: deleted ENIs return their addresses to the vSwitch and leave their groups; detached
 * ones become Available at once (the instance is gone, no host has anything left to confirm).
 */
export async function releaseInstanceEnis(u: Unit, instanceId: string): Promise<void> {
  for (const eni of await lockEnisOfInstance(u, instanceId)) {
    const outcome = releaseOutcome(eni)
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
