import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assertAttachable, nextDeviceIndex } from '../../../../src/domain/eni/attach.js'
import { eni, g7Large, instance, primaryOnI1 } from './fixtures.js'

const target = (overrides: Parameters<typeof instance>[0] = {}, present = [primaryOnI1()]) => ({
  instance: instance(overrides),
  type: g7Large(),
  present,
})

describe('assertAttachable', () => {
  it('returns the target when every rule holds', () => {
    const t = target()
    assert.equal(assertAttachable(eni(), 'i-1', t), t)
  })

  it('refuses a primary ENI with InvalidOperation.InvalidEniType before anything else', () => {
    assert.throws(() => assertAttachable(primaryOnI1({ status: 'Available' }), 'i-9', undefined), { code: 'InvalidOperation.InvalidEniType' })
  })

  it('refuses an ENI that is not Available with InvalidOperation.InvalidEniState', () => {
    for (const status of ['Attaching', 'InUse', 'Detaching', 'Deleting'] as const) {
      assert.throws(() => assertAttachable(eni({ status }), 'i-1', target()), { code: 'InvalidOperation.InvalidEniState' })
    }
  })

  it('refuses a missing instance with InvalidEcsId.NotFound after the ENI checks', () => {
    assert.throws(() => assertAttachable(eni(), 'i-9', undefined), { code: 'InvalidEcsId.NotFound' })
    assert.throws(() => assertAttachable(eni({ status: 'InUse' }), 'i-9', undefined), { code: 'InvalidOperation.InvalidEniState' })
  })

  it('refuses an instance in transit, except at launch', () => {
    assert.throws(() => assertAttachable(eni(), 'i-1', target({ status: 'Pending' })), { code: 'InvalidOperation.InvalidEcsState' })
    assert.doesNotThrow(() => assertAttachable(eni(), 'i-1', target({ status: 'Pending' }), { atLaunch: true }))
  })

  it('refuses an instance that is not I/O optimized', () => {
    assert.throws(() => assertAttachable(eni(), 'i-1', target({ ioOptimized: false })), {
      code: 'InvalidInstanceType.ElasticNetworkInterfaceNotSupported',
    })
  })

  it('checks VPC, zone, then the instance type', () => {
    assert.throws(() => assertAttachable(eni({ vpcId: 'vpc-b', zoneId: 'cn-hangzhou-b' }), 'i-1', target()), {
      code: 'InvalidOperation.VpcMismatch',
    })
    assert.throws(() => assertAttachable(eni({ zoneId: 'cn-hangzhou-b' }), 'i-1', target()), { code: 'InvalidOperation.AvailabilityZoneMismatch' })
    const full = [primaryOnI1(), eni({ id: 'eni-2' }), eni({ id: 'eni-3' })]
    assert.throws(() => assertAttachable(eni(), 'i-1', target({}, full)), { code: 'EniPerInstanceLimitExceeded' })
  })

  it("refuses an ENI holding more addresses than the type's EniPrivateIpAddressQuantity", () => {
    const ips = Array.from({ length: 7 }, (_, i) => ({ address: `198.18.0.${i + 1}`, primary: i === 0 }))
    assert.throws(() => assertAttachable(eni({ privateIps: ips }), 'i-1', target()), { code: 'InvalidOperation.Ipv4CountExceeded' })
  })

  it('refuses too many queues on the ENI or on the instance', () => {
    assert.throws(() => assertAttachable(eni({ queueNumber: 4 }), 'i-1', target()), { code: 'InvalidOperation.MaxEniQueueNumberExceeded' })
    const busy = [primaryOnI1(), eni({ id: 'eni-2', queueNumber: 2 })]
    const tight = { instance: instance(), type: g7Large({ totalEniQueueQuantity: 5 }), present: busy }
    assert.throws(() => assertAttachable(eni(), 'i-1', tight), { code: 'InvalidOperation.ExceedInstanceTypeQueueNumber' })
  })
})

describe('nextDeviceIndex', () => {
  it('starts at 1 (0 is the primary ENI)', () => {
    assert.equal(nextDeviceIndex([0]), 1)
    assert.equal(nextDeviceIndex([]), 1)
  })

  it('reuses the lowest freed slot', () => {
    assert.equal(nextDeviceIndex([0, 2, 3]), 1)
    assert.equal(nextDeviceIndex([0, 1, 3]), 2)
    assert.equal(nextDeviceIndex([3, 0, 1, 2]), 4)
  })
})
