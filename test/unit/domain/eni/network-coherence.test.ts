import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assertSameNetwork } from '../../../../src/domain/eni/network-coherence.js'
import { eni, instance } from './fixtures.js'

describe('assertSameNetwork', () => {
  it('accepts an ENI of the same VPC and zone', () => {
    assert.doesNotThrow(() => assertSameNetwork(eni(), instance()))
  })

  it('refuses another VPC with InvalidOperation.VpcMismatch', () => {
    assert.throws(() => assertSameNetwork(eni({ vpcId: 'vpc-b' }), instance()), { code: 'InvalidOperation.VpcMismatch' })
  })

  it('refuses another zone with InvalidOperation.AvailabilityZoneMismatch', () => {
    assert.throws(() => assertSameNetwork(eni({ zoneId: 'cn-hangzhou-b' }), instance()), { code: 'InvalidOperation.AvailabilityZoneMismatch' })
  })

  it('lets an ENI of a regional vSwitch join an instance in any zone of its VPC', () => {
    assert.doesNotThrow(() => assertSameNetwork(eni({ zoneId: null }), instance({ zoneId: 'cn-hangzhou-b' })))
  })
})
