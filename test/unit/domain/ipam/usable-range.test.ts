import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { cidrSize, parseCidr } from '../../../../src/domain/ipam/cidr.js'
import { formatIpv4, parseIpv4 } from '../../../../src/domain/ipam/ipv4.js'
import { assertAssignable, availableCount, isUsable, usableRange } from '../../../../src/domain/ipam/usable-range.js'

const ipInvalid = { name: 'DomainError', code: 'InvalidVSwitchId.IpInvalid' }

describe('usableRange', () => {
  const range = usableRange(parseCidr('192.168.1.0/24'))

  it('reserves .0, .253, .254 and .255 of 192.168.1.0/24, as the reference says', () => {
    for (const text of ['192.168.1.0', '192.168.1.253', '192.168.1.254', '192.168.1.255']) {
      assert.ok(!isUsable(range, parseIpv4(text)), text)
    }
    assert.deepEqual(range, { first: parseIpv4('192.168.1.1'), last: parseIpv4('192.168.1.252'), size: 252 })
  })

  it('leaves 8 − 4 = 4 usable addresses in a /29', () => {
    const small = usableRange(parseCidr('10.0.0.8/29'))
    assert.deepEqual(small, { first: parseIpv4('10.0.0.9'), last: parseIpv4('10.0.0.12'), size: 4 })
  })

  it('leaves 65,532 usable addresses in a /16', () => {
    assert.equal(usableRange(parseCidr('198.18.0.0/16')).size, 65_532)
  })

  it('is empty for blocks too small to hold a reserved set', () => {
    for (const text of ['10.0.0.0/30', '10.0.0.0/31', '10.0.0.0/32', '255.255.255.255/32']) {
      const empty = usableRange(parseCidr(text))
      assert.equal(empty.size, 0, text)
      assert.equal(empty.last, empty.first - 1, text)
      assert.ok(!isUsable(empty, empty.first), text)
    }
  })

  it('reserves exactly the first and the last three addresses of any vSwitch block (property)', () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), fc.integer({ min: 16, max: 29 }), (base, prefix) => {
        const cidr = parseCidr(`${formatIpv4(base)}/${prefix}`)
        const r = usableRange(cidr)
        const end = cidr.network + cidrSize(cidr) - 1
        assert.equal(r.size, cidrSize(cidr) - 4)
        assert.equal(r.last - r.first + 1, r.size)
        for (const reserved of [cidr.network, end - 2, end - 1, end]) assert.ok(!isUsable(r, reserved))
        for (const usable of [cidr.network + 1, end - 3]) assert.ok(isUsable(r, usable))
      }),
    )
  })
})

describe('isUsable', () => {
  it('refuses values that are not addresses', () => {
    const range = usableRange(parseCidr('10.0.0.0/24'))
    assert.ok(!isUsable(range, range.first + 0.5))
    assert.ok(!isUsable(range, Number.NaN))
  })
})

describe('assertAssignable', () => {
  const range = usableRange(parseCidr('192.168.1.0/24'))

  it('accepts the first and last usable address', () => {
    assertAssignable(range, parseIpv4('192.168.1.1'))
    assertAssignable(range, parseIpv4('192.168.1.252'))
  })

  const refused = ['192.168.1.0', '192.168.1.253', '192.168.1.254', '192.168.1.255', '192.168.2.1', '192.168.0.255']
  for (const text of refused) {
    it(`refuses ${text} with InvalidVSwitchId.IpInvalid`, () => {
      assert.throws(() => assertAssignable(range, parseIpv4(text)), ipInvalid)
    })
  }
})

describe('availableCount', () => {
  const range = usableRange(parseCidr('192.168.1.0/24'))

  it('is the usable addresses minus those held', () => {
    assert.equal(availableCount(range, 0), 252)
    assert.equal(availableCount(range, 2), 250)
    assert.equal(availableCount(range, 252), 0)
  })

  it('refuses a held count the vSwitch could not hold', () => {
    for (const held of [-1, 253, 1.5]) assert.throws(() => availableCount(range, held), RangeError)
  })

  it('plus the held addresses is the usable size, and counts the free ones (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 24, max: 29 }).chain((prefix) => {
          const r = usableRange(parseCidr(`10.0.0.0/${prefix}`))
          return fc.tuple(fc.constant(r), fc.uniqueArray(fc.integer({ min: r.first, max: r.last })))
        }),
        ([r, held]) => {
          const heldSet = new Set(held)
          let free = 0
          for (let a = r.first; a <= r.last; a++) if (!heldSet.has(a)) free++
          assert.equal(availableCount(r, held.length), free)
          assert.equal(availableCount(r, held.length) + held.length, r.size)
        },
      ),
    )
  })
})
