import type { Kysely } from 'kysely'
import type { NetworkStatus, Vpc } from '../../domain/vpc/vpc.js'
import type { Unit } from '../../service/mutate.js'
import type { Database, Row } from '../schema.js'
import { loadTags } from './tags.js'

/** The VPC `id` of `accountId`, or undefined: another account's VPC does not exist for the caller. */
export async function findVpc(db: Kysely<Database>, accountId: string, id: string): Promise<Vpc | undefined> {
  const row = await db.selectFrom('vpcs').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst()
  return row === undefined ? undefined : (await toVpcs(db, [row]))[0]
}

/**
 * The caller's VPC `id`, locked until the transaction ends, or undefined. Lock it before deciding
 * anything that depends on what the VPC holds (its vSwitches, groups, instances, ENIs), so a
 * concurrent create inside it and a delete of it cannot both succeed.
 */
export async function lockVpc(u: Unit, id: string): Promise<Vpc | undefined> {
  const row = await u.dialect
    .forUpdate(u.tx.selectFrom('vpcs').selectAll().where('account_id', '=', u.caller.accountId).where('id', '=', id))
    .executeTakeFirst()
  return row === undefined ? undefined : (await toVpcs(u.tx, [row]))[0]
}

export async function toVpcs(db: Kysely<Database>, rows: readonly Row<'vpcs'>[]): Promise<Vpc[]> {
  const tags = await loadTags(
    db,
    'vpc',
    rows.map((r) => r.id),
  )
  return rows.map((row) => ({
    id: row.id,
    accountId: row.account_id,
    regionId: row.region_id,
    cidrBlock: row.cidr_block,
    userCidrs: JSON.parse(row.user_cidrs) as string[],
    name: row.name,
    description: row.description,
    status: row.status as NetworkStatus,
    vRouterId: row.vrouter_id,
    routeTableId: row.route_table_id,
    isDefault: row.is_default === 1,
    createdAt: row.created_at,
    tags: tags.get(row.id) ?? [],
  }))
}
