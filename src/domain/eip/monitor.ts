import { isoSeconds } from '../clock.js'
import { DomainError, type ErrorCode } from '../errors.js'

/** DescribeEipMonitorData (spec §6.13): periods in seconds, points per call, how far back samples are kept. */
const MONITOR_PERIODS = [60, 300, 900, 3600] as const
const MAX_POINTS = 400
const MONITOR_HISTORY_DAYS = 31

const MINUTE_MS = 60_000
const TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?Z$/

/**
 * `StartTime` / `EndTime`: UTC `YYYY-MM-DDThh:mm:ssZ` (minutes without seconds are accepted too);
 * seconds other than 00 round up to the next minute, as the reference does.
 */
export function parseMonitorTime(text: string, code: Extract<ErrorCode, 'InvalidStartTime.Malformed' | 'InvalidEndTime.Malformed'>): Date {
  const match = TIME.exec(text)
  const date = match === null ? undefined : new Date(`${text.slice(0, 16)}:${match[6] ?? '00'}.000Z`)
  // A date that rolled over (2026-02-30) is not the one written.
  if (date === undefined || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 16) !== text.slice(0, 16)) {
    throw new DomainError(code, `${JSON.stringify(text)} is not a UTC time of the form YYYY-MM-DDThh:mm:ssZ.`)
  }
  return new Date(Math.ceil(date.getTime() / MINUTE_MS) * MINUTE_MS)
}

export interface MonitorWindow {
  start: Date
  end: Date
  /** Seconds per data point. */
  period: number
  points: number
}

/**
 * The points a query asks for: consecutive periods from `start`, the last one cut at `end`. Refused
 * when the range is reversed, starts before the kept history, or needs more than 400 points.
 */
export function planMonitorWindow(request: { startTime: string; endTime: string; period?: number | undefined }, now: Date): MonitorWindow {
  const start = parseMonitorTime(request.startTime, 'InvalidStartTime.Malformed')
  const end = parseMonitorTime(request.endTime, 'InvalidEndTime.Malformed')
  const period = request.period ?? 60
  if (!(MONITOR_PERIODS as readonly number[]).includes(period)) {
    throw new DomainError('InvalidPeriod.ValueNotSupported', `The Period must be one of ${MONITOR_PERIODS.join(', ')} seconds.`)
  }
  if (end < start) throw new DomainError('InvalidEndTime.Malformed', 'The EndTime is before the StartTime.')
  if (start.getTime() < now.getTime() - MONITOR_HISTORY_DAYS * 86_400_000) {
    throw new DomainError('InvalidStartTime.TooEarly', `Monitoring data is kept for ${MONITOR_HISTORY_DAYS} days; the StartTime is earlier.`)
  }
  const points = Math.ceil((end.getTime() - start.getTime()) / (period * 1000))
  if (points > MAX_POINTS) {
    throw new DomainError('OperationDenied.TooManyDataQueried', `The query asks for ${points} data points; at most ${MAX_POINTS} are returned per call.`)
  }
  return { start, end, period, points }
}

/** An EIP's traffic in one minute, as the metering stores it. */
export interface MinuteTraffic {
  /** ISO start of the minute. */
  minute: string
  rxBytes: number
  txBytes: number
  rxPackets: number
  txPackets: number
}

export interface MonitorPoint {
  timeStamp: string
  rxBytes: number
  txBytes: number
  /** rx + tx bytes. */
  flow: number
  /** The period's average, bits per second. */
  bandwidth: number
  packets: number
}

/** One point per period of the window, zero where no traffic was seen; minutes outside are ignored. */
export function aggregateTraffic(window: MonitorWindow, minutes: readonly MinuteTraffic[]): MonitorPoint[] {
  const periodMs = window.period * 1000
  const sums = Array.from({ length: window.points }, () => ({ rx: 0, tx: 0, packets: 0 }))
  for (const m of minutes) {
    const time = Date.parse(m.minute)
    const sum = time < window.start.getTime() || time >= window.end.getTime() ? undefined : sums[Math.floor((time - window.start.getTime()) / periodMs)]
    if (sum === undefined) continue
    sum.rx += m.rxBytes
    sum.tx += m.txBytes
    sum.packets += m.rxPackets + m.txPackets
  }
  return sums.map((sum, index) => ({
    timeStamp: isoSeconds(new Date(window.start.getTime() + index * periodMs)),
    rxBytes: sum.rx,
    txBytes: sum.tx,
    flow: sum.rx + sum.tx,
    bandwidth: Math.round(((sum.rx + sum.tx) * 8) / window.period),
    packets: sum.packets,
  }))
}
