import type { Eni } from '../../domain/eni/eni.js'
import { eniNotFound } from '../../domain/eni/not-found.js'
import { DomainError } from '../../domain/errors.js'
import { findEni, lockEni } from '../../store/repositories/enis.js'
import type { Unit } from '../mutate.js'
import { lockInstanceTarget, type LockedTarget } from './instance-target.js'

// An ENI moves between instances only through a few settled steps; a request that sees it move
// this often while locking is racing a storm of changes to the same ENI.
const MAX_TRIES = 3

/**
 * The caller's ENI and, when it has one, its instance (type and ENIs included), both locked. Locks
 * are always taken instance first, then ENI, as AttachNetworkInterface does, so the two never wait
 * on each other in opposite orders. The ENI is peeked at unlocked to learn its instance, and read
 * again under the lock; if it changed instance meanwhile, the sequence starts over.
 */
export async function lockEniWithHost(u: Unit, regionId: string, eniId: string): Promise<{ eni: Eni; host: LockedTarget | undefined }> {
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const peek = await findEni(u.tx, u.caller.accountId, regionId, eniId)
    if (peek === undefined) throw eniNotFound(eniId)
    const host = peek.instanceId === null ? undefined : await lockInstanceTarget(u, undefined, peek.instanceId)
    const eni = await lockEni(u, regionId, eniId)
    if (eni === undefined) throw eniNotFound(eniId)
    if (eni.instanceId === peek.instanceId) return { eni, host }
  }
  throw new DomainError('Operation.Conflict', `The network interface ${eniId} is being changed by another request; try again.`)
}
