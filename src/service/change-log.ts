import { sql, type Kysely } from 'kysely'
import type { Database } from '../store/schema.js'
import type { Tx } from '../store/store.js'
import type { StoreDialect } from '../store/dialect/dialect.js'

/** One entry of the ordered, durable log every mutation appends to (like etcd's revision). */
export interface Change {
  revision: number
  accountId: string | null
  regionId: string | null
  resourceType: string
  resourceId: string
  event: string
  payload: unknown
  createdAt: string
}

export type NewChange = Omit<Change, 'revision' | 'createdAt' | 'accountId' | 'regionId' | 'payload'> & {
  accountId?: string | null
  regionId?: string | null
  payload?: unknown
}

/**
 * Numbers the changes and writes them. Revisions are assigned under the change-log lock, held to the
 * end of the transaction, so they commit in revision order: a reader resuming after revision N
 * never misses a change numbered below a later one it already saw.
 */
export async function appendChanges(
  tx: Tx,
  dialect: StoreDialect,
  changes: readonly NewChange[],
  now: Date,
): Promise<void> {
  await dialect.lockChangeLog(tx)
  const createdAt = now.toISOString()
  // One statement per change, numbering it from the log itself: most operations append one.
  for (const c of changes) {
    await tx
      .insertInto('changes')
      .columns(['revision', 'account_id', 'region_id', 'resource_type', 'resource_id', 'event', 'payload', 'created_at'])
      .expression((eb) =>
        eb
          .selectFrom('changes')
          .select([
            sql<number>`coalesce(max(revision), 0) + 1`.as('revision'),
            sql.val(c.accountId ?? null).as('account_id'),
            sql.val(c.regionId ?? null).as('region_id'),
            sql.val(c.resourceType).as('resource_type'),
            sql.val(c.resourceId).as('resource_id'),
            sql.val(c.event).as('event'),
            sql.val(JSON.stringify(c.payload ?? {})).as('payload'),
            sql.val(createdAt).as('created_at'),
          ]),
      )
      .execute()
  }
}

/** Changes after `afterRevision`, oldest first; with `accountId`, only that account's. */
export async function readChanges(
  db: Kysely<Database>,
  query: { afterRevision: number; limit: number; accountId?: string },
): Promise<Change[]> {
  let q = db.selectFrom('changes').selectAll().where('revision', '>', query.afterRevision)
  if (query.accountId !== undefined) q = q.where('account_id', '=', query.accountId)
  const rows = await q.orderBy('revision').limit(query.limit).execute()
  return rows.map((r) => ({
    revision: Number(r.revision),
    accountId: r.account_id,
    regionId: r.region_id,
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    event: r.event,
    payload: JSON.parse(r.payload) as unknown,
    createdAt: r.created_at,
  }))
}

export async function latestRevision(db: Kysely<Database>): Promise<number> {
  const { last } = await db
    .selectFrom('changes')
    .select((eb) => eb.fn.max<number | null>('revision').as('last'))
    .executeTakeFirstOrThrow()
  return Number(last ?? 0)
}
