import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assertVSwitchDeletable } from '../../../../src/domain/vpc/delete-vswitch.js'
import { vSwitch } from './fixtures.js'

describe('assertVSwitchDeletable', () => {
  it('lets an unused Available vSwitch go', () => {
    assertVSwitchDeletable(vSwitch(), { instances: 0, networkInterfaces: 0 })
  })

  it('refuses while an ENI, primary or secondary, uses it with DependencyViolation', () => {
    assert.throws(() => assertVSwitchDeletable(vSwitch(), { instances: 0, networkInterfaces: 1 }), { code: 'DependencyViolation' })
  })

  it('refuses while an instance uses it with DependencyViolation', () => {
    assert.throws(() => assertVSwitchDeletable(vSwitch(), { instances: 1, networkInterfaces: 0 }), { code: 'DependencyViolation' })
  })

  it('refuses a vSwitch that is not Available with IncorrectVSwitchStatus', () => {
    assert.throws(() => assertVSwitchDeletable(vSwitch({ status: 'Pending' }), { instances: 0, networkInterfaces: 0 }), {
      code: 'IncorrectVSwitchStatus',
    })
  })
})
