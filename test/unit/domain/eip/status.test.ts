import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assertEipStatus, settledStatus } from '../../../../src/domain/eip/status.js'

describe('settledStatus', () => {
  it('settles Associating to InUse and Unassociating to Available, leaving the others', () => {
    assert.equal(settledStatus('Associating'), 'InUse')
    assert.equal(settledStatus('Unassociating'), 'Available')
    assert.equal(settledStatus('InUse'), 'InUse')
    assert.equal(settledStatus('Available'), 'Available')
  })
})

describe('assertEipStatus', () => {
  it('lets the listed statuses through and refuses the rest with IncorrectEipStatus', () => {
    assert.doesNotThrow(() => assertEipStatus({ id: 'eip-1', status: 'InUse' }, ['Available', 'InUse'], 'X'))
    assert.throws(() => assertEipStatus({ id: 'eip-1', status: 'Associating' }, ['Available', 'InUse'], 'X'), { code: 'IncorrectEipStatus' })
  })
})
