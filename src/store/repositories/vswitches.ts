import type { Kysely } from 'kysely'
import type { NetworkStatus, VSwitch } from '../../domain/vpc/vpc.js'
import type { Unit } from '../../service/mutate.js'
import type { Database, Row } from '../schema.js'
import { loadTags } from './tags.js'

/** The vSwitch `id` of `accountId`, or undefined: another account's vSwitch does not exist for the caller. */
export async function findVSwitch(db: Kysely<Database>, accountId: string, id: string): Promise<VSwitch | undefined> {
  const row = await db
    .selectFrom('vswitches')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row === undefined ? undefined : (await toVSwitches(db, [row]))[0]
}

/**
 * The caller's vSwitch `id`, locked until the transaction ends, or undefined. Address allocation
 * locks it first, so two requests never pick addresses from one vSwitch at once (the private_ips
 * key would refuse the loser anyway), and DeleteVSwitch cannot race an ENI being created in it.
 */
export async function lockVSwitch(u: Unit, id: string): Promise<VSwitch | undefined> {
  const row = await u.dialect
    .forUpdate(u.tx.selectFrom('vswitches').selectAll().where('account_id', '=', u.caller.accountId).where('id', '=', id))
    .executeTakeFirst()
  return row === undefined ? undefined : (await toVSwitches(u.tx, [row]))[0]
}

export async function toVSwitches(db: Kysely<Database>, rows: readonly Row<'vswitches'>[]): Promise<VSwitch[]> {
  const tags = await loadTags(
    db,
    'vswitch',
    rows.map((r) => r.id),
  )
  return rows.map((row) => ({
    id: row.id,
    accountId: row.account_id,
    regionId: row.region_id,
    vpcId: row.vpc_id,
    zoneId: row.zone_id,
    cidrBlock: row.cidr_block,
    name: row.name,
    description: row.description,
    status: row.status as NetworkStatus,
    createdAt: row.created_at,
    tags: tags.get(row.id) ?? [],
  }))
}
