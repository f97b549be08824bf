import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assertEipStatus, settledEipStatus, settledStatus } from '../../../../src/domain/eip/status.js'

describe('settledStatus', () => {
  it('settles Associating to InUse and Unassociating to Available, leaving the others', () => {
    assert.equal(settledStatus('Associating'), 'InUse')
    assert.equal(settledStatus('Unassociating'), 'Available')
    assert.equal(settledStatus('InUse'), 'InUse')
    assert.equal(settledStatus('Available'), 'Available')
  })
})

describe('settledEipStatus', () => {
  it('settles Associating only once the host maps the EIP to the address it is bound to', () => {
    assert.equal(settledEipStatus('Associating', '198.18.0.7', undefined), 'Associating')
    assert.equal(settledEipStatus('Associating', '198.18.0.7', { privateIpAddress: '198.18.0.8' }), 'Associating')
    assert.equal(settledEipStatus('Associating', '198.18.0.7', { privateIpAddress: '198.18.0.7' }), 'InUse')
  })

  it('settles Unassociating only once the host maps the EIP nowhere', () => {
    assert.equal(settledEipStatus('Unassociating', '198.18.0.7', { privateIpAddress: '198.18.0.7' }), 'Unassociating')
    assert.equal(settledEipStatus('Unassociating', '198.18.0.7', undefined), 'Available')
  })

  it('leaves settled statuses as they are whatever the host shows', () => {
    assert.equal(settledEipStatus('InUse', '198.18.0.7', undefined), 'InUse')
    assert.equal(settledEipStatus('Available', null, { privateIpAddress: '198.18.0.7' }), 'Available')
  })
})

describe('assertEipStatus', () => {
  it('lets the listed statuses through and refuses the rest with IncorrectEipStatus', () => {
    assert.doesNotThrow(() => assertEipStatus({ id: 'eip-1', status: 'InUse' }, ['Available', 'InUse'], 'X'))
    assert.throws(() => assertEipStatus({ id: 'eip-1', status: 'Associating' }, ['Available', 'InUse'], 'X'), { code: 'IncorrectEipStatus' })
  })
})
