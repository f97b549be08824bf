import { Kysely, PostgresDialect, sql, type SelectQueryBuilder } from 'kysely'
import pg from 'pg'
import type { Database } from '../schema.js'
import type { StoreDialect } from './dialect.js'

// int8 columns (addresses, revisions) stay below 2^53, so plain numbers are exact.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value))

/** An arbitrary constant naming the change-log lock among PostgreSQL advisory locks. */
const CHANGE_LOG_LOCK = 0x0e_e1_c4a1
/** The NOTIFY channel on which commits that appended to the change log are announced. */
const CHANGES_CHANNEL = 'openeni_changes'

export function postgresDialect(url: string, poolSize = 10): StoreDialect {
  return {
    locksRows: true,
    groupCommit: false,
    name: 'postgres',
    createKysely() {
      const pool = new pg.Pool({ connectionString: url, max: poolSize })
      // An idle connection the server closed (restart, failover, shutdown) is dropped from the pool
      // by pg itself; without a listener its error would crash the process instead.
      pool.on('error', () => {})
      return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
    },
    isUniqueViolation(err) {
      return (err as { code?: unknown } | null)?.code === '23505'
    },
    isRetryable(err) {
      const code = (err as { code?: unknown } | null)?.code
      return code === '40001' || code === '40P01'
    },
    forUpdate: <DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>) => query.forUpdate(),
    forShare: <DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>) => query.forShare(),
    async lockChangeLog(tx) {
      // One round trip for both: the lock, and a notification that PostgreSQL delivers to every
      // listening server only if the transaction commits (several of one transaction arrive as one).
      await sql`select pg_advisory_xact_lock(${CHANGE_LOG_LOCK}), pg_notify(${CHANGES_CHANNEL}, '')`.execute(tx)
    },
    async watchChanges(onChange) {
      const client = new pg.Client({ connectionString: url })
      // A dropped listening connection only delays wake-ups until the waiters' own timeouts.
      client.on('error', () => {})
      client.on('notification', onChange)
      await client.connect()
      await client.query(`listen ${CHANGES_CHANNEL}`)
      return async () => {
        await client.end().catch(() => {})
      }
    },
  }
}
