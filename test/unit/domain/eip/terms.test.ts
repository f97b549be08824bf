import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assertChargeTypes, bandwidthRange, parseBandwidth, subscriptionOf } from '../../../../src/domain/eip/terms.js'

describe('bandwidthRange', () => {
  it('is 1–500 by bandwidth, 1–200 by traffic, 1–1000 for a subscription', () => {
    assert.deepEqual(bandwidthRange('PostPaid', 'PayByBandwidth'), { min: 1, max: 500 })
    assert.deepEqual(bandwidthRange('PostPaid', 'PayByTraffic'), { min: 1, max: 200 })
    assert.deepEqual(bandwidthRange('PrePaid', 'PayByBandwidth'), { min: 1, max: 1000 })
  })
})

describe('parseBandwidth', () => {
  const range = { min: 1, max: 200 }

  it('reads whole Mbit/s within the range', () => {
    assert.equal(parseBandwidth('1', range, 'InvalidBandwidth.Malformed'), 1)
    assert.equal(parseBandwidth('200', range, 'InvalidBandwidth.Malformed'), 200)
  })

  it("refuses anything else under the action's code", () => {
    for (const text of ['0', '201', '-1', '1.5', '', ' 5', '5 ', '1e2', 'ten']) {
      assert.throws(() => parseBandwidth(text, range, 'InvalidBandwidth.Malformed'), { code: 'InvalidBandwidth.Malformed' }, text)
      assert.throws(() => parseBandwidth(text, range, 'Abs.InvalidBandwidth.Malformed'), { code: 'Abs.InvalidBandwidth.Malformed' }, text)
    }
  })
})

describe('assertChargeTypes', () => {
  it('lets a subscription be charged by bandwidth only', () => {
    assert.doesNotThrow(() => assertChargeTypes('PrePaid', 'PayByBandwidth'))
    assert.doesNotThrow(() => assertChargeTypes('PostPaid', 'PayByTraffic'))
    assert.throws(() => assertChargeTypes('PrePaid', 'PayByTraffic'), { code: 'InvalidParameter' })
  })
})

describe('subscriptionOf', () => {
  const now = new Date('2026-01-31T08:00:00.000Z')

  it('gives pay-as-you-go EIPs no term', () => {
    assert.equal(subscriptionOf('PostPaid', { period: 3, named: true }, now), null)
  })

  it('ends a term of months on the same day, or the last day of a shorter month', () => {
    assert.deepEqual(subscriptionOf('PrePaid', { period: 1, named: false }, now), { pricingCycle: 'Month', period: 1, expiresAt: '2026-02-28T08:00:00.000Z' })
    assert.equal(subscriptionOf('PrePaid', { pricingCycle: 'Month', period: 3, named: false }, now)?.expiresAt, '2026-04-30T08:00:00.000Z')
    assert.equal(subscriptionOf('PrePaid', { pricingCycle: 'Year', period: 2, named: false }, now)?.expiresAt, '2028-01-31T08:00:00.000Z')
  })

  it('needs a period, 1–9 months or 1–5 years, and no name or description', () => {
    assert.throws(() => subscriptionOf('PrePaid', { named: false }, now), { code: 'MissingParameter' })
    assert.throws(() => subscriptionOf('PrePaid', { period: 10, named: false }, now), { code: 'InvalidParameter' })
    assert.throws(() => subscriptionOf('PrePaid', { pricingCycle: 'Year', period: 6, named: false }, now), { code: 'InvalidParameter' })
    assert.throws(() => subscriptionOf('PrePaid', { period: 0, named: false }, now), { code: 'InvalidParameter' })
    assert.throws(() => subscriptionOf('PrePaid', { period: 1, named: true }, now), { code: 'InvalidParameter' })
  })
})
