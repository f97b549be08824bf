import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assertDeletable } from '../../../../src/domain/eni/delete.js'
import { eni, primaryOnI1 } from './fixtures.js'

describe('assertDeletable', () => {
  it('accepts an Available secondary ENI', () => {
    assert.doesNotThrow(() => assertDeletable(eni()))
  })

  it('refuses a primary ENI with InvalidOperation.InvalidEniType', () => {
    assert.throws(() => assertDeletable(primaryOnI1()), { code: 'InvalidOperation.InvalidEniType' })
  })

  it('refuses an attached or moving ENI with InvalidOperation.InvalidEniState', () => {
    for (const status of ['Attaching', 'InUse', 'Detaching'] as const) {
      assert.throws(() => assertDeletable(eni({ status })), { code: 'InvalidOperation.InvalidEniState' })
    }
  })
})
