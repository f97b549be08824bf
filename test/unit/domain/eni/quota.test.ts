import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assertSecondaryEniQuota } from '../../../../src/domain/eni/quota.js'

describe('assertSecondaryEniQuota', () => {
  it('accepts up to the limit', () => {
    assert.doesNotThrow(() => assertSecondaryEniQuota(99, 1, 100))
  })

  it('refuses past it with MaxEniCountExceeded', () => {
    assert.throws(() => assertSecondaryEniQuota(100, 1, 100), { code: 'MaxEniCountExceeded' })
    assert.throws(() => assertSecondaryEniQuota(0, 1, 0), { code: 'MaxEniCountExceeded' })
  })
})
