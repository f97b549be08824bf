import type { Kysely } from 'kysely'
import type { Tag, TagFilter } from '../../domain/tags.js'
import type { Database } from '../schema.js'

/** The `tags` table serves every taggable resource, keyed by the lowercase type TagResources uses. */
export type TaggedType = 'eni' | 'instance' | 'securitygroup' | 'vpc' | 'vswitch' | 'eip'

export async function loadTags(db: Kysely<Database>, type: TaggedType, ids: readonly string[]): Promise<Map<string, Tag[]>> {
  const byId = new Map<string, Tag[]>(ids.map((id) => [id, []]))
  if (ids.length === 0) return byId
  const rows = await db
    .selectFrom('tags')
    .select(['resource_id', 'key', 'value'])
    .where('resource_type', '=', type)
    .where('resource_id', 'in', ids)
    .orderBy('resource_id')
    .orderBy('key')
    .execute()
  for (const row of rows) byId.get(row.resource_id)?.push({ key: row.key, value: row.value })
  return byId
}

export async function saveTags(db: Kysely<Database>, type: TaggedType, id: string, tags: readonly Tag[]): Promise<void> {
  if (tags.length === 0) return
  await db
    .insertInto('tags')
    .values(tags.map((t) => ({ resource_type: type, resource_id: id, key: t.key, value: t.value })))
    .execute()
}

export async function deleteTags(db: Kysely<Database>, type: TaggedType, id: string): Promise<void> {
  await db.deleteFrom('tags').where('resource_type', '=', type).where('resource_id', '=', id).execute()
}

/**
 * IDs of resources carrying every one of the filter tags (a filter without value matches any
 * value), as a subquery callers put in `where id in (…)`.
 */
export function idsWithTags(db: Kysely<Database>, type: TaggedType, filter: readonly TagFilter[]) {
  let q = db.selectFrom('tags').select('resource_id').where('resource_type', '=', type)
  q = q.where((eb) =>
    eb.or(filter.map((f) => (f.value === undefined ? eb('key', '=', f.key) : eb.and([eb('key', '=', f.key), eb('value', '=', f.value)])))),
  )
  return q.groupBy('resource_id').having((eb) => eb.fn.count('key').distinct(), '=', filter.length)
}
