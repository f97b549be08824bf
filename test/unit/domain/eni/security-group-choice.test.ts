import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { chooseSecurityGroupIds } from '../../../../src/domain/eni/security-group-choice.js'

describe('chooseSecurityGroupIds', () => {
  it('takes SecurityGroupId alone', () => {
    assert.deepEqual(chooseSecurityGroupIds('sg-1', []), ['sg-1'])
  })

  it('takes SecurityGroupIds.N alone, in order', () => {
    assert.deepEqual(chooseSecurityGroupIds(undefined, ['sg-2', 'sg-1']), ['sg-2', 'sg-1'])
  })

  it('refuses both forms with InvalidSecurityGroupId.SingleIdAndMultiIdConflict', () => {
    assert.throws(() => chooseSecurityGroupIds('sg-1', ['sg-2']), { code: 'InvalidSecurityGroupId.SingleIdAndMultiIdConflict' })
  })

  it('refuses neither with MissingParameter', () => {
    assert.throws(() => chooseSecurityGroupIds(undefined, []), { code: 'MissingParameter' })
  })
})
