import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { cidrSize, parseCidr } from '../../../../src/domain/ipam/cidr.js'
import { formatIpv4 } from '../../../../src/domain/ipam/ipv4.js'
import { assertVpcCidr } from '../../../../src/domain/network/vpc-cidr.js'

const invalid = { name: 'DomainError', code: 'InvalidParameter' }
const excluded = { name: 'DomainError', code: 'OperationDenied.CidrInExcludeCidrs' }

describe('assertVpcCidr', () => {
  it('accepts a private block and returns it parsed', () => {
    assert.deepEqual(assertVpcCidr('198.18.0.0/15'), parseCidr('198.18.0.0/15'))
    assert.equal(assertVpcCidr('172.16.0.0/12').text, '172.16.0.0/12')
  })

  it('accepts masks 8 and 28, the bounds', () => {
    assertVpcCidr('10.0.0.0/8')
    assertVpcCidr('192.168.0.16/28')
  })

  for (const text of ['10.0.0.0/7', '192.168.0.0/29', '0.0.0.0/0', '192.168.0.1/32']) {
    it(`refuses the mask of ${text} with InvalidParameter`, () => {
      assert.throws(() => assertVpcCidr(text), invalid)
    })
  }

  for (const text of ['10.0.0.1/8', '192.168.1.0/16', '172.16.0.8/28']) {
    it(`refuses ${text}, which has host bits set, with InvalidParameter`, () => {
      assert.throws(() => assertVpcCidr(text), { ...invalid, message: /host bits/ })
    })
  }

  for (const text of ['', '10.0.0.0', '10.0.0/8', '10.0.0.0/8 ', 'fd00::/8']) {
    it(`refuses malformed ${JSON.stringify(text)} with InvalidParameter`, () => {
      assert.throws(() => assertVpcCidr(text), invalid)
    })
  }

  for (const text of [
    '100.64.0.0/10',
    '100.64.1.0/24',
    '100.127.255.240/28',
    '100.0.0.0/8',
    '224.0.0.0/8',
    '239.255.255.0/24',
    '127.0.0.0/8',
    '169.254.0.0/16',
    '169.0.0.0/8',
    '0.0.0.0/8',
    '240.0.0.0/8',
    '255.255.255.240/28',
  ]) {
    it(`refuses ${text}, in or around a reserved block, with OperationDenied.CidrInExcludeCidrs`, () => {
      assert.throws(() => assertVpcCidr(text), excluded)
    })
  }

  const besideReserved = [
    '100.0.0.0/10',
    '100.128.0.0/9',
    '126.0.0.0/8',
    '128.0.0.0/8',
    '169.253.0.0/16',
    '169.255.0.0/16',
    '1.0.0.0/8',
    '223.255.255.240/28',
  ]
  for (const text of besideReserved) {
    it(`accepts ${text}, right beside a reserved block`, () => {
      assertVpcCidr(text)
    })
  }

  it('accepts a canonical block exactly when it keeps clear of every reserved block (property)', () => {
    const reserved = ['0.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '224.0.0.0/3'].map(parseCidr)
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), fc.integer({ min: 8, max: 28 }), (base, prefix) => {
        const text = parseCidr(`${formatIpv4(base)}/${prefix}`).text
        const first = parseCidr(text).network
        const last = first + 2 ** (32 - prefix) - 1
        const clear = reserved.every((r) => last < r.network || first > r.network + cidrSize(r) - 1)
        if (clear) assert.equal(assertVpcCidr(text).text, text)
        else assert.throws(() => assertVpcCidr(text), excluded)
      }),
    )
  })
})
