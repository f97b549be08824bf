import BetterSqlite3 from 'better-sqlite3'
import {
  CompiledQuery,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
  type SelectQueryBuilder,
} from 'kysely'
import type { Database } from '../schema.js'
import type { StoreDialect } from './dialect.js'

/** Prepared statements kept per SQL text; the API issues a few dozen distinct ones. */
const STATEMENT_CACHE_SIZE = 500

/**
 * The one connection to the SQLite file, keeping each SQL text's prepared statement: preparing
 * is most of a small query's cost, and Kysely's own SQLite driver prepares anew every time.
 */
class CachingConnection implements DatabaseConnection {
  readonly #statements = new Map<string, BetterSqlite3.Statement>()

  constructor(readonly database: BetterSqlite3.Database) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const statement = this.#prepare(query.sql)
    const parameters = query.parameters as unknown[]
    if (statement.reader) return { rows: statement.all(...parameters) as R[] }
    const { changes, lastInsertRowid } = statement.run(...parameters)
    return { rows: [], numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid) }
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const statement = this.#prepare(query.sql)
    for (const row of statement.iterate(...(query.parameters as unknown[]))) yield { rows: [row as R] }
  }

  #prepare(sql: string): BetterSqlite3.Statement {
    let statement = this.#statements.get(sql)
    if (statement === undefined) {
      statement = this.database.prepare(sql)
      if (this.#statements.size >= STATEMENT_CACHE_SIZE) {
        const oldest = this.#statements.keys().next().value
        if (oldest !== undefined) this.#statements.delete(oldest)
      }
      this.#statements.set(sql, statement)
    }
    return statement
  }
}

/**
 * Hands the single connection to one query or transaction at a time. Transactions begin with
 * `BEGIN IMMEDIATE`, taking the write lock up front: a transaction that read and then tries to
 * write could otherwise fail with SQLITE_BUSY_SNAPSHOT when another process (`openeni accounts
 * create`) wrote in between.
 */
class CachingSqliteDriver implements Driver {
  readonly #connection: CachingConnection
  #queue: Promise<void> = Promise.resolve()
  #release: (() => void) | undefined

  constructor(database: BetterSqlite3.Database) {
    this.#connection = new CachingConnection(database)
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.#queue
    let release!: () => void
    this.#queue = new Promise((resolve) => (release = resolve))
    await previous
    this.#release = release
    return this.#connection
  }

  async releaseConnection(): Promise<void> {
    const release = this.#release
    this.#release = undefined
    release?.()
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'))
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'))
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'))
  }

  async destroy(): Promise<void> {
    this.#connection.database.close()
  }
}

class CachingSqliteDialect implements Dialect {
  constructor(readonly database: BetterSqlite3.Database) {}
  createDriver = () => new CachingSqliteDriver(this.database)
  createQueryCompiler = () => new SqliteQueryCompiler()
  createAdapter = () => new SqliteAdapter()
  createIntrospector = (db: Kysely<any>) => new SqliteIntrospector(db)
}

export function sqliteDialect(file: string): StoreDialect {
  return {
    locksRows: false,
    groupCommit: true,
    name: 'sqlite',
    createKysely() {
      const database = new BetterSqlite3(file)
      // Small pages: a create or delete dirties a dozen B-tree leaves, and each commit writes every
      // dirty page to the WAL whole, so 1 KiB pages make commits about four times lighter. Only
      // takes effect when the file is created.
      database.pragma('page_size = 1024')
      database.pragma('journal_mode = WAL')
      database.pragma('synchronous = NORMAL')
      database.pragma('foreign_keys = ON')
      database.pragma('busy_timeout = 10000')
      return new Kysely<Database>({ dialect: new CachingSqliteDialect(database) })
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
    forShare: <DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>) => query,
    lockChangeLog: async () => {},
  }
}
