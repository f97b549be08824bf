import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { assertDistinct } from '../../../../src/domain/ipam/distinct.js'

const repeated = { name: 'DomainError', code: 'InvalidIp.IpRepeated' }

describe('assertDistinct', () => {
  it('accepts distinct addresses and an empty request', () => {
    assertDistinct(['10.0.0.7', '10.0.0.8'])
    assertDistinct([])
  })

  it('refuses the same address twice with InvalidIp.IpRepeated', () => {
    assert.throws(() => assertDistinct(['10.0.0.7', '10.0.0.8', '10.0.0.7']), repeated)
  })

  it('throws exactly when a value repeats (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('10.0.0.1', '10.0.0.2', '10.0.0.3'), { maxLength: 4 }), (addresses) => {
        if (new Set(addresses).size === addresses.length) assertDistinct(addresses)
        else assert.throws(() => assertDistinct(addresses), repeated)
      }),
    )
  })
})
