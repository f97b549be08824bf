import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assertVpcAvailable, assertVSwitchAvailable } from '../../../../src/domain/vpc/available.js'
import { vpc, vSwitch } from './fixtures.js'

describe('assertVpcAvailable', () => {
  it('accepts an Available VPC', () => {
    assertVpcAvailable(vpc())
  })

  it('refuses a Pending VPC with IncorrectVpcStatus', () => {
    assert.throws(() => assertVpcAvailable(vpc({ status: 'Pending' })), { code: 'IncorrectVpcStatus' })
  })
})

describe('assertVSwitchAvailable', () => {
  it('accepts an Available vSwitch', () => {
    assertVSwitchAvailable(vSwitch())
  })

  it('refuses a Pending vSwitch with IncorrectVSwitchStatus', () => {
    assert.throws(() => assertVSwitchAvailable(vSwitch({ status: 'Pending' })), { code: 'IncorrectVSwitchStatus' })
  })
})
