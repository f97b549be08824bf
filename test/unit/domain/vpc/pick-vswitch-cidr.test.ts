import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { cidrContains, cidrsOverlap, parseCidr } from '../../../../src/domain/ipam/cidr.js'
import { pickVSwitchCidr } from '../../../../src/domain/vpc/pick-vswitch-cidr.js'

const vpc = parseCidr('198.18.0.0/16')
const blocks = (...texts: string[]) => texts.map(parseCidr)

describe('pickVSwitchCidr', () => {
  it('takes the first block of the VPC when it is empty', () => {
    assert.equal(pickVSwitchCidr(vpc, [], 24), '198.18.0.0/24')
  })

  it('skips past a larger sibling that holds the candidate', () => {
    assert.equal(pickVSwitchCidr(vpc, blocks('198.18.0.0/20'), 24), '198.18.16.0/24')
  })

  it('skips past a candidate that holds a smaller sibling', () => {
    assert.equal(pickVSwitchCidr(vpc, blocks('198.18.0.64/26'), 24), '198.18.1.0/24')
  })

  it('fills a gap between siblings, whatever their order', () => {
    assert.equal(pickVSwitchCidr(vpc, blocks('198.18.2.0/24', '198.18.0.0/24'), 24), '198.18.1.0/24')
  })

  it('refuses with InvalidCidrBlock.Overlapped when every block is taken', () => {
    assert.throws(() => pickVSwitchCidr(parseCidr('10.0.0.0/24'), blocks('10.0.0.0/25', '10.0.0.128/25'), 26), {
      code: 'InvalidCidrBlock.Overlapped',
    })
  })

  it('refuses a mask outside 16–29 with InvalidCirdrBlock.MaskLength (sic)', () => {
    for (const mask of [15, 30, 33, -1, 1.5]) {
      assert.throws(() => pickVSwitchCidr(parseCidr('10.0.0.0/8'), [], mask), { code: 'InvalidCirdrBlock.MaskLength' })
    }
  })

  it('refuses a block larger than the VPC with InvalidParameter', () => {
    assert.throws(() => pickVSwitchCidr(parseCidr('10.0.0.0/24'), [], 16), { code: 'InvalidParameter' })
  })

  it('picks the lowest free aligned block inside the VPC, apart from every sibling', () => {
    const base = parseCidr('10.0.0.0/20')
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 63 }), { maxLength: 64 }), fc.integer({ min: 24, max: 29 }), (slots, mask) => {
        const siblings = slots.map((s) => parseCidr(`10.0.${s >> 2}.${(s & 3) * 64}/26`))
        const size = 2 ** (32 - mask)
        const candidates = Array.from({ length: 4096 / size }, (_, i) => parseCidr(`10.0.${(i * size) >> 8}.${(i * size) & 255}/${mask}`))
        const expected = candidates.find((c) => siblings.every((s) => !cidrsOverlap(c, s)))
        if (expected === undefined) {
          assert.throws(() => pickVSwitchCidr(base, siblings, mask), { code: 'InvalidCidrBlock.Overlapped' })
          return
        }
        const picked = parseCidr(pickVSwitchCidr(base, siblings, mask))
        assert.equal(picked.text, expected.text)
        assert.ok(cidrContains(base, picked))
      }),
    )
  })
})
