import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { cidrContains, parseCidr } from '../../../../src/domain/ipam/cidr.js'
import { formatIpv4 } from '../../../../src/domain/ipam/ipv4.js'
import { assertRouteDestination, assertVSwitchClearOfRoutes, parseRouteDestination } from '../../../../src/domain/route/destination.js'

const vSwitches = ['198.18.0.0/24', '198.18.1.0/24'].map(parseCidr)

describe('parseRouteDestination', () => {
  it('reads a CIDR block in canonical form', () => {
    assert.equal(parseRouteDestination('10.0.0.0/8').text, '10.0.0.0/8')
    assert.equal(parseRouteDestination('0.0.0.0/0').text, '0.0.0.0/0')
  })

  it('reads a bare address as its /32', () => {
    assert.equal(parseRouteDestination('203.0.113.7').text, '203.0.113.7/32')
  })

  it('clears host bits, as the cloud does for a route', () => {
    assert.equal(parseRouteDestination('10.1.2.3/16').text, '10.1.0.0/16')
  })

  for (const text of ['', '10.0.0.0/33', '10.0.0/8', '10.0.0.0/08', 'a.b.c.d', '10.0.0.0/', '300.1.1.1', '1.2.3.4/8/9']) {
    it(`refuses ${JSON.stringify(text)} with InvalidCidrBlock.Malformed, naming it as given`, () => {
      assert.throws(() => parseRouteDestination(text), (err: { code: string; message: string }) => {
        assert.equal(err.code, 'InvalidCidrBlock.Malformed')
        assert.ok(err.message.includes(JSON.stringify(text)))
        return true
      })
    })
  }

  it('answers a prefix list with ResourceNotFound.PrefixList: there are none', () => {
    assert.throws(() => parseRouteDestination('pl-abc'), { code: 'ResourceNotFound.PrefixList' })
  })

  for (const text of ['2001:db8::/32', '::1', 'fe80::1/64']) {
    it(`answers the IPv6 destination ${text} with OperationDenied.VpcIpv6NotEnabled`, () => {
      assert.throws(() => parseRouteDestination(text), { code: 'OperationDenied.VpcIpv6NotEnabled' })
    })
  }
})

describe('assertRouteDestination', () => {
  it('accepts a block outside every vSwitch, and one containing vSwitch blocks', () => {
    for (const text of ['10.0.0.0/8', '198.18.2.0/24', '198.18.0.0/16', '0.0.0.0/0', '100.0.0.0/8']) {
      assertRouteDestination(parseCidr(text), vSwitches)
    }
  })

  it('refuses a vSwitch block itself, or a block inside one, with InvalidCidrBlock', () => {
    assert.throws(() => assertRouteDestination(parseCidr('198.18.1.0/24'), vSwitches), { code: 'InvalidCidrBlock' })
    assert.throws(() => assertRouteDestination(parseCidr('198.18.0.128/25'), vSwitches), { code: 'InvalidCidrBlock' })
    assert.throws(() => assertRouteDestination(parseCidr('198.18.0.9/32'), vSwitches), { code: 'InvalidCidrBlock' })
  })

  it('refuses the cloud-service block and anything inside it with InvalidDestinationCidrBlock', () => {
    for (const text of ['100.64.0.0/10', '100.64.0.0/11', '100.100.100.100/32']) {
      assert.throws(() => assertRouteDestination(parseCidr(text), []), { code: 'InvalidDestinationCidrBlock' })
    }
  })

  it('refuses loopback, link-local and multicast blocks with InvalidDestinationCidrBlock', () => {
    for (const text of ['127.0.0.1/32', '169.254.0.0/16', '224.0.0.0/8', '240.0.0.0/4', '0.0.0.0/8']) {
      assert.throws(() => assertRouteDestination(parseCidr(text), []), { code: 'InvalidDestinationCidrBlock' })
    }
  })

  it('refuses exactly the destinations that lie inside a vSwitch block (property)', () => {
    const block = fc
      .tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 32 }))
      .map(([address, prefix]) => parseCidr(`${formatIpv4(address)}/${prefix}`))
    fc.assert(
      fc.property(block, block, (vSwitch, destination) => {
        let refused = false
        try {
          assertRouteDestination(destination, [vSwitch])
        } catch (err) {
          if ((err as { code?: string }).code !== 'InvalidCidrBlock') return // a reserved block: another rule
          refused = true
        }
        assert.equal(refused, cidrContains(vSwitch, destination))
      }),
    )
  })
})

describe('assertVSwitchClearOfRoutes', () => {
  const routes = ['10.1.0.0/16', '198.18.5.7/32'].map(parseCidr)

  it('accepts a block covering no custom route destination, even inside one', () => {
    assertVSwitchClearOfRoutes(parseCidr('198.18.6.0/24'), routes)
    assertVSwitchClearOfRoutes(parseCidr('10.1.1.0/24'), routes)
  })

  it('refuses a block equal to or containing a destination with InvalidCidrBlock.Overlapped', () => {
    assert.throws(() => assertVSwitchClearOfRoutes(parseCidr('10.1.0.0/16'), routes), { code: 'InvalidCidrBlock.Overlapped' })
    assert.throws(() => assertVSwitchClearOfRoutes(parseCidr('198.18.5.0/24'), routes), { code: 'InvalidCidrBlock.Overlapped' })
  })
})
