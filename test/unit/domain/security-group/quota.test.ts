import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assertSecurityGroupQuota } from '../../../../src/domain/security-group/quota.js'

describe('assertSecurityGroupQuota', () => {
  it('allows a group below the quota', () => {
    assertSecurityGroupQuota(0, 1)
    assertSecurityGroupQuota(99, 100)
  })

  it('refuses one more at the quota with QuotaExceed.SecurityGroup', () => {
    assert.throws(() => assertSecurityGroupQuota(100, 100), { code: 'QuotaExceed.SecurityGroup' })
    assert.throws(() => assertSecurityGroupQuota(0, 0), { code: 'QuotaExceed.SecurityGroup' })
  })
})
