import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assertInstanceSettled, assertInstanceTakesEniChanges } from '../../../../src/domain/eni/instance-readiness.js'
import { g7Large, instance } from './fixtures.js'

describe('assertInstanceSettled', () => {
  it('accepts Running and Stopped', () => {
    assert.doesNotThrow(() => assertInstanceSettled(instance({ status: 'Running' })))
    assert.doesNotThrow(() => assertInstanceSettled(instance({ status: 'Stopped' })))
  })

  it('refuses an instance in transit with InvalidOperation.InvalidEcsState', () => {
    for (const status of ['Pending', 'Starting', 'Stopping'] as const) {
      assert.throws(() => assertInstanceSettled(instance({ status })), { code: 'InvalidOperation.InvalidEcsState' })
    }
  })
})

describe('assertInstanceTakesEniChanges', () => {
  it('lets a hot-plug type change ENIs while Running', () => {
    assert.doesNotThrow(() => assertInstanceTakesEniChanges(instance(), g7Large()))
  })

  it('makes a type without hot-plug wait until Stopped', () => {
    const cold = g7Large({ hotPlug: false })
    assert.throws(() => assertInstanceTakesEniChanges(instance(), cold), { code: 'InvalidOperation.HotPlugNotSupport' })
    assert.doesNotThrow(() => assertInstanceTakesEniChanges(instance({ status: 'Stopped' }), cold))
  })
})
