import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { Migrator, type Kysely, type Transaction } from 'kysely'
import type { StoreDialect } from './dialect/dialect.js'
import { postgresDialect } from './dialect/postgres.js'
import { sqliteDialect } from './dialect/sqlite.js'
import { GroupCommit } from './group-commit.js'
import { migrationProvider } from './migrations/index.js'
import type { Database } from './schema.js'

export type Tx = Transaction<Database>

export interface Store {
  readonly db: Kysely<Database>
  readonly dialect: StoreDialect
  /**
   * Runs `work` in one transaction. When the database reports a lost race (serialization failure,
   * deadlock, busy) the whole function runs again from the start, so `work` must not have effects
   * outside the transaction. Its commit wakes `nextCommit`, unless `readOnly` says it writes
   * nothing: a long-poll that reads in a transaction must not wake itself.
   */
  transaction<T>(work: (tx: Tx) => Promise<T>, options?: { readOnly?: boolean }): Promise<T>
  /**
   * Resolves at the next commit that may have grown the change log (by this process or, where the
   * database is shared, any other), after `timeoutMs`, or when `signal` aborts: how long-polls wait
   * without polling. Arm it before reading what it guards, so no commit slips in between; abort it
   * when the answer no longer needs it, so nothing lingers.
   */
  nextCommit(timeoutMs: number, signal?: AbortSignal): Promise<void>
  close(): Promise<void>
}

export interface StoreOptions {
  /** The data directory; the SQLite file lives here when no URL is given. */
  dataDir: string
  /** `postgres://…` to use a shared PostgreSQL instead of the embedded SQLite file. */
  url?: string
  poolSize?: number
}

const MAX_ATTEMPTS = 8

function dialectFor(options: StoreOptions): StoreDialect {
  if (options.url !== undefined) {
    if (!/^postgres(ql)?:\/\//.test(options.url)) {
      throw new Error(`unsupported database URL ${JSON.stringify(options.url)}: expected postgres://…`)
    }
    return postgresDialect(options.url, options.poolSize)
  }
  mkdirSync(options.dataDir, { recursive: true })
  return sqliteDialect(join(options.dataDir, 'openeni.sqlite'))
}

/** Opens the database and applies any pending migrations before anything else uses it. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const dialect = dialectFor(options)
  const db = dialect.createKysely()
  try {
    await migrate(db)
  } catch (err) {
    await db.destroy()
    throw err
  }
  const group = dialect.groupCommit ? new GroupCommit(db) : undefined
  const once = <T>(work: (tx: Tx) => Promise<T>): Promise<T> =>
    group !== undefined ? group.run(work) : db.transaction().execute(work)
  const commits = new CommitSignal(dialect)
  return {
    db,
    dialect,
    async transaction<T>(work: (tx: Tx) => Promise<T>, options: { readOnly?: boolean } = {}): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        try {
          const result = await once(work)
          if (options.readOnly !== true) commits.committed()
          return result
        } catch (err) {
          if (attempt >= MAX_ATTEMPTS || !dialect.isRetryable(err)) throw err
          await sleep(Math.random() * 5 * attempt)
        }
      }
    },
    nextCommit: (timeoutMs, signal) => commits.next(timeoutMs, signal),
    async close() {
      await commits.close()
      await db.destroy()
    },
  }
}

/**
 * Wakes waiters at commits. Within one process every transaction passes through the store; where
 * other processes share the database, the dialect relays their announcements (PostgreSQL
 * LISTEN), and the listening connection opens only when somebody first waits.
 */
class CommitSignal {
  readonly #waiters = new Set<() => void>()
  #stopWatching: Promise<(() => Promise<void>) | undefined> | undefined

  constructor(readonly dialect: StoreDialect) {}

  committed(): void {
    const waiters = [...this.#waiters]
    this.#waiters.clear()
    for (const wake of waiters) wake()
  }

  next(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (this.#stopWatching === undefined && this.dialect.watchChanges !== undefined) {
      this.#stopWatching = this.dialect.watchChanges(() => this.committed()).catch(() => undefined)
    }
    return new Promise((resolve) => {
      if (signal?.aborted === true) return resolve()
      const wake = () => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', wake)
        this.#waiters.delete(wake)
        resolve()
      }
      const timer = setTimeout(wake, timeoutMs)
      signal?.addEventListener('abort', wake, { once: true })
      this.#waiters.add(wake)
    })
  }

  async close(): Promise<void> {
    this.committed()
    const stop = await this.#stopWatching
    await stop?.()
  }
}

async function migrate(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider, migrationTableName: 'schema_migrations' })
  const { error, results } = await migrator.migrateToLatest()
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName
    throw new Error(`database migration ${failed ?? ''} failed: ${String(error)}`, { cause: error })
  }
}
