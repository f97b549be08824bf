import type { Kysely, SelectQueryBuilder } from 'kysely'
import type { Database } from '../schema.js'

/**
 * What differs between the embedded and the shared database, named as capabilities (as Kysely's
 * DialectAdapter does). Nothing outside `store/dialect/` asks which database it is talking to.
 */
export interface StoreDialect {
  readonly name: 'sqlite' | 'postgres'
  createKysely(): Kysely<Database>
  /** A unique or primary-key constraint refused the write. */
  isUniqueViolation(err: unknown): boolean
  /** The transaction lost a race the database detected (serialization, deadlock, busy) and may be re-run. */
  isRetryable(err: unknown): boolean
  /**
   * Whether rows can be locked one by one. Without (SQLite), every write transaction already holds
   * the whole database, so a statement whose only purpose is to take a lock can be skipped.
   */
  readonly locksRows: boolean
  /**
   * Whether writers are serialised anyway (one writer at a time, SQLite), so that concurrent
   * operations are better run one after another in a shared transaction, each in a savepoint, and
   * committed together (`store/group-commit.ts`).
   */
  readonly groupCommit: boolean
  /** Lock the selected rows until the transaction ends, where rows can be locked at all. */
  forUpdate<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O>
  /**
   * Lock the selected rows against writers and `forUpdate` until the transaction ends, while other
   * `forShare` readers go on: many operations may rely on a row staying as it is at once.
   */
  forShare<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O>
  /**
   * Serialise appends to the change log until commit, so revisions become visible in the order
   * they were numbered and a reader resuming from revision N never misses a later-committed N-1.
   * Where several processes share the database, also announce to them, at commit, that the log
   * grew (`watchChanges`).
   */
  lockChangeLog(tx: Kysely<Database>): Promise<void>
  /**
   * Calls `onChange` whenever a process (this one included) commits changes; returns how to stop.
   * Undefined where one process owns the database and the store sees every commit itself.
   */
  watchChanges?(onChange: () => void): Promise<() => Promise<void>>
}
