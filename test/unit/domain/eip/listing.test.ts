import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assertListedValues, associatedTypeFilter, chargeTypeFilter, lockReasonMatchesNone } from '../../../../src/domain/eip/listing.js'

describe('assertListedValues', () => {
  it('allows up to 50 values', () => {
    assert.doesNotThrow(() => assertListedValues('AllocationId', undefined))
    assert.doesNotThrow(() => assertListedValues('AllocationId', Array.from({ length: 50 }, String)))
    assert.throws(() => assertListedValues('AllocationId', Array.from({ length: 51 }, String)), { code: 'InvalidParameter' })
  })
})

describe('associatedTypeFilter', () => {
  it('filters by the types EIPs are bound to here', () => {
    assert.deepEqual(associatedTypeFilter(undefined), { matchesNone: false })
    assert.deepEqual(associatedTypeFilter('EcsInstance'), { type: 'EcsInstance', matchesNone: false })
    assert.deepEqual(associatedTypeFilter('NetworkInterface'), { type: 'NetworkInterface', matchesNone: false })
  })

  it("matches nothing for the reference's other types and refuses unknown ones", () => {
    for (const type of ['Nat', 'SlbInstance', 'HaVip', 'IpAddress']) assert.deepEqual(associatedTypeFilter(type), { matchesNone: true })
    assert.throws(() => associatedTypeFilter('Router'), { code: 'InvalidIAssociatedInstanceType.ValueNotSupported' })
  })
})

describe('chargeTypeFilter', () => {
  it('takes PostPaid and PrePaid only', () => {
    assert.equal(chargeTypeFilter('PrePaid'), 'PrePaid')
    assert.equal(chargeTypeFilter(undefined), undefined)
    assert.throws(() => chargeTypeFilter('Hourly'), { code: 'InvalidChargeType.ValueNotSupported' })
  })
})

describe('lockReasonMatchesNone', () => {
  it('matches nothing for a valid reason, since no EIP is locked, and refuses an unknown one', () => {
    assert.equal(lockReasonMatchesNone(undefined), false)
    assert.equal(lockReasonMatchesNone('financial'), true)
    assert.equal(lockReasonMatchesNone('security'), true)
    assert.throws(() => lockReasonMatchesNone('unpaid'), { code: 'InvalidLockReason.NotFound' })
  })
})
