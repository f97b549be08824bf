import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assertDetachable } from '../../../../src/domain/eni/detach.js'
import { eni, g7Large, instance, primaryOnI1 } from './fixtures.js'

const attached = eni({ status: 'InUse', instanceId: 'i-1', deviceIndex: 1 })
const host = (overrides: Parameters<typeof instance>[0] = {}) => ({ instance: instance(overrides), type: g7Large() })

describe('assertDetachable', () => {
  it('accepts an InUse ENI of the named, settled instance', () => {
    assert.doesNotThrow(() => assertDetachable(attached, 'i-1', host()))
    assert.doesNotThrow(() => assertDetachable(attached, 'i-1', host({ status: 'Stopped' })))
  })

  it('accepts a repeated detach while Detaching', () => {
    assert.doesNotThrow(() => assertDetachable({ ...attached, status: 'Detaching' }, 'i-1', host()))
  })

  it('never detaches a primary ENI', () => {
    assert.throws(() => assertDetachable(primaryOnI1(), 'i-1', host()), { code: 'InvalidOperation.DetachPrimaryEniNotAllowed' })
  })

  it('refuses an ENI that is not attached with InvalidOperation.InvalidEniState', () => {
    assert.throws(() => assertDetachable(eni(), 'i-1', host()), { code: 'InvalidOperation.InvalidEniState' })
    assert.throws(() => assertDetachable({ ...attached, status: 'Attaching' }, 'i-1', host()), { code: 'InvalidOperation.InvalidEniState' })
  })

  it('refuses another instance with InvalidParameter.EniNotBelongEcs', () => {
    assert.throws(() => assertDetachable(attached, 'i-2', { instance: instance({ id: 'i-2' }), type: g7Large() }), {
      code: 'InvalidParameter.EniNotBelongEcs',
    })
    assert.throws(() => assertDetachable(attached, 'i-2', undefined), { code: 'InvalidParameter.EniNotBelongEcs' })
  })

  it('refuses while the instance is in transit', () => {
    assert.throws(() => assertDetachable(attached, 'i-1', host({ status: 'Stopping' })), { code: 'InvalidOperation.InvalidEcsState' })
  })
})
