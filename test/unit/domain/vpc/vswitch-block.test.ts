import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { chooseVSwitchBlock } from '../../../../src/domain/vpc/vswitch-block.js'

describe('chooseVSwitchBlock', () => {
  it('takes a CidrBlock or a CidrMask', () => {
    assert.deepEqual(chooseVSwitchBlock('10.0.0.0/24', undefined), { cidrBlock: '10.0.0.0/24' })
    assert.deepEqual(chooseVSwitchBlock(undefined, 24), { cidrMask: 24 })
  })

  it('refuses both with InvalidParameter.Conflict', () => {
    assert.throws(() => chooseVSwitchBlock('10.0.0.0/24', 24), { code: 'InvalidParameter.Conflict' })
  })

  it('refuses neither with MissingParameter naming CidrBlock', () => {
    assert.throws(() => chooseVSwitchBlock(undefined, undefined), { code: 'MissingParameter', message: /CidrBlock/ })
  })
})
