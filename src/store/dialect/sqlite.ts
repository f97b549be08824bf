import BetterSqlite3 from 'better-sqlite3'
import { CompiledQuery, Kysely, SqliteDialect, SqliteDriver, type DatabaseConnection, type SelectQueryBuilder } from 'kysely'
import type { Database } from '../schema.js'
import type { StoreDialect } from './dialect.js'

/**
 * SQLite through better-sqlite3: one connection, WAL. Writers begin with `BEGIN IMMEDIATE`, which
 * takes the write lock up front: a transaction that read and then tries to write can otherwise fail
 * with SQLITE_BUSY_SNAPSHOT when another process (e.g. `openeni accounts create`) wrote meanwhile.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'))
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: ConstructorParameters<typeof SqliteDialect>[0]
  constructor(config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config)
    this.#config = config
  }
  override createDriver() {
    return new ImmediateSqliteDriver(this.#config)
  }
}

export function sqliteDialect(file: string): StoreDialect {
  return {
    name: 'sqlite',
    createKysely() {
      const database = new BetterSqlite3(file)
      database.pragma('journal_mode = WAL')
      database.pragma('synchronous = NORMAL')
      database.pragma('foreign_keys = ON')
      database.pragma('busy_timeout = 10000')
      return new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database }) })
    },
    isUniqueViolation(err) {
      const code = (err as { code?: unknown } | null)?.code
      return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
    },
    isRetryable(err) {
      const code = (err as { code?: unknown } | null)?.code
      return typeof code === 'string' && code.startsWith('SQLITE_BUSY')
    },
    // The single connection and BEGIN IMMEDIATE already serialise every writer.
    forUpdate: <DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>) => query,
    lockChangeLog: async () => {},
  }
}
