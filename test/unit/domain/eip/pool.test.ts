import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { nextPoolHint, parsePool, poolContains, poolWindows, requestedPoolAddress } from '../../../../src/domain/eip/pool.js'
import { formatIpv4, parseIpv4 } from '../../../../src/domain/ipam/ipv4.js'

const ip = parseIpv4
const runs = (blocks: string[]) => parsePool(blocks).map((r) => `${formatIpv4(r.from)}-${formatIpv4(r.to)}`)

describe('parsePool', () => {
  it('leaves out the network and broadcast address of each block', () => {
    assert.deepEqual(runs(['203.0.113.0/24']), ['203.0.113.1-203.0.113.254'])
    assert.deepEqual(runs(['203.0.113.0/30']), ['203.0.113.1-203.0.113.2'])
  })

  it('keeps every address of a /31 and a /32, which have neither', () => {
    assert.deepEqual(runs(['198.51.100.7/32', '203.0.113.8/31']), ['198.51.100.7-198.51.100.7', '203.0.113.8-203.0.113.9'])
  })

  it('orders the blocks by address', () => {
    assert.deepEqual(runs(['203.0.113.16/29', '203.0.113.0/29']), ['203.0.113.1-203.0.113.6', '203.0.113.17-203.0.113.22'])
  })
})

describe('poolContains', () => {
  it('knows the usable addresses of the pool only', () => {
    const pool = parsePool(['203.0.113.0/29'])
    assert.equal(poolContains(pool, ip('203.0.113.1')), true)
    assert.equal(poolContains(pool, ip('203.0.113.0')), false)
    assert.equal(poolContains(pool, ip('203.0.113.7')), false)
    assert.equal(poolContains(pool, ip('203.0.113.9')), false)
  })
})

describe('poolWindows', () => {
  const windows = (blocks: string[], hint: string | number, size: number) =>
    [...poolWindows(parsePool(blocks), typeof hint === 'number' ? hint : ip(hint), size)].map((w) => `${formatIpv4(w.from)}-${formatIpv4(w.to)}`)

  it('starts at the hint, runs to the end of the pool, then wraps to the start', () => {
    assert.deepEqual(windows(['203.0.113.0/29', '203.0.113.16/31'], '203.0.113.4', 10), [
      '203.0.113.4-203.0.113.6',
      '203.0.113.16-203.0.113.17',
      '203.0.113.1-203.0.113.3',
    ])
  })

  it('starts at the next block when the hint falls between blocks, and wraps past the end', () => {
    assert.deepEqual(windows(['203.0.113.0/29', '203.0.113.16/31'], '203.0.113.10', 10), ['203.0.113.16-203.0.113.17', '203.0.113.1-203.0.113.6'])
    assert.deepEqual(windows(['203.0.113.0/29'], '203.0.113.200', 10), ['203.0.113.1-203.0.113.6'])
    assert.deepEqual(windows(['203.0.113.0/29'], 0, 10), ['203.0.113.1-203.0.113.6'])
  })

  it('cuts runs into windows of the size asked', () => {
    assert.deepEqual(windows(['203.0.113.0/29'], '203.0.113.1', 4), ['203.0.113.1-203.0.113.4', '203.0.113.5-203.0.113.6'])
  })

  it('covers every address of the pool exactly once from any hint (property)', () => {
    const block = fc.tuple(fc.integer({ min: 0, max: 63 }), fc.integer({ min: 28, max: 32 })).map(([n, prefix]) => {
      const size = 2 ** (32 - prefix)
      return `${formatIpv4(ip('203.0.0.0') + Math.floor((n * 16) / size) * size)}/${prefix}`
    })
    fc.assert(
      fc.property(fc.uniqueArray(block, { maxLength: 4, selector: (b) => b.split('/')[0] }), fc.nat({ max: 2048 }), fc.integer({ min: 1, max: 9 }), (blocks, offset, size) => {
        // Overlapping blocks are refused by the config; keep only disjoint ones here.
        const pool = parsePool(blocks).filter((run, i, all) => i === 0 || run.from > all[i - 1]!.to)
        const covered: number[] = []
        for (const w of poolWindows(pool, ip('203.0.0.0') + offset, size)) {
          assert.ok(w.to - w.from + 1 <= size)
          for (let a = w.from; a <= w.to; a++) covered.push(a)
        }
        const expected = pool.flatMap((r) => Array.from({ length: r.to - r.from + 1 }, (_, i) => r.from + i))
        assert.deepEqual([...covered].sort((a, b) => a - b), expected)
      }),
    )
  })
})

describe('nextPoolHint', () => {
  it('is the address after the one handed out', () => {
    assert.equal(nextPoolHint(ip('203.0.113.6')), ip('203.0.113.7'))
  })
})

describe('requestedPoolAddress', () => {
  const pool = parsePool(['203.0.113.0/24'])

  it('accepts a usable address of the pool', () => {
    assert.equal(requestedPoolAddress(pool, '203.0.113.5'), ip('203.0.113.5'))
  })

  it('refuses an address outside the pool, or its network or broadcast address, with ResourceNotFound.Ip', () => {
    for (const text of ['198.51.100.1', '203.0.113.0', '203.0.113.255']) {
      assert.throws(() => requestedPoolAddress(pool, text), { code: 'ResourceNotFound.Ip' })
    }
  })

  it('refuses what is not a dotted quad with InvalidParameter', () => {
    for (const text of ['203.0.113', '203.0.113.05', 'x', '::1']) {
      assert.throws(() => requestedPoolAddress(pool, text), { code: 'InvalidParameter' })
    }
  })
})
