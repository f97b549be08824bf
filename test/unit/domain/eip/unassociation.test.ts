import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assertUnassociable } from '../../../../src/domain/eip/unassociation.js'
import { eip } from './fixtures.js'

const onInstance = eip({ status: 'InUse', binding: { eniId: 'eni-p', privateIpAddress: '198.18.0.20', boundAs: 'EcsInstance' } })
const onEni = eip({ status: 'InUse', binding: { eniId: 'eni-1', privateIpAddress: '198.18.0.11', boundAs: 'NetworkInterface' } })

describe('assertUnassociable', () => {
  it('returns the binding when the request names nothing, or names it right', () => {
    assert.equal(assertUnassociable(onInstance, 'i-1', {}), onInstance.binding)
    assert.equal(assertUnassociable(onInstance, 'i-1', { instanceId: 'i-1', instanceType: 'EcsInstance', privateIpAddress: '198.18.0.20' }), onInstance.binding)
    assert.equal(assertUnassociable(onEni, 'eni-1', { instanceId: 'eni-1' }), onEni.binding, 'the type follows the binding when left out')
  })

  it('refuses a request naming another target, type or address with InvalidBindInstance.NotFound', () => {
    for (const request of [{ instanceId: 'i-2' }, { instanceType: 'NetworkInterface' }, { privateIpAddress: '198.18.0.21' }, { instanceId: 'eni-p' }]) {
      assert.throws(() => assertUnassociable(onInstance, 'i-1', request), { code: 'InvalidBindInstance.NotFound' }, JSON.stringify(request))
    }
    assert.throws(() => assertUnassociable(onEni, 'eni-1', { instanceType: 'EcsInstance' }), { code: 'InvalidBindInstance.NotFound' })
  })

  it('refuses a type no EIP is bound to here with InvalidInstanceType.ValueNotSupported', () => {
    assert.throws(() => assertUnassociable(onEni, 'eni-1', { instanceType: 'HaVip' }), { code: 'InvalidInstanceType.ValueNotSupported' })
  })

  it('needs the EIP InUse', () => {
    for (const status of ['Available', 'Associating', 'Unassociating'] as const) {
      assert.throws(() => assertUnassociable({ ...onEni, status }, 'eni-1', {}), { code: 'IncorrectEipStatus' })
    }
  })
})
