import { assertEniSettledForEip, assertInstanceSettledForEip } from '../../domain/eip/association.js'
import { eipNotFound } from '../../domain/eip/not-found.js'
import { assertUnassociable, type UnassociationRequest } from '../../domain/eip/unassociation.js'
import { DomainError } from '../../domain/errors.js'
import { findEip, lockEip, updateEip, type EipRecord } from '../../store/repositories/eips.js'
import type { Caller, ServiceDeps } from '../deps.js'
import { settleIfImmediate } from '../hosts.js'
import { mutate } from '../mutate.js'
import { instanceOf } from './associate.js'
import { shownTargetOf } from './view.js'
import { lockBoundTarget } from './target.js'

export interface UnassociateInput extends UnassociationRequest {
  regionId?: string | undefined
  allocationId: string
  clientToken?: string | undefined
}

// A binding changes only through a few settled steps; a request that sees it change this often
// while locking is racing a storm of changes to the same EIP.
const MAX_TRIES = 3

/**
 * UnassociateEipAddress (spec §6.9): Unassociating until the host of the bound ENI's instance
 * confirms (at once with `none` hosts), which then removes the binding; an ENI on no instance has
 * no host, so the EIP is Available at once. The binding is read unlocked to learn what to lock
 * (target first, as association does), then read again under the locks.
 */
export async function unassociateEipAddress(deps: ServiceDeps, caller: Caller, input: UnassociateInput): Promise<void> {
  const { clientToken, ...request } = input
  const { hostId } = await mutate(deps, caller, { action: 'UnassociateEipAddress', clientToken, fingerprint: request }, async (u) => {
    for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
      const peek = await findEip(u.tx, caller.accountId, request.regionId, request.allocationId)
      if (peek === undefined) throw eipNotFound(request.allocationId)
      const binding = assertUnassociable(peek.eip, shownTargetOf(peek), request)
      const target = await lockBoundTarget(u, peek.eip.regionId, binding, peek.eniInstanceId)
      const locked = await lockEip(u, peek.eip.regionId, request.allocationId)
      if (locked === undefined) throw eipNotFound(request.allocationId)
      if (!sameBinding(locked, peek)) continue
      const { eip } = locked
      assertUnassociable(eip, shownTargetOf(locked), request)
      if (target.kind === 'EcsInstance') assertInstanceSettledForEip(target.instance)
      else assertEniSettledForEip(target.eni)
      const status = target.hostId === null ? 'Available' : 'Unassociating'
      // The binding stays until the host confirms: it is how the host finds what to undo.
      await updateEip(u.tx, eip.id, status === 'Available' ? { status, binding: null } : { status })
      u.record({
        regionId: eip.regionId,
        resourceType: 'EipAddress',
        resourceId: eip.id,
        event: status === 'Available' ? 'EipUnassociated' : 'EipUnassociating',
        payload: { status, ipAddress: eip.ipAddress, ...binding, instanceId: instanceOf(target) },
      })
      return { hostId: target.hostId }
    }
    throw new DomainError('OperationConflict', `The EIP ${request.allocationId} is being changed by another request; try again.`)
  })
  await settleIfImmediate(deps, [hostId])
}

function sameBinding(a: EipRecord, b: EipRecord): boolean {
  return a.eip.binding?.eniId === b.eip.binding?.eniId && a.eniInstanceId === b.eniInstanceId
}
