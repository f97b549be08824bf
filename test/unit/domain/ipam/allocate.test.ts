import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import {
  allocateFrom,
  freeInWindow,
  nextHint,
  scanWindows,
  type AddressWindow,
} from '../../../../src/domain/ipam/allocate.js'
import { cidrSize, parseCidr } from '../../../../src/domain/ipam/cidr.js'
import { formatIpv4, parseIpv4 } from '../../../../src/domain/ipam/ipv4.js'
import { isUsable, usableRange, type UsableRange } from '../../../../src/domain/ipam/usable-range.js'

const ipNotEnough = { name: 'DomainError', code: 'InvalidVSwitchId.IpNotEnough' }

describe('scanWindows', () => {
  const range = usableRange(parseCidr('10.0.0.0/28')) // .1 … .12

  it('starts at the hint and wraps round to first', () => {
    assert.deepEqual([...scanWindows(range, at(5), 4)], [
      { from: at(5), to: at(8) },
      { from: at(9), to: at(12) },
      { from: at(1), to: at(4) },
    ])
  })

  it('cuts the last window of each side short instead of crossing last or the hint', () => {
    assert.deepEqual([...scanWindows(range, at(6), 5)], [
      { from: at(6), to: at(10) },
      { from: at(11), to: at(12) },
      { from: at(1), to: at(5) },
    ])
  })

  it('clamps a hint outside the range', () => {
    assert.deepEqual([...scanWindows(range, at(0), 100)], [{ from: at(1), to: at(12) }])
    assert.deepEqual([...scanWindows(range, at(200), 100)], [
      { from: at(12), to: at(12) },
      { from: at(1), to: at(11) },
    ])
    assert.deepEqual([...scanWindows(range, Number.NaN, 100)], [{ from: at(1), to: at(12) }])
  })

  it('yields nothing for an empty range', () => {
    assert.deepEqual([...scanWindows(usableRange(parseCidr('10.0.0.0/30')), 0, 4)], [])
  })

  it('refuses a window size below one', () => {
    for (const size of [0, -1, 1.5]) assert.throws(() => scanWindows(range, at(1), size).next(), RangeError)
  })

  it('covers every usable address exactly once, in scan order, for any hint and window size (property)', () => {
    fc.assert(
      fc.property(arbitraryRange(18, 32), fc.integer({ min: 1, max: 5000 }), ([r, hint], windowSize) => {
        const windows = [...scanWindows(r, hint, windowSize)]
        assert.deepEqual(windows.flatMap(addressesOf), scanOrder(r, hint))
        for (const w of windows) {
          assert.ok(w.from <= w.to && w.to - w.from + 1 <= windowSize)
          assert.ok(isUsable(r, w.from) && isUsable(r, w.to))
        }
      }),
    )
  })
})

describe('freeInWindow', () => {
  const window = { from: 10, to: 20 }

  it('returns free addresses in ascending order, skipping used ones', () => {
    assert.deepEqual(freeInWindow(window, [10, 11, 13], 3), [12, 14, 15])
  })

  it('returns fewer than wanted when the window runs out', () => {
    assert.deepEqual(freeInWindow(window, [10, 11, 12, 13, 14, 15, 16, 17, 18], 5), [19, 20])
    assert.deepEqual(freeInWindow(window, addressesOf(window), 5), [])
  })

  it('returns nothing when nothing is wanted', () => {
    assert.deepEqual(freeInWindow(window, [], 0), [])
  })

  it('tolerates a used list with repeats', () => {
    assert.deepEqual(freeInWindow(window, [10, 10, 11, 11], 2), [12, 13])
  })
})

describe('allocateFrom', () => {
  const range = usableRange(parseCidr('10.0.0.0/29')) // .1 … .4

  it('hands out all four usable addresses of a /29, then reports IpNotEnough', () => {
    assert.deepEqual(allocateFrom(range, range.first, 4, () => []), [at(1), at(2), at(3), at(4)])
    assert.throws(() => allocateFrom(range, range.first, 5, () => []), ipNotEnough)
  })

  it('skips used addresses and wraps round from the hint', () => {
    assert.deepEqual(allocateFrom(range, at(3), 2, usedFrom([at(4)])), [at(3), at(1)])
  })

  it('does not reuse a released address at once when the hint follows the last allocation', () => {
    const first = allocateFrom(range, range.first, 2, () => [])
    const held = [first[1]!] // first[0] was released
    const hint = nextHint(range, first[1]!)
    assert.deepEqual(allocateFrom(range, hint, 1, usedFrom(held)), [at(3)])
  })

  it('reads no window after the one that completes the request', () => {
    const big = usableRange(parseCidr('10.0.0.0/20'))
    const asked: AddressWindow[] = []
    allocateFrom(big, big.first, 3, (w) => (asked.push(w), []), 16)
    assert.deepEqual(asked, [{ from: big.first, to: big.first + 15 }])
  })

  it('refuses a negative or fractional count', () => {
    for (const want of [-1, 0.5]) assert.throws(() => allocateFrom(range, range.first, want, () => []), RangeError)
  })

  it('never returns a reserved, used or repeated address, and returns the first free ones in scan order (property)', () => {
    fc.assert(
      fc.property(
        arbitraryRange(22, 30).chain(([r, hint]) =>
          fc.tuple(fc.constant(r), fc.constant(hint), fc.subarray(scanOrder(r, r.first))),
        ),
        fc.nat({ max: 1100 }),
        fc.integer({ min: 1, max: 600 }),
        ([r, hint, used], wantSeed, windowSize) => {
          const usedSet = new Set(used)
          const free = scanOrder(r, hint).filter((a) => !usedSet.has(a))
          const want = wantSeed % (free.length + 3)
          const allocate = () => allocateFrom(r, hint, want, usedFrom(used), windowSize)
          if (want > free.length) {
            assert.throws(allocate, ipNotEnough)
            return
          }
          const picked = allocate()
          assert.deepEqual(picked, free.slice(0, want))
          assert.equal(new Set(picked).size, picked.length)
          for (const a of picked) assert.ok(isUsable(r, a) && !usedSet.has(a), formatIpv4(a))
        },
      ),
    )
  })

  it('yields exactly size addresses until exhaustion, then IpNotEnough (property)', () => {
    fc.assert(
      fc.property(
        arbitraryRange(24, 29),
        fc.integer({ min: 1, max: 300 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1 }),
        ([r, startHint], windowSize, chunks) => {
          const held: number[] = []
          let hint = startHint
          for (let i = 0; held.length < r.size; i++) {
            const want = Math.min(chunks[i % chunks.length]!, r.size - held.length)
            const picked = allocateFrom(r, hint, want, usedFrom(held), windowSize)
            assert.equal(picked.length, want)
            held.push(...picked)
            hint = nextHint(r, picked[picked.length - 1]!)
          }
          assert.equal(held.length, r.size)
          assert.equal(new Set(held).size, r.size)
          assert.ok(held.every((a) => isUsable(r, a)))
          assert.throws(() => allocateFrom(r, hint, 1, usedFrom(held), windowSize), ipNotEnough)
        },
      ),
    )
  })
})

describe('nextHint', () => {
  const range = usableRange(parseCidr('10.0.0.0/29')) // .1 … .4

  it('moves just past the last allocation', () => {
    assert.equal(nextHint(range, at(2)), at(3))
  })

  it('wraps to first after last, and from anything outside the range', () => {
    for (const a of [at(4), at(0), at(7), at(9)]) assert.equal(nextHint(range, a), range.first)
  })
})

/** An address of the 10.0.0.0/8 examples by its last octets. */
function at(offset: number): number {
  return parseIpv4('10.0.0.0') + offset
}

/** The reference model of the scan: clamp the hint, go up to last, wrap to first. */
function scanOrder(r: UsableRange, hint: number): number[] {
  if (r.size === 0) return []
  const start = Number.isNaN(hint) ? r.first : Math.min(Math.max(Math.floor(hint), r.first), r.last)
  return [...addressesOf({ from: start, to: r.last }), ...addressesOf({ from: r.first, to: start - 1 })]
}

function addressesOf(w: AddressWindow): number[] {
  return Array.from({ length: Math.max(0, w.to - w.from + 1) }, (_, i) => w.from + i)
}

/** What the store would answer for one window: the held addresses inside it, ascending. */
function usedFrom(held: readonly number[]): (w: AddressWindow) => number[] {
  const sorted = [...held].sort((a, b) => a - b)
  return (w) => sorted.filter((a) => a >= w.from && a <= w.to)
}

/** A usable range anywhere in the address space, with a hint inside, beside or far from it. */
function arbitraryRange(minPrefix: number, maxPrefix: number): fc.Arbitrary<[UsableRange, number]> {
  return fc
    .tuple(fc.nat({ max: 0xffffffff }), fc.integer({ min: minPrefix, max: maxPrefix }))
    .chain(([base, prefix]) => {
      const cidr = parseCidr(`${formatIpv4(base)}/${prefix}`)
      const r = usableRange(cidr)
      const hint = fc.oneof(
        fc.integer({ min: cidr.network - 2, max: cidr.network + cidrSize(cidr) + 2 }),
        fc.nat({ max: 0xffffffff }),
        fc.constant(Number.NaN),
      )
      return fc.tuple(fc.constant(r), hint)
    })
}
