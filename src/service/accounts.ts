import type { Kysely } from 'kysely'
import { DomainError } from '../domain/errors.js'
import { newAccessKeyPair, newAccountId } from '../domain/ids.js'
import type { Random } from '../domain/random.js'
import type { Database } from '../store/schema.js'
import type { Store } from '../store/store.js'
import { appendChanges } from './change-log.js'
import type { SecretBox } from './secret-box.js'

export interface AccessKeyPair {
  accessKeyId: string
  accessKeySecret: string
}

export interface CreatedAccount extends AccessKeyPair {
  accountId: string
  name: string
}

interface AccountDeps {
  store: Store
  random: Random
  secrets: SecretBox
  clock: () => Date
}

/**
 * Creates an account with one access key. The secret leaves this function once, to be shown to
 * the operator; the database only ever holds it sealed.
 */
export async function createAccount(deps: AccountDeps, name: string, key?: AccessKeyPair): Promise<CreatedAccount> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name)) {
    throw new DomainError('InvalidParameter', 'An account name is 1 to 64 letters, digits, periods, underscores or hyphens.')
  }
  const pair = key ?? newAccessKeyPair(deps.random)
  const accountId = newAccountId(deps.random)
  const now = deps.clock()
  try {
    await deps.store.transaction(async (tx) => {
      await tx.insertInto('accounts').values({ id: accountId, name, created_at: now.toISOString() }).execute()
      await tx
        .insertInto('access_keys')
        .values({
          access_key_id: pair.accessKeyId,
          account_id: accountId,
          secret_ciphertext: deps.secrets.seal(pair.accessKeySecret),
          status: 'Active',
          created_at: now.toISOString(),
        })
        .execute()
      await appendChanges(tx, deps.store.dialect, [
        { accountId, resourceType: 'Account', resourceId: accountId, event: 'AccountCreated', payload: { name } },
      ], now)
    })
  } catch (err) {
    if (deps.store.dialect.isUniqueViolation(err)) {
      throw new DomainError('InvalidParameter', `An account named ${name} or that access key already exists.`)
    }
    throw err
  }
  return { accountId, name, ...pair }
}

async function countAccounts(db: Kysely<Database>): Promise<number> {
  const { n } = await db
    .selectFrom('accounts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(n)
}

export interface KeyOwner {
  accountId: string
  secret: string
  active: boolean
}

/** The account and clear secret behind an AccessKeyId, or undefined when it is unknown. */
async function findAccessKey(
  db: Kysely<Database>,
  secrets: SecretBox,
  accessKeyId: string,
): Promise<KeyOwner | undefined> {
  const row = await db
    .selectFrom('access_keys')
    .select(['account_id', 'secret_ciphertext', 'status'])
    .where('access_key_id', '=', accessKeyId)
    .executeTakeFirst()
  if (row === undefined) return undefined
  return { accountId: row.account_id, secret: secrets.open(row.secret_ciphertext), active: row.status === 'Active' }
}

/**
 * On the first start of an empty database, the bootstrap account: its key from the environment
 * when the operator set one, otherwise generated. Returns it only when it was created just now, so
 * the secret is shown once. Several servers starting together on one PostgreSQL create one account.
 */
export async function bootstrapAccount(deps: AccountDeps, key?: AccessKeyPair): Promise<CreatedAccount | undefined> {
  if ((await countAccounts(deps.store.db)) > 0) return undefined
  try {
    return await createAccount(deps, 'default', key)
  } catch (err) {
    if (err instanceof DomainError && (await countAccounts(deps.store.db)) > 0) return undefined
    throw err
  }
}

/** How long a looked-up key is trusted before it is read again; also how long a disabled key lingers. */
const KEY_CACHE_MS = 60_000
const keyCaches = new WeakMap<object, Map<string, { owner: KeyOwner; until: number }>>()

/**
 * `findAccessKey` for the request path: every signed request needs its key, and reading plus
 * unsealing it each time is a database round trip and an AES-GCM open. Known keys are kept for a
 * minute per store; unknown ones are never cached, so a key made a moment ago works at once.
 */
export async function resolveAccessKey(
  deps: { store: Store; secrets: SecretBox; clock: () => Date },
  accessKeyId: string,
): Promise<KeyOwner | undefined> {
  let cache = keyCaches.get(deps.store)
  if (cache === undefined) keyCaches.set(deps.store, (cache = new Map()))
  const now = deps.clock().getTime()
  const hit = cache.get(accessKeyId)
  if (hit !== undefined && hit.until > now) return hit.owner
  const owner = await findAccessKey(deps.store.db, deps.secrets, accessKeyId)
  if (owner === undefined) cache.delete(accessKeyId)
  else cache.set(accessKeyId, { owner, until: now + KEY_CACHE_MS })
  return owner
}
