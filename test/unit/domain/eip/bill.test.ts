import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { billOf, type UsageRecord } from '../../../../src/domain/eip/bill.js'

const record = (allocationId: string, hour: string, fields: Partial<UsageRecord>): UsageRecord => ({
  allocationId,
  hour: `2026-11-23T${hour}:00:00.000Z`,
  internetChargeType: 'PayByBandwidth',
  bandwidthHours: 0,
  rxBytes: 0,
  txBytes: 0,
  ...fields,
})

describe('billOf', () => {
  const addresses: Record<string, string> = { 'eip-a': '203.0.113.1', 'eip-b': '203.0.113.2' }
  const bill = billOf(
    [
      record('eip-b', '10', { internetChargeType: 'PayByTraffic', rxBytes: 10, txBytes: 1_000 }),
      record('eip-a', '10', { bandwidthHours: 2.5, rxBytes: 99, txBytes: 77 }),
      record('eip-a', '11', { bandwidthHours: 5 }),
      // The open part of an hour reported beside its stored record counts as the same hour.
      record('eip-a', '11', { bandwidthHours: 1 }),
      record('eip-b', '11', { internetChargeType: 'PayByTraffic', txBytes: 500 }),
    ],
    (id) => addresses[id] ?? '',
  )

  it('charges pay-by-bandwidth EIPs their bandwidth-hours and pay-by-traffic ones their outbound bytes', () => {
    assert.deepEqual(
      bill.lines.map((l) => [l.allocationId, l.ipAddress, l.hours, l.bandwidthHours, l.rxBytes, l.txBytes, l.charged]),
      [
        ['eip-a', '203.0.113.1', 2, 8.5, 99, 77, { unit: 'Mbps-hour', quantity: 8.5 }],
        ['eip-b', '203.0.113.2', 2, 0, 10, 1_500, { unit: 'byte', quantity: 1_500 }],
      ],
    )
  })

  it('totals each kind of charge and all traffic', () => {
    assert.deepEqual(bill.totals, { bandwidthHours: 8.5, trafficBytes: 1_500, rxBytes: 109, txBytes: 1_577 })
  })

  it('is empty without records', () => {
    assert.deepEqual(billOf([], () => ''), { lines: [], totals: { bandwidthHours: 0, trafficBytes: 0, rxBytes: 0, txBytes: 0 } })
  })
})
