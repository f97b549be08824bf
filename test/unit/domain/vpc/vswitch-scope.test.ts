import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assertVSwitchScope } from '../../../../src/domain/vpc/vswitch-scope.js'

describe('assertVSwitchScope', () => {
  it('accepts a region, a VPC or both', () => {
    assertVSwitchScope('cn-hangzhou', undefined)
    assertVSwitchScope(undefined, 'vpc-a')
    assertVSwitchScope('cn-hangzhou', 'vpc-a')
  })

  it('refuses neither with MissingParameter', () => {
    assert.throws(() => assertVSwitchScope(undefined, undefined), { code: 'MissingParameter' })
  })
})
