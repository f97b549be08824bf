import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { Eni } from '../../../../src/domain/eni/eni.js'
import { assembleDesiredState, type DesiredStateInput } from '../../../../src/domain/host/desired-state.js'
import type { EffectivePolicy } from '../../../../src/domain/security-group/effective-policy.js'
import type { VpcRoutes } from '../../../../src/domain/route/route.js'
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
    routes: new Map(),
    policies: new Map([['sg-1', policy('sg-1')]]),
    eips: [],
    remoteEnis: [],
    underlayAddresses: new Map([['h2', '192.0.2.2']]),
    instanceType: (id) => catalog.get(id),
    ...over,
  }
}

/** A policy that says which groups it came from, so a test can tell them apart. */
function policy(groups: string): EffectivePolicy {
  return {
    ingress: { rules: [{ priority: 1, policy: 'accept', protocol: 'tcp', portFrom: 22, portTo: 22, peers: ['0.0.0.0/0'], origin: { groupId: groups, ruleId: `sgr-${groups}` } }], default: 'drop' },
    egress: { rules: [], default: 'accept' },
    innerAccessPeers: [],
  }
}

const bound = (allocationId: string, eniId: string, status: 'Associating' | 'InUse' | 'Unassociating') => ({
  allocationId, ipAddress: '203.0.113.9', eniId, privateIpAddress: '198.18.0.9', bandwidthMbps: 5,
  internetChargeType: 'PayByTraffic' as const, status,
})

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

  it('names the VPCs its ENIs use with every vSwitch of them, and nothing else', () => {
    const state = assembleDesiredState(
      input({
        enis: [eni('eni-a', { type: 'Primary', deviceIndex: 0 })],
        vSwitches: [...input({}).vSwitches, { id: 'vsw-9', vpcId: 'vpc-9', cidrBlock: '198.19.0.0/24', zoneId: 'z' }],
        vpcs: [...input({}).vpcs, { id: 'vpc-9', accountId: '2', cidrBlock: '198.19.0.0/16', routeTableId: 'vtb-9' }],
      }),
    )
    assert.deepEqual(state.vSwitches.map((v) => v.id), ['vsw-1', 'vsw-2'])
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

  it('lists the plugged ENIs of its VPCs on other hosts with their tunnel endpoints, never its own', () => {
    const state = assembleDesiredState(
      input({
        enis: [eni('eni-a', { type: 'Primary', deviceIndex: 0 })],
        remoteEnis: [
          { ...eni('eni-r', { instanceId: 'i-9' }), hostId: 'h2' },
          { ...eni('eni-s', { instanceId: 'i-8', vSwitchId: 'vsw-2', status: 'Attaching' }), hostId: 'h3' },
          { ...eni('eni-t', { instanceId: 'i-8', status: 'Detaching' }), hostId: 'h2' },
          { ...eni('eni-u', { instanceId: 'i-7', vpcId: 'vpc-9', vSwitchId: 'vsw-9' }), hostId: 'h2' },
          { ...eni('eni-a', { type: 'Primary', deviceIndex: 0 }), hostId: 'h1' },
        ],
      }),
    )
    assert.deepEqual(state.remoteEnis, [
      { id: 'eni-r', vSwitchId: 'vsw-1', mac: '00:16:3e:00:00:01', ipAddresses: ['198.18.0.5', '198.18.0.9'], hostId: 'h2', underlayAddress: '192.0.2.2' },
      { id: 'eni-s', vSwitchId: 'vsw-2', mac: '00:16:3e:00:00:01', ipAddresses: ['198.18.0.5', '198.18.0.9'], hostId: 'h3', underlayAddress: null },
    ])
  })

  it('gives ENIs with the same groups, in any order, one shared effective policy', () => {
    const both = policy('sg-1+sg-2')
    const state = assembleDesiredState(
      input({
        enis: [
          eni('eni-a', { type: 'Primary', deviceIndex: 0, securityGroupIds: ['sg-2', 'sg-1'] }),
          eni('eni-b', { deviceIndex: 1, securityGroupIds: ['sg-1', 'sg-2'] }),
          eni('eni-c', { deviceIndex: 2, securityGroupIds: ['sg-1'] }),
        ],
        policies: new Map([['sg-1', policy('sg-1')], ['sg-1+sg-2', both]]),
      }),
    )
    assert.deepEqual(state.enis.map((e) => e.securityPolicyId), ['sg-1+sg-2', 'sg-1+sg-2', 'sg-1'])
    assert.deepEqual(state.enis[0]!.securityGroupIds, ['sg-2', 'sg-1'])
    assert.deepEqual(state.securityPolicies, [
      { id: 'sg-1', securityGroupIds: ['sg-1'], ...policy('sg-1') },
      { id: 'sg-1+sg-2', securityGroupIds: ['sg-1', 'sg-2'], ...both },
    ])
  })

  it('maps the EIPs asked or held on its ENIs, caps in kbit/s, and drops those being unassociated', () => {
    const state = assembleDesiredState(
      input({
        enis: [eni('eni-a', { type: 'Primary', deviceIndex: 0 }), eni('eni-b', { deviceIndex: 1, status: 'Detaching' })],
        eips: [bound('eip-2', 'eni-a', 'InUse'), bound('eip-1', 'eni-a', 'Associating'), bound('eip-3', 'eni-a', 'Unassociating'), bound('eip-4', 'eni-b', 'InUse')],
      }),
    )
    assert.deepEqual(state.eips, [
      { allocationId: 'eip-1', ipAddress: '203.0.113.9', eniId: 'eni-a', privateIpAddress: '198.18.0.9', bandwidthKbps: 5000, internetChargeType: 'PayByTraffic' },
      { allocationId: 'eip-2', ipAddress: '203.0.113.9', eniId: 'eni-a', privateIpAddress: '198.18.0.9', bandwidthKbps: 5000, internetChargeType: 'PayByTraffic' },
    ])
  })

  it('gives each VPC its routes, a custom route with where its next hop is now', () => {
    const routes: VpcRoutes = {
      vpcId: 'vpc-1',
      routeTableId: 'vtb-1',
      systemRoutes: [{ routeEntryId: 'rte-s', destinationCidrBlock: '198.18.0.0/24', nextHopType: 'local', vSwitchId: 'vsw-1' }],
      customRoutes: [
        { routeEntryId: 'rte-1', destinationCidrBlock: '0.0.0.0/0', nextHopType: 'NetworkInterface', nextHopId: 'eni-x',
          nextHop: { eniId: 'eni-x', privateIpAddress: '198.18.1.4', instanceId: 'i-9', hostId: 'h2' } },
        { routeEntryId: 'rte-2', destinationCidrBlock: '10.0.0.0/8', nextHopType: 'Instance', nextHopId: 'i-1',
          nextHop: { eniId: 'eni-a', privateIpAddress: '198.18.0.5', instanceId: 'i-1', hostId: 'h1' } },
        { routeEntryId: 'rte-3', destinationCidrBlock: '172.16.0.0/12', nextHopType: 'NetworkInterface', nextHopId: 'eni-y',
          nextHop: { eniId: 'eni-y', privateIpAddress: '198.18.1.5', instanceId: null, hostId: null } },
      ],
    }
    const state = assembleDesiredState(input({ enis: [eni('eni-a', { type: 'Primary', deviceIndex: 0 })], routes: new Map([['vpc-1', routes]]) }))
    const [vpc] = state.vpcs
    assert.deepEqual(vpc!.systemRoutes, routes.systemRoutes)
    assert.deepEqual(vpc!.customRoutes.map((r) => [r.routeEntryId, r.nextHop.hostId, r.nextHop.underlayAddress]), [
      ['rte-1', 'h2', '192.0.2.2'],
      ['rte-2', 'h1', null],
      ['rte-3', null, null],
    ])
  })

  it('is the same for the same facts in any order', () => {
    const enis = [eni('eni-a', { type: 'Primary', deviceIndex: 0 }), eni('eni-b', { deviceIndex: 1 })]
    const one = assembleDesiredState(input({ enis }))
    const other = assembleDesiredState(input({ enis: [...enis].reverse(), vSwitches: [...input({}).vSwitches].reverse() }))
    assert.deepEqual(one, other)
  })

  it('gives back the entries it made for the very same inputs, and makes again those whose inputs changed', () => {
    const i1 = instance('i-1')
    const i2 = instance('i-2')
    const enis = [eni('eni-a', { type: 'Primary', deviceIndex: 0 }), eni('eni-b', { instanceId: 'i-2', deviceIndex: 0, type: 'Primary' })]
    const remote = { ...eni('eni-r', { instanceId: 'i-9' }), hostId: 'h2' }
    const facts = input({ instances: [i1, i2], enis, remoteEnis: [remote] })
    const first = assembleDesiredState(facts)
    const again = assembleDesiredState({ ...facts, revision: 8 })
    for (const section of ['instances', 'enis', 'vSwitches', 'securityPolicies', 'remoteEnis'] as const) {
      first[section].forEach((entry, n) => assert.equal(again[section][n], entry, `${section}[${n}] is the same object`))
    }
    // i-2 stopping: its entry and its ENI's are made again; i-1's are kept.
    const stopping = { ...i2, status: 'Stopping' as const }
    const next = assembleDesiredState({ ...facts, instances: [i1, stopping], underlayAddresses: new Map([['h2', '192.0.2.9']]) })
    assert.equal(next.instances[0], first.instances[0])
    assert.notEqual(next.instances[1], first.instances[1])
    assert.equal(next.instances[1]!.power, 'stopped')
    assert.equal(next.enis[0], first.enis[0])
    assert.notEqual(next.enis[1], first.enis[1])
    assert.deepEqual(next.enis[1], first.enis[1], 'made again, equal: the ENI itself did not change')
    // Another tunnel endpoint for h2 changes its ENIs' entries.
    assert.equal(next.remoteEnis[0]!.underlayAddress, '192.0.2.9')
    // Equal facts as new objects give equal entries.
    assert.deepEqual(assembleDesiredState(input({ instances: [instance('i-1'), instance('i-2')], enis: enis.map((e) => ({ ...e })), remoteEnis: [{ ...remote }] })), first)
  })
})
