import { createHash } from 'node:crypto'
import { answerDryRun } from '../domain/dry-run.js'
import { DomainError } from '../domain/errors.js'
import type { Random } from '../domain/random.js'
import type { StoreDialect } from '../store/dialect/dialect.js'
import type { Tx } from '../store/store.js'
import { appendChanges, type NewChange } from './change-log.js'
import type { Caller, ServiceDeps } from './deps.js'
import { consumeNonce, insertNonce, isNonceReuse } from './nonces.js'

/** What one operation sees inside its transaction. */
export interface Unit {
  readonly tx: Tx
  readonly dialect: StoreDialect
  readonly now: Date
  readonly random: Random
  readonly deps: ServiceDeps
  readonly caller: Caller
  /** Queue a change event; it is numbered and written when the operation's work succeeds. */
  record(change: NewChange): void
}

export interface MutationOptions {
  /** The API action, the scope of a ClientToken (spec §1.7). */
  action: string
  clientToken?: string | undefined
  /** The request's meaning: a retry with the same token must carry the same fingerprint. */
  fingerprint?: unknown
  /** Validate everything, change nothing, answer DryRunOperation (spec §1.7). */
  dryRun?: boolean | undefined
}

/**
 * One operation = one transaction: idempotency check, the work (load → domain rules → write), the
 * change events, the idempotency record. A failure anywhere rolls everything back, so a refused
 * request changes nothing. Results must be plain JSON: a retry with the same ClientToken gets the
 * stored result back instead of running the work again.
 */
export async function mutate<T>(
  deps: ServiceDeps,
  caller: Caller,
  options: MutationOptions,
  work: (unit: Unit) => Promise<T>,
): Promise<T> {
  assertClientToken(options.clientToken)
  const fingerprint = options.clientToken === undefined ? '' : fingerprintOf(options.fingerprint)
  const ticket = caller.nonce?.consumed === false ? caller.nonce : undefined
  const attempt = () =>
    deps.store.transaction(async (tx) => {
      if (ticket !== undefined) await insertNonce(tx, ticket, deps.clock().getTime())
      if (options.clientToken !== undefined && !options.dryRun) {
        const previous = await tx
          .selectFrom('idempotency')
          .select(['fingerprint', 'response'])
          .where('account_id', '=', caller.accountId)
          .where('action', '=', options.action)
          .where('token', '=', options.clientToken)
          .executeTakeFirst()
        if (previous !== undefined) {
          if (previous.fingerprint !== fingerprint) {
            throw new DomainError(
              'IdempotentParameterMismatch',
              'The ClientToken was already used with different parameters.',
            )
          }
          return JSON.parse(previous.response) as T
        }
      }
      const changes: NewChange[] = []
      const now = deps.clock()
      const unit: Unit = {
        tx,
        dialect: deps.store.dialect,
        now,
        random: deps.random,
        deps,
        caller,
        record: (change) => changes.push({ accountId: caller.accountId, ...change }),
      }
      const result = await work(unit)
      answerDryRun(options.dryRun)
      if (changes.length > 0) await appendChanges(tx, deps.store.dialect, changes, now)
      if (options.clientToken !== undefined) {
        await tx
          .insertInto('idempotency')
          .values({
            account_id: caller.accountId,
            action: options.action,
            token: options.clientToken,
            fingerprint,
            response: JSON.stringify(result ?? null),
            created_at: now.toISOString(),
          })
          .execute()
      }
      return result
    })
  const run = async () => {
    const result = await attempt()
    if (ticket !== undefined) ticket.consumed = true
    return result
  }
  try {
    try {
      return await run()
    } catch (err) {
      // Two requests with one ClientToken raced: the loser's insert hit the key. Run again: it now
      // finds the winner's record and answers with the same result.
      if (options.clientToken !== undefined && deps.store.dialect.isUniqueViolation(err)) return await run()
      throw err
    }
  } catch (err) {
    // A refused request still spends its nonce: its replay must not get a second chance.
    if (ticket !== undefined && !ticket.consumed && !isNonceReuse(err)) await consumeNonce(deps.store, ticket, deps.clock().getTime())
    throw err
  }
}

function assertClientToken(token: string | undefined): void {
  if (token !== undefined && (token.length === 0 || token.length > 64 || !/^[\x20-\x7e]+$/.test(token))) {
    throw new DomainError('InvalidParameter', 'ClientToken must be 1 to 64 ASCII characters.')
  }
}

function fingerprintOf(value: unknown): string {
  return createHash('sha256').update(stableJson(value)).digest('hex')
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value ?? null)
}
