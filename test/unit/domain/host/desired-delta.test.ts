import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  applyDesiredDelta,
  DesiredStateIndex,
  instancesChangedBy,
  isEmptyDelta,
  sameJson,
} from '../../../../src/domain/host/desired-delta.js'
import type { DesiredEni, DesiredState } from '../../../../src/domain/host/desired-state.js'

const eni = (id: string, instanceId: string, deviceIndex: number, fields: Partial<DesiredEni> = {}): DesiredEni => ({
  id, instanceId, deviceIndex, mac: '00:16:3e:00:00:01', vpcId: 'vpc-1', vSwitchId: 'vsw-1', primaryIpAddress: `198.18.0.${10 + deviceIndex}`,
  secondaryIpAddresses: [], prefixLength: 24, gatewayIpAddress: '198.18.0.253', queueNumber: 1, securityGroupIds: ['sg-1'], securityPolicyId: 'sg-1', ...fields,
})

const instance = (id: string) => ({ id, accountId: '1', power: 'running' as const, instanceType: 't', bandwidthRxKbps: 0, bandwidthTxKbps: 0, ppsRx: 0, ppsTx: 0 })

function state(over: Partial<DesiredState> = {}): DesiredState {
  return {
    hostId: 'host-a', zoneId: 'z', regionId: 'r', revision: 1,
    instances: [instance('i-1'), instance('i-2')],
    enis: [eni('eni-a', 'i-1', 0), eni('eni-b', 'i-1', 1), eni('eni-c', 'i-2', 0)],
    vSwitches: [{ id: 'vsw-1', vpcId: 'vpc-1', cidrBlock: '198.18.0.0/24', gatewayIpAddress: '198.18.0.253', zoneId: 'z' }],
    vpcs: [{ id: 'vpc-1', accountId: '1', cidrBlock: '198.18.0.0/16', routeTableId: 'vtb-1', systemRoutes: [], customRoutes: [] }],
    securityPolicies: [{ id: 'sg-1', securityGroupIds: ['sg-1'], innerAccessPeers: [], ingress: { rules: [], default: 'drop' }, egress: { rules: [], default: 'accept' } }],
    eips: [{ allocationId: 'eip-1', ipAddress: '203.0.113.5', eniId: 'eni-b', privateIpAddress: '198.18.0.11', bandwidthKbps: 5000, internetChargeType: 'PayByTraffic' }],
    remoteEnis: [],
    ...over,
  }
}

describe('desired state deltas', () => {
  it('say what changed entry by entry, and applied to the old state make the new one, in its order', () => {
    const before = state()
    const after = state({
      revision: 9,
      // eni-b moves to i-2 as its eth1; eni-d is new on i-1; eni-c's addresses change.
      enis: [eni('eni-a', 'i-1', 0), eni('eni-d', 'i-1', 2), eni('eni-c', 'i-2', 0, { secondaryIpAddresses: ['198.18.0.40'] }), eni('eni-b', 'i-2', 1)],
      eips: [],
      remoteEnis: [{ id: 'eni-r', vSwitchId: 'vsw-1', mac: '00:16:3e:00:00:09', ipAddresses: ['198.18.0.99'], hostId: 'host-b', underlayAddress: '192.0.2.2' }],
    })
    const index = new DesiredStateIndex(before)
    const delta = index.update(after)
    assert.deepEqual(delta.put.enis?.map((e) => e.id).sort(), ['eni-b', 'eni-c', 'eni-d'])
    assert.deepEqual(delta.remove, { eips: ['eip-1'] })
    assert.deepEqual(delta.put.remoteEnis?.map((e) => e.id), ['eni-r'])
    assert.equal(delta.put.instances, undefined, 'unchanged sections are not sent')
    const made = applyDesiredDelta(before, delta)
    const sorted = { ...after, enis: [eni('eni-a', 'i-1', 0), eni('eni-d', 'i-1', 2), eni('eni-c', 'i-2', 0, { secondaryIpAddresses: ['198.18.0.40'] }), eni('eni-b', 'i-2', 1)] }
    assert.deepEqual(made, sorted)
    assert.deepEqual(made.enis.map((e) => `${e.instanceId}/${e.deviceIndex}`), ['i-1/0', 'i-1/2', 'i-2/0', 'i-2/1'])
  })

  it('keep an ETag of the content: equal for equal states however reached, different for any change', () => {
    const before = state()
    const after = state({ revision: 5, enis: [eni('eni-a', 'i-1', 0), eni('eni-c', 'i-2', 0)] })
    const index = new DesiredStateIndex(before)
    const etagBefore = index.etag
    index.update(after)
    assert.equal(index.etag, new DesiredStateIndex(after).etag)
    assert.notEqual(index.etag, etagBefore)
    // The revision is not content: a state read again at a later revision has the same ETag.
    assert.equal(new DesiredStateIndex({ ...after, revision: 77 }).etag, index.etag)
    index.update(state({ revision: 6 }))
    assert.equal(index.etag, etagBefore, 'back to the first content, back to its ETag')
    for (const changed of [
      state({ instances: [instance('i-1'), { ...instance('i-2'), power: 'stopped' }] }),
      state({ eips: [{ ...state().eips[0]!, bandwidthKbps: 6000 }] }),
      state({ securityPolicies: [{ ...state().securityPolicies[0]!, innerAccessPeers: ['198.18.0.10/32'] }] }),
      state({ hostId: 'host-b' }),
    ]) {
      assert.notEqual(new DesiredStateIndex(changed).etag, etagBefore, JSON.stringify(changed).slice(0, 80))
    }
  })

  it('applied by the receiving end give it the sender\'s ETag, so both know they agree', () => {
    const sender = new DesiredStateIndex(state())
    const receiver = new DesiredStateIndex(JSON.parse(JSON.stringify(state())) as DesiredState)
    assert.equal(receiver.etag, sender.etag)
    const delta = sender.update(state({ revision: 3, enis: [eni('eni-a', 'i-1', 0, { queueNumber: 2 }), eni('eni-c', 'i-2', 0)] }))
    const wire = JSON.parse(JSON.stringify(delta)) as typeof delta
    receiver.apply(wire)
    assert.equal(receiver.etag, sender.etag)
    assert.deepEqual(receiver.state, sender.state)
    assert.equal(receiver.state.revision, 3)
  })

  it('name the instances whose part changed: before and after of a moved ENI, and the instance of one removed', () => {
    const before = state()
    const index = new DesiredStateIndex(before)
    const moved = index.update(state({ enis: [eni('eni-a', 'i-1', 0), eni('eni-c', 'i-2', 0), eni('eni-b', 'i-2', 1)] }))
    assert.deepEqual([...instancesChangedBy(before, moved)].sort(), ['i-1', 'i-2'])
    const index2 = new DesiredStateIndex(before)
    const removed = index2.update(state({ enis: [eni('eni-a', 'i-1', 0), eni('eni-c', 'i-2', 0)] }))
    assert.deepEqual([...instancesChangedBy(before, removed)], ['i-1'])
    const index3 = new DesiredStateIndex(before)
    const policyOnly = index3.update(state({ securityPolicies: [{ ...before.securityPolicies[0]!, innerAccessPeers: ['198.18.0.1/32'] }] }))
    assert.deepEqual([...instancesChangedBy(before, policyOnly)], [])
    assert.equal(isEmptyDelta(policyOnly), false)
    assert.equal(isEmptyDelta(new DesiredStateIndex(before).update(state({ revision: 2 }))), true)
  })

  it('compare entries as JSON values', () => {
    assert.equal(sameJson({ a: [1, { b: null }], c: 'x' }, { c: 'x', a: [1, { b: null }] }), true)
    for (const [a, b] of [
      [{ a: 1 }, { a: 1, b: 2 }],
      [{ a: [1, 2] }, { a: [2, 1] }],
      [{ a: null }, { a: {} }],
      [[1], { 0: 1 }],
      [{ a: '1' }, { a: 1 }],
      [{ a: 1, b: undefined }, { a: 1, c: undefined }],
    ] as const) {
      assert.equal(sameJson(a, b), false, JSON.stringify([a, b]))
    }
  })
})
