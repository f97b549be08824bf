import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { ERROR_CODES } from '../../../../src/domain/errors.js'
import { statusOf } from '../../../../src/api/aliyun/error-status.js'

/** Rows of docs/errors.md: | `Code` | ECS status | VPC status | when |. */
function documented(): Map<string, { ecs: number; vpc: number; when: string }> {
  const text = readFileSync(new URL('../../../../docs/errors.md', import.meta.url), 'utf8')
  const rows = new Map<string, { ecs: number; vpc: number; when: string }>()
  for (const line of text.split('\n')) {
    const match = /^\|\s*`([^`]+)`\s*\|\s*(\d{3})\s*\|\s*(\d{3})\s*\|\s*(.*?)\s*\|$/.exec(line)
    if (match === null) continue
    assert.ok(!rows.has(match[1] ?? ''), `${match[1]} is documented twice`)
    rows.set(match[1] ?? '', { ecs: Number(match[2]), vpc: Number(match[3]), when: match[4] ?? '' })
  }
  return rows
}

describe('error catalogue', () => {
  const docs = documented()

  it('documents every code the product can raise, with the status each product answers', () => {
    for (const code of ERROR_CODES) {
      const row = docs.get(code)
      assert.ok(row, `${code} is not documented in docs/errors.md`)
      assert.equal(row.ecs, statusOf(code, 'ecs'), `${code}: documented ECS status differs`)
      assert.equal(row.vpc, statusOf(code, 'vpc'), `${code}: documented VPC status differs`)
      assert.ok(row.when.length > 0, `${code} has no explanation`)
    }
  })

  it('documents no code that is gone', () => {
    const known = new Set<string>(ERROR_CODES)
    for (const code of docs.keys()) assert.ok(known.has(code), `docs/errors.md documents ${code}, which no longer exists`)
  })

  it('lists each code once', () => {
    assert.equal(new Set(ERROR_CODES).size, ERROR_CODES.length)
  })
})
