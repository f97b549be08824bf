import type { EipStatus } from '../domain/eip/eip.js'
import type { ObservedEip } from '../domain/eip/status.js'
import type { EniStatus } from '../domain/eni/eni.js'
import { DomainError } from '../domain/errors.js'
import {
  desiredPower,
  settledEniStatus,
  settledInstanceStatus,
  type ObservedEni,
  type ObservedInstance,
} from '../domain/host/settle.js'
import type { InstanceStatus } from '../domain/instance/instance.js'
import type { Tx } from '../store/store.js'
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

/** What a host shows in its kernel, as the agent reports it (or, for `none` hosts, as asked). */
export interface Observation {
  instance(id: string, status: InstanceStatus): ObservedInstance | undefined
  eni(id: string, status: EniStatus, instanceId: string | null): ObservedEni | undefined
  eip(id: string, status: EipStatus, privateIpAddress: string | null): ObservedEip | undefined
}

/**
 * Settles what is in flight on a host by what it shows (principle 4): instances Pending/Starting →
 * Running and Stopping → Stopped, ENIs Attaching → InUse and Detaching → Available (which frees the
 * device slot), EIPs on their ENIs Associating → InUse and Unassociating → Available, each with its
 * change event; `settledInstanceStatus`, `settledEniStatus` and `settledEipStatus` hold the rules.
 * Also records that the host is alive, and where its tunnel endpoint is when reported.
 */
export async function settleHost(
  deps: ServiceDeps,
  hostId: string,
  observation: Observation,
  heartbeat?: Heartbeat,
): Promise<void> {
  await deps.store.transaction((tx) => settleHostIn(tx, deps, hostId, observation, heartbeat))
}

/** A report's sign of life: the host takes new instances while it keeps reporting. */
export interface Heartbeat {
  underlayAddress?: string | undefined
}

/** `settleHost` inside a transaction the caller holds, so a report is one transaction. */
export async function settleHostIn(
  tx: Tx,
  deps: ServiceDeps,
  hostId: string,
  observation: Observation,
  heartbeat?: Heartbeat,
): Promise<void> {
  const now = deps.clock()
  const stamp = now.toISOString()
  const changes: NewChange[] = []
  if (heartbeat !== undefined) {
    const { underlayAddress } = heartbeat
    if (underlayAddress !== undefined) {
      // Other hosts tunnel to this address: a new one is a change of their desired state.
      const before = await tx.selectFrom('hosts').select(['underlay_address', 'region_id']).where('id', '=', hostId).executeTakeFirst()
      if (before !== undefined && before.underlay_address !== underlayAddress) {
        changes.push({ regionId: before.region_id, resourceType: 'Host', resourceId: hostId, event: 'HostUnderlayChanged', payload: { underlayAddress } })
      }
    }
    await tx
      .updateTable('hosts')
      .set(heartbeat.underlayAddress === undefined ? { last_seen_at: stamp } : { last_seen_at: stamp, underlay_address: heartbeat.underlayAddress })
      .where('id', '=', hostId)
      .execute()
  }
  const instances = await tx
    .selectFrom('instances')
    .select(['id', 'account_id', 'region_id', 'status'])
    .where('host_id', '=', hostId)
    .where('status', 'in', ['Pending', 'Starting', 'Stopping'])
    .execute()
  for (const i of instances) {
    const from = i.status as InstanceStatus
    const status = settledInstanceStatus(from, observation.instance(i.id, from))
    if (status === from) continue
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
  await settleEipsOnHost(tx, hostId, (id, status, privateIpAddress) => observation.eip(id, status, privateIpAddress), changes)
  const enis = await tx
    .selectFrom('enis')
    .innerJoin('instances', 'instances.id', 'enis.instance_id')
    .select(['enis.id', 'enis.account_id', 'enis.region_id', 'enis.status', 'enis.instance_id'])
    .where('instances.host_id', '=', hostId)
    .where('enis.status', 'in', ['Attaching', 'Detaching'])
    .execute()
  for (const e of enis) {
    const from = e.status as EniStatus
    const status = settledEniStatus(from, e.instance_id, observation.eni(e.id, from, e.instance_id))
    if (status === from) continue
    const attached = status === 'InUse'
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
}

/** A host of the `none` data plane shows at once whatever was asked of it. */
const EVERYTHING_AS_ASKED: Observation = {
  instance: (_id, status) => ({ running: desiredPower(status) === 'running' }),
  eni: (_id, status, instanceId) => (status === 'Attaching' && instanceId !== null ? { instanceId, up: true } : undefined),
  eip: (_id, status, privateIpAddress) => (status === 'Associating' && privateIpAddress !== null ? { privateIpAddress } : undefined),
}

/** For hosts of the `none` data plane the service settles right after each change. */
export async function acknowledgeHost(deps: ServiceDeps, hostId: string): Promise<void> {
  await settleHost(deps, hostId, EVERYTHING_AS_ASKED)
}

/** After a change that a host must confirm: `none` hosts confirm at once, real agents later. */
export async function settleIfImmediate(deps: ServiceDeps, hostIds: ReadonlyArray<string | null>): Promise<void> {
  if (deps.dataplane !== 'none') return
  for (const hostId of new Set(hostIds)) {
    if (hostId !== null) await acknowledgeHost(deps, hostId)
  }
}
