/**
 * The sandbox's real `Agent`, timed from outside: each pass's steps as the agent reports them
 * through `onPass`, and around them what its public client shows — when the desired state the
 * pass ran on was answered (`client.desiredState` wrapped) and when the pass reported
 * (`client.report` wrapped). The loop runs answer → observe, plan, apply → report → read again
 * what the plan touched → `onPass`; a pass that planned nothing ends with its report, and the loop
 * does not call `onPass` for it, so such a pass is recorded without timings when the next request
 * for the desired state starts.
 */
import { Agent, type AgentOptions, type PassTimings } from '../../src/agent/agent.js'
import type { ControlPlaneClient, DesiredStateAnswer } from '../../src/agent/client.js'

type DesiredStateQuery = { etag: string; waitSeconds: number; deltas?: boolean }
import type { Sandbox } from '../../test/support/dataplane.js'
import { monotonicMs } from './harness.js'

export interface PassRecord {
  /** When the desired state this pass ran on was answered (monotonic ms; the pass starts then), and whether it had changed. */
  answeredAt: number
  changed: boolean
  /** ENIs in that desired state. */
  enis: number
  /** The pass's steps as `onPass` reported them; undefined for a loop pass that planned nothing. */
  timings: PassTimings | undefined
  /** The pass's report to the control plane (monotonic ms). */
  report: { start: number; end: number } | undefined
  /** When the pass ended: `onPass` called, or else the report answered. */
  end: number
}

export class TimedAgent extends Agent {
  readonly passes: PassRecord[] = []
  /** When each report was answered (monotonic ms): the control plane had settled what it says by then. */
  readonly reported: number[] = []
  /** The options as given, without the hooks this class adds. */
  readonly original: AgentOptions
  #current: PassRecord | undefined
  /** The ENIs of the desired state as last answered. */
  #enis = new Set<string>()
  #polling = false

  constructor(options: AgentOptions) {
    super({
      ...options,
      onPass: (timings) => {
        this.#passed(timings)
        options.onPass?.(timings)
      },
    })
    this.original = options
    const desiredState = this.client.desiredState.bind(this.client) as (known?: DesiredStateQuery) => Promise<DesiredStateAnswer>
    this.client.desiredState = (async (known?: DesiredStateQuery) => {
      this.#settle()
      this.#polling = known !== undefined
      const answer = await desiredState(known).finally(() => (this.#polling = false))
      if (answer.changed && 'state' in answer) this.#enis = new Set(answer.state.enis.map((e) => e.id))
      if (answer.changed && 'delta' in answer) {
        for (const id of answer.delta.remove.enis ?? []) this.#enis.delete(id)
        for (const e of answer.delta.put.enis ?? []) this.#enis.add(e.id)
      }
      this.#current = { answeredAt: monotonicMs(), changed: answer.changed, enis: this.#enis.size, timings: undefined, report: undefined, end: Number.NaN }
      return answer
    }) as ControlPlaneClient['desiredState']
    const report = this.client.report.bind(this.client)
    this.client.report = async (body) => {
      const start = monotonicMs()
      await report(body)
      const end = monotonicMs()
      this.reported.push(end)
      const pass = this.#current
      if (pass !== undefined && pass.report === undefined) pass.report = { start, end }
    }
  }

  /** Whether the agent waits on its long-poll (a request for the desired state with the ETag it has). */
  get polling(): boolean {
    return this.#polling
  }

  #passed(timings: PassTimings): void {
    const pass = this.#current ?? { answeredAt: Number.NaN, changed: false, enis: this.#enis.size, timings: undefined, report: undefined, end: Number.NaN }
    pass.timings = timings
    pass.end = monotonicMs()
    this.passes.push(pass)
    // Kept current: a report that comes after `onPass` is still this pass's.
    this.#current = pass
  }

  /**
   * The pass before a new request: recorded already (`onPass`), or one that planned nothing and
   * reported; one that failed is dropped (the sandbox's log, printed when it closes, says why).
   */
  #settle(): void {
    const pass = this.#current
    this.#current = undefined
    if (pass === undefined || pass.timings !== undefined || pass.report === undefined) return
    pass.end = pass.report.end
    this.passes.push(pass)
  }
}

/**
 * Stops the sandbox's agent for `hostId` and runs a TimedAgent with its options in its place,
 * resyncing at the default period of `openeni agent` (2 s) rather than the tests' 1 s.
 */
export function replaceAgent(sandbox: Sandbox, hostId: string): Promise<TimedAgent> {
  return swapAgent(sandbox, hostId, true)
}

/** The same, without starting the new agent (the caller times its start). */
export function freshAgent(sandbox: Sandbox, hostId: string): Promise<TimedAgent> {
  return swapAgent(sandbox, hostId, false)
}

async function swapAgent(sandbox: Sandbox, hostId: string, start: boolean): Promise<TimedAgent> {
  const old = sandbox.agents.get(hostId)
  if (old === undefined) throw new Error(`no agent for ${hostId}`)
  await old.stop()
  // A TimedAgent's options already carry its own hooks: the new one starts from the sandbox's.
  const { resyncSeconds: _tests, ...options } = old instanceof TimedAgent ? old.original : old.options
  const agent = new TimedAgent(options)
  sandbox.agents.set(hostId, agent)
  if (start) agent.start()
  return agent
}
