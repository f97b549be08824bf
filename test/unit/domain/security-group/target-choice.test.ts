import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { chooseTarget } from '../../../../src/domain/security-group/target-choice.js'

describe('chooseTarget', () => {
  it('takes an instance, with or without a region', () => {
    assert.deepEqual(chooseTarget({ instanceId: 'i-1' }), { kind: 'instance', instanceId: 'i-1', regionId: undefined })
    assert.deepEqual(chooseTarget({ instanceId: 'i-1', regionId: 'cn-hangzhou' }), { kind: 'instance', instanceId: 'i-1', regionId: 'cn-hangzhou' })
  })

  it('takes an ENI in a region', () => {
    assert.deepEqual(chooseTarget({ networkInterfaceId: 'eni-1', regionId: 'cn-hangzhou' }), { kind: 'eni', eniId: 'eni-1', regionId: 'cn-hangzhou' })
  })

  it('refuses both with InvalidParam.EniIdAndInstanceId.Conflict', () => {
    assert.throws(() => chooseTarget({ instanceId: 'i-1', networkInterfaceId: 'eni-1', regionId: 'cn-hangzhou' }), {
      code: 'InvalidParam.EniIdAndInstanceId.Conflict',
    })
  })

  it('refuses neither with MissingParameter', () => {
    assert.throws(() => chooseTarget({ regionId: 'cn-hangzhou' }), { code: 'MissingParameter' })
  })

  it('refuses an ENI without a region with MissingParameter', () => {
    assert.throws(() => chooseTarget({ networkInterfaceId: 'eni-1' }), { code: 'MissingParameter', message: /RegionId/ })
  })
})
