import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assertInnerAccessChangeable, parseInnerAccessPolicy } from '../../../../src/domain/security-group/inner-access.js'

describe('parseInnerAccessPolicy', () => {
  it('reads Accept and Drop in any case', () => {
    assert.equal(parseInnerAccessPolicy('accept'), 'Accept')
    assert.equal(parseInnerAccessPolicy('DROP'), 'Drop')
  })

  it('refuses anything else with InvalidPolicy.Malformed', () => {
    assert.throws(() => parseInnerAccessPolicy('allow'), { code: 'InvalidPolicy.Malformed' })
  })
})

describe('assertInnerAccessChangeable', () => {
  it('lets a basic group change it', () => {
    assertInnerAccessChangeable({ id: 'sg-1', type: 'normal' })
  })

  it('refuses an advanced group with InvalidParameter.InnerAccessPolicy', () => {
    assert.throws(() => assertInnerAccessChangeable({ id: 'sg-1', type: 'enterprise' }), { code: 'InvalidParameter.InnerAccessPolicy' })
  })
})
