import type { Counters } from '../../domain/eip/metering.js'
import type { ObservedEip } from '../../domain/eip/status.js'
import type { ObservedEni, ObservedInstance } from '../../domain/host/settle.js'
import type { ServiceDeps } from '../deps.js'
import { assertSamples, recordEipCountersIn, type CounterSample } from '../eips/counters.js'
import { settleHostIn } from '../hosts.js'

/** What an agent saw in its kernel on its last pass (README, "Agent endpoint"). */
export interface HostReport {
  /** Where other hosts reach this one through VXLAN. */
  underlayAddress?: string | undefined
  /** Every instance namespace present on the host. */
  instances: readonly ({ id: string } & ObservedInstance)[]
  /** Every ENI interface present in an instance namespace. */
  enis: readonly ({ id: string } & ObservedEni)[]
  /** Every EIP the host maps (DNAT/SNAT), with its counters since the agent started. */
  eips?: readonly ({ id: string } & ObservedEip & Counters)[] | undefined
}

/**
 * An agent's report, in one transaction: the host is alive (it takes new instances again), what
 * it shows settles what was in flight on it, and its EIP counters, stamped with the time the
 * report arrives, feed the metering. Entries about instances, ENIs or EIPs that are not on this
 * host settle nothing: a host can only speak for itself.
 */
export async function receiveReport(deps: ServiceDeps, hostId: string, report: HostReport): Promise<void> {
  const instances = new Map(report.instances.map((i) => [i.id, i]))
  const enis = new Map(report.enis.map((e) => [e.id, e]))
  const eips = new Map((report.eips ?? []).map((e) => [e.id, e]))
  const at = deps.clock()
  const samples: CounterSample[] = [...eips.values()].map((e) => ({
    allocationId: e.id,
    at,
    rxBytes: e.rxBytes,
    txBytes: e.txBytes,
    rxPackets: e.rxPackets,
    txPackets: e.txPackets,
  }))
  assertSamples(hostId, samples)
  await deps.store.transaction(async (tx) => {
    await settleHostIn(
      tx,
      deps,
      hostId,
      { instance: (id) => instances.get(id), eni: (id) => enis.get(id), eip: (id) => eips.get(id) },
      { underlayAddress: report.underlayAddress },
    )
    if (samples.length > 0) await recordEipCountersIn(tx, deps.store.dialect, hostId, samples)
  })
}
