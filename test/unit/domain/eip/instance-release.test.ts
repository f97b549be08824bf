import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { eipAfterInstanceRelease } from '../../../../src/domain/eip/instance-release.js'

describe('eipAfterInstanceRelease', () => {
  it('unbinds the EIPs of an ENI that goes with the instance, whatever their status', () => {
    for (const status of ['Associating', 'InUse', 'Unassociating'] as const) {
      assert.deepEqual(eipAfterInstanceRelease(status, 'delete'), { status: 'Available', unbind: true })
    }
  })

  it('keeps the EIPs of a detached ENI bound, settling what was in flight', () => {
    assert.deepEqual(eipAfterInstanceRelease('InUse', 'detach'), { status: 'InUse', unbind: false })
    assert.deepEqual(eipAfterInstanceRelease('Associating', 'detach'), { status: 'InUse', unbind: false })
    assert.deepEqual(eipAfterInstanceRelease('Unassociating', 'detach'), { status: 'Available', unbind: true })
  })
})
