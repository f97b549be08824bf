import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assertNoEipOnAddresses, assertNoEipOnEni } from '../../../../src/domain/eip/eni-guards.js'

const held = [{ allocationId: 'eip-1', privateIpAddress: '198.18.0.11' }]

describe('assertNoEipOnEni', () => {
  it('lets an ENI without EIPs go and refuses one with EIPs with InvalidOperation.EniLinked', () => {
    assert.doesNotThrow(() => assertNoEipOnEni('eni-1', []))
    assert.throws(() => assertNoEipOnEni('eni-1', held), { code: 'InvalidOperation.EniLinked' })
  })
})

describe('assertNoEipOnAddresses', () => {
  it('refuses to unassign an address holding an EIP with InvalidParameter.Conflict, and lets the others go', () => {
    assert.doesNotThrow(() => assertNoEipOnAddresses('eni-1', ['198.18.0.12'], held))
    assert.throws(() => assertNoEipOnAddresses('eni-1', ['198.18.0.12', '198.18.0.11'], held), { code: 'InvalidParameter.Conflict' })
  })
})
