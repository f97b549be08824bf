import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, beforeEach, describe, it } from 'node:test'
import fc from 'fast-check'
import { decodeNextToken, type Page, type PageRequest } from '../../../src/domain/paging.js'
import { fetchPage } from '../../../src/store/paging.js'
import { openStore, type Store } from '../../../src/store/store.js'

interface Account {
  id: string
  name: string
  created_at: string
}

const at = (second: number) => new Date(Date.UTC(2026, 2, 1, 10, 0, second)).toISOString()

describe('fetchPage (sqlite)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'openeni-paging-'))
  let store: Store

  before(async () => {
    store = await openStore({ dataDir })
  })

  after(async () => {
    await store.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  beforeEach(async () => {
    await store.db.deleteFrom('accounts').execute()
  })

  async function insert(rows: readonly Account[]): Promise<void> {
    if (rows.length > 0) await store.db.insertInto('accounts').values([...rows]).execute()
  }

  /** The accounts whose name starts with `prefix` (all of them by default), one page of them. */
  function page(request: PageRequest, prefix = ''): Promise<Page<Account>> {
    const matching = () => store.db.selectFrom('accounts').where('name', 'like', `${prefix}%`)
    return fetchPage(matching().selectAll(), { createdAt: 'created_at', id: 'id' }, request, async () => {
      const { n } = await matching()
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
      return Number(n)
    })
  }

  /** Follows NextToken from the first page to the last, as a client would. */
  async function allTokenPages(size: number, prefix = ''): Promise<Array<Page<Account>>> {
    const pages: Array<Page<Account>> = []
    let request: PageRequest = { style: 'token', size }
    for (;;) {
      const current = await page(request, prefix)
      pages.push(current)
      if (current.nextToken === '') return pages
      assert.ok(pages.length <= 1000, 'paging does not end')
      request = { style: 'token', size, after: decodeNextToken(current.nextToken) }
    }
  }

  const ids = (rows: readonly Account[]) => rows.map((r) => r.id)
  /** The listing order of spec §3.4: creation time, then id. */
  const sorted = (rows: readonly Account[]) =>
    [...rows].sort((a, b) => (a.created_at === b.created_at ? (a.id < b.id ? -1 : 1) : a.created_at < b.created_at ? -1 : 1))

  // Inserted out of order; several share a creation time, so only the id can order them.
  const rows: Account[] = [
    { id: 'acc-07', name: 'n07', created_at: at(2) },
    { id: 'acc-01', name: 'n01', created_at: at(1) },
    { id: 'acc-12', name: 'n12', created_at: at(3) },
    { id: 'acc-03', name: 'n03', created_at: at(1) },
    { id: 'acc-05', name: 'n05', created_at: at(2) },
    { id: 'acc-02', name: 'n02', created_at: at(1) },
    { id: 'acc-09', name: 'n09', created_at: at(2) },
    { id: 'acc-11', name: 'n11', created_at: at(0) },
    { id: 'acc-04', name: 'n04', created_at: at(2) },
    { id: 'acc-10', name: 'n10', created_at: at(3) },
    { id: 'acc-06', name: 'n06', created_at: at(2) },
  ]
  const expected = ids(sorted(rows))

  describe('token pages', () => {
    it('returns every row exactly once, ordered by creation time then id, across pages', async () => {
      await insert(rows)
      const pages = await allTokenPages(3)
      assert.deepEqual(pages.map((p) => p.items.length), [3, 3, 3, 2])
      assert.deepEqual(ids(pages.flatMap((p) => p.items)), expected)
    })

    it('orders rows of equal creation time by id', async () => {
      await insert(rows)
      const first = await page({ style: 'token', size: 4 })
      assert.deepEqual(ids(first.items), ['acc-11', 'acc-01', 'acc-02', 'acc-03'])
    })

    it('gives a NextToken on every page but the last, and an empty one on the last', async () => {
      await insert(rows)
      const pages = await allTokenPages(3)
      assert.deepEqual(pages.map((p) => p.nextToken !== ''), [true, true, true, false])
    })

    it('points the NextToken at the last row of its page', async () => {
      await insert(rows)
      const first = await page({ style: 'token', size: 3 })
      const last = first.items.at(-1)
      assert.deepEqual(decodeNextToken(first.nextToken), { createdAt: last?.created_at, id: last?.id })
    })

    it('ends without an empty page when the rows fill the last page exactly', async () => {
      await insert(rows.slice(0, 9))
      const pages = await allTokenPages(3)
      assert.deepEqual(pages.map((p) => p.items.length), [3, 3, 3])
      assert.equal(pages.at(-1)?.nextToken, '')
    })

    it('returns everything on one page without a NextToken when the page is larger than the listing', async () => {
      await insert(rows)
      const only = await page({ style: 'token', size: 100 })
      assert.deepEqual(ids(only.items), expected)
      assert.equal(only.nextToken, '')
    })

    it('returns an empty page without a NextToken when nothing matches', async () => {
      const empty = await page({ style: 'token', size: 10 })
      assert.deepEqual(empty, { items: [], totalCount: 0, pageNumber: 1, pageSize: 10, nextToken: '' })
    })

    it('reports the total count, page number 1 and the page size on every page', async () => {
      await insert(rows)
      for (const p of await allTokenPages(4)) {
        assert.equal(p.totalCount, rows.length)
        assert.equal(p.pageNumber, 1)
        assert.equal(p.pageSize, 4)
      }
    })

    it('pages through a filtered listing, counting only the matching rows', async () => {
      await insert([...rows, { id: 'acc-00', name: 'other-1', created_at: at(1) }, { id: 'acc-99', name: 'other-2', created_at: at(9) }])
      const pages = await allTokenPages(2, 'n')
      assert.deepEqual(ids(pages.flatMap((p) => p.items)), expected)
      for (const p of pages) assert.equal(p.totalCount, rows.length)
    })

    it('continues after a cursor whose row has since been deleted', async () => {
      await insert(rows)
      const first = await page({ style: 'token', size: 4 })
      await store.db.deleteFrom('accounts').where('id', '=', first.items.at(-1)?.id ?? '').execute()
      const rest = await page({ style: 'token', size: 100, after: decodeNextToken(first.nextToken) })
      assert.deepEqual(ids(rest.items), expected.slice(4))
    })

    it('neither repeats nor skips rows when rows are added before the cursor between pages', async () => {
      await insert(rows)
      const first = await page({ style: 'token', size: 5 })
      await insert([{ id: 'acc-00', name: 'n00', created_at: at(0) }, { id: 'acc-08', name: 'n08', created_at: at(1) }])
      const rest = await page({ style: 'token', size: 100, after: decodeNextToken(first.nextToken) })
      assert.deepEqual([...ids(first.items), ...ids(rest.items)], expected)
    })

    it('takes column names qualified with their table', async () => {
      await insert(rows)
      const qualified = (request: PageRequest) =>
        fetchPage(
          store.db.selectFrom('accounts').selectAll('accounts'),
          { createdAt: 'accounts.created_at', id: 'accounts.id' },
          request,
          async () => rows.length,
        )
      const first = await qualified({ style: 'token', size: 6 })
      const second = await qualified({ style: 'token', size: 6, after: decodeNextToken(first.nextToken) })
      assert.deepEqual([...ids(first.items), ...ids(second.items)], expected)
      assert.equal(second.nextToken, '')
    })
  })

  describe('numbered pages', () => {
    it('returns every row exactly once across pages 1 to N, in the same order as token pages', async () => {
      await insert(rows)
      const pages = await Promise.all([1, 2, 3, 4].map((number) => page({ style: 'page', size: 3, number })))
      assert.deepEqual(pages.map((p) => p.items.length), [3, 3, 3, 2])
      assert.deepEqual(ids(pages.flatMap((p) => p.items)), expected)
    })

    it('reports the page number, page size and total count, and never a NextToken', async () => {
      await insert(rows)
      const second = await page({ style: 'page', size: 4, number: 2 })
      assert.deepEqual(ids(second.items), expected.slice(4, 8))
      assert.equal(second.pageNumber, 2)
      assert.equal(second.pageSize, 4)
      assert.equal(second.totalCount, rows.length)
      assert.equal(second.nextToken, '')
    })

    it('returns an empty page past the end, still with the total count', async () => {
      await insert(rows)
      const beyond = await page({ style: 'page', size: 5, number: 4 })
      assert.deepEqual(beyond, { items: [], totalCount: rows.length, pageNumber: 4, pageSize: 5, nextToken: '' })
    })

    it('counts only the matching rows of a filtered listing', async () => {
      await insert([...rows, { id: 'acc-00', name: 'other', created_at: at(1) }])
      const first = await page({ style: 'page', size: 50, number: 1 }, 'n')
      assert.deepEqual(ids(first.items), expected)
      assert.equal(first.totalCount, rows.length)
    })
  })

  it('lists any set of rows exactly once in both styles, for any page size (property)', async () => {
    const account = fc.record({ id: fc.stringMatching(/^[a-z0-9-]{1,12}$/), second: fc.integer({ min: 0, max: 5 }) })
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(account, { selector: (a) => a.id, maxLength: 25 }), fc.integer({ min: 1, max: 8 }), async (drawn, size) => {
        await store.db.deleteFrom('accounts').execute()
        const inserted = drawn.map(({ id, second }) => ({ id, name: `n-${id}`, created_at: at(second) }))
        await insert(inserted)
        const want = ids(sorted(inserted))

        const tokenPages = await allTokenPages(size)
        assert.deepEqual(ids(tokenPages.flatMap((p) => p.items)), want)
        assert.equal(tokenPages.length, Math.max(1, Math.ceil(want.length / size)))
        for (const p of tokenPages) assert.equal(p.totalCount, want.length)

        const pageCount = Math.max(1, Math.ceil(want.length / size))
        const numbered = await Promise.all(Array.from({ length: pageCount }, (_, i) => page({ style: 'page', size, number: i + 1 })))
        assert.deepEqual(ids(numbered.flatMap((p) => p.items)), want)
      }),
      { numRuns: 60 },
    )
  })
})
