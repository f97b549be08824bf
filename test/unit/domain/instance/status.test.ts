import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { matchesNetworkType, parseInstanceStatus } from '../../../../src/domain/instance/status.js'

describe('parseInstanceStatus', () => {
  it('accepts the five instance statuses', () => {
    for (const status of ['Pending', 'Starting', 'Running', 'Stopping', 'Stopped']) assert.equal(parseInstanceStatus(status), status)
  })

  it('refuses anything else with InvalidStatus.NotFound', () => {
    for (const status of ['running', 'Deleted', '']) assert.throws(() => parseInstanceStatus(status), { code: 'InvalidStatus.NotFound' })
  })
})

describe('matchesNetworkType', () => {
  it('matches vpc, never the retired classic network', () => {
    assert.equal(matchesNetworkType('vpc'), true)
    assert.equal(matchesNetworkType('classic'), false)
  })

  it('refuses other network types with InvalidNetworkType.NotFound', () => {
    assert.throws(() => matchesNetworkType('VPC'), { code: 'InvalidNetworkType.NotFound' })
  })
})
