import { DomainError } from '../../domain/errors.js'
import { assertHostId } from '../../domain/host/host-id.js'
import { newAccessKeyPair } from '../../domain/ids.js'
import { appendChanges } from '../change-log.js'
import type { ServiceDeps } from '../deps.js'

export interface HostCredentials {
  hostId: string
  zoneId: string
  /** Shown once; the store keeps it sealed under the master key, like access-key secrets. */
  hostSecret: string
}

type CredentialDeps = Pick<ServiceDeps, 'store' | 'config' | 'random' | 'secrets' | 'clock'>

/**
 * Registers a host that will run `openeni agent` in a zone of the config, with the secret its agent
 * signs every call with. Adding a host that exists gives it a new secret (the old one stops
 * working): how an operator rotates a leaked one. A host takes instances once its agent reports.
 */
export async function addHost(deps: CredentialDeps, hostId: string, zoneId: string): Promise<HostCredentials> {
  assertHostId(hostId)
  const region = deps.config.regions.find((r) => r.zones.some((z) => z.id === zoneId))
  if (region === undefined) {
    throw new DomainError('InvalidZoneId.NotFound', `The zone ${zoneId} is not in the config.`)
  }
  const hostSecret = newAccessKeyPair(deps.random).accessKeySecret
  const sealed = deps.secrets.seal(hostSecret)
  const now = deps.clock()
  await deps.store.transaction(async (tx) => {
    const existing = await tx.selectFrom('hosts').select(['zone_id', 'dataplane']).where('id', '=', hostId).executeTakeFirst()
    if (existing !== undefined && existing.zone_id !== zoneId) {
      throw new DomainError('InvalidParameter', `The host ${hostId} is registered in zone ${existing.zone_id}, not ${zoneId}.`)
    }
    if (existing === undefined) {
      await tx
        .insertInto('hosts')
        .values({
          id: hostId,
          region_id: region.id,
          zone_id: zoneId,
          dataplane: 'linux',
          created_at: now.toISOString(),
          // Not live until its agent reports for the first time.
          last_seen_at: new Date(0).toISOString(),
          secret_ciphertext: sealed,
          underlay_address: null,
        })
        .execute()
    } else {
      await tx.updateTable('hosts').set({ secret_ciphertext: sealed }).where('id', '=', hostId).execute()
    }
    await appendChanges(tx, deps.store.dialect, [
      { regionId: region.id, resourceType: 'Host', resourceId: hostId, event: existing === undefined ? 'HostAdded' : 'HostSecretRotated', payload: { zoneId } },
    ], now)
  })
  return { hostId, zoneId, hostSecret }
}

/** The clear secret of a host that runs an agent, or undefined for an unknown or `none` host. */
export async function resolveHostSecret(deps: Pick<ServiceDeps, 'store' | 'secrets'>, hostId: string): Promise<string | undefined> {
  const row = await deps.store.db.selectFrom('hosts').select('secret_ciphertext').where('id', '=', hostId).executeTakeFirst()
  if (row?.secret_ciphertext == null) return undefined
  return deps.secrets.open(row.secret_ciphertext)
}
