import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  assertAddressFree,
  assertAssociable,
  assertNatMode,
  instanceBinding,
  networkInterfaceBinding,
  parseTargetType,
} from '../../../../src/domain/eip/association.js'
import { eni, primaryOnI1 } from '../eni/fixtures.js'
import { eip } from './fixtures.js'

const withSecondaries = eni({ privateIps: [{ address: '198.18.0.10', primary: true }, { address: '198.18.0.11', primary: false }] })

describe('parseTargetType', () => {
  it('defaults to EcsInstance and knows NetworkInterface', () => {
    assert.equal(parseTargetType(undefined), 'EcsInstance')
    assert.equal(parseTargetType('EcsInstance'), 'EcsInstance')
    assert.equal(parseTargetType('NetworkInterface'), 'NetworkInterface')
  })

  it("refuses the reference's other targets and unknown ones with InvalidInstanceType.ValueNotSupported", () => {
    for (const type of ['Nat', 'SlbInstance', 'HaVip', 'IpAddress', 'ecsinstance', 'Router']) {
      assert.throws(() => parseTargetType(type), { code: 'InvalidInstanceType.ValueNotSupported' }, type)
    }
  })
})

describe('assertNatMode', () => {
  it('accepts NAT, given or not', () => {
    assert.doesNotThrow(() => assertNatMode(undefined))
    assert.doesNotThrow(() => assertNatMode('NAT'))
  })

  it('refuses the cut-through modes with Mode.NotSupport and unknown ones with IllegalParam.Mode', () => {
    assert.throws(() => assertNatMode('BINDED'), { code: 'Mode.NotSupport' })
    assert.throws(() => assertNatMode('MULTI_BINDED'), { code: 'Mode.NotSupport' })
    assert.throws(() => assertNatMode('nat'), { code: 'IllegalParam.Mode' })
  })
})

describe('assertAssociable', () => {
  it('needs the EIP Available', () => {
    assert.doesNotThrow(() => assertAssociable(eip()))
    for (const status of ['Associating', 'InUse', 'Unassociating'] as const) {
      assert.throws(() => assertAssociable(eip({ status })), { code: 'IncorrectEipStatus' })
    }
  })
})

describe('instanceBinding', () => {
  const primary = primaryOnI1({ privateIps: [{ address: '198.18.0.20', primary: true }, { address: '198.18.0.21', primary: false }] })

  it("binds the primary ENI's primary address of a settled instance", () => {
    for (const status of ['Running', 'Stopped'] as const) {
      assert.deepEqual(instanceBinding({ id: 'i-1', status }, primary, undefined), { eniId: 'eni-p', privateIpAddress: '198.18.0.20', boundAs: 'EcsInstance' })
    }
    assert.equal(instanceBinding({ id: 'i-1', status: 'Running' }, primary, '198.18.0.20').privateIpAddress, '198.18.0.20')
  })

  it('refuses an instance in transit with InvalidStatus.EcsStatusNotSupport', () => {
    for (const status of ['Pending', 'Starting', 'Stopping'] as const) {
      assert.throws(() => instanceBinding({ id: 'i-1', status }, primary, undefined), { code: 'InvalidStatus.EcsStatusNotSupport' })
    }
  })

  it('refuses any other address with OperationFailed.PrivateIpAddressNotExist', () => {
    assert.throws(() => instanceBinding({ id: 'i-1', status: 'Running' }, primary, '198.18.0.21'), { code: 'OperationFailed.PrivateIpAddressNotExist' })
  })
})

describe('networkInterfaceBinding', () => {
  it('binds the primary address by default, or the address named', () => {
    assert.deepEqual(networkInterfaceBinding(withSecondaries, undefined), { eniId: 'eni-1', privateIpAddress: '198.18.0.10', boundAs: 'NetworkInterface' })
    assert.equal(networkInterfaceBinding(withSecondaries, '198.18.0.11').privateIpAddress, '198.18.0.11')
    assert.equal(networkInterfaceBinding({ ...withSecondaries, status: 'InUse' }, '198.18.0.11').privateIpAddress, '198.18.0.11')
  })

  it("refuses an address that is not the ENI's, or a malformed one", () => {
    assert.throws(() => networkInterfaceBinding(withSecondaries, '198.18.0.12'), { code: 'OperationFailed.PrivateIpAddressNotExist' })
    assert.throws(() => networkInterfaceBinding(withSecondaries, '198.18.0.011'), { code: 'InvalidPrivateIpAddress.Malformed' })
  })

  it('refuses an ENI in transit with InvalidStatus.EniStatusNotSupport', () => {
    for (const status of ['Attaching', 'Detaching', 'Deleting'] as const) {
      assert.throws(() => networkInterfaceBinding({ ...withSecondaries, status }, undefined), { code: 'InvalidStatus.EniStatusNotSupport' })
    }
  })
})

describe('assertAddressFree', () => {
  it('refuses an address that already has an EIP with InvalidAssociation.Duplicated', () => {
    const binding = { eniId: 'eni-1', privateIpAddress: '198.18.0.10', boundAs: 'NetworkInterface' as const }
    assert.doesNotThrow(() => assertAddressFree(binding, undefined))
    assert.throws(() => assertAddressFree(binding, 'eip-other'), { code: 'InvalidAssociation.Duplicated' })
  })
})
