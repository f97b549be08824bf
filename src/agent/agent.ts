import { DesiredStateIndex, instancesChangedBy } from '../domain/host/desired-delta.js'
import type { DesiredState } from '../domain/host/desired-state.js'
import { ControlPlaneClient } from './client.js'
import type { KernelView } from './kernel-view.js'
import { applyPlan, type ApplyStage } from './linux/apply.js'
import type { Firewall } from './linux/firewall.js'
import { Names } from './linux/names.js'
import { observeKernel, type ObserveScope } from './linux/observe.js'
import { DEFAULT_PLAN_OPTIONS, isEmpty, planPass, reportOf, reportOfDesired, touchedBy, type Plan, type Touched } from './plan.js'

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
  /** Called after each pass with how long its steps took (the pass's end is when this is called). */
  onPass?: (timings: PassTimings) => void
  /** Longest wait for a change before a pass runs anyway to repair drift (seconds). */
  resyncSeconds?: number
  log?: (message: string) => void
}

/** Instance namespaces a resync pass reads again, besides the host, the routers and the shared networks. */
const RESYNC_SLICE = 32

/** Under a steady stream of changes, a change pass reads the kernel again after this many resync periods. */
const RESYNC_UNDER_CHURN = 5

/** How a pass reads the kernel before planning (see `Agent.pass`). */
export type KernelRead = 'full' | 'cached' | 'resync'

/** How long each step of a pass took (milliseconds), for `onPass`. */
export interface PassTimings {
  /** How the kernel was read before planning. */
  read: KernelRead
  observeMs: number
  planMs: number
  applyMs: number
  /** Reading again what the plan touched. */
  refreshMs: number
  /** Nothing to do: the kernel was as desired. */
  empty: boolean
  /** The steps of the apply, as `applyPlan` runs them. */
  stages: Partial<Record<ApplyStage, number>>
}

interface AppliedPass {
  plan: Plan
  before: KernelView
  /** What the plan changed; null when there was nothing to do. */
  touched: Touched | null
  timings: PassTimings
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
 * the kernel then shows. It keeps no state of its own beyond the last desired state, its ETag and
 * the kernel as its last pass saw it (a cache that spares a change from reading every namespace
 * first; a restart reads everything again), so a restart changes nothing that is right, and
 * stopping it leaves the kernel (and traffic) as it is.
 */
export class Agent {
  readonly names: Names
  readonly client: ControlPlaneClient
  #stopped = false
  #running: Promise<void> | undefined
  #wake: (() => void) | undefined
  /** The kernel as the last pass left it. */
  #kernel: KernelView | undefined
  /** The firewall the last pass left in the kernel (its elements, which the kernel's digest stands for). */
  #firewall: Firewall | undefined
  /** Where the next resync's slice of instance namespaces starts. */
  #cursor = 0

  constructor(readonly options: AgentOptions) {
    this.names = new Names(options.prefix, options.hostId, options.production ?? false)
    this.client = new ControlPlaneClient({ endpoint: options.endpoint, hostId: options.hostId, hostSecret: options.hostSecret })
  }

  /**
   * One pass against a given desired state: observe, plan, apply, then read again what the plan
   * touched. `full` reads the whole kernel first; `cached` trusts what the last pass saw (a change
   * of the desired state is then planned without reading hundreds of namespaces first); `resync`
   * reads the host's own namespace, the routers, the shared networks and the next slice of
   * instance namespaces, so every part is read again within a few resync periods and drift is
   * repaired. A plan that fails to apply on a view that was not read whole is made again from a
   * full read: the view was out of date.
   */
  async pass(desired: DesiredState, read: KernelRead = 'full'): Promise<PassResult> {
    const applied = await this.#applyPass(desired, read)
    const kernel = await this.#refresh(applied)
    return { plan: applied.plan, kernel, before: applied.before }
  }

  /**
   * Observe, plan and apply; the kernel is then as desired, and `touched` says what changed in it.
   * A `cached` pass may be given the instances whose desired state changed since the last pass
   * applied: only those are planned in detail (`PlanOptions.scope`).
   */
  async #applyPass(desired: DesiredState, read: KernelRead, scope?: ReadonlySet<string>): Promise<AppliedPass> {
    if (desired.zoneId !== this.options.zone) {
      throw new Error(`host ${this.options.hostId} is registered in zone ${desired.zoneId}, not ${this.options.zone}`)
    }
    const full = read === 'full' || this.#kernel === undefined
    const timings: PassTimings = { read: full ? 'full' : read, observeMs: 0, planMs: 0, applyMs: 0, refreshMs: 0, empty: true, stages: {} }
    let mark = performance.now()
    const lap = () => {
      const now = performance.now()
      const ms = now - mark
      mark = now
      return ms
    }
    const before = full ? await observeKernel(this.names) : await observeKernel(this.names, this.#scope(this.#kernel!, read))
    this.#kernel = before
    timings.observeMs = lap()
    const plan = planPass(desired, before, this.names, {
      publicAddress: this.options.publicAddress ?? DEFAULT_PLAN_OPTIONS.publicAddress,
      underlayAddress: this.options.underlayAddress ?? null,
      ...(this.#firewall === undefined ? {} : { firewallBefore: this.#firewall }),
      ...(scope === undefined || read !== 'cached' || full ? {} : { scope }),
    })
    timings.planMs = lap()
    if (isEmpty(plan)) {
      this.#firewall = plan.firewallAfter
      return { plan, before, touched: null, timings }
    }
    timings.empty = false
    try {
      await applyPlan(plan, this.names.hostNamespace, (stage, ms) => (timings.stages[stage] = (timings.stages[stage] ?? 0) + ms))
    } catch (err) {
      this.#kernel = undefined
      this.#firewall = undefined
      if (full) throw err
      return this.#applyPass(desired, 'full')
    }
    this.#firewall = plan.firewallAfter
    timings.applyMs = lap()
    return { plan, before, touched: touchedBy(plan, before, this.names), timings }
  }

  /** Reads again what a pass touched, so that the next pass plans on what the kernel now shows. */
  async #refresh(applied: AppliedPass): Promise<KernelView> {
    const started = performance.now()
    const kernel = applied.touched === null ? applied.before : await observeKernel(this.names, { previous: applied.before, ...applied.touched })
    this.#kernel = kernel
    applied.timings.refreshMs = performance.now() - started
    this.options.onPass?.(applied.timings)
    return kernel
  }

  /** What a `cached` or `resync` pass reads again. */
  #scope(previous: KernelView, read: Exclude<KernelRead, 'full'>): ObserveScope {
    if (read === 'cached') return { previous, namespaces: new Set(), host: false, shared: false, firewall: false }
    const routers = [...previous.namespaces.keys()].filter((n) => this.names.ownedBy(n)?.kind === 'router')
    const instances = [...previous.namespaces.keys()].filter((n) => this.names.ownedBy(n)?.kind === 'instance').sort()
    const slice = instances.length <= RESYNC_SLICE ? instances : Array.from({ length: RESYNC_SLICE }, (_, i) => instances[(this.#cursor + i) % instances.length]!)
    this.#cursor = instances.length === 0 ? 0 : (this.#cursor + RESYNC_SLICE) % instances.length
    // The instance caps of the slice's instances only (their ENIs' ports, their ifbs): reading
    // every port's filters takes seconds at 1,000 ENIs and would hold up a change meanwhile.
    const capsOf = instances.length <= RESYNC_SLICE ? undefined : new Set(slice.flatMap((namespace) => this.#capDevices(previous, namespace)))
    return { previous, namespaces: new Set([...routers, ...slice]), host: true, shared: true, firewall: true, ...(capsOf === undefined ? {} : { capsOf }) }
  }

  /** The host devices that carry an instance's caps: its ENIs' ports (known by the alias of each inner end) and its ifbs. */
  #capDevices(previous: KernelView, namespace: string): string[] {
    const instanceId = this.names.ownedBy(namespace)?.id
    if (instanceId === undefined) return []
    const ports = [...(previous.namespaces.get(namespace)?.links.values() ?? [])].flatMap((l) => (l.alias === null ? [] : [this.names.eniPort(l.alias)]))
    return [...ports, this.names.instanceRx(instanceId), this.names.instanceTx(instanceId)]
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
    /** The desired state as the control plane last gave it, entry by entry, and the ETag it gave with it. */
    let index: DesiredStateIndex | undefined
    let etag: string | undefined
    /** The instances whose desired state changed since a pass last applied; null: any may have. */
    let changed: Set<string> | null = null
    /** How the state the next pass plans on came: as a delta onto the last one, or whole. */
    let came: 'delta' | 'whole' = 'whole'
    let lastResync = Date.now()
    while (!this.#stopped) {
      try {
        // Deltas only while both ends digest the state alike (always, unless they are of different versions).
        const deltas = index?.etag === etag
        const answer = await this.client.desiredState(etag === undefined ? undefined : { etag, waitSeconds: resync, deltas })
        if (answer.changed && 'delta' in answer) {
          const previous = index?.state
          // A delta is taken only onto the state it was made from, and must make the state the server has.
          if (index === undefined || previous === undefined || answer.delta.base !== etag) {
            index = etag = undefined
            continue
          }
          index.apply(answer.delta)
          if (index.etag !== answer.etag) {
            log(`the desired state after revision ${answer.delta.revision}'s changes differs from the server's; reading it whole`)
            index = etag = undefined
            continue
          }
          etag = answer.etag
          came = 'delta'
          for (const id of instancesChangedBy(previous, answer.delta)) changed?.add(id)
        } else if (answer.changed) {
          index = new DesiredStateIndex(answer.state)
          etag = answer.etag
          came = 'whole'
          changed = null
          if (index.etag !== etag) log(`the server's ETag ${etag} is not this agent's digest of the state (${index.etag}): taking whole states only`)
        }
        if (index === undefined || this.#stopped) continue
        const desired = index.state
        // A change is planned on what the last pass saw; a quiet period (the long-poll ran out)
        // reads the kernel again, and so does a change after a long run of changes without one.
        const read = !answer.changed || Date.now() - lastResync >= resync * 1000 * RESYNC_UNDER_CHURN ? 'resync' : 'cached'
        const applied = await this.#applyPass(desired, read, changed ?? undefined)
        changed = new Set()
        if (read === 'resync') lastResync = Date.now()
        const underlay = this.options.underlayAddress === undefined ? {} : { underlayAddress: this.options.underlayAddress.split('/')[0]! }
        if (applied.touched === null) {
          await this.client.report(reportOf(applied.before, this.names, underlay))
          this.options.onPass?.(applied.timings)
        } else {
          log(`applied revision ${desired.revision} (${came === 'delta' ? 'from a delta' : 'whole state'}): ${describePlan(applied.plan)}`)
          // The kernel is now as desired: that is reported at once, so what is in flight settles
          // (a detached ENI becomes Available for its next instance) before the read that follows.
          await this.client.report(reportOfDesired(desired, applied.before, this.names, underlay))
          await this.#refresh(applied)
        }
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
