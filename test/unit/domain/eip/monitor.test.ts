import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { aggregateTraffic, parseMonitorTime, planMonitorWindow, type MinuteTraffic } from '../../../../src/domain/eip/monitor.js'

const now = new Date('2026-11-23T12:00:00Z')

describe('parseMonitorTime', () => {
  it('reads seconds or minutes precision, rounding seconds up to the next minute', () => {
    assert.equal(parseMonitorTime('2026-11-23T10:05:00Z', 'InvalidStartTime.Malformed').toISOString(), '2026-11-23T10:05:00.000Z')
    assert.equal(parseMonitorTime('2026-11-23T10:05:05Z', 'InvalidStartTime.Malformed').toISOString(), '2026-11-23T10:06:00.000Z')
    assert.equal(parseMonitorTime('2026-11-23T10:05Z', 'InvalidEndTime.Malformed').toISOString(), '2026-11-23T10:05:00.000Z')
  })

  it('refuses other shapes and dates that do not exist under the code it is given', () => {
    for (const text of ['2026-11-23 10:05:00', '2026-11-23T10:05:00', '2026-11-23T10:05:00.000Z', '2026-02-30T10:00:00Z', '2026-11-23T24:00:00Z', 'now']) {
      assert.throws(() => parseMonitorTime(text, 'InvalidStartTime.Malformed'), { code: 'InvalidStartTime.Malformed' }, text)
      assert.throws(() => parseMonitorTime(text, 'InvalidEndTime.Malformed'), { code: 'InvalidEndTime.Malformed' }, text)
    }
  })
})

describe('planMonitorWindow', () => {
  it('counts the points of the range, the last one cut at the end', () => {
    const window = planMonitorWindow({ startTime: '2026-11-23T10:00:00Z', endTime: '2026-11-23T10:12:00Z', period: 300 }, now)
    assert.equal(window.points, 3)
    assert.equal(window.period, 300)
    assert.equal(planMonitorWindow({ startTime: '2026-11-23T10:00:00Z', endTime: '2026-11-23T10:03:00Z' }, now).points, 3, 'a minute by default')
    assert.equal(planMonitorWindow({ startTime: '2026-11-23T10:00:00Z', endTime: '2026-11-23T10:00:00Z' }, now).points, 0)
  })

  it('allows 400 points and refuses more with OperationDenied.TooManyDataQueried', () => {
    assert.equal(planMonitorWindow({ startTime: '2026-11-23T00:00:00Z', endTime: '2026-11-23T06:40:00Z' }, now).points, 400)
    assert.throws(() => planMonitorWindow({ startTime: '2026-11-23T00:00:00Z', endTime: '2026-11-23T06:41:00Z' }, now), {
      code: 'OperationDenied.TooManyDataQueried',
    })
  })

  it('refuses an unknown period, a reversed range and a start past the kept history', () => {
    assert.throws(() => planMonitorWindow({ startTime: '2026-11-23T10:00:00Z', endTime: '2026-11-23T11:00:00Z', period: 120 }, now), {
      code: 'InvalidPeriod.ValueNotSupported',
    })
    assert.throws(() => planMonitorWindow({ startTime: '2026-11-23T11:00:00Z', endTime: '2026-11-23T10:00:00Z' }, now), { code: 'InvalidEndTime.Malformed' })
    assert.throws(() => planMonitorWindow({ startTime: '2026-10-22T11:59:00Z', endTime: '2026-10-22T12:30:00Z', period: 3600 }, now), {
      code: 'InvalidStartTime.TooEarly',
    })
    assert.doesNotThrow(() => planMonitorWindow({ startTime: '2026-10-23T12:00:00Z', endTime: '2026-10-23T13:00:00Z', period: 3600 }, now))
  })
})

describe('aggregateTraffic', () => {
  const minute = (time: string, rxBytes: number, txBytes: number, packets = 0): MinuteTraffic => ({
    minute: `2026-11-23T${time}:00.000Z`,
    rxBytes,
    txBytes,
    rxPackets: packets,
    txPackets: packets,
  })

  it('sums minutes per period, zero where nothing was seen, with the average bandwidth in bits/s', () => {
    const window = planMonitorWindow({ startTime: '2026-11-23T10:00:00Z', endTime: '2026-11-23T10:15:00Z', period: 300 }, now)
    const points = aggregateTraffic(window, [minute('10:00', 100, 200, 1), minute('10:04', 50, 50, 2), minute('10:12', 0, 7_500, 3), minute('10:15', 9, 9)])
    assert.deepEqual(points, [
      { timeStamp: '2026-11-23T10:00:00Z', rxBytes: 150, txBytes: 250, flow: 400, bandwidth: Math.round((400 * 8) / 300), packets: 6 },
      { timeStamp: '2026-11-23T10:05:00Z', rxBytes: 0, txBytes: 0, flow: 0, bandwidth: 0, packets: 0 },
      { timeStamp: '2026-11-23T10:10:00Z', rxBytes: 0, txBytes: 7_500, flow: 7_500, bandwidth: 200, packets: 6 },
    ])
  })

  it('ignores minutes before the start', () => {
    const window = planMonitorWindow({ startTime: '2026-11-23T10:00:00Z', endTime: '2026-11-23T10:01:00Z' }, now)
    assert.deepEqual(aggregateTraffic(window, [minute('09:59', 1, 1)]).map((p) => p.flow), [0])
  })
})
