import { sql, type Kysely } from 'kysely'
import type { UsageRecord } from '../../domain/eip/bill.js'
import type { InternetChargeType } from '../../domain/eip/eip.js'
import type { Counters, HourlyBandwidth } from '../../domain/eip/metering.js'
import type { MinuteTraffic } from '../../domain/eip/monitor.js'
import { formatIpv4 } from '../../domain/ipam/ipv4.js'
import type { StoreDialect } from '../dialect/dialect.js'
import type { Database } from '../schema.js'

/** What billing needs to know of an EIP, from its history, even once it is released. */
export interface EipIdentity {
  allocationId: string
  accountId: string
  regionId: string
  ipAddress: string
  internetChargeType: InternetChargeType
}

export type EipEventName = 'Allocated' | 'BandwidthModified' | 'Released'

/** Appends one event to the EIP's history, numbered after its last one. */
export async function appendEipEvent(
  db: Kysely<Database>,
  identity: EipIdentity,
  event: { event: EipEventName; bandwidth: number; at: string },
): Promise<void> {
  await db
    .insertInto('eip_events')
    .columns(['allocation_id', 'seq', 'account_id', 'region_id', 'ip_address', 'event', 'bandwidth', 'internet_charge_type', 'at'])
    .expression((eb) =>
      eb
        .selectFrom('eip_events')
        .select([
          sql.val(identity.allocationId).as('allocation_id'),
          sql<number>`coalesce(max(seq), 0) + 1`.as('seq'),
          sql.val(identity.accountId).as('account_id'),
          sql.val(identity.regionId).as('region_id'),
          sql.val(identity.ipAddress).as('ip_address'),
          sql.val(event.event).as('event'),
          sql.val(event.bandwidth).as('bandwidth'),
          sql.val(identity.internetChargeType).as('internet_charge_type'),
          sql.val(event.at).as('at'),
        ])
        .where('allocation_id', '=', identity.allocationId),
    )
    .execute()
}

/** The EIP as its allocation event recorded it, or undefined for an ID that was never allocated. */
export async function eipIdentity(db: Kysely<Database>, allocationId: string): Promise<EipIdentity | undefined> {
  const row = await db
    .selectFrom('eip_events')
    .select(['account_id', 'region_id', 'ip_address', 'internet_charge_type'])
    .where('allocation_id', '=', allocationId)
    .where('seq', '=', 1)
    .executeTakeFirst()
  if (row === undefined) return undefined
  return {
    allocationId,
    accountId: row.account_id,
    regionId: row.region_id,
    ipAddress: row.ip_address,
    internetChargeType: row.internet_charge_type as InternetChargeType,
  }
}

/** The public address of each allocation ID, from its history (released EIPs included). */
export async function addressesOfAllocations(db: Kysely<Database>, allocationIds: readonly string[]): Promise<Map<string, string>> {
  if (allocationIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('eip_events')
    .select(['allocation_id', 'ip_address'])
    .where('allocation_id', 'in', [...allocationIds])
    .where('seq', '=', 1)
    .execute()
  return new Map(rows.map((r) => [r.allocation_id, r.ip_address]))
}

/** Adds bandwidth-hours to the EIP's hourly usage records. */
export async function addBandwidthUsage(db: Kysely<Database>, identity: EipIdentity, hours: readonly HourlyBandwidth[]): Promise<void> {
  for (const { hour, bandwidthHours } of hours) await addUsage(db, identity, hour, { bandwidthHours, rxBytes: 0, txBytes: 0 })
}

async function addUsage(
  db: Kysely<Database>,
  identity: EipIdentity,
  hour: string,
  usage: { bandwidthHours: number; rxBytes: number; txBytes: number },
): Promise<void> {
  await db
    .insertInto('eip_usage')
    .values({
      allocation_id: identity.allocationId,
      hour,
      account_id: identity.accountId,
      region_id: identity.regionId,
      internet_charge_type: identity.internetChargeType,
      bandwidth_hours: usage.bandwidthHours,
      rx_bytes: usage.rxBytes,
      tx_bytes: usage.txBytes,
    })
    .onConflict((oc) =>
      oc.columns(['allocation_id', 'hour']).doUpdateSet((eb) => ({
        bandwidth_hours: eb('eip_usage.bandwidth_hours', '+', eb.ref('excluded.bandwidth_hours')),
        rx_bytes: eb('eip_usage.rx_bytes', '+', eb.ref('excluded.rx_bytes')),
        tx_bytes: eb('eip_usage.tx_bytes', '+', eb.ref('excluded.tx_bytes')),
      })),
    )
    .execute()
}

/** Adds traffic to the EIP's sample of one minute and to its usage record of that hour. */
export async function addTraffic(db: Kysely<Database>, identity: EipIdentity, minute: string, hour: string, delta: Counters): Promise<void> {
  await db
    .insertInto('eip_traffic')
    .values({
      allocation_id: identity.allocationId,
      minute,
      account_id: identity.accountId,
      rx_bytes: delta.rxBytes,
      tx_bytes: delta.txBytes,
      rx_packets: delta.rxPackets,
      tx_packets: delta.txPackets,
    })
    .onConflict((oc) =>
      oc.columns(['allocation_id', 'minute']).doUpdateSet((eb) => ({
        rx_bytes: eb('eip_traffic.rx_bytes', '+', eb.ref('excluded.rx_bytes')),
        tx_bytes: eb('eip_traffic.tx_bytes', '+', eb.ref('excluded.tx_bytes')),
        rx_packets: eb('eip_traffic.rx_packets', '+', eb.ref('excluded.rx_packets')),
        tx_packets: eb('eip_traffic.tx_packets', '+', eb.ref('excluded.tx_packets')),
      })),
    )
    .execute()
  await addUsage(db, identity, hour, { bandwidthHours: 0, rxBytes: delta.rxBytes, txBytes: delta.txBytes })
}

export interface LastCounters extends Counters {
  at: string
}

/**
 * The last counters the host reported for the EIP, their row locked until the transaction ends so
 * two reports of one host cannot both count from the same reading; undefined before its first
 * report. The row is created empty (`at` = '') on first use, so there is always a row to lock.
 */
export async function lockCounters(db: Kysely<Database>, dialect: StoreDialect, allocationId: string, hostId: string): Promise<LastCounters | undefined> {
  await db
    .insertInto('eip_counters')
    .values({ allocation_id: allocationId, host_id: hostId, rx_bytes: 0, tx_bytes: 0, rx_packets: 0, tx_packets: 0, at: '' })
    .onConflict((oc) => oc.columns(['allocation_id', 'host_id']).doNothing())
    .execute()
  const row = await dialect
    .forUpdate(db.selectFrom('eip_counters').selectAll().where('allocation_id', '=', allocationId).where('host_id', '=', hostId))
    .executeTakeFirstOrThrow()
  if (row.at === '') return undefined
  return {
    rxBytes: Number(row.rx_bytes),
    txBytes: Number(row.tx_bytes),
    rxPackets: Number(row.rx_packets),
    txPackets: Number(row.tx_packets),
    at: row.at,
  }
}

/** Keeps the host's latest reading (its row exists: `lockCounters` made it). */
export async function saveCounters(db: Kysely<Database>, allocationId: string, hostId: string, counters: Counters, at: string): Promise<void> {
  await db
    .updateTable('eip_counters')
    .set({
      rx_bytes: counters.rxBytes,
      tx_bytes: counters.txBytes,
      rx_packets: counters.rxPackets,
      tx_packets: counters.txPackets,
      at,
    })
    .where('allocation_id', '=', allocationId)
    .where('host_id', '=', hostId)
    .execute()
}

/** The EIP's per-minute samples with `from <= minute < to` (ISO times), oldest first. */
export async function trafficMinutes(db: Kysely<Database>, allocationId: string, from: string, to: string): Promise<MinuteTraffic[]> {
  const rows = await db
    .selectFrom('eip_traffic')
    .selectAll()
    .where('allocation_id', '=', allocationId)
    .where('minute', '>=', from)
    .where('minute', '<', to)
    .orderBy('minute')
    .execute()
  return rows.map((r) => ({
    minute: r.minute,
    rxBytes: Number(r.rx_bytes),
    txBytes: Number(r.tx_bytes),
    rxPackets: Number(r.rx_packets),
    txPackets: Number(r.tx_packets),
  }))
}

/** The account's hourly usage records of hours starting in [from, to) (ISO times). */
export async function usageRecords(db: Kysely<Database>, accountId: string, from: string, to: string): Promise<UsageRecord[]> {
  const rows = await db
    .selectFrom('eip_usage')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('hour', '>=', from)
    .where('hour', '<', to)
    .orderBy('allocation_id')
    .orderBy('hour')
    .execute()
  return rows.map((r) => ({
    allocationId: r.allocation_id,
    hour: r.hour,
    internetChargeType: r.internet_charge_type as InternetChargeType,
    bandwidthHours: Number(r.bandwidth_hours),
    rxBytes: Number(r.rx_bytes),
    txBytes: Number(r.tx_bytes),
  }))
}

/** The account's EIPs that still exist, with the bandwidth-hours not accounted yet (since `meteredUntil`). */
export async function unmeteredEips(db: Kysely<Database>, accountId: string) {
  const rows = await db
    .selectFrom('eips')
    .select(['id', 'address', 'region_id', 'bandwidth', 'internet_charge_type', 'metered_until'])
    .where('account_id', '=', accountId)
    .execute()
  return rows.map((r) => ({
    identity: {
      allocationId: r.id,
      accountId,
      regionId: r.region_id,
      ipAddress: formatIpv4(Number(r.address)),
      internetChargeType: r.internet_charge_type as InternetChargeType,
    },
    bandwidth: r.bandwidth,
    meteredUntil: r.metered_until,
  }))
}
