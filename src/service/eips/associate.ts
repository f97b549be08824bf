import { assertAddressFree, assertAssociable, assertNatMode, instanceBinding, networkInterfaceBinding, parseTargetType } from '../../domain/eip/association.js'
import type { EipBinding } from '../../domain/eip/eip.js'
import { eipNotFound } from '../../domain/eip/not-found.js'
import { eipOnAddress, findEip, lockEip, updateEip } from '../../store/repositories/eips.js'
import type { Caller, ServiceDeps } from '../deps.js'
import { settleIfImmediate } from '../hosts.js'
import { mutate } from '../mutate.js'
import { lockAssociationTarget, type LockedTarget } from './target.js'

export interface AssociateInput {
  /** Optional (spec §1.1): without it the EIP is found by ID in any region. */
  regionId?: string | undefined
  allocationId: string
  instanceId: string
  instanceType?: string | undefined
  privateIpAddress?: string | undefined
  mode?: string | undefined
  clientToken?: string | undefined
}

/**
 * AssociateEipAddress (spec §6.8), NAT mode: the EIP maps to one private address of an ENI (an
 * instance's is its primary ENI's primary address). Associating until the host of the ENI's
 * instance confirms (at once with `none` hosts); an ENI on no instance has no host, so the EIP is
 * InUse at once. Locks go target first, then EIP, the order every change to the target takes.
 */
export async function associateEipAddress(deps: ServiceDeps, caller: Caller, input: AssociateInput): Promise<void> {
  const { clientToken, ...request } = input
  const kind = parseTargetType(request.instanceType)
  assertNatMode(request.mode)
  const { hostId } = await mutate(deps, caller, { action: 'AssociateEipAddress', clientToken, fingerprint: request }, async (u) => {
    const peek = await findEip(u.tx, caller.accountId, request.regionId, request.allocationId)
    if (peek === undefined) throw eipNotFound(request.allocationId)
    assertAssociable(peek.eip)
    const target = await lockAssociationTarget(u, kind, request.instanceId, peek.eip.regionId)
    const binding = bindingOn(target, request.privateIpAddress)
    const locked = await lockEip(u, peek.eip.regionId, request.allocationId)
    if (locked === undefined) throw eipNotFound(request.allocationId)
    const { eip } = locked
    assertAssociable(eip)
    assertAddressFree(binding, await eipOnAddress(u.tx, binding))
    const status = target.hostId === null ? 'InUse' : 'Associating'
    await updateEip(u.tx, eip.id, { status, binding })
    u.record({
      regionId: eip.regionId,
      resourceType: 'EipAddress',
      resourceId: eip.id,
      event: status === 'InUse' ? 'EipAssociated' : 'EipAssociating',
      payload: { status, ipAddress: eip.ipAddress, bandwidth: eip.bandwidth, ...binding, instanceId: instanceOf(target) },
    })
    return { hostId: target.hostId }
  })
  await settleIfImmediate(deps, [hostId])
}

function bindingOn(target: LockedTarget, privateIpAddress: string | undefined): EipBinding {
  return target.kind === 'EcsInstance'
    ? instanceBinding(target.instance, target.primaryEni, privateIpAddress)
    : networkInterfaceBinding(target.eni, privateIpAddress)
}

/** The instance the bound ENI is on, if any: what its host needs to find the binding. */
export function instanceOf(target: LockedTarget): string | null {
  return target.kind === 'EcsInstance' ? target.instance.id : target.eni.instanceId
}
