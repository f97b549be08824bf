import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assertEipQuota } from '../../../../src/domain/eip/quota.js'

describe('assertEipQuota', () => {
  it('allows EIPs up to the quota and refuses the next with QuotaExceeded.Eip', () => {
    assert.doesNotThrow(() => assertEipQuota(19, 20))
    assert.throws(() => assertEipQuota(20, 20), { code: 'QuotaExceeded.Eip' })
    assert.throws(() => assertEipQuota(0, 0), { code: 'QuotaExceeded.Eip' })
  })
})
