import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { assertCounters, bandwidthHoursByHour, counterDelta, hourOf, minuteOf, type Counters } from '../../../../src/domain/eip/metering.js'

const at = (time: string) => new Date(`2026-11-23T${time}Z`)
const counters = (rxBytes: number, txBytes: number, rxPackets = 0, txPackets = 0): Counters => ({ rxBytes, txBytes, rxPackets, txPackets })

describe('counterDelta', () => {
  it('is what grew since the last reading', () => {
    assert.deepEqual(counterDelta(counters(100, 50, 3, 2), counters(160, 80, 5, 4)), counters(60, 30, 2, 2))
  })

  it('counts the first reading of a host from zero', () => {
    assert.deepEqual(counterDelta(undefined, counters(700, 20, 7, 1)), counters(700, 20, 7, 1))
  })

  it('takes a counter lower than the last as an agent restart: the new reading is all new', () => {
    assert.deepEqual(counterDelta(counters(1_000, 900, 40, 30), counters(10, 2_000, 1, 50)), counters(10, 2_000, 1, 50))
  })

  it('gives nothing for an unchanged reading', () => {
    assert.deepEqual(counterDelta(counters(5, 5, 1, 1), counters(5, 5, 1, 1)), counters(0, 0, 0, 0))
  })

  it('counts exactly what was sent across restarts it can see, and never more (property)', () => {
    // Each step either adds traffic, or restarts the agent, whose counters then read that traffic.
    const step = fc.record({ restart: fc.boolean(), bytes: fc.nat({ max: 1_000_000 }) })
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        let reading = 0
        let last: Counters | undefined
        let counted = 0
        let sent = 0
        // A restart that reads at least what the counter read before looks like growth: unseen.
        let unseen = false
        for (const { restart, bytes } of steps) {
          if (restart && last !== undefined && bytes >= reading) unseen = true
          reading = restart ? bytes : reading + bytes
          sent += bytes
          const delta = counterDelta(last, counters(reading, 0))
          assert.ok(delta.rxBytes >= 0)
          counted += delta.rxBytes
          last = counters(reading, 0)
        }
        assert.ok(counted <= sent)
        if (!unseen) assert.equal(counted, sent)
      }),
    )
  })
})

describe('assertCounters', () => {
  it('accepts whole numbers from zero up to 2^53 − 1', () => {
    assert.doesNotThrow(() => assertCounters(counters(0, Number.MAX_SAFE_INTEGER, 1, 2)))
  })

  it('refuses negative, fractional, unsafe or missing counters with InvalidParameter', () => {
    for (const bad of [-1, 1.5, Number.MAX_SAFE_INTEGER + 1, Number.NaN, undefined as unknown as number]) {
      assert.throws(() => assertCounters(counters(bad, 0)), { code: 'InvalidParameter' })
    }
  })
})

describe('minuteOf / hourOf', () => {
  it('give the ISO start of the minute and of the hour', () => {
    assert.equal(minuteOf(at('10:17:59.999')), '2026-11-23T10:17:00.000Z')
    assert.equal(hourOf(at('10:17:59.999')), '2026-11-23T10:00:00.000Z')
    assert.equal(hourOf(at('11:00:00')), '2026-11-23T11:00:00.000Z')
  })
})

describe('bandwidthHoursByHour', () => {
  const hours = (segments: Parameters<typeof bandwidthHoursByHour>[0]) =>
    bandwidthHoursByHour(segments).map(({ hour, bandwidthHours }) => [hour.slice(11, 16), Math.round(bandwidthHours * 1e9) / 1e9])

  it('charges a whole hour at the bandwidth', () => {
    assert.deepEqual(hours([{ from: at('10:00:00'), to: at('11:00:00'), mbps: 5 }]), [['10:00', 5]])
  })

  it('charges the fraction of the hour the EIP existed', () => {
    assert.deepEqual(hours([{ from: at('10:15:00'), to: at('10:45:00'), mbps: 10 }]), [['10:00', 5]])
  })

  it('splits a stretch at the hour boundaries it crosses', () => {
    assert.deepEqual(hours([{ from: at('10:30:00'), to: at('12:15:00'), mbps: 4 }]), [
      ['10:00', 2],
      ['11:00', 4],
      ['12:00', 1],
    ])
  })

  it('splits an hour where the bandwidth changed, adding both parts', () => {
    // Allocated at 10:00 with 5 Mbit/s, raised to 20 at 10:20, released at 10:50.
    assert.deepEqual(
      hours([
        { from: at('10:20:00'), to: at('10:50:00'), mbps: 20 },
        { from: at('10:00:00'), to: at('10:20:00'), mbps: 5 },
      ]),
      [['10:00', Math.round((5 / 3 + 10) * 1e9) / 1e9]],
    )
  })

  it('gives nothing for an empty stretch', () => {
    assert.deepEqual(hours([{ from: at('10:20:00'), to: at('10:20:00'), mbps: 20 }]), [])
  })

  it('adds up to bandwidth × duration however a stretch is cut (property)', () => {
    const start = Date.parse('2026-11-23T00:00:00Z')
    fc.assert(
      fc.property(fc.nat({ max: 86_400_000 }), fc.nat({ max: 3 * 86_400_000 }), fc.integer({ min: 1, max: 1000 }), (offset, length, mbps) => {
        const from = new Date(start + offset)
        const to = new Date(start + offset + length)
        const total = bandwidthHoursByHour([{ from, to, mbps }]).reduce((sum, h) => sum + h.bandwidthHours, 0)
        assert.ok(Math.abs(total - (mbps * length) / 3_600_000) < 1e-6)
        for (const h of bandwidthHoursByHour([{ from, to, mbps }])) assert.ok(h.bandwidthHours <= mbps + 1e-9)
      }),
    )
  })
})
