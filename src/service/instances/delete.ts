import { assertDeletable } from '../../domain/instance/deletion.js'
import { removeInstance } from '../../store/repositories/instances.js'
import type { Caller, ServiceDeps } from '../deps.js'
import { releaseInstanceEips } from '../eips/instance-release.js'
import { mutate } from '../mutate.js'
import { releaseInstanceEnis } from '../network-interfaces/provision.js'
import { lockExistingInstance } from './lock-instance.js'

export interface DeleteInstanceInput {
  instanceId: string
  force?: boolean | undefined
  dryRun?: boolean | undefined
}

/**
 * DeleteInstance (spec §5.14): the primary ENI goes with the instance and returns its addresses;
 * secondaries go too when DeleteOnRelease says so, the others stay Available with their addresses,
 * MAC and groups. EIPs on the ENIs that go are unbound and stay Available; those on the others stay
 * bound to them. The instance's tags go with it. Its host learns it from the change log.
 */
export async function deleteInstance(deps: ServiceDeps, caller: Caller, input: DeleteInstanceInput): Promise<void> {
  await mutate(deps, caller, { action: 'DeleteInstance', dryRun: input.dryRun }, async (u) => {
    const instance = await lockExistingInstance(u, input.instanceId)
    assertDeletable(instance, input.force ?? false)
    await releaseInstanceEips(u, instance.id)
    await releaseInstanceEnis(u, instance.id)
    await removeInstance(u.tx, instance.id)
    u.record({
      regionId: instance.regionId,
      resourceType: 'Instance',
      resourceId: instance.id,
      event: 'InstanceDeleted',
      payload: { hostId: instance.hostId },
    })
  })
}
