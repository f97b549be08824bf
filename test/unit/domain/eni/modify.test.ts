import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assertModifiable, type EniHost } from '../../../../src/domain/eni/modify.js'
import { eni, g7Large, instance, primaryOnI1 } from './fixtures.js'

const attached = eni({ status: 'InUse', instanceId: 'i-1', deviceIndex: 1 })
const host = (status: 'Running' | 'Stopped', present = [primaryOnI1(), attached]): EniHost => ({
  instance: instance({ status }),
  type: g7Large(),
  present,
})

describe('assertModifiable', () => {
  it('accepts every attribute on an Available secondary ENI', () => {
    assert.doesNotThrow(() =>
      assertModifiable(
        eni(),
        { name: 'web', description: 'front end', securityGroupIds: ['sg-2'], queueNumber: 8, deleteOnRelease: true, sourceDestCheck: true },
        undefined,
      ),
    )
  })

  it('validates the name and description', () => {
    assert.throws(() => assertModifiable(eni(), { name: '1abc' }, undefined), { code: 'InvalidParams.NetworkInterfaceName' })
    assert.throws(() => assertModifiable(eni(), { description: 'http://x' }, undefined), { code: 'InvalidParameter' })
  })

  it('lets a primary ENI change only its name and description', () => {
    assert.doesNotThrow(() => assertModifiable(primaryOnI1(), { name: 'main', description: 'the primary' }, host('Running')))
    for (const change of [{ securityGroupIds: ['sg-2'] }, { deleteOnRelease: false }, { sourceDestCheck: true }]) {
      assert.throws(() => assertModifiable(primaryOnI1(), change, host('Running')), { code: 'InvalidOperation.PrimaryEniOnlySupportModifyNameAndDesc' })
    }
  })

  it("refuses a primary ENI's queue number with its own code", () => {
    assert.throws(() => assertModifiable(primaryOnI1(), { queueNumber: 1 }, host('Stopped')), { code: 'InvalidOperation.ModifyPrimaryEniQueueNumber' })
  })

  it('refuses any change while the ENI is in transit', () => {
    for (const status of ['Attaching', 'Detaching'] as const) {
      assert.throws(() => assertModifiable(eni({ status }), { name: 'x1' }, undefined), { code: 'InvalidOperation.InvalidEniState' })
    }
  })

  it('refuses a bad queue number', () => {
    assert.throws(() => assertModifiable(eni(), { queueNumber: 0 }, undefined), { code: 'InvalidParameter.InvalidEniQueueNumber' })
  })

  it('changes the queue number of an attached ENI only while its instance is Stopped', () => {
    assert.throws(() => assertModifiable(attached, { queueNumber: 1 }, host('Running')), { code: 'InvalidOperation.InvalidEniState' })
    assert.doesNotThrow(() => assertModifiable(attached, { queueNumber: 1 }, host('Stopped')))
  })

  it("bounds an attached ENI's queues by its instance type, not counting its old value", () => {
    assert.throws(() => assertModifiable(attached, { queueNumber: 3 }, host('Stopped')), { code: 'InvalidOperation.MaxEniQueueNumberExceeded' })
    const tight: EniHost = { instance: instance({ status: 'Stopped' }), type: g7Large({ totalEniQueueQuantity: 4 }), present: [primaryOnI1(), attached] }
    assert.doesNotThrow(() => assertModifiable(attached, { queueNumber: 2 }, tight))
    const tighter: EniHost = { ...tight, type: g7Large({ totalEniQueueQuantity: 3 }) }
    assert.throws(() => assertModifiable(attached, { queueNumber: 2 }, tighter), { code: 'InvalidOperation.ExceedInstanceTypeQueueNumber' })
  })
})
