import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { vSwitchGateway } from '../../../../src/domain/host/gateway.js'

describe('vSwitch gateway', () => {
  it('is the first of the three reserved addresses at the end of the block', () => {
    assert.equal(vSwitchGateway('198.18.0.0/24'), '198.18.0.253')
    assert.equal(vSwitchGateway('198.18.4.0/22'), '198.18.7.253')
    assert.equal(vSwitchGateway('198.18.0.8/29'), '198.18.0.13')
  })
})
