import type { EniHostInstance } from '../../../../src/domain/eni/attach.js'
import type { Eni } from '../../../../src/domain/eni/eni.js'
import type { InstanceType } from '../../../../src/domain/instance-type/catalog.js'
import { BUILT_IN_INSTANCE_TYPES } from '../../../../src/domain/instance-type/catalog.js'

/** A standalone secondary ENI in vpc-a / zone a with one address; override what a test is about. */
export function eni(overrides: Partial<Eni> = {}): Eni {
  return {
    id: 'eni-1',
    accountId: '1000000000000001',
    regionId: 'cn-hangzhou',
    vpcId: 'vpc-a',
    vSwitchId: 'vsw-a',
    zoneId: 'cn-hangzhou-a',
    type: 'Secondary',
    status: 'Available',
    instanceId: null,
    deviceIndex: null,
    mac: '00:16:3e:00:00:01',
    name: '',
    description: '',
    queueNumber: null,
    deleteOnRelease: false,
    sourceDestCheck: false,
    resourceGroupId: '',
    createdAt: '2026-01-01T00:00:00.000Z',
    securityGroupIds: ['sg-1'],
    privateIps: [{ address: '198.18.0.10', primary: true }],
    tags: [],
    ...overrides,
  }
}

/** A Running, I/O optimized ecs.g7.large instance in vpc-a / zone a. */
export function instance(overrides: Partial<EniHostInstance> = {}): EniHostInstance {
  return {
    id: 'i-1',
    status: 'Running',
    ioOptimized: true,
    vpcId: 'vpc-a',
    zoneId: 'cn-hangzhou-a',
    instanceType: 'ecs.g7.large',
    ...overrides,
  }
}

/** ecs.g7.large: 3 ENIs, 6 IPv4 per ENI, 2 queues per ENI (default 2), 6 queues in all. */
export function g7Large(overrides: Partial<InstanceType> = {}): InstanceType {
  const base = BUILT_IN_INSTANCE_TYPES.find((t) => t.instanceTypeId === 'ecs.g7.large')
  if (base === undefined) throw new Error('ecs.g7.large is missing from the catalogue')
  return { ...base, ...overrides }
}

/** The primary ENI of instance i-1. */
export function primaryOnI1(overrides: Partial<Eni> = {}): Eni {
  return eni({ id: 'eni-p', type: 'Primary', status: 'InUse', instanceId: 'i-1', deviceIndex: 0, deleteOnRelease: true, ...overrides })
}
