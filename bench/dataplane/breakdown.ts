/**
 * Where the time of one change went, from the TimedAgent's records and the programs the agent ran:
 * the wait from the API call returning until the agent held the desired state, then the pass's
 * steps as the agent reports them (observe, plan, each step of `applyPlan`, its report, the read
 * of what the plan touched), and when the kernel showed the change (the bench's own probe).
 */
import { APPLY_STAGES, type ApplyStage } from '../../src/agent/linux/apply.js'
import { median, ms, until } from './harness.js'
import { countByKind, isRead, spawnsBetween } from './spawn-log.js'
import type { PassRecord, TimedAgent } from './timed-agent.js'

export interface Breakdown {
  /** How the pass read the kernel before planning; `quiet` for a loop pass that planned nothing, which reports no timings. */
  read: string
  /** From the API call returning to the agent holding the changed desired state (negative: the long-poll answered first); NaN for a periodic pass. */
  wait: number
  /** For a `quiet` pass, observe and plan together (`plan`, `apply` and `refresh` are then NaN). */
  observe: number
  plan: number
  apply: number
  stages: Partial<Record<ApplyStage, number>>
  /** The pass's report to the control plane, between apply and refresh. */
  report: number
  /** Reading again what the plan touched. */
  refresh: number
  /** From the API call returning to the end of apply, by the agent's account (NaN for a periodic pass). */
  applied: number
  /** From the API call returning to the kernel showing the change, where the bench saw it (else NaN). */
  shown: number
  /** Programs run to read the kernel before planning (by kind), to apply, and to read again. */
  observePrograms: number
  observeKinds: Record<string, number>
  applyPrograms: number
  refreshPrograms: number
  enis: number
}

/**
 * The pass that realised a change whose API call started at `since`: the first to run on a
 * desired state that had changed, answered at or after `since`. (Not merely the first pass that
 * applied something: a periodic pass may apply commands on a host where nothing changed.)
 */
function passAfter(agent: TimedAgent, since: number): PassRecord | undefined {
  return agent.passes.find((p) => p.answeredAt >= since && p.changed)
}

/** The same, waiting for it: the pass is recorded when it ends, after the kernel already shows the change. */
export async function passFor(agent: TimedAgent, since: number, timeoutMs = 60_000): Promise<PassRecord> {
  await until('the pass that made the change', async () => passAfter(agent, since) !== undefined, 20, timeoutMs)
  return passAfter(agent, since)!
}

/** A pass's breakdown for a change whose API call returned at `returned` (NaN for a periodic pass), and showed in the kernel `shown` ms after. */
export function breakdownOf(pass: PassRecord, returned: number, shown = Number.NaN): Breakdown {
  const t = pass.timings
  const start = pass.answeredAt
  const observed = start + (t?.observeMs ?? (pass.report?.start ?? pass.end) - start)
  const applied = observed + (t === undefined ? 0 : t.planMs + t.applyMs)
  const reads = spawnsBetween(start, observed).filter(isRead)
  return {
    read: t?.read ?? 'quiet',
    wait: start - returned,
    observe: observed - start,
    plan: t?.planMs ?? Number.NaN,
    apply: t?.applyMs ?? Number.NaN,
    stages: t?.stages ?? {},
    report: pass.report === undefined ? Number.NaN : pass.report.end - pass.report.start,
    refresh: t?.refreshMs ?? Number.NaN,
    applied: t === undefined ? Number.NaN : applied - returned,
    shown,
    observePrograms: reads.length,
    observeKinds: Object.fromEntries([...countByKind(reads)].map(([kind, count]) => [kind.slice('read: '.length), count])),
    applyPrograms: t === undefined || t.empty ? 0 : spawnsBetween(observed + t.planMs, applied).length,
    refreshPrograms: t === undefined || t.empty ? 0 : spawnsBetween(pass.end - t.refreshMs, pass.end).length,
    enis: pass.enis,
  }
}

/** A change made through the API: when its call started and returned, and when the bench saw it (monotonic ms). */
export interface TimedCall {
  start: number
  returned: number
  seen: number
}

/** The median breakdown of the passes that realised `calls` (a call whose pass is not found is left out). */
export function breakdownOfCalls(agent: TimedAgent, calls: readonly TimedCall[]): Breakdown | undefined {
  return medianBreakdown(
    calls.flatMap((c) => {
      const pass = passAfter(agent, c.start)
      return pass === undefined ? [] : [breakdownOf(pass, c.returned, c.seen - c.returned)]
    }),
  )
}

/** The median of each field over several changes (so the parts need not add up exactly). */
export function medianBreakdown(list: readonly Breakdown[]): Breakdown | undefined {
  const first = list[0]
  if (first === undefined) return undefined
  const of = (pick: (b: Breakdown) => number) => median(list.map(pick))
  const stages: Partial<Record<ApplyStage, number>> = {}
  for (const stage of APPLY_STAGES) {
    const values = list.flatMap((b) => (b.stages[stage] === undefined ? [] : [b.stages[stage]]))
    if (values.length > 0) stages[stage] = median(values)
  }
  const reads = new Set(list.map((b) => b.read))
  return {
    read: [...reads].join('/'),
    wait: of((b) => b.wait),
    observe: of((b) => b.observe),
    plan: of((b) => b.plan),
    apply: of((b) => b.apply),
    stages,
    report: of((b) => b.report),
    refresh: of((b) => b.refresh),
    applied: of((b) => b.applied),
    shown: of((b) => b.shown),
    observePrograms: of((b) => b.observePrograms),
    observeKinds: first.observeKinds,
    applyPrograms: of((b) => b.applyPrograms),
    refreshPrograms: of((b) => b.refreshPrograms),
    enis: of((b) => b.enis),
  }
}

/** Below this a step of apply is left out of the table: it had nothing to do. */
const SHOWN_STAGE_MS = 0.1

/**
 * One row a pass: the wait, observe, plan, apply and each of its steps that did something in any
 * row (`APPLY_STAGES`, in the order `applyPlan` runs them), the report, the refresh, and when the
 * kernel showed the change; then the programs each part ran.
 */
export function breakdownTable(rows: readonly [string, Breakdown][]): string[] {
  const stages = APPLY_STAGES.filter((stage) => rows.some(([, b]) => (b.stages[stage] ?? 0) >= SHOWN_STAGE_MS))
  const head = ['pass', 'ENIs', 'read', 'wait', 'observe', 'plan', 'apply', ...stages.map((s) => `· ${s}`), 'report', 'refresh', 'apply done', 'kernel shows it', 'programs: observe / apply / refresh']
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i < 3 ? '---' : '---:')).join('|')}|`]
  for (const [label, b] of rows) {
    const cell = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '' : ms(v))
    const cells = [
      label,
      String(b.enis),
      b.read,
      cell(b.wait),
      Number.isNaN(b.plan) ? `${ms(b.observe)} (with plan)` : ms(b.observe),
      cell(b.plan),
      cell(b.apply),
      ...stages.map((s) => cell(b.stages[s])),
      cell(b.report),
      cell(b.refresh),
      cell(b.applied),
      cell(b.shown),
      `${b.observePrograms} / ${b.applyPrograms} / ${b.refreshPrograms}`,
    ]
    lines.push(`| ${cells.join(' | ')} |`)
  }
  return lines
}

/** The breakdown as plain numbers for the JSON line. */
export function breakdownJson(b: Breakdown | undefined): Record<string, unknown> | null {
  if (b === undefined) return null
  const round = (v: number) => (Number.isFinite(v) ? Math.round(v * 10) / 10 : null)
  return {
    read: b.read,
    waitMs: round(b.wait),
    observeMs: round(b.observe),
    observePrograms: b.observePrograms,
    observeProgramsByKind: b.observeKinds,
    planMs: round(b.plan),
    applyMs: round(b.apply),
    applyPrograms: b.applyPrograms,
    applyStagesMs: Object.fromEntries(Object.entries(b.stages).map(([k, v]) => [k, round(v)])),
    reportMs: round(b.report),
    refreshMs: round(b.refresh),
    refreshPrograms: b.refreshPrograms,
    appliedMs: round(b.applied),
    shownMs: round(b.shown),
    enis: b.enis,
  }
}

/** The programs one observe runs, by kind: `ip -j link show ×36, ip -j addr show ×36, …`. */
export function formatReads(b: Breakdown): string {
  return Object.entries(b.observeKinds)
    .sort((x, y) => y[1] - x[1])
    .map(([kind, count]) => `${kind} ×${count}`)
    .join(', ')
}
