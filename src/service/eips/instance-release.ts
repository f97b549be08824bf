import { eipAfterInstanceRelease } from '../../domain/eip/instance-release.js'
import { releaseOutcome } from '../../domain/eni/release.js'
import { findEnisOfInstances } from '../../store/repositories/enis.js'
import { eipsOnEnis, updateEip } from '../../store/repositories/eips.js'
import type { Unit } from '../mutate.js'

/**
 * DeleteInstance's effect on EIPs (spec §5.14), inside its transaction, the instance locked and
 * before its ENIs go: EIPs on ENIs that go with it are unbound and stay Available (EIPs are never
 * released with an instance); those on secondaries that are only detached stay bound to them.
 */
export async function releaseInstanceEips(u: Unit, instanceId: string): Promise<void> {
  const enis = new Map((await findEnisOfInstances(u.tx, u.caller.accountId, [instanceId])).map((eni) => [eni.id, eni]))
  for (const bound of await eipsOnEnis(u.tx, [...enis.keys()])) {
    const eni = enis.get(bound.eniId)!
    const next = eipAfterInstanceRelease(bound.status, releaseOutcome(eni))
    if (next.status === bound.status && !next.unbind) continue
    await updateEip(u.tx, bound.allocationId, next.unbind ? { status: next.status, binding: null } : { status: next.status })
    u.record({
      regionId: eni.regionId,
      resourceType: 'EipAddress',
      resourceId: bound.allocationId,
      event: next.unbind ? 'EipUnassociated' : 'EipAssociated',
      payload: { status: next.status, ipAddress: bound.ipAddress, eniId: eni.id, privateIpAddress: bound.privateIpAddress, instanceId, reason: 'InstanceDeleted' },
    })
  }
}
