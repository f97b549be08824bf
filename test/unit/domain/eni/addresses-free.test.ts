import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assertAddressesFree } from '../../../../src/domain/eni/addresses-free.js'

describe('assertAddressesFree', () => {
  it('accepts when nobody holds a named address', () => {
    assert.doesNotThrow(() => assertAddressesFree([]))
  })

  it('refuses a held one with InvalidPrivateIpAddress.Duplicated, naming it', () => {
    assert.throws(() => assertAddressesFree([0xc6120005]), { code: 'InvalidPrivateIpAddress.Duplicated', message: /198\.18\.0\.5/ })
  })
})
