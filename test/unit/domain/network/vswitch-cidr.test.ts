import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { parseCidr } from '../../../../src/domain/ipam/cidr.js'
import { formatIpv4 } from '../../../../src/domain/ipam/ipv4.js'
import { assertVSwitchCidr } from '../../../../src/domain/network/vswitch-cidr.js'

const malformed = { name: 'DomainError', code: 'InvalidCidrBlock.Malformed' }
const maskLength = { name: 'DomainError', code: 'InvalidCirdrBlock.MaskLength' }
const notInVpc = { name: 'DomainError', code: 'InvalidParameter' }
const overlapped = { name: 'DomainError', code: 'InvalidCidrBlock.Overlapped' }

describe('assertVSwitchCidr', () => {
  const vpc = parseCidr('198.18.0.0/15')

  it('accepts a block inside the VPC and returns it parsed', () => {
    assert.deepEqual(assertVSwitchCidr('198.18.1.0/24', vpc, []), parseCidr('198.18.1.0/24'))
  })

  it('accepts masks 16 and 29, the bounds', () => {
    assertVSwitchCidr('198.19.0.0/16', vpc, [])
    assertVSwitchCidr('198.18.0.248/29', vpc, [])
  })

  it('accepts the whole VPC block when the vSwitch is alone in it', () => {
    const small = parseCidr('10.0.0.0/24')
    assertVSwitchCidr('10.0.0.0/24', small, [])
  })

  for (const text of ['198.18.0.0/15', '198.18.0.0/30', '198.18.0.1/32']) {
    it(`refuses the mask of ${text} with InvalidCirdrBlock.MaskLength (sic)`, () => {
      assert.throws(() => assertVSwitchCidr(text, vpc, []), maskLength)
    })
  }

  it('checks the mask before the VPC, as a /30 outside the VPC still names its mask', () => {
    assert.throws(() => assertVSwitchCidr('10.0.0.0/30', vpc, []), maskLength)
  })

  for (const text of ['198.18.1.1/24', '198.18.1.0/16', '', '198.18.1.0', '198.018.1.0/24']) {
    it(`refuses ${JSON.stringify(text)} with InvalidCidrBlock.Malformed`, () => {
      assert.throws(() => assertVSwitchCidr(text, vpc, []), malformed)
    })
  }

  for (const text of ['198.20.0.0/24', '198.17.255.0/24', '10.0.0.0/24']) {
    it(`refuses ${text}, outside the VPC, with InvalidParameter saying so`, () => {
      assert.throws(() => assertVSwitchCidr(text, vpc, []), { ...notInVpc, message: /not inside the VPC/ })
    })
  }

  it('refuses a block larger than a small VPC with InvalidParameter', () => {
    assert.throws(() => assertVSwitchCidr('10.0.0.0/16', parseCidr('10.0.0.0/24'), []), notInVpc)
  })

  describe('against sibling vSwitches', () => {
    const siblings = [parseCidr('198.18.0.0/24'), parseCidr('198.18.4.0/22')]

    for (const text of ['198.18.0.0/24', '198.18.0.128/25', '198.18.0.0/16', '198.18.6.0/24']) {
      it(`refuses ${text}, which overlaps a sibling, with InvalidCidrBlock.Overlapped`, () => {
        assert.throws(() => assertVSwitchCidr(text, vpc, siblings), overlapped)
      })
    }

    for (const text of ['198.18.1.0/24', '198.18.3.0/24', '198.18.8.0/24']) {
      it(`accepts ${text}, right beside a sibling`, () => {
        assertVSwitchCidr(text, vpc, siblings)
      })
    }
  })

  it('accepts exactly the blocks inside the VPC and clear of every sibling (property)', () => {
    const small = parseCidr('10.0.0.0/22')
    const block = fc
      .tuple(fc.nat({ max: 0x7ff }), fc.integer({ min: 16, max: 29 }))
      .map(([offset, prefix]) => parseCidr(`${formatIpv4(small.network - 0x200 + offset)}/${prefix}`))
    fc.assert(
      fc.property(block, fc.array(block, { maxLength: 4 }), (candidate, others) => {
        const span = (c: typeof candidate) => [c.network, c.network + 2 ** (32 - c.prefix) - 1] as const
        const [first, last] = span(candidate)
        const inside = first >= small.network && last <= small.network + 1023
        const clear = others.every((o) => last < span(o)[0] || first > span(o)[1])
        const check = () => assertVSwitchCidr(candidate.text, small, others)
        if (!inside) assert.throws(check, notInVpc)
        else if (!clear) assert.throws(check, overlapped)
        else assert.equal(check().text, candidate.text)
      }),
    )
  })
})
