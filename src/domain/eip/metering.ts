import { DomainError } from '../errors.js'

/** The monotonically increasing counters a host keeps per EIP. */
export interface Counters {
  rxBytes: number
  txBytes: number
  rxPackets: number
  txPackets: number
}

const COUNTER_FIELDS = ['rxBytes', 'txBytes', 'rxPackets', 'txPackets'] as const

/** Counters are whole numbers from 0 up to 2^53 − 1, so every sum of them stays exact. */
export function assertCounters(counters: Counters): void {
  for (const field of COUNTER_FIELDS) {
    const value = counters[field]
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new DomainError('InvalidParameter', `The counter ${field} must be a whole number of at least 0, not ${value}.`)
    }
  }
}

/**
 * What happened since the last report from the same host. Counters only grow while the agent
 * runs; any of them lower than last time means it restarted (its counters began again at zero),
 * so everything it reports now is new. The first report of a host counts from zero too.
 */
export function counterDelta(last: Counters | undefined, current: Counters): Counters {
  const restarted = last === undefined || COUNTER_FIELDS.some((field) => current[field] < last[field])
  if (restarted) return { ...current }
  return {
    rxBytes: current.rxBytes - last.rxBytes,
    txBytes: current.txBytes - last.txBytes,
    rxPackets: current.rxPackets - last.rxPackets,
    txPackets: current.txPackets - last.txPackets,
  }
}

const MINUTE_MS = 60_000
const HOUR_MS = 3_600_000

/** The ISO start of the minute `date` falls in: the key of per-minute samples. */
export function minuteOf(date: Date): string {
  return new Date(Math.floor(date.getTime() / MINUTE_MS) * MINUTE_MS).toISOString()
}

/** The ISO start of the hour `date` falls in: the key of hourly usage records. */
export function hourOf(date: Date): string {
  return new Date(Math.floor(date.getTime() / HOUR_MS) * HOUR_MS).toISOString()
}

/** A stretch of an EIP's life at one bandwidth, [from, to), as its allocation/modify/release history gives it. */
export interface BandwidthSegment {
  from: Date
  to: Date
  /** Mbit/s. */
  mbps: number
}

export interface HourlyBandwidth {
  /** ISO start of the hour. */
  hour: string
  /** Mbit/s × hours: the bandwidth times the fraction of the hour spent at it. */
  bandwidthHours: number
}

/**
 * Pay-by-bandwidth usage per hour: each segment split at the hour boundaries it crosses, so a
 * bandwidth change at 10:20 gives 10:00 a third at the old bandwidth and two thirds at the new.
 * Hours in ascending order; segments may come in any order and add up where they share an hour.
 */
export function bandwidthHoursByHour(segments: readonly BandwidthSegment[]): HourlyBandwidth[] {
  const byHour = new Map<number, number>()
  for (const { from, to, mbps } of segments) {
    for (let start = from.getTime(); start < to.getTime(); ) {
      const hour = Math.floor(start / HOUR_MS) * HOUR_MS
      const stop = Math.min(to.getTime(), hour + HOUR_MS)
      byHour.set(hour, (byHour.get(hour) ?? 0) + (mbps * (stop - start)) / HOUR_MS)
      start = stop
    }
  }
  return [...byHour.entries()].sort(([a], [b]) => a - b).map(([hour, bandwidthHours]) => ({ hour: new Date(hour).toISOString(), bandwidthHours }))
}
