import { performance } from 'node:perf_hooks'

export interface TimelineEntry {
  /** Seconds since the demo began. */
  at: number
  mark: 'ok' | 'fail' | 'info'
  text: string
}

const MARKS = { ok: '✔', fail: '✘', info: '·' } as const

/** The demo's narration: each line stamped with the time since the start, kept for the JSON output too. */
export class Timeline {
  readonly entries: TimelineEntry[] = []
  readonly #start = performance.now()

  constructor(private readonly write: (line: string) => void) {}

  seconds(): number {
    return (performance.now() - this.#start) / 1000
  }

  say(mark: TimelineEntry['mark'], text: string): void {
    const at = Math.round(this.seconds() * 100) / 100
    this.entries.push({ at, mark, text })
    this.write(`[${at.toFixed(2).padStart(6)}s] ${MARKS[mark]} ${text}\n`)
  }
}

/** Milliseconds since `since` (a `performance.now()`), rounded. */
export function msSince(since: number): number {
  return Math.round(performance.now() - since)
}
