import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { Eni } from '../../../../src/domain/eni/eni.js'
import { assembleDesiredState, type DesiredStateInput } from '../../../../src/domain/host/desired-state.js'
import { BUILT_IN_INSTANCE_TYPES } from '../../../../src/domain/instance-type/catalog.js'
import type { Instance } from '../../../../src/domain/instance/instance.js'

const instance = (id: string, status: Instance['status'] = 'Running'): Instance => ({
  id, accountId: '1', regionId: 'r', zoneId: 'z', hostId: 'h1', instanceType: 'ecs.g7.large', ioOptimized: true,
  name: id, hostName: id, description: '', imageId: 'img', status, vpcId: 'vpc-1', vSwitchId: 'vsw-1',
  deletionProtection: false, createdAt: '', startedAt: null, tags: [],
})

const eni = (id: string, fields: Partial<Eni>): Eni => ({
  id, accountId: '1', regionId: 'r', vpcId: 'vpc-1', vSwitchId: 'vsw-1', zoneId: 'z', type: 'Secondary', status: 'InUse',
  instanceId: 'i-1', deviceIndex: 1, mac: '00:16:3e:00:00:01', name: '', description: '', queueNumber: null,
  deleteOnRelease: false, sourceDestCheck: true, resourceGroupId: '', createdAt: '', securityGroupIds: ['sg-1'],
  privateIps: [{ address: '198.18.0.5', primary: true }, { address: '198.18.0.9', primary: false }], tags: [], ...fields,
})

const catalog = new Map(BUILT_IN_INSTANCE_TYPES.map((t) => [t.instanceTypeId, t]))

function input(over: Partial<DesiredStateInput>): DesiredStateInput {
  return {
    host: { id: 'h1', zoneId: 'z', regionId: 'r' },
    revision: 7,
    instances: [instance('i-1')],
    enis: [],
    vSwitches: [
      { id: 'vsw-1', vpcId: 'vpc-1', cidrBlock: '198.18.0.0/24', zoneId: 'z' },
      { id: 'vsw-2', vpcId: 'vpc-1', cidrBlock: '198.18.1.0/24', zoneId: null },
    ],
    vpcs: [{ id: 'vpc-1', accountId: '1', cidrBlock: '198.18.0.0/16', routeTableId: 'vtb-1' }],
    remoteEnis: [],
    instanceType: (id) => catalog.get(id),
    ...over,
  }
}

describe('a host\'s desired state', () => {
  it('holds the ENIs attaching or in use on its instances, by instance and device index', () => {
    const state = assembleDesiredState(
      input({
        enis: [
          eni('eni-b', { deviceIndex: 1, status: 'Attaching' }),
          eni('eni-a', { type: 'Primary', deviceIndex: 0 }),
          eni('eni-c', { deviceIndex: 2, status: 'Detaching' }),
          eni('eni-d', { instanceId: 'i-elsewhere', deviceIndex: 1 }),
        ],
      }),
    )
    assert.deepEqual(state.enis.map((e) => [e.id, e.deviceIndex]), [['eni-a', 0], ['eni-b', 1]])
    const b = state.enis[1]!
    assert.equal(b.primaryIpAddress, '198.18.0.5')
    assert.deepEqual(b.secondaryIpAddresses, ['198.18.0.9'])
    assert.equal(b.prefixLength, 24)
    assert.equal(b.gatewayIpAddress, '198.18.0.253')
    // ecs.g7.large gives a secondary ENI its default queue count when none was asked.
    assert.equal(b.queueNumber, catalog.get('ecs.g7.large')!.secondaryEniQueueNumber)
  })

  it('names only the vSwitches and VPCs its ENIs use', () => {
    const state = assembleDesiredState(input({ enis: [eni('eni-a', { type: 'Primary', deviceIndex: 0 })] }))
    assert.deepEqual(state.vSwitches.map((v) => v.id), ['vsw-1'])
    assert.deepEqual(state.vpcs.map((v) => v.id), ['vpc-1'])
    const none = assembleDesiredState(input({}))
    assert.deepEqual([none.vSwitches, none.vpcs], [[], []])
  })

  it('gives each instance its power and the type\'s shared caps', () => {
    const state = assembleDesiredState(input({ instances: [instance('i-2', 'Stopping'), instance('i-1', 'Pending')] }))
    const type = catalog.get('ecs.g7.large')!
    assert.deepEqual(
      state.instances.map((i) => [i.id, i.power, i.bandwidthTxKbps, i.ppsRx]),
      [['i-1', 'running', type.instanceBandwidthTx, type.instancePpsRx], ['i-2', 'stopped', type.instanceBandwidthTx, type.instancePpsRx]],
    )
  })

  it('lists the ENIs of its vSwitches on other hosts with their tunnel endpoints, never its own', () => {
    const state = assembleDesiredState(
      input({
        enis: [eni('eni-a', { type: 'Primary', deviceIndex: 0 })],
        remoteEnis: [
          { ...eni('eni-r', { instanceId: 'i-9' }), hostId: 'h2', underlayAddress: '192.0.2.2' },
          { ...eni('eni-s', { instanceId: 'i-8', vSwitchId: 'vsw-2' }), hostId: 'h2', underlayAddress: '192.0.2.2' },
          { ...eni('eni-a', { type: 'Primary', deviceIndex: 0 }), hostId: 'h1', underlayAddress: null },
        ],
      }),
    )
    assert.deepEqual(state.remoteEnis, [
      { id: 'eni-r', vSwitchId: 'vsw-1', mac: '00:16:3e:00:00:01', ipAddresses: ['198.18.0.5', '198.18.0.9'], hostId: 'h2', underlayAddress: '192.0.2.2' },
    ])
  })

  it('is the same for the same facts in any order', () => {
    const enis = [eni('eni-a', { type: 'Primary', deviceIndex: 0 }), eni('eni-b', { deviceIndex: 1 })]
    const one = assembleDesiredState(input({ enis }))
    const other = assembleDesiredState(input({ enis: [...enis].reverse(), vSwitches: [...input({}).vSwitches].reverse() }))
    assert.deepEqual(one, other)
  })
})
