import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql, type Kysely } from 'kysely'
import { openStore, type Store, type Tx } from '../../../src/store/store.js'

/** Group commit is SQLite's: operations queued together share one transaction, each in a savepoint. */
describe('group commit (sqlite)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'openeni-group-commit-'))
  let store: Store
  // Test-only tables, outside the application's schema.
  const raw = () => store.db as unknown as Kysely<any>
  const insert = (tx: Tx, name: string) => sql`insert into gc_item (name) values (${name})`.execute(tx)
  const names = async () =>
    (await sql<{ name: string }>`select name from gc_item order by name`.execute(raw())).rows.map((r) => r.name)

  before(async () => {
    store = await openStore({ dataDir })
    assert.equal(store.dialect.groupCommit, true)
    await sql`create table gc_parent (id text primary key)`.execute(raw())
    await sql`create table gc_item (name text primary key, parent text references gc_parent (id))`.execute(raw())
  })
  after(async () => {
    await store.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('a failing operation among concurrent ones undoes only its own writes', async () => {
    await sql`delete from gc_item`.execute(raw())
    const results = await Promise.allSettled(
      ['a', 'b', 'c', 'd', 'e'].map((name) =>
        store.transaction(async (tx) => {
          await insert(tx, name)
          if (name === 'c') throw new Error('refused c')
          return name.toUpperCase()
        }),
      ),
    )
    assert.deepEqual(
      results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)),
      ['A', 'B', 'refused c', 'D', 'E'],
    )
    assert.deepEqual(await names(), ['a', 'b', 'd', 'e'])
  })

  it('a unique violation in one operation leaves the others of its batch committed', async () => {
    await sql`delete from gc_item`.execute(raw())
    const results = await Promise.allSettled(['x', 'x', 'y'].map((name) => store.transaction((tx) => insert(tx, name))))
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    )
    assert.equal(store.dialect.isUniqueViolation((results[1] as PromiseRejectedResult).reason), true)
    assert.deepEqual(await names(), ['x', 'y'])
  })

  it('no operation is answered before its commit: when the shared commit fails, all of the batch fail', async () => {
    await sql`delete from gc_item`.execute(raw())
    // The second operation defers its foreign-key check to COMMIT, where it fails. The first
    // operation's own work succeeded, but it shared that commit, so it must not report success.
    const results = await Promise.allSettled([
      store.transaction((tx) => insert(tx, 'fine')),
      store.transaction(async (tx) => {
        await sql`pragma defer_foreign_keys = on`.execute(tx)
        await sql`insert into gc_item (name, parent) values ('orphan', 'missing')`.execute(tx)
      }),
    ])
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'rejected'],
    )
    assert.match(String((results[0] as PromiseRejectedResult).reason), /FOREIGN KEY/)
    assert.deepEqual(await names(), [])
    // The store is usable afterwards.
    await store.transaction((tx) => insert(tx, 'after'))
    assert.deepEqual(await names(), ['after'])
  })

  it('an operation queued while a batch runs is committed too', async () => {
    await sql`delete from gc_item`.execute(raw())
    const late: Promise<unknown>[] = []
    await store.transaction(async (tx) => {
      late.push(store.transaction((t) => insert(t, 'late')))
      await insert(tx, 'early')
    })
    await Promise.all(late)
    assert.deepEqual(await names(), ['early', 'late'])
  })
})
