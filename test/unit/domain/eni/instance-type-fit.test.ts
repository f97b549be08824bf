import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assertFitsInstanceType, assertIpv4Count, assertQueuesFit } from '../../../../src/domain/eni/instance-type-fit.js'
import { g7Large } from './fixtures.js'

// ecs.g7.large: EniQuantity 3, EniPrivateIpAddressQuantity 6, 2 queues per ENI (default 2), 6 in all.
const type = g7Large()
const primary = { type: 'Primary' as const, queueNumber: null }
const secondary = { type: 'Secondary' as const, queueNumber: null }

describe('assertFitsInstanceType', () => {
  it('accepts an ENI while a slot is free, the primary counted', () => {
    assert.doesNotThrow(() => assertFitsInstanceType(type, [primary, secondary], { ...secondary, ipv4Count: 1 }))
  })

  it('refuses a fourth ENI with EniPerInstanceLimitExceeded', () => {
    assert.throws(() => assertFitsInstanceType(type, [primary, secondary, secondary], { ...secondary, ipv4Count: 1 }), {
      code: 'EniPerInstanceLimitExceeded',
    })
  })

  it('checks the slot before the addresses and the addresses before the queues (spec §5.5 order)', () => {
    const full = [primary, secondary, secondary]
    assert.throws(() => assertFitsInstanceType(type, full, { type: 'Secondary', queueNumber: 99, ipv4Count: 99 }), {
      code: 'EniPerInstanceLimitExceeded',
    })
    assert.throws(() => assertFitsInstanceType(type, [primary], { type: 'Secondary', queueNumber: 99, ipv4Count: 99 }), {
      code: 'InvalidOperation.Ipv4CountExceeded',
    })
  })
})

describe('assertIpv4Count', () => {
  it('counts the primary address within EniPrivateIpAddressQuantity', () => {
    assert.doesNotThrow(() => assertIpv4Count(type, 6))
    assert.throws(() => assertIpv4Count(type, 7), { code: 'InvalidOperation.Ipv4CountExceeded' })
  })
})

describe('assertQueuesFit', () => {
  it('refuses more queues than MaximumQueueNumberPerEni', () => {
    assert.throws(() => assertQueuesFit(type, [], { type: 'Secondary', queueNumber: 3 }), { code: 'InvalidOperation.MaxEniQueueNumberExceeded' })
  })

  it('refuses a sum above TotalEniQueueQuantity, unset queues counting as the defaults', () => {
    const small = g7Large({ totalEniQueueQuantity: 5 })
    assert.doesNotThrow(() => assertQueuesFit(small, [primary, secondary], { type: 'Secondary', queueNumber: 1 }))
    assert.throws(() => assertQueuesFit(small, [primary, secondary], secondary), { code: 'InvalidOperation.ExceedInstanceTypeQueueNumber' })
  })

  it('uses the primary default for a primary ENI', () => {
    const t = g7Large({ primaryEniQueueNumber: 2, secondaryEniQueueNumber: 1, totalEniQueueQuantity: 3 })
    assert.doesNotThrow(() => assertQueuesFit(t, [primary], secondary))
    assert.throws(() => assertQueuesFit(t, [primary, secondary], secondary), { code: 'InvalidOperation.ExceedInstanceTypeQueueNumber' })
  })
})
