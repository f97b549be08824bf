import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { elementChanges } from '../../../../src/agent/linux/firewall.js'

/** What the kernel must be told: every element of one list missing from the other, whole lists compared. */
function naive(before: readonly string[], after: readonly string[]) {
  const had = new Set(before)
  const has = new Set(after)
  return { gone: before.filter((e) => !has.has(e)), fresh: after.filter((e) => !had.has(e)) }
}

describe('the element changes of a set', () => {
  it('are those of comparing the whole lists, for lists of any shape (property, seeded)', () => {
    let seed = 20261203
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32)
    const pick = (n: number) => Math.floor(random() * n)
    for (let round = 0; round < 3000; round++) {
      // Few distinct values, so repeats, moves and shared ends are common; some lists long enough to use a set.
      const values = 2 + pick(round % 10 === 0 ? 200 : 12)
      const before = Array.from({ length: pick(round % 10 === 0 ? 120 : 12) }, () => `e${pick(values)}`)
      const after = [...before]
      for (let edits = pick(5); edits > 0; edits--) {
        const at = pick(after.length + 1)
        if (random() < 0.5 && after.length > 0) after.splice(Math.min(at, after.length - 1), 1)
        else after.splice(at, 0, `e${pick(values + 3)}`)
      }
      assert.deepEqual(elementChanges(before, after), naive(before, after), JSON.stringify({ before, after }))
    }
  })

  it('for one element added among thousands, name only that one', () => {
    const before = Array.from({ length: 6000 }, (_, i) => `"b" . 198.18.${i >> 8}.${i & 255} : jump p_in`)
    const after = [...before.slice(0, 3000), '"b" . 198.19.0.1 : jump p_in', ...before.slice(3000)]
    assert.deepEqual(elementChanges(before, after), { gone: [], fresh: ['"b" . 198.19.0.1 : jump p_in'] })
    assert.deepEqual(elementChanges(after, before), { gone: ['"b" . 198.19.0.1 : jump p_in'], fresh: [] })
    assert.deepEqual(elementChanges(before, before), { gone: [], fresh: [] })
  })
})
