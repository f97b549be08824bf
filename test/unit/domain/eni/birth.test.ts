import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { birthState } from '../../../../src/domain/eni/birth.js'

describe('birthState', () => {
  it('makes a standalone ENI an Available secondary that stays by default', () => {
    assert.deepEqual(birthState(undefined, undefined), { type: 'Secondary', status: 'Available', instanceId: null, deviceIndex: null, deleteOnRelease: false })
    assert.equal(birthState(undefined, true).deleteOnRelease, true)
  })

  it('puts a primary ENI InUse at index 0, always released with its instance', () => {
    assert.deepEqual(birthState({ instanceId: 'i-1', deviceIndex: 3, type: 'Primary' }, false), {
      type: 'Primary',
      status: 'InUse',
      instanceId: 'i-1',
      deviceIndex: 0,
      deleteOnRelease: true,
    })
  })

  it('leaves a secondary created at launch Attaching at its index, released with the instance by default', () => {
    assert.deepEqual(birthState({ instanceId: 'i-1', deviceIndex: 2, type: 'Secondary' }, undefined), {
      type: 'Secondary',
      status: 'Attaching',
      instanceId: 'i-1',
      deviceIndex: 2,
      deleteOnRelease: true,
    })
    assert.equal(birthState({ instanceId: 'i-1', deviceIndex: 2, type: 'Secondary' }, false).deleteOnRelease, false)
  })
})
