import type { DesiredState } from '../domain/host/desired-state.js'
import { ControlPlaneClient } from './client.js'
import type { KernelView } from './kernel-view.js'
import { applyPlan } from './linux/apply.js'
import { Names } from './linux/names.js'
import { observeKernel } from './linux/observe.js'
import { DEFAULT_PLAN_OPTIONS, isEmpty, planPass, reportOf, type Plan } from './plan.js'

export interface AgentOptions {
  /** `host:port` of an API server. */
  endpoint: string
  hostId: string
  hostSecret: string
  /** The zone the operator says the host is in; it must be the zone it was registered in. */
  zone: string
  prefix: string
  production?: boolean
  /** The client address of the sandboxed public network, outside the EIP pool (default 203.0.113.254). */
  publicAddress?: string
  /** The host's tunnel endpoint, `a.b.c.d/len` on the underlay; without it the host has no tunnels. */
  underlayAddress?: string
  /** Longest wait for a change before a pass runs anyway to repair drift (seconds). */
  resyncSeconds?: number
  log?: (message: string) => void
}

export interface PassResult {
  plan: Plan
  /** The kernel as it is after the pass. */
  kernel: KernelView
  /** The kernel as the pass found it. */
  before: KernelView
}

/**
 * `openeni agent`: a level-triggered reconciler (design principle 5). Each pass reads the kernel,
 * plans the difference from the host's full desired state, applies it batched, and reports what
 * the kernel then shows. It keeps no state of its own beyond the last desired state and its ETag,
 * so a restart changes nothing that is right, and stopping it leaves the kernel (and traffic) as
 * it is.
 */
export class Agent {
  readonly names: Names
  readonly client: ControlPlaneClient
  #stopped = false
  #running: Promise<void> | undefined
  #wake: (() => void) | undefined

  constructor(readonly options: AgentOptions) {
    this.names = new Names(options.prefix, options.hostId, options.production ?? false)
    this.client = new ControlPlaneClient({ endpoint: options.endpoint, hostId: options.hostId, hostSecret: options.hostSecret })
  }

  /** One pass against a given desired state: observe, plan, apply, observe again if anything changed. */
  async pass(desired: DesiredState): Promise<PassResult> {
    if (desired.zoneId !== this.options.zone) {
      throw new Error(`host ${this.options.hostId} is registered in zone ${desired.zoneId}, not ${this.options.zone}`)
    }
    const before = await observeKernel(this.names)
    const plan = planPass(desired, before, this.names, {
      publicAddress: this.options.publicAddress ?? DEFAULT_PLAN_OPTIONS.publicAddress,
      underlayAddress: this.options.underlayAddress ?? null,
    })
    if (isEmpty(plan)) return { plan, kernel: before, before }
    await applyPlan(plan, this.names.hostNamespace)
    return { plan, kernel: await observeKernel(this.names), before }
  }

  /** Runs passes until `stop()`: at each change of the desired state, and at least every resync period. */
  start(): void {
    this.#running ??= this.#loop()
  }

  async stop(): Promise<void> {
    this.#stopped = true
    this.#wake?.()
    await this.#running
  }

  async #loop(): Promise<void> {
    const log = this.options.log ?? (() => undefined)
    const resync = this.options.resyncSeconds ?? 2
    let desired: DesiredState | undefined
    let etag: string | undefined
    while (!this.#stopped) {
      try {
        const answer = await this.client.desiredState(etag === undefined ? undefined : { etag, waitSeconds: resync })
        if (answer.changed) {
          desired = answer.state
          etag = answer.etag
        }
        if (desired === undefined || this.#stopped) continue
        const { plan, kernel, before } = await this.pass(desired)
        if (!isEmpty(plan)) log(`applied revision ${desired.revision}: ${describePlan(plan)}`)
        const underlayAddress = this.options.underlayAddress?.split('/')[0]
        await this.client.report(reportOf(kernel, this.names, { countersFrom: before, ...(underlayAddress === undefined ? {} : { underlayAddress }) }))
      } catch (err) {
        // The control plane being away or a failed step changes nothing already in place.
        log(`pass failed: ${err instanceof Error ? err.message : String(err)}`)
        await new Promise<void>((resolve) => {
          this.#wake = resolve
          setTimeout(resolve, 1000)
        })
      }
    }
  }
}

function describePlan(plan: Plan): string {
  const lines = plan.hostBatch.length + [...plan.namespaceBatches.values()].reduce((n, b) => n + b.length, 0)
  return `${plan.createNamespaces.length} namespaces created, ${plan.deleteNamespaces.length} deleted, ${lines} interface commands`
}
