import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { formatIpv4, parseIpv4 } from '../../../../src/domain/ipam/ipv4.js'

const malformed = { name: 'DomainError', code: 'InvalidPrivateIpAddress.Malformed' }

describe('parseIpv4', () => {
  it('reads a dotted quad as an unsigned 32-bit integer', () => {
    assert.equal(parseIpv4('192.168.1.10'), 0xc0a8010a)
    assert.equal(parseIpv4('0.0.0.0'), 0)
    assert.equal(parseIpv4('255.255.255.255'), 0xffffffff)
  })

  for (const text of [
    '',
    '10.1',
    '10.0.0',
    '10.0.0.1.2',
    '256.0.0.1',
    '10.0.0.-1',
    '010.0.0.1',
    '0x0a.0.0.1',
    '10.0.0.01',
    ' 10.0.0.1',
    '10.0.0.1 ',
    '10.0.0.1\n',
    '10..0.1',
    '10.0.0.1/32',
    '１0.0.0.1',
    '::1',
  ]) {
    it(`refuses ${JSON.stringify(text)} with InvalidPrivateIpAddress.Malformed`, () => {
      assert.throws(() => parseIpv4(text), malformed)
    })
  }

  it('gives each address exactly one spelling (property)', () => {
    fc.assert(fc.property(fc.ipV4(), (text) => assert.equal(formatIpv4(parseIpv4(text)), text)))
  })

  it('refuses every short, octal and hex notation (property)', () => {
    fc.assert(
      fc.property(fc.ipV4Extended(), (text) => {
        if (isStrictDottedQuad(text)) assert.equal(formatIpv4(parseIpv4(text)), text)
        else assert.throws(() => parseIpv4(text), malformed)
      }),
    )
  })
})

describe('formatIpv4', () => {
  it('writes a dotted quad back', () => {
    assert.equal(formatIpv4(0xc0a8010a), '192.168.1.10')
  })

  it('round-trips every unsigned 32-bit integer (property)', () => {
    fc.assert(fc.property(fc.nat({ max: 0xffffffff }), (n) => assert.equal(parseIpv4(formatIpv4(n)), n)))
  })

  for (const n of [-1, 2 ** 32, 1.5, Number.NaN]) {
    it(`refuses ${n}, which is no address`, () => {
      assert.throws(() => formatIpv4(n), RangeError)
    })
  }
})

// An independent statement of the accepted form: four decimal octets, no leading zeros.
function isStrictDottedQuad(text: string): boolean {
  const octets = text.split('.')
  return octets.length === 4 && octets.every((o) => /^(0|[1-9]\d{0,2})$/.test(o) && Number(o) <= 255)
}
