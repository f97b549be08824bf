import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { desiredPower, settledEniStatus, settledInstanceStatus } from '../../../../src/domain/host/settle.js'

describe('settling by what a host shows', () => {
  it('an instance runs from launch until a stop is asked', () => {
    assert.deepEqual(
      (['Pending', 'Starting', 'Running', 'Stopping', 'Stopped'] as const).map(desiredPower),
      ['running', 'running', 'running', 'stopped', 'stopped'],
    )
  })

  it('Pending and Starting become Running only once the namespace runs', () => {
    assert.equal(settledInstanceStatus('Pending', undefined), 'Pending')
    assert.equal(settledInstanceStatus('Pending', { running: false }), 'Pending')
    assert.equal(settledInstanceStatus('Pending', { running: true }), 'Running')
    assert.equal(settledInstanceStatus('Starting', { running: true }), 'Running')
  })

  it('Stopping becomes Stopped once the instance no longer runs or is gone', () => {
    assert.equal(settledInstanceStatus('Stopping', { running: true }), 'Stopping')
    assert.equal(settledInstanceStatus('Stopping', { running: false }), 'Stopped')
    assert.equal(settledInstanceStatus('Stopping', undefined), 'Stopped')
  })

  it('settled statuses never move on a report', () => {
    assert.equal(settledInstanceStatus('Running', undefined), 'Running')
    assert.equal(settledInstanceStatus('Stopped', { running: true }), 'Stopped')
    assert.equal(settledEniStatus('InUse', 'i-1', undefined), 'InUse')
    assert.equal(settledEniStatus('Available', null, { instanceId: 'i-1', up: true }), 'Available')
  })

  it('Attaching becomes InUse only when the interface is up in that instance', () => {
    assert.equal(settledEniStatus('Attaching', 'i-1', undefined), 'Attaching')
    assert.equal(settledEniStatus('Attaching', 'i-1', { instanceId: 'i-1', up: false }), 'Attaching')
    assert.equal(settledEniStatus('Attaching', 'i-1', { instanceId: 'i-2', up: true }), 'Attaching')
    assert.equal(settledEniStatus('Attaching', 'i-1', { instanceId: 'i-1', up: true }), 'InUse')
  })

  it('Detaching becomes Available once the interface is gone from that instance', () => {
    assert.equal(settledEniStatus('Detaching', 'i-1', { instanceId: 'i-1', up: false }), 'Detaching')
    assert.equal(settledEniStatus('Detaching', 'i-1', { instanceId: 'i-2', up: true }), 'Available')
    assert.equal(settledEniStatus('Detaching', 'i-1', undefined), 'Available')
  })
})
