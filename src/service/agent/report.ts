import type { ObservedEni, ObservedInstance } from '../../domain/host/settle.js'
import type { ServiceDeps } from '../deps.js'
import { settleHost } from '../hosts.js'

/** What an agent saw in its kernel on its last pass (README, "Agent endpoint"). */
export interface HostReport {
  /** Where other hosts reach this one through VXLAN. */
  underlayAddress?: string | undefined
  /** Every instance namespace present on the host. */
  instances: readonly ({ id: string } & ObservedInstance)[]
  /** Every ENI interface present in an instance namespace. */
  enis: readonly ({ id: string } & ObservedEni)[]
}

/**
 * An agent's report: the host is alive (it takes new instances again), and what it shows settles
 * what was in flight on it. Entries about instances or ENIs that are not on this host change
 * nothing: a host can only speak for itself.
 */
export async function receiveReport(deps: ServiceDeps, hostId: string, report: HostReport): Promise<void> {
  const instances = new Map(report.instances.map((i) => [i.id, i]))
  const enis = new Map(report.enis.map((e) => [e.id, e]))
  await settleHost(
    deps,
    hostId,
    { instance: (id) => instances.get(id), eni: (id) => enis.get(id) },
    { underlayAddress: report.underlayAddress },
  )
}
