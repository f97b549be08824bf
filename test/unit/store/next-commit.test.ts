import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openStore, type Store } from '../../../src/store/store.js'

/** How long-polls wait: armed before the read they guard, woken by any commit, cancelled by abort. */
describe('Store.nextCommit', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'openeni-next-commit-'))
  let store: Store
  const commit = () => store.transaction(async (tx) => tx.selectFrom('accounts').select('id').execute())
  const settledWithin = (promise: Promise<void>, ms: number) =>
    Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))])

  before(async () => {
    store = await openStore({ dataDir })
  })
  after(async () => {
    await store.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('a wait armed before a commit wakes at that commit, even if no one awaited it yet', async () => {
    const armed = store.nextCommit(30_000)
    await commit()
    assert.equal(await settledWithin(armed, 1_000), true)
  })

  it('a wait armed after the commit sleeps until the next one or its timeout', async () => {
    await commit()
    const started = Date.now()
    const later = store.nextCommit(200)
    assert.equal(await settledWithin(later, 1_000), true)
    assert.ok(Date.now() - started >= 190, 'only the timeout ended it')
  })

  it('aborting resolves the wait at once and leaves no waiter behind', async () => {
    const abandon = new AbortController()
    const armed = store.nextCommit(30_000, abandon.signal)
    abandon.abort()
    assert.equal(await settledWithin(armed, 100), true)
    const already = new AbortController()
    already.abort()
    assert.equal(await settledWithin(store.nextCommit(30_000, already.signal), 100), true)
  })
})
