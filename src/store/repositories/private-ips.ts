import type { Kysely } from 'kysely'
import type { PrivateIp } from '../../domain/eni/eni.js'
import type { AddressWindow } from '../../domain/ipam/allocate.js'
import { formatIpv4 } from '../../domain/ipam/ipv4.js'
import type { Database } from '../schema.js'

/** An address an ENI holds, as the store keeps it: the IPv4 as an unsigned integer. */
export interface HeldAddress {
  address: number
  primary: boolean
}

/** The addresses of each ENI, primary first and then in address order (the order views show). */
export async function loadPrivateIps(db: Kysely<Database>, eniIds: readonly string[]): Promise<Map<string, PrivateIp[]>> {
  const byEni = new Map<string, PrivateIp[]>(eniIds.map((id) => [id, []]))
  if (eniIds.length === 0) return byEni
  const rows = await db
    .selectFrom('private_ips')
    .select(['eni_id', 'address', 'is_primary'])
    .where('eni_id', 'in', eniIds)
    .orderBy('eni_id')
    .orderBy('is_primary', 'desc')
    .orderBy('address')
    .execute()
  for (const row of rows) byEni.get(row.eni_id)?.push({ address: formatIpv4(Number(row.address)), primary: row.is_primary === 1 })
  return byEni
}

/** The held addresses of one allocation window, ascending: an index range scan on (vswitch, address). */
export async function usedAddressesIn(db: Kysely<Database>, vSwitchId: string, window: AddressWindow): Promise<number[]> {
  const rows = await db
    .selectFrom('private_ips')
    .select('address')
    .where('vswitch_id', '=', vSwitchId)
    .where('address', '>=', window.from)
    .where('address', '<=', window.to)
    .orderBy('address')
    .execute()
  return rows.map((r) => Number(r.address))
}

/** Which of `addresses` some ENI of the vSwitch already holds. */
export async function heldAmong(db: Kysely<Database>, vSwitchId: string, addresses: readonly number[]): Promise<number[]> {
  if (addresses.length === 0) return []
  const rows = await db
    .selectFrom('private_ips')
    .select('address')
    .where('vswitch_id', '=', vSwitchId)
    .where('address', 'in', addresses)
    .orderBy('address')
    .execute()
  return rows.map((r) => Number(r.address))
}

export async function insertPrivateIps(
  db: Kysely<Database>,
  vSwitchId: string,
  eniId: string,
  addresses: readonly HeldAddress[],
): Promise<void> {
  if (addresses.length === 0) return
  await db
    .insertInto('private_ips')
    .values(addresses.map((a) => ({ vswitch_id: vSwitchId, address: a.address, eni_id: eniId, is_primary: a.primary ? 1 : 0 })))
    .execute()
}

/** Returns the addresses to their vSwitch: all of the ENI's, or only `addresses` among them. */
export async function releasePrivateIps(db: Kysely<Database>, eniId: string, addresses?: readonly number[]): Promise<void> {
  if (addresses !== undefined && addresses.length === 0) return
  let query = db.deleteFrom('private_ips').where('eni_id', '=', eniId)
  if (addresses !== undefined) query = query.where('address', 'in', addresses)
  await query.execute()
}

export async function writeAllocationHint(db: Kysely<Database>, vSwitchId: string, hint: number): Promise<void> {
  await db.updateTable('vswitches').set({ alloc_hint: hint }).where('id', '=', vSwitchId).execute()
}
