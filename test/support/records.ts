import assert from 'node:assert/strict'
import type { TestServer } from './server.js'

/** A deleted resource left no tags behind, and the change log tells its life in these events. */
export async function assertDeletedWithHistory(server: TestServer, resourceId: string, events: string[]): Promise<void> {
  const { db } = server.deps.store
  assert.deepEqual(await db.selectFrom('tags').selectAll().where('resource_id', '=', resourceId).execute(), [])
  const recorded = await db.selectFrom('changes').select('event').where('resource_id', '=', resourceId).orderBy('revision').execute()
  assert.deepEqual(
    recorded.map((e) => e.event),
    events,
  )
}
