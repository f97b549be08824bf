import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assertIpsAssignable, assertIpsUnassignable } from '../../../../src/domain/eni/private-ip-change.js'
import { eni, g7Large, instance, primaryOnI1 } from './fixtures.js'

const withIps = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ address: `198.18.0.${i + 10}`, primary: i === 0 }))
const host = (status: 'Running' | 'Stopped' | 'Starting' = 'Running') => ({ instance: instance({ status }), type: g7Large() })

describe('assertIpsAssignable', () => {
  it('lets an unattached ENI hold up to 49 secondary addresses', () => {
    assert.doesNotThrow(() => assertIpsAssignable(eni({ privateIps: withIps(40) }), undefined, 10))
    assert.throws(() => assertIpsAssignable(eni({ privateIps: withIps(40) }), undefined, 11), { code: 'MaxEniPrivateIpsCountExceeded' })
  })

  it("bounds an attached ENI by its type's EniPrivateIpAddressQuantity, primary included", () => {
    const attached = eni({ status: 'InUse', instanceId: 'i-1', privateIps: withIps(2) })
    assert.doesNotThrow(() => assertIpsAssignable(attached, host(), 4))
    assert.throws(() => assertIpsAssignable(attached, host(), 5), { code: 'InvalidOperation.Ipv4CountExceeded' })
  })

  it('refuses while the ENI is in transit', () => {
    assert.throws(() => assertIpsAssignable(eni({ status: 'Attaching', instanceId: 'i-1' }), host(), 1), {
      code: 'InvalidOperation.InvalidEniState',
    })
  })

  it("needs a primary ENI's instance settled", () => {
    assert.throws(() => assertIpsAssignable(primaryOnI1(), host('Starting'), 1), { code: 'InvalidOperation.InvalidEcsState' })
    assert.doesNotThrow(() => assertIpsAssignable(primaryOnI1(), host('Stopped'), 1))
  })
})

describe('assertIpsUnassignable', () => {
  const holder = eni({ privateIps: withIps(3) })

  it('returns the secondary addresses to release', () => {
    assert.deepEqual(assertIpsUnassignable(holder, undefined, ['198.18.0.12']), [(198 << 24 >>> 0) + (18 << 16) + 12])
  })

  it('never removes the primary address', () => {
    assert.throws(() => assertIpsUnassignable(holder, undefined, ['198.18.0.10']), { code: 'InvalidParameter' })
  })

  it('refuses an address the ENI does not hold with InvalidIp.IpUnassigned', () => {
    assert.throws(() => assertIpsUnassignable(holder, undefined, ['198.18.0.99']), { code: 'InvalidIp.IpUnassigned' })
  })

  it('refuses a repeated, malformed, missing or excessive list', () => {
    assert.throws(() => assertIpsUnassignable(holder, undefined, ['198.18.0.11', '198.18.0.11']), { code: 'InvalidIp.IpRepeated' })
    assert.throws(() => assertIpsUnassignable(holder, undefined, ['198.18.0']), { code: 'InvalidPrivateIpAddress.Malformed' })
    assert.throws(() => assertIpsUnassignable(holder, undefined, []), { code: 'MissingParameter' })
    const many = Array.from({ length: 33 }, (_, i) => `198.18.1.${i + 1}`)
    assert.throws(() => assertIpsUnassignable(holder, undefined, many), { code: 'InvalidParameter' })
  })

  it('follows the same state rules as Assign', () => {
    assert.throws(() => assertIpsUnassignable({ ...holder, status: 'Detaching' }, undefined, ['198.18.0.11']), {
      code: 'InvalidOperation.InvalidEniState',
    })
  })
})
