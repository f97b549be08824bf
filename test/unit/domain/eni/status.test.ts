import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ENI_STATUSES } from '../../../../src/domain/eni/eni.js'
import { assertEniStatus, canMoveTo, ENI_TRANSITIONS } from '../../../../src/domain/eni/status.js'
import { eni } from './fixtures.js'

describe('ENI state machine', () => {
  it('moves through attach and detach by way of their transitional statuses', () => {
    assert.ok(canMoveTo('Available', 'Attaching'))
    assert.ok(canMoveTo('Attaching', 'InUse'))
    assert.ok(canMoveTo('InUse', 'Detaching'))
    assert.ok(canMoveTo('Detaching', 'Available'))
  })

  it('lets a failed attach fall back to Available and an instance release its ENIs', () => {
    assert.ok(canMoveTo('Attaching', 'Available'))
    assert.ok(canMoveTo('InUse', 'Available'))
  })

  it('never skips a transitional status on the way in', () => {
    assert.equal(canMoveTo('Available', 'InUse'), false)
    assert.equal(canMoveTo('Available', 'Detaching'), false)
    assert.equal(canMoveTo('Detaching', 'InUse'), false)
  })

  it('has no way back from Deleting', () => {
    for (const status of ENI_STATUSES) if (status !== 'Deleting') assert.equal(canMoveTo('Deleting', status), false)
  })

  it('names every status', () => {
    assert.deepEqual(Object.keys(ENI_TRANSITIONS).sort(), [...ENI_STATUSES].sort())
  })
})

describe('assertEniStatus', () => {
  it('accepts a listed status', () => {
    assert.doesNotThrow(() => assertEniStatus(eni({ status: 'InUse' }), ['Available', 'InUse'], 'X'))
  })

  it('refuses any other with InvalidOperation.InvalidEniState', () => {
    assert.throws(() => assertEniStatus(eni({ status: 'Attaching' }), ['Available'], 'X'), { code: 'InvalidOperation.InvalidEniState' })
  })
})
