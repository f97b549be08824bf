import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assertVSwitchAvailable } from '../../../../src/domain/eni/vswitch-available.js'

describe('assertVSwitchAvailable', () => {
  it('accepts an Available vSwitch', () => {
    assert.doesNotThrow(() => assertVSwitchAvailable({ id: 'vsw-1', status: 'Available' }))
  })

  it('refuses a Pending one with IncorrectVSwitchStatus', () => {
    assert.throws(() => assertVSwitchAvailable({ id: 'vsw-1', status: 'Pending' }), { code: 'IncorrectVSwitchStatus' })
  })
})
