import { DomainError } from '../domain/errors.js'
import type { Store } from '../store/store.js'

let sincePrune = 0

/**
 * Remembers a signature nonce until it can no longer pass the timestamp check, refusing a repeat.
 * Kept in the database, not in memory, so a replay to another API server on the same PostgreSQL is
 * caught too. Called only after the signature verified, so nobody can burn someone else's nonces.
 */
export async function recordNonce(store: Store, accessKeyId: string, nonce: string, expiresAt: number, now: number): Promise<void> {
  try {
    await store.db.insertInto('nonces').values({ access_key_id: accessKeyId, nonce, expires_at: expiresAt }).execute()
  } catch (err) {
    if (store.dialect.isUniqueViolation(err)) {
      throw new DomainError('SignatureNonceUsed', 'The request signature nonce has been used.')
    }
    throw err
  }
  if (++sincePrune >= 1000) {
    sincePrune = 0
    await store.db.deleteFrom('nonces').where('expires_at', '<', now).execute()
  }
}
