import { DomainError } from '../domain/errors.js'
import { appendChanges, type NewChange } from './change-log.js'
import type { ServiceDeps } from './deps.js'
import { settleEipsOnHost } from './eips/host-settle.js'
import type { Unit } from './mutate.js'

/** A host with the `none` data plane realises nothing and says so in its ID. */
function noneHostId(zoneId: string): string {
  return `none-${zoneId}`
}

/** With `--dataplane none`, every zone gets one host that acknowledges at once (principle 4). */
export async function registerNoneHosts(deps: ServiceDeps): Promise<void> {
  if (deps.dataplane !== 'none') return
  const now = deps.clock().toISOString()
  for (const region of deps.config.regions) {
    for (const zone of region.zones) {
      await deps.store.db
        .insertInto('hosts')
        .values({
          id: noneHostId(zone.id),
          region_id: region.id,
          zone_id: zone.id,
          dataplane: 'none',
          created_at: now,
          last_seen_at: now,
        })
        .onConflict((oc) => oc.column('id').doUpdateSet({ last_seen_at: now }))
        .execute()
    }
  }
}

/** How recently an agent must have reported for its host to take new instances. */
const LIVE_WITHIN_MS = 30_000

/**
 * Picks the least-loaded live host of the zone for a new instance. No host means no capacity,
 * which the cloud calls OperationDenied.NoStock.
 */
export async function placeInstance(unit: Unit, zoneId: string): Promise<string> {
  const dataplane = unit.deps.dataplane === 'none' ? 'none' : 'linux'
  let query = unit.tx
    .selectFrom('hosts')
    .leftJoin('instances', 'instances.host_id', 'hosts.id')
    .select(['hosts.id', (eb) => eb.fn.count<number>('instances.id').as('load')])
    .where('hosts.zone_id', '=', zoneId)
    .where('hosts.dataplane', '=', dataplane)
  if (dataplane === 'linux') {
    query = query.where('hosts.last_seen_at', '>=', new Date(unit.now.getTime() - LIVE_WITHIN_MS).toISOString())
  }
  const hosts = await query.groupBy('hosts.id').orderBy('load').orderBy('hosts.id').execute()
  const chosen = hosts[0]
  if (chosen === undefined) {
    throw new DomainError('OperationDenied.NoStock', `No host in zone ${zoneId} can take the instance now.`)
  }
  return chosen.id
}

/**
 * The host's acknowledgement that it realised everything asked of it: instances in flight settle
 * (Pending/Starting → Running, Stopping → Stopped) and so do their ENIs (Attaching → InUse,
 * Detaching → Available, which frees the device slot) and the EIPs on those ENIs (Associating →
 * InUse, Unassociating → Available). Agents call this with what they observed; for hosts of the
 * `none` data plane the service calls it right after each change.
 */
export async function acknowledgeHost(deps: ServiceDeps, hostId: string): Promise<void> {
  await deps.store.transaction(async (tx) => {
    const now = deps.clock()
    const stamp = now.toISOString()
    const changes: NewChange[] = []
    const instances = await tx
      .selectFrom('instances')
      .select(['id', 'account_id', 'region_id', 'status'])
      .where('host_id', '=', hostId)
      .where('status', 'in', ['Pending', 'Starting', 'Stopping'])
      .execute()
    for (const i of instances) {
      const status = i.status === 'Stopping' ? 'Stopped' : 'Running'
      await tx
        .updateTable('instances')
        .set(status === 'Running' ? { status, started_at: stamp } : { status })
        .where('id', '=', i.id)
        .execute()
      changes.push({
        accountId: i.account_id,
        regionId: i.region_id,
        resourceType: 'Instance',
        resourceId: i.id,
        event: `Instance${status}`,
        payload: { status },
      })
    }
    await settleEipsOnHost(tx, hostId, changes)
    const enis = await tx
      .selectFrom('enis')
      .innerJoin('instances', 'instances.id', 'enis.instance_id')
      .select(['enis.id', 'enis.account_id', 'enis.region_id', 'enis.status', 'enis.instance_id'])
      .where('instances.host_id', '=', hostId)
      .where('enis.status', 'in', ['Attaching', 'Detaching'])
      .execute()
    for (const e of enis) {
      const attached = e.status === 'Attaching'
      await tx
        .updateTable('enis')
        .set(attached ? { status: 'InUse' } : { status: 'Available', instance_id: null, device_index: null })
        .where('id', '=', e.id)
        .execute()
      changes.push({
        accountId: e.account_id,
        regionId: e.region_id,
        resourceType: 'NetworkInterface',
        resourceId: e.id,
        event: attached ? 'NetworkInterfaceAttached' : 'NetworkInterfaceDetached',
        payload: attached ? { status: 'InUse', instanceId: e.instance_id } : { status: 'Available', instanceId: e.instance_id },
      })
    }
    if (changes.length > 0) await appendChanges(tx, deps.store.dialect, changes, now)
  })
}

/** After a change that a host must confirm: `none` hosts confirm at once, real agents later. */
export async function settleIfImmediate(deps: ServiceDeps, hostIds: ReadonlyArray<string | null>): Promise<void> {
  if (deps.dataplane !== 'none') return
  for (const hostId of new Set(hostIds)) {
    if (hostId !== null) await acknowledgeHost(deps, hostId)
  }
}
