import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { BUILT_IN_INSTANCE_TYPES, type InstanceType } from '../../../../src/domain/instance-type/catalog.js'
import { planLaunchNetwork, type LaunchNetworkRequest } from '../../../../src/domain/instance/launch-interfaces.js'

const typeOf = (id: string): InstanceType => BUILT_IN_INSTANCE_TYPES.find((t) => t.instanceTypeId === id)!
const g7 = { type: typeOf('ecs.g7.large'), ioOptimized: true, amount: 1 } // EniQuantity 3
const topLevel: LaunchNetworkRequest = { vSwitchId: 'vsw-1', securityGroupIds: ['sg-1'], interfaces: [] }

describe('planLaunchNetwork', () => {
  it('builds the primary ENI from the top-level fields', () => {
    const plan = planLaunchNetwork({ ...topLevel, privateIpAddress: '198.18.1.9', queueNumber: 2 }, g7)
    assert.deepEqual(plan.primary, { vSwitchId: 'vsw-1', securityGroupIds: ['sg-1'], primaryIpAddress: '198.18.1.9', queueNumber: 2 })
    assert.deepEqual(plan.secondaries, [])
    assert.deepEqual(planLaunchNetwork({ vSwitchId: 'vsw-1', securityGroupId: 'sg-9', securityGroupIds: [], interfaces: [] }, g7).primary.securityGroupIds, ['sg-9'])
  })

  it('builds the primary ENI from a NetworkInterface.N of type Primary, ignoring its name', () => {
    const plan = planLaunchNetwork(
      {
        securityGroupIds: [],
        interfaces: [{ instanceType: 'Primary', vSwitchId: 'vsw-2', securityGroupIds: ['sg-2'], primaryIpAddress: '198.18.2.5', name: 'ignored' }],
      },
      g7,
    )
    assert.equal(plan.primary.vSwitchId, 'vsw-2')
    assert.deepEqual(plan.primary.securityGroupIds, ['sg-2'])
    assert.equal(plan.primary.primaryIpAddress, '198.18.2.5')
    assert.equal(plan.primary.name, undefined)
  })

  it('refuses mixing top-level primary fields with a Primary entry, or two Primary entries, with InvalidParam.NetworkInterface', () => {
    const primary = { instanceType: 'Primary' as const, vSwitchId: 'vsw-2', securityGroupIds: ['sg-2'] }
    for (const mixed of [
      { vSwitchId: 'vsw-1' },
      { securityGroupId: 'sg-1' },
      { securityGroupIds: ['sg-1'] },
      { privateIpAddress: '198.18.1.9' },
      { queueNumber: 2 },
    ]) {
      assert.throws(() => planLaunchNetwork({ securityGroupIds: [], ...mixed, interfaces: [primary] }, g7), { code: 'InvalidParam.NetworkInterface' })
    }
    assert.throws(() => planLaunchNetwork({ securityGroupIds: [], interfaces: [primary, primary] }, g7), { code: 'InvalidParam.NetworkInterface' })
    assert.throws(() => planLaunchNetwork({ securityGroupIds: [], interfaces: [{ ...primary, networkInterfaceId: 'eni-1' }] }, g7), {
      code: 'InvalidParam.NetworkInterface',
    })
  })

  it('needs a vSwitch (InvalidVSwitchId.Necessary) and security groups (MissingParameter) for the primary ENI', () => {
    assert.throws(() => planLaunchNetwork({ securityGroupIds: ['sg-1'], interfaces: [] }, g7), { code: 'InvalidVSwitchId.Necessary' })
    assert.throws(() => planLaunchNetwork({ vSwitchId: 'vsw-1', securityGroupIds: [], interfaces: [] }, g7), { code: 'MissingParameter' })
    assert.throws(() => planLaunchNetwork({ securityGroupIds: [], interfaces: [{ instanceType: 'Primary', securityGroupIds: ['sg-1'] }] }, g7), {
      code: 'InvalidVSwitchId.Necessary',
    })
    assert.throws(() => planLaunchNetwork({ securityGroupIds: [], interfaces: [{ instanceType: 'Primary', vSwitchId: 'vsw-1', securityGroupIds: [] }] }, g7), {
      code: 'MissingParameter',
    })
  })

  it('refuses SecurityGroupId with SecurityGroupIds.N', () => {
    assert.throws(() => planLaunchNetwork({ ...topLevel, securityGroupId: 'sg-2' }, g7), { code: 'InvalidSecurityGroupId.SingleIdAndMultiIdConflict' })
    assert.throws(() => planLaunchNetwork({ ...topLevel, interfaces: [{ securityGroupId: 'sg-2', securityGroupIds: ['sg-3'] }] }, g7), {
      code: 'InvalidSecurityGroupId.SingleIdAndMultiIdConflict',
    })
  })

  it('defaults secondaries to the primary vSwitch and groups, deleted with the instance', () => {
    const plan = planLaunchNetwork(
      {
        ...topLevel,
        interfaces: [
          { securityGroupIds: [], secondaryPrivateIpAddressCount: 2, name: 'data', queueNumber: 1 },
          { instanceType: 'Secondary', vSwitchId: 'vsw-3', securityGroupIds: ['sg-3'], deleteOnRelease: false },
        ],
      },
      g7,
    )
    assert.deepEqual(plan.secondaries, [
      {
        create: {
          vSwitchId: 'vsw-1',
          securityGroupIds: ['sg-1'],
          primaryIpAddress: undefined,
          secondaryPrivateIpAddressCount: 2,
          name: 'data',
          description: undefined,
          queueNumber: 1,
          deleteOnRelease: true,
          sourceDestCheck: undefined,
        },
      },
      {
        create: {
          vSwitchId: 'vsw-3',
          securityGroupIds: ['sg-3'],
          primaryIpAddress: undefined,
          secondaryPrivateIpAddressCount: undefined,
          name: undefined,
          description: undefined,
          queueNumber: undefined,
          deleteOnRelease: false,
          sourceDestCheck: undefined,
        },
      },
    ])
  })

  it('attaches an existing ENI given alone, to a single instance', () => {
    const plan = planLaunchNetwork({ ...topLevel, interfaces: [{ networkInterfaceId: 'eni-9', securityGroupIds: [] }] }, g7)
    assert.deepEqual(plan.secondaries, [{ attach: 'eni-9' }])
    assert.throws(() => planLaunchNetwork({ ...topLevel, interfaces: [{ networkInterfaceId: 'eni-9', securityGroupIds: [] }] }, { ...g7, amount: 2 }), {
      code: 'InvalidParam.NetworkInterface',
    })
    assert.throws(() => planLaunchNetwork({ ...topLevel, interfaces: [{ networkInterfaceId: 'eni-9', vSwitchId: 'vsw-1', securityGroupIds: [] }] }, g7), {
      code: 'InvalidParam.NetworkInterface',
    })
    assert.throws(() => planLaunchNetwork({ ...topLevel, interfaces: [{ networkInterfaceId: 'eni-9', securityGroupIds: ['sg-1'] }] }, g7), {
      code: 'InvalidParam.NetworkInterface',
    })
    const twice = { networkInterfaceId: 'eni-9', securityGroupIds: [] }
    assert.throws(() => planLaunchNetwork({ ...topLevel, interfaces: [twice, twice] }, g7), { code: 'InvalidParam.NetworkInterface' })
  })

  it("bounds the interfaces by the type's EniQuantity, the primary included", () => {
    const secondary = { securityGroupIds: [] }
    assert.equal(planLaunchNetwork({ ...topLevel, interfaces: [secondary, secondary] }, g7).secondaries.length, 2)
    assert.throws(() => planLaunchNetwork({ ...topLevel, interfaces: [secondary, secondary, secondary] }, g7), { code: 'EniPerInstanceLimitExceeded' })
  })

  it('refuses secondaries for a non-I/O-optimized instance', () => {
    const t6 = { type: typeOf('ecs.t6-c1m1.large'), ioOptimized: false, amount: 1 }
    planLaunchNetwork(topLevel, t6)
    assert.throws(() => planLaunchNetwork({ ...topLevel, interfaces: [{ securityGroupIds: [] }] }, t6), {
      code: 'InvalidInstanceType.ElasticNetworkInterfaceNotSupported',
    })
  })

  it('refuses secondaries when several instances count up from one PrivateIpAddress', () => {
    const request = { ...topLevel, privateIpAddress: '198.18.1.9', interfaces: [{ securityGroupIds: [] }] }
    planLaunchNetwork(request, g7)
    assert.throws(() => planLaunchNetwork(request, { ...g7, amount: 2 }), { code: 'InvalidParam.SecondaryNetworkInterface' })
    planLaunchNetwork({ ...topLevel, privateIpAddress: '198.18.1.9' }, { ...g7, amount: 2 })
  })
})
