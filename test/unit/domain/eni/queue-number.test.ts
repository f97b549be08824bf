import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assertQueueNumber, queuesOn, shownQueueNumber } from '../../../../src/domain/eni/queue-number.js'
import { g7Large } from './fixtures.js'

const type = g7Large({ primaryEniQueueNumber: 3, secondaryEniQueueNumber: 1 })

describe('assertQueueNumber', () => {
  it('accepts 1 to 2048', () => {
    assert.equal(assertQueueNumber(1), 1)
    assert.equal(assertQueueNumber(2048), 2048)
  })

  it('refuses anything else with InvalidParameter.InvalidEniQueueNumber', () => {
    for (const n of [0, 2049, -4, 2.5]) assert.throws(() => assertQueueNumber(n), { code: 'InvalidParameter.InvalidEniQueueNumber' })
  })
})

describe('queuesOn', () => {
  it('is the set value when there is one', () => {
    assert.equal(queuesOn({ type: 'Secondary', queueNumber: 2 }, type), 2)
  })

  it("is the type's default for the ENI's kind otherwise", () => {
    assert.equal(queuesOn({ type: 'Primary', queueNumber: null }, type), 3)
    assert.equal(queuesOn({ type: 'Secondary', queueNumber: null }, type), 1)
  })
})

describe('shownQueueNumber', () => {
  it('shows the queues on the instance for an attached ENI', () => {
    assert.equal(shownQueueNumber({ type: 'Secondary', queueNumber: null }, type), 1)
    assert.equal(shownQueueNumber({ type: 'Primary', queueNumber: null }, type), 3)
  })

  it('omits it for an unattached, unmodified ENI and shows a set one', () => {
    assert.equal(shownQueueNumber({ type: 'Secondary', queueNumber: null }, undefined), undefined)
    assert.equal(shownQueueNumber({ type: 'Secondary', queueNumber: 4 }, undefined), 4)
  })
})
