import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assertVpcIdList } from '../../../../src/domain/vpc/vpc-id-list.js'

describe('assertVpcIdList', () => {
  it('accepts up to 20 IDs', () => {
    const ids = Array.from({ length: 20 }, (_, i) => `vpc-${i}`)
    assert.equal(assertVpcIdList(ids), ids)
  })

  it('refuses 21 IDs with InvalidVpcIdNumber.NotSupported', () => {
    assert.throws(() => assertVpcIdList(Array.from({ length: 21 }, (_, i) => `vpc-${i}`)), { code: 'InvalidVpcIdNumber.NotSupported' })
  })
})
