import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { defaultInnerAccessPolicy, parseGroupType } from '../../../../src/domain/security-group/group-type.js'

describe('parseGroupType', () => {
  it('accepts normal and enterprise', () => {
    assert.equal(parseGroupType('normal'), 'normal')
    assert.equal(parseGroupType('enterprise'), 'enterprise')
  })

  for (const value of ['basic', 'Normal', '', 'advanced']) {
    it(`refuses ${JSON.stringify(value)} with InvalidParams.GroupType`, () => {
      assert.throws(() => parseGroupType(value), { code: 'InvalidParams.GroupType' })
    })
  }
})

describe('defaultInnerAccessPolicy', () => {
  it('lets members of a basic group talk and isolates those of an advanced one', () => {
    assert.equal(defaultInnerAccessPolicy('normal'), 'Accept')
    assert.equal(defaultInnerAccessPolicy('enterprise'), 'Drop')
  })
})
