import type { Eip } from '../../domain/eip/eip.js'
import { bandwidthHoursByHour } from '../../domain/eip/metering.js'
import { addBandwidthUsage, appendEipEvent, type EipEventName, type EipIdentity } from '../../store/repositories/eip-metering.js'
import { meteredUntil, updateEip } from '../../store/repositories/eips.js'
import type { Unit } from '../mutate.js'

export function identityOf(eip: Pick<Eip, 'id' | 'accountId' | 'regionId' | 'ipAddress' | 'internetChargeType'>): EipIdentity {
  return {
    allocationId: eip.id,
    accountId: eip.accountId,
    regionId: eip.regionId,
    ipAddress: eip.ipAddress,
    internetChargeType: eip.internetChargeType,
  }
}

/**
 * Records an event of the EIP's billing history (allocation, bandwidth change, release) and
 * closes the stretch of its life since the previous one: the hours it spans get their
 * bandwidth-hours at the bandwidth of that stretch, the EIP's bandwidth before this event. So the
 * usage records are the history cut at hour boundaries, each moment accounted once.
 */
export async function recordBillingEvent(u: Unit, eip: Eip, event: Exclude<EipEventName, 'Allocated'>, newBandwidth: number): Promise<void> {
  const identity = identityOf(eip)
  const from = new Date(await meteredUntil(u.tx, eip.id))
  await addBandwidthUsage(u.tx, identity, bandwidthHoursByHour([{ from, to: u.now, mbps: eip.bandwidth }]))
  await appendEipEvent(u.tx, identity, { event, bandwidth: newBandwidth, at: u.now.toISOString() })
  await updateEip(u.tx, eip.id, { meteredUntil: u.now.toISOString() })
}
