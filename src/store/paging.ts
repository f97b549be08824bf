import type { SelectQueryBuilder } from 'kysely'
import { encodeNextToken, type Page, type PageRequest } from '../domain/paging.js'

interface Keyed {
  created_at: string
  id: string
}

/**
 * Runs a listing in the stable (created_at, id) order of spec §3.4. Token pages are keyset pages:
 * one row more than asked tells whether a NextToken is due, so a page costs the same at any depth.
 * Page-number pages also count the total, which that style promises.
 */
export async function fetchPage<DB, TB extends keyof DB, O extends Keyed>(
  query: SelectQueryBuilder<DB, TB, O>,
  columns: { createdAt: string; id: string },
  page: PageRequest,
  countQuery: () => Promise<number>,
): Promise<Page<O>> {
  const created = columns.createdAt as never
  const id = columns.id as never
  if (page.style === 'token') {
    let q = query
    if (page.after !== undefined) {
      const { createdAt, id: lastId } = page.after
      q = q.where((eb) =>
        eb.or([eb(created, '>', createdAt as never), eb.and([eb(created, '=', createdAt as never), eb(id, '>', lastId as never)])]),
      )
    }
    const rows = await q.orderBy(created).orderBy(id).limit(page.size + 1).execute()
    const items = rows.slice(0, page.size)
    const last = items.at(-1)
    const nextToken = rows.length > page.size && last !== undefined ? encodeNextToken({ createdAt: last.created_at, id: last.id }) : ''
    return { items, totalCount: await countQuery(), pageNumber: 1, pageSize: page.size, nextToken }
  }
  const [items, totalCount] = await Promise.all([
    query.orderBy(created).orderBy(id).limit(page.size).offset((page.number - 1) * page.size).execute(),
    countQuery(),
  ])
  return { items, totalCount, pageNumber: page.number, pageSize: page.size, nextToken: '' }
}

/** The `countQuery` of `fetchPage`: how many rows the filtered (not yet selected) query matches. */
export function countOf<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>): () => Promise<number> {
  return async () => {
    // Kysely cannot resolve the selection's type while DB is generic; the row is `{ n }` all the same.
    const row = (await query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()) as unknown as { n: number | string | bigint }
    return Number(row.n)
  }
}
