import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assertReleasable } from '../../../../src/domain/eip/release.js'
import { eip } from './fixtures.js'

describe('assertReleasable', () => {
  it('releases an Available pay-as-you-go EIP', () => {
    assert.doesNotThrow(() => assertReleasable(eip()))
  })

  it('refuses a bound or moving EIP with IncorrectEipStatus', () => {
    for (const status of ['Associating', 'InUse', 'Unassociating'] as const) {
      assert.throws(() => assertReleasable(eip({ status })), { code: 'IncorrectEipStatus' })
    }
  })

  it('refuses a subscription EIP with Forbidden.ChargeTypeIsPrepaid', () => {
    assert.throws(() => assertReleasable(eip({ instanceChargeType: 'PrePaid' })), { code: 'Forbidden.ChargeTypeIsPrepaid' })
  })
})
