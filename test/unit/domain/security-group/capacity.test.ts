import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assertGroupHasRoom, availableInstanceAmount } from '../../../../src/domain/security-group/capacity.js'
import { group } from './fixtures.js'

const basic = group('sg-b')
const advanced = group('sg-e', { type: 'enterprise', innerAccessPolicy: 'Drop' })

describe('availableInstanceAmount', () => {
  it('counts private IPs left in a basic group (6,000)', () => {
    assert.equal(availableInstanceAmount(basic, { privateIps: 0, enis: 0 }), 6000)
    assert.equal(availableInstanceAmount(basic, { privateIps: 10, enis: 2 }), 5990)
  })

  it('counts ENIs left in an advanced group (65,536)', () => {
    assert.equal(availableInstanceAmount(advanced, { privateIps: 500, enis: 36 }), 65500)
  })

  it('never goes below zero', () => {
    assert.equal(availableInstanceAmount(basic, { privateIps: 7000, enis: 1 }), 0)
  })
})

describe('assertGroupHasRoom', () => {
  it('takes an ENI whose addresses all fit', () => {
    assertGroupHasRoom(basic, { privateIps: 5990, enis: 1 }, 10)
    assertGroupHasRoom(advanced, { privateIps: 0, enis: 65535 }, 49)
  })

  it('refuses an ENI that would overfill the group with SecurityGroupInstanceLimitExceed', () => {
    assert.throws(() => assertGroupHasRoom(basic, { privateIps: 5991, enis: 1 }, 10), { code: 'SecurityGroupInstanceLimitExceed' })
    assert.throws(() => assertGroupHasRoom(advanced, { privateIps: 0, enis: 65536 }, 1), { code: 'SecurityGroupInstanceLimitExceed' })
  })
})
