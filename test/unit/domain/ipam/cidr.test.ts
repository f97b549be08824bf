import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { cidrContains, cidrSize, cidrsOverlap, parseCidr, type Cidr } from '../../../../src/domain/ipam/cidr.js'
import { formatIpv4, parseIpv4 } from '../../../../src/domain/ipam/ipv4.js'

const malformed = { name: 'DomainError', code: 'InvalidCidrBlock.Malformed' }

describe('parseCidr', () => {
  it('reads a canonical block', () => {
    assert.deepEqual(parseCidr('192.168.1.0/24'), {
      network: parseIpv4('192.168.1.0'),
      prefix: 24,
      text: '192.168.1.0/24',
    })
  })

  it('clears host bits, so text is canonical', () => {
    assert.deepEqual(parseCidr('10.1.2.3/8'), { network: parseIpv4('10.0.0.0'), prefix: 8, text: '10.0.0.0/8' })
    assert.equal(parseCidr('255.255.255.255/1').text, '128.0.0.0/1')
  })

  it('takes /0 and /32', () => {
    assert.equal(parseCidr('1.2.3.4/0').text, '0.0.0.0/0')
    assert.equal(parseCidr('1.2.3.4/32').text, '1.2.3.4/32')
  })

  for (const text of [
    '',
    '10.0.0.0',
    '10.0.0.0/',
    '/8',
    '10.0.0.0/33',
    '10.0.0.0/08',
    '10.0.0.0/-1',
    '10.0.0.0/8/8',
    '10.0.0.0/1e1',
    '10.0.0.0/ 8',
    ' 10.0.0.0/8',
    '10.0.0/8',
    '010.0.0.0/8',
    '10.0.0.256/24',
    'fd00::/8',
  ]) {
    it(`refuses ${JSON.stringify(text)} with InvalidCidrBlock.Malformed`, () => {
      assert.throws(() => parseCidr(text), malformed)
    })
  }
})

describe('cidrSize', () => {
  it('counts every address of the block', () => {
    assert.equal(cidrSize(parseCidr('10.0.0.0/24')), 256)
    assert.equal(cidrSize(parseCidr('10.0.0.0/29')), 8)
    assert.equal(cidrSize(parseCidr('10.0.0.1/32')), 1)
    assert.equal(cidrSize(parseCidr('0.0.0.0/0')), 2 ** 32)
  })
})

describe('cidrContains and cidrsOverlap', () => {
  const vpc = parseCidr('198.18.0.0/15')

  it('counts a block as containing itself', () => {
    assert.ok(cidrContains(vpc, vpc))
    assert.ok(cidrsOverlap(vpc, vpc))
  })

  it('contains a nested block, not the other way round', () => {
    const inner = parseCidr('198.19.255.0/24')
    assert.ok(cidrContains(vpc, inner))
    assert.ok(!cidrContains(inner, vpc))
    assert.ok(cidrsOverlap(vpc, inner) && cidrsOverlap(inner, vpc))
  })

  it('keeps adjacent blocks apart', () => {
    const low = parseCidr('10.0.0.0/25')
    const high = parseCidr('10.0.0.128/25')
    assert.ok(!cidrsOverlap(low, high))
    assert.ok(!cidrContains(vpc, parseCidr('198.20.0.0/24')))
    assert.ok(!cidrContains(vpc, parseCidr('198.17.255.0/24')))
  })

  it('lets /0 contain everything, including the top of the space', () => {
    const all = parseCidr('0.0.0.0/0')
    assert.ok(cidrContains(all, parseCidr('255.255.255.255/32')))
    assert.ok(cidrContains(parseCidr('255.255.255.0/24'), parseCidr('255.255.255.255/32')))
  })

  it('agrees with interval arithmetic (property)', () => {
    fc.assert(
      fc.property(arbitraryCidr(), arbitraryCidr(), (a, b) => {
        const [aFirst, aLast] = bounds(a)
        const [bFirst, bLast] = bounds(b)
        assert.equal(cidrContains(a, b), aFirst <= bFirst && bLast <= aLast)
        assert.equal(cidrsOverlap(a, b), aFirst <= bLast && bFirst <= aLast)
        assert.equal(cidrsOverlap(a, b), cidrsOverlap(b, a))
      }),
    )
  })

  it('places every address of a block inside it (property)', () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), fc.integer({ min: 0, max: 32 }), (address, prefix) => {
        const block = parseCidr(`${formatIpv4(address)}/${prefix}`)
        assert.ok(cidrContains(block, parseCidr(`${formatIpv4(address)}/32`)))
        assert.equal(parseCidr(block.text).text, block.text)
      }),
    )
  })
})

// Blocks biased towards sharing a prefix, so nesting and adjacency are actually exercised.
function arbitraryCidr(): fc.Arbitrary<Cidr> {
  return fc
    .tuple(
      fc.constantFrom(0x0a000000, 0xc6120000, 0xffffff00),
      fc.nat({ max: 0xffff }),
      fc.integer({ min: 0, max: 32 }),
    )
    .map(([base, offset, prefix]) => parseCidr(`${formatIpv4((base + offset) % 2 ** 32)}/${prefix}`))
}

function bounds(cidr: Cidr): [number, number] {
  return [cidr.network, cidr.network + cidrSize(cidr) - 1]
}
