import type { Kysely } from 'kysely'
import type { BoundEip } from '../../domain/eip/eip.js'
import { eipsOnEnis } from '../../store/repositories/eips.js'
import type { Database } from '../../store/schema.js'

export type { BoundEip } from '../../domain/eip/eip.js'

/**
 * What a host needs to realise the EIPs of the ENIs it carries (DNAT/SNAT, rate limit, counters):
 * every EIP bound to one of `eniIds`, in one query. Bindings follow ENIs, so a host asks by the
 * ENIs it has, wherever they were attached before. With `allocationIds`, those EIPs too, when bound.
 */
export function eipBindingsFor(tx: Kysely<Database>, eniIds: readonly string[], allocationIds?: readonly string[]): Promise<BoundEip[]> {
  return eipsOnEnis(tx, eniIds, allocationIds)
}

/** An EIP as an ENI view shows it on one of its private addresses (`AssociatedPublicIp`). */
export interface PublicIp {
  allocationId: string
  ipAddress: string
}

/** The EIPs of each ENI by private address, for the ENI views. */
export async function publicIpsOfEnis(db: Kysely<Database>, eniIds: readonly string[]): Promise<Map<string, Record<string, PublicIp>>> {
  const byEni = new Map<string, Record<string, PublicIp>>()
  for (const bound of await eipBindingsFor(db, eniIds)) {
    const ips = byEni.get(bound.eniId) ?? {}
    ips[bound.privateIpAddress] = { allocationId: bound.allocationId, ipAddress: bound.ipAddress }
    byEni.set(bound.eniId, ips)
  }
  return byEni
}
