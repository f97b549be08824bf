import { aggregateTraffic, planMonitorWindow, type MonitorPoint } from '../../domain/eip/monitor.js'
import { eipNotFound } from '../../domain/eip/not-found.js'
import { trafficMinutes } from '../../store/repositories/eip-metering.js'
import { findEip } from '../../store/repositories/eips.js'
import type { Caller, ServiceDeps } from '../deps.js'

export interface MonitorQuery {
  regionId?: string | undefined
  allocationId: string
  startTime: string
  endTime: string
  period?: number | undefined
}

/**
 * DescribeEipMonitorData (spec §6.13): the per-minute samples hosts reported, summed per period of
 * the window; periods without traffic show zeros.
 */
export async function describeEipMonitorData(deps: ServiceDeps, caller: Caller, query: MonitorQuery): Promise<MonitorPoint[]> {
  const window = planMonitorWindow(query, deps.clock())
  const found = await findEip(deps.store.db, caller.accountId, query.regionId, query.allocationId)
  if (found === undefined) throw eipNotFound(query.allocationId)
  const minutes = await trafficMinutes(deps.store.db, found.eip.id, window.start.toISOString(), window.end.toISOString())
  return aggregateTraffic(window, minutes)
}
