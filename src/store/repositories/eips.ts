import { sql, type Kysely } from 'kysely'
import type { BoundAs, BoundEip, Eip, EipBinding, EipStatus, InstanceChargeType, InternetChargeType } from '../../domain/eip/eip.js'
import type { AddressWindow } from '../../domain/ipam/allocate.js'
import { formatIpv4, parseIpv4 } from '../../domain/ipam/ipv4.js'
import type { Page, PageRequest } from '../../domain/paging.js'
import type { TagFilter } from '../../domain/tags.js'
import type { Unit } from '../../service/mutate.js'
import { countOf, fetchPage } from '../paging.js'
import type { Database, Row, RowUpdate } from '../schema.js'
import { deleteTags, idsWithTags, loadTags, saveTags } from './tags.js'

/** An EIP with where its binding shows: the bound ENI's instance and VPC (null when unbound). */
export interface EipRecord {
  eip: Eip
  eniInstanceId: string | null
  eniVpcId: string | null
}

type EipRow = Row<'eips'> & { eni_instance_id: string | null; eni_vpc_id: string | null }

function selectEips(db: Kysely<Database>) {
  return db
    .selectFrom('eips')
    .leftJoin('enis', 'enis.id', 'eips.eni_id')
    .selectAll('eips')
    .select(['enis.instance_id as eni_instance_id', 'enis.vpc_id as eni_vpc_id'])
}

function bindingOf(r: Row<'eips'>): EipBinding | null {
  if (r.eni_id === null || r.private_address === null || r.bound_as === null) return null
  return { eniId: r.eni_id, privateIpAddress: formatIpv4(Number(r.private_address)), boundAs: r.bound_as as BoundAs }
}

async function toRecords(db: Kysely<Database>, rows: readonly EipRow[]): Promise<EipRecord[]> {
  const tags = await loadTags(
    db,
    'eip',
    rows.map((r) => r.id),
  )
  return rows.map((r) => ({
    eip: {
      id: r.id,
      accountId: r.account_id,
      regionId: r.region_id,
      ipAddress: formatIpv4(Number(r.address)),
      name: r.name,
      description: r.description,
      status: r.status as EipStatus,
      bandwidth: r.bandwidth,
      internetChargeType: r.internet_charge_type as InternetChargeType,
      instanceChargeType: r.instance_charge_type as InstanceChargeType,
      subscription:
        r.pricing_cycle === null || r.period === null || r.expires_at === null
          ? null
          : { pricingCycle: r.pricing_cycle as 'Month' | 'Year', period: r.period, expiresAt: r.expires_at },
      isp: r.isp,
      zoneId: r.zone_id,
      resourceGroupId: r.resource_group_id,
      binding: bindingOf(r),
      createdAt: r.created_at,
      tags: tags.get(r.id) ?? [],
    },
    eniInstanceId: r.eni_instance_id,
    eniVpcId: r.eni_vpc_id,
  }))
}

/** The caller's EIP in `regionId` (undefined: any region), or undefined: another account's does not exist here. */
export async function findEip(db: Kysely<Database>, accountId: string, regionId: string | undefined, id: string): Promise<EipRecord | undefined> {
  let query = selectEips(db).where('eips.account_id', '=', accountId).where('eips.id', '=', id)
  if (regionId !== undefined) query = query.where('eips.region_id', '=', regionId)
  const row = await query.executeTakeFirst()
  return row === undefined ? undefined : (await toRecords(db, [row]))[0]
}

/** The caller's EIP, its row locked until the transaction ends (only the `eips` row), or undefined. */
export async function lockEip(u: Unit, regionId: string | undefined, id: string): Promise<EipRecord | undefined> {
  if (u.dialect.locksRows) {
    let query = u.tx.selectFrom('eips').select('id').where('account_id', '=', u.caller.accountId).where('id', '=', id)
    if (regionId !== undefined) query = query.where('region_id', '=', regionId)
    if ((await u.dialect.forUpdate(query).executeTakeFirst()) === undefined) return undefined
  }
  return findEip(u.tx, u.caller.accountId, regionId, id)
}

export async function countEips(db: Kysely<Database>, accountId: string, regionId: string): Promise<number> {
  const { n } = await db
    .selectFrom('eips')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .where('region_id', '=', regionId)
    .executeTakeFirstOrThrow()
  return Number(n)
}

/** Writes a new EIP with its tags; bandwidth-hours are accounted from its creation. */
export async function insertEip(db: Kysely<Database>, eip: Eip): Promise<void> {
  await db
    .insertInto('eips')
    .values({
      id: eip.id,
      account_id: eip.accountId,
      region_id: eip.regionId,
      address: parseIpv4(eip.ipAddress),
      name: eip.name,
      description: eip.description,
      status: eip.status,
      bandwidth: eip.bandwidth,
      internet_charge_type: eip.internetChargeType,
      instance_charge_type: eip.instanceChargeType,
      pricing_cycle: eip.subscription?.pricingCycle ?? null,
      period: eip.subscription?.period ?? null,
      expires_at: eip.subscription?.expiresAt ?? null,
      isp: eip.isp,
      zone_id: eip.zoneId,
      resource_group_id: eip.resourceGroupId,
      eni_id: null,
      private_address: null,
      bound_as: null,
      created_at: eip.createdAt,
      metered_until: eip.createdAt,
    })
    .execute()
  await saveTags(db, 'eip', eip.id, eip.tags)
}

export interface EipChange {
  status?: EipStatus
  /** null unbinds. */
  binding?: EipBinding | null
  bandwidth?: number
  name?: string
  description?: string
  meteredUntil?: string
}

export async function updateEip(db: Kysely<Database>, id: string, change: EipChange): Promise<void> {
  const set: RowUpdate<'eips'> = {}
  if (change.status !== undefined) set.status = change.status
  if (change.binding !== undefined) {
    set.eni_id = change.binding?.eniId ?? null
    set.private_address = change.binding === null ? null : parseIpv4(change.binding.privateIpAddress)
    set.bound_as = change.binding?.boundAs ?? null
  }
  if (change.bandwidth !== undefined) set.bandwidth = change.bandwidth
  if (change.name !== undefined) set.name = change.name
  if (change.description !== undefined) set.description = change.description
  if (change.meteredUntil !== undefined) set.metered_until = change.meteredUntil
  if (Object.keys(set).length === 0) return
  await db.updateTable('eips').set(set).where('id', '=', id).execute()
}

/** Removes the EIP and its tags; its events and usage stay for billing. */
export async function deleteEip(db: Kysely<Database>, id: string): Promise<void> {
  await deleteTags(db, 'eip', id)
  await db.deleteFrom('eips').where('id', '=', id).execute()
}

/** When the EIP's bandwidth-hours were last accounted up to (see eip_usage). */
export async function meteredUntil(db: Kysely<Database>, id: string): Promise<string> {
  const row = await db.selectFrom('eips').select('metered_until').where('id', '=', id).executeTakeFirstOrThrow()
  return row.metered_until
}

/**
 * Locks the region's pool row until the transaction ends, creating it on first use, and returns
 * where the next address search starts. Every allocation in the region takes this lock, so two
 * never pick the same address; the unique address column would refuse the loser anyway.
 */
export async function lockPool(u: Unit, regionId: string): Promise<number> {
  await u.tx
    .insertInto('eip_pools')
    .values({ region_id: regionId, alloc_hint: 0 })
    .onConflict((oc) => oc.column('region_id').doNothing())
    .execute()
  const row = await u.dialect
    .forUpdate(u.tx.selectFrom('eip_pools').select('alloc_hint').where('region_id', '=', regionId))
    .executeTakeFirstOrThrow()
  return Number(row.alloc_hint)
}

export async function writePoolHint(db: Kysely<Database>, regionId: string, hint: number): Promise<void> {
  await db.updateTable('eip_pools').set({ alloc_hint: hint }).where('region_id', '=', regionId).execute()
}

/** The allocated addresses of one window, ascending: an index range scan on the unique address. */
export async function allocatedAddressesIn(db: Kysely<Database>, window: AddressWindow): Promise<number[]> {
  const rows = await db
    .selectFrom('eips')
    .select('address')
    .where('address', '>=', window.from)
    .where('address', '<=', window.to)
    .orderBy('address')
    .execute()
  return rows.map((r) => Number(r.address))
}

export async function isAddressAllocated(db: Kysely<Database>, address: number): Promise<boolean> {
  return (await db.selectFrom('eips').select('id').where('address', '=', address).executeTakeFirst()) !== undefined
}

/** The EIP holding one private address of an ENI, if any. */
export async function eipOnAddress(db: Kysely<Database>, binding: Pick<EipBinding, 'eniId' | 'privateIpAddress'>): Promise<string | undefined> {
  const row = await db
    .selectFrom('eips')
    .select('id')
    .where('eni_id', '=', binding.eniId)
    .where('private_address', '=', parseIpv4(binding.privateIpAddress))
    .executeTakeFirst()
  return row?.id
}

/** An EIP bound to an ENI, as hosts and the ENI and instance views need it. */

/** Every EIP bound to the given ENIs, and those of `allocationIds` that are bound, in one query, by ENI and private address. */
export async function eipsOnEnis(db: Kysely<Database>, eniIds: readonly string[], allocationIds?: readonly string[]): Promise<BoundEip[]> {
  if (eniIds.length === 0 && (allocationIds ?? []).length === 0) return []
  const rows = await db
    .selectFrom('eips')
    .select(['id', 'address', 'eni_id', 'private_address', 'bandwidth', 'internet_charge_type', 'status'])
    .where((eb) =>
      eb.or([
        ...(eniIds.length === 0 ? [] : [eb('eni_id', 'in', [...eniIds])]),
        ...((allocationIds ?? []).length === 0 ? [] : [eb.and([eb('id', 'in', [...allocationIds!]), eb('eni_id', 'is not', null)])]),
      ]),
    )
    .orderBy('eni_id')
    .orderBy('private_address')
    .execute()
  return rows.map((r) => ({
    allocationId: r.id,
    ipAddress: formatIpv4(Number(r.address)),
    eniId: r.eni_id ?? '',
    privateIpAddress: formatIpv4(Number(r.private_address)),
    bandwidthMbps: r.bandwidth,
    internetChargeType: r.internet_charge_type as InternetChargeType,
    status: r.status as EipStatus,
  }))
}

/** EIPs whose association or unassociation the host must confirm: bound to ENIs of its instances. */
export async function eipsInFlightOnHost(db: Kysely<Database>, hostId: string) {
  return db
    .selectFrom('eips')
    .innerJoin('enis', 'enis.id', 'eips.eni_id')
    .innerJoin('instances', 'instances.id', 'enis.instance_id')
    .select(['eips.id', 'eips.account_id', 'eips.region_id', 'eips.status', 'eips.eni_id', 'eips.private_address', 'enis.instance_id'])
    .where('instances.host_id', '=', hostId)
    .where('eips.status', 'in', ['Associating', 'Unassociating'])
    .execute()
}

/** DescribeEipAddresses' filters (spec §6.12), all ANDed; values inside one list are ORed. */
export interface EipFilter {
  accountId: string
  regionId: string
  ids?: readonly string[]
  addresses?: readonly number[]
  status?: string
  boundAs?: BoundAs
  /** The target as DescribeEipAddresses shows it: the instance of an instance's EIP, else the ENI. */
  associatedInstanceId?: string
  name?: string
  isp?: string
  chargeType?: InstanceChargeType
  resourceGroupId?: string
  tags?: readonly TagFilter[]
  createdFrom?: string
  createdTo?: string
  /** A filter no EIP can meet (a type, lock or pool this deployment has not). */
  matchesNone?: boolean
}

/** One page of the filtered EIPs in the stable (creation time, id) order, filtered in SQL. */
export async function listEips(db: Kysely<Database>, filter: EipFilter, page: PageRequest): Promise<Page<EipRecord>> {
  const matching = filtered(db, filter)
  const rows = await fetchPage(
    matching.selectAll('eips').select(['enis.instance_id as eni_instance_id', 'enis.vpc_id as eni_vpc_id']),
    { createdAt: 'eips.created_at', id: 'eips.id' },
    page,
    countOf(matching),
  )
  return { ...rows, items: await toRecords(db, rows.items) }
}

function filtered(db: Kysely<Database>, f: EipFilter) {
  let q = db
    .selectFrom('eips')
    .leftJoin('enis', 'enis.id', 'eips.eni_id')
    .where('eips.account_id', '=', f.accountId)
    .where('eips.region_id', '=', f.regionId)
  if (f.matchesNone === true) q = q.where(sql<boolean>`1 = 0`)
  if (f.ids !== undefined && f.ids.length > 0) q = q.where('eips.id', 'in', [...f.ids])
  if (f.addresses !== undefined && f.addresses.length > 0) q = q.where('eips.address', 'in', [...f.addresses])
  if (f.status !== undefined) q = q.where('eips.status', '=', f.status)
  if (f.boundAs !== undefined) q = q.where('eips.bound_as', '=', f.boundAs)
  if (f.name !== undefined) q = q.where('eips.name', '=', f.name)
  if (f.isp !== undefined) q = q.where('eips.isp', '=', f.isp)
  if (f.chargeType !== undefined) q = q.where('eips.instance_charge_type', '=', f.chargeType)
  if (f.resourceGroupId !== undefined) q = q.where('eips.resource_group_id', '=', f.resourceGroupId)
  if (f.createdFrom !== undefined) q = q.where('eips.created_at', '>=', f.createdFrom)
  if (f.createdTo !== undefined) q = q.where('eips.created_at', '<=', f.createdTo)
  const { associatedInstanceId: target, tags } = f
  if (target !== undefined) {
    q = q.where((eb) =>
      eb.or([
        eb.and([eb('eips.bound_as', '=', 'EcsInstance'), eb('enis.instance_id', '=', target)]),
        eb.and([eb('eips.bound_as', '=', 'NetworkInterface'), eb('eips.eni_id', '=', target)]),
      ]),
    )
  }
  if (tags !== undefined && tags.length > 0) q = q.where('eips.id', 'in', idsWithTags(db, 'eip', tags))
  return q
}
