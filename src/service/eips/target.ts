import type { BoundAs, EipBinding } from '../../domain/eip/eip.js'
import { DomainError } from '../../domain/errors.js'
import type { Eni } from '../../domain/eni/eni.js'
import type { Instance } from '../../domain/instance/instance.js'
import { findEni, findEnisOfInstances } from '../../store/repositories/enis.js'
import { lockInstance } from '../../store/repositories/instances.js'
import type { Unit } from '../mutate.js'
import { lockEniWithHost } from '../network-interfaces/locked-eni.js'

/**
 * What an EIP's binding is made on, locked: for an instance, the instance row and its primary ENI;
 * for a network interface, its instance (when it has one) and then the ENI, the order every ENI
 * change locks in. `hostId` is the host that must confirm the change, null when there is none.
 */
export type LockedTarget =
  | { kind: 'EcsInstance'; instance: Instance; primaryEni: Eni; hostId: string | null }
  | { kind: 'NetworkInterface'; eni: Eni; hostId: string | null }

/**
 * The caller's target of AssociateEipAddress, locked, in the EIP's region: an unknown one is
 * InvalidInstanId.NotFound (sic), one in another region InvalidParameter.Mismatch (spec §6.8).
 */
export async function lockAssociationTarget(u: Unit, kind: BoundAs, targetId: string, regionId: string): Promise<LockedTarget> {
  if (kind === 'EcsInstance') {
    const instance = await lockInstance(u, targetId)
    if (instance === undefined) throw targetNotFound(kind, targetId)
    assertSameRegion(instance.regionId, regionId, targetId)
    return { kind, instance, primaryEni: await primaryEniOf(u, instance.id), hostId: instance.hostId }
  }
  const peek = await findEni(u.tx, u.caller.accountId, undefined, targetId)
  if (peek === undefined) throw targetNotFound(kind, targetId)
  assertSameRegion(peek.regionId, regionId, targetId)
  const { eni, host } = await lockEniWithHost(u, regionId, targetId)
  return { kind, eni, hostId: host?.instance.hostId ?? null }
}

/** The target of an existing binding, locked the same way, to change the binding. */
export async function lockBoundTarget(u: Unit, regionId: string, binding: EipBinding, eniInstanceId: string | null): Promise<LockedTarget> {
  if (binding.boundAs === 'NetworkInterface') {
    const { eni, host } = await lockEniWithHost(u, regionId, binding.eniId)
    return { kind: 'NetworkInterface', eni, hostId: host?.instance.hostId ?? null }
  }
  // An instance's EIP is on its primary ENI, which never leaves it; DeleteInstance unbinds it.
  const instance = eniInstanceId === null ? undefined : await lockInstance(u, eniInstanceId)
  if (instance === undefined) throw new Error(`the EIP on ${binding.eniId} is bound to an instance that does not exist`)
  return { kind: 'EcsInstance', instance, primaryEni: await primaryEniOf(u, instance.id), hostId: instance.hostId }
}

async function primaryEniOf(u: Unit, instanceId: string): Promise<Eni> {
  const primary = (await findEnisOfInstances(u.tx, u.caller.accountId, [instanceId])).find((e) => e.type === 'Primary')
  if (primary === undefined) throw new Error(`instance ${instanceId} has no primary network interface`)
  return primary
}

function assertSameRegion(targetRegion: string, eipRegion: string, targetId: string): void {
  if (targetRegion !== eipRegion) {
    throw new DomainError('InvalidParameter.Mismatch', `${targetId} is in region ${targetRegion}, the EIP in ${eipRegion}; they must be in one region.`)
  }
}

function targetNotFound(kind: BoundAs, id: string): DomainError {
  return new DomainError('InvalidInstanId.NotFound', `The ${kind === 'EcsInstance' ? 'instance' : 'network interface'} ${id} does not exist.`)
}
