import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assertVpcQuota, assertVSwitchQuota } from '../../../../src/domain/vpc/quota.js'

describe('assertVpcQuota', () => {
  it('lets the account create its last allowed VPC', () => {
    assertVpcQuota(9, 10)
  })

  it('refuses one more than the quota with QuotaExceeded.Vpc', () => {
    assert.throws(() => assertVpcQuota(10, 10), { code: 'QuotaExceeded.Vpc' })
  })

  it('refuses every VPC when the quota is zero', () => {
    assert.throws(() => assertVpcQuota(0, 0), { code: 'QuotaExceeded.Vpc' })
  })
})

describe('assertVSwitchQuota', () => {
  it('lets the VPC take its last allowed vSwitch', () => {
    assertVSwitchQuota(149, 150)
  })

  it('refuses one more than the quota with QuotaExceeded.VSwitch', () => {
    assert.throws(() => assertVSwitchQuota(150, 150), { code: 'QuotaExceeded.VSwitch' })
  })
})
