import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assertDeletable } from '../../../../src/domain/instance/deletion.js'

const instance = (status: 'Pending' | 'Starting' | 'Running' | 'Stopping' | 'Stopped', deletionProtection = false) => ({
  id: 'i-1',
  status,
  deletionProtection,
})

describe('assertDeletable', () => {
  it('deletes a Stopped instance, and a Running one only with Force', () => {
    assertDeletable(instance('Stopped'), false)
    assertDeletable(instance('Running'), true)
    assert.throws(() => assertDeletable(instance('Running'), false), { code: 'IncorrectInstanceStatus' })
  })

  it('refuses an instance in transition, Pending with IncorrectInstanceStatus.Initializing', () => {
    assert.throws(() => assertDeletable(instance('Pending'), true), { code: 'IncorrectInstanceStatus.Initializing' })
    assert.throws(() => assertDeletable(instance('Starting'), true), { code: 'IncorrectInstanceStatus' })
    assert.throws(() => assertDeletable(instance('Stopping'), true), { code: 'IncorrectInstanceStatus' })
  })

  it('refuses an instance under deletion protection with InvalidOperation.DeletionProtection', () => {
    assert.throws(() => assertDeletable(instance('Stopped', true), false), { code: 'InvalidOperation.DeletionProtection' })
    assert.throws(() => assertDeletable(instance('Running', true), true), { code: 'InvalidOperation.DeletionProtection' })
  })
})
