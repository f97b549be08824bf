import type { Kysely } from 'kysely'
import { DomainError } from '../domain/errors.js'
import type { Database } from '../store/schema.js'
import type { Store } from '../store/store.js'

/**
 * A verified request's signature nonce, to be remembered until it can no longer pass the timestamp
 * check. Kept in the database, not in memory, so a replay to another API server on the same
 * PostgreSQL is caught too; taken only after the signature verified, so nobody can burn someone
 * else's nonces. A mutation records it inside its own transaction (one commit, not two, and a replay
 * racing the original cannot both change state); anything else records it on its own.
 */
export interface NonceTicket {
  readonly accessKeyId: string
  readonly nonce: string
  readonly expiresAt: number
  consumed: boolean
}

export function isNonceReuse(err: unknown): boolean {
  return err instanceof DomainError && err.code === 'SignatureNonceUsed'
}

let sincePrune = 0

/** Writes the nonce in `db` (a transaction or the store), refusing one already recorded. */
export async function insertNonce(db: Kysely<Database>, ticket: NonceTicket, now: number): Promise<void> {
  // ON CONFLICT DO NOTHING instead of catching the violation: on PostgreSQL a failed statement
  // would abort the surrounding transaction.
  const result = await db
    .insertInto('nonces')
    .values({ access_key_id: ticket.accessKeyId, nonce: ticket.nonce, expires_at: ticket.expiresAt })
    .onConflict((oc) => oc.columns(['access_key_id', 'nonce']).doNothing())
    .executeTakeFirst()
  if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) {
    throw new DomainError('SignatureNonceUsed', 'The request signature nonce has been used.')
  }
  if (++sincePrune >= 1000) {
    sincePrune = 0
    await db.deleteFrom('nonces').where('expires_at', '<', now).execute()
  }
}

/** Records the ticket's nonce in its own transaction unless the request's mutation already did. */
export async function consumeNonce(store: Store, ticket: NonceTicket, now: number): Promise<void> {
  if (ticket.consumed) return
  await insertNonce(store.db, ticket, now)
  ticket.consumed = true
}
