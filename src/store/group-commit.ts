import { CompiledQuery, type Kysely, type Transaction } from 'kysely'
import type { Database } from './schema.js'

/** How many operations share one commit at most, and for how long a batch keeps taking new ones. */
export interface GroupCommitLimits {
  maxOperations: number
  maxMilliseconds: number
}

export const DEFAULT_GROUP_COMMIT_LIMITS: GroupCommitLimits = { maxOperations: 64, maxMilliseconds: 10 }

interface Pending {
  work: (tx: Transaction<Database>) => Promise<unknown>
  resolve: (value: unknown) => void
  reject: (reason: unknown) => void
}

const SAVEPOINT = CompiledQuery.raw('savepoint operation')
const RELEASE = CompiledQuery.raw('release operation')
const ROLLBACK_TO = CompiledQuery.raw('rollback to operation')

/**
 * Group commit for a database with one writer at a time (SQLite). Operations queue; one database
 * transaction runs as many of them as are waiting (up to the limits), each inside its own
 * savepoint, and commits once for all. An operation that fails rolls back to its savepoint and
 * leaves the others untouched, so each stays atomic; none is answered before the commit that makes
 * it durable, and if that commit fails, all of the batch fail. Readers outside transactions wait
 * for the batch to end, so they never see work that is not yet committed.
 *
 * Why: SQLite writes every page a transaction dirtied to the WAL at commit, one write per page and
 * header. Operations of one kind dirty the same B-tree leaves, so under concurrency most of a
 * commit is shared: sixteen creates committed together write little more than one does.
 */
export class GroupCommit {
  readonly #queue: Pending[] = []
  #running = false

  constructor(
    readonly db: Kysely<Database>,
    readonly limits: GroupCommitLimits = DEFAULT_GROUP_COMMIT_LIMITS,
  ) {}

  run<T>(work: (tx: Transaction<Database>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject })
      if (!this.#running) {
        // Start after the event loop's current I/O phase, so that the requests read in it join.
        this.#running = true
        setImmediate(() => void this.#drain())
      }
    })
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0) await this.#batch()
    } finally {
      this.#running = false
    }
  }

  /** One database transaction: runs queued operations until the queue is empty or a limit is hit. */
  async #batch(): Promise<void> {
    const done: { pending: Pending; value: unknown }[] = []
    let trx
    try {
      trx = await this.db.startTransaction().execute()
    } catch (err) {
      // Could not even begin (the file is locked by another process past the busy timeout):
      // whoever is first in line gets the error; the rest try again with the next batch.
      this.#queue.shift()?.reject(err)
      return
    }
    const started = performance.now()
    let current: Pending | undefined
    try {
      while (
        this.#queue.length > 0 &&
        done.length < this.limits.maxOperations &&
        performance.now() - started < this.limits.maxMilliseconds
      ) {
        current = this.#queue.shift()!
        await trx.executeQuery(SAVEPOINT)
        let value: unknown
        try {
          value = await current.work(trx)
        } catch (err) {
          await trx.executeQuery(ROLLBACK_TO)
          await trx.executeQuery(RELEASE)
          current.reject(err)
          current = undefined
          continue
        }
        await trx.executeQuery(RELEASE)
        done.push({ pending: current, value })
        current = undefined
      }
      await trx.commit().execute()
    } catch (err) {
      // A savepoint could not be rolled back or the commit failed: the database undid the whole
      // transaction, so nothing of this batch happened.
      await trx.rollback().execute().catch(() => {})
      current?.reject(err)
      for (const { pending } of done) pending.reject(err)
      return
    }
    for (const { pending, value } of done) pending.resolve(value)
  }
}
