import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { planEipChange } from '../../../../src/domain/eip/modify.js'
import { eip } from './fixtures.js'

describe('planEipChange', () => {
  it('keeps only what is given, clearing a name or description given empty', () => {
    assert.deepEqual(planEipChange(eip(), {}), {})
    assert.deepEqual(planEipChange(eip({ status: 'InUse' }), { bandwidth: '300', name: 'edge', description: '' }), { bandwidth: 300, name: 'edge', description: '' })
  })

  it("holds the bandwidth to the range of the EIP's charge types with Abs.InvalidBandwidth.Malformed", () => {
    assert.throws(() => planEipChange(eip({ internetChargeType: 'PayByTraffic' }), { bandwidth: '201' }), { code: 'Abs.InvalidBandwidth.Malformed' })
    assert.throws(() => planEipChange(eip(), { bandwidth: '501' }), { code: 'Abs.InvalidBandwidth.Malformed' })
    assert.equal(planEipChange(eip({ instanceChargeType: 'PrePaid' }), { bandwidth: '1000' }).bandwidth, 1000)
  })

  it('checks name and description by their rules', () => {
    assert.throws(() => planEipChange(eip(), { name: '9lives' }), { code: 'InvalidEipAddressName.Malformed' })
    assert.throws(() => planEipChange(eip(), { description: 'http://spam' }), { code: 'InvalidDescription.Malformed' })
  })

  it('refuses an EIP whose association is in flight', () => {
    for (const status of ['Associating', 'Unassociating'] as const) {
      assert.throws(() => planEipChange(eip({ status }), { name: 'x' }), { code: 'IncorrectEipStatus' })
    }
  })
})
