import { DomainError } from '../errors.js'
import type { VSwitch } from '../vpc/vpc.js'

/**
 * The zone a new instance runs in (spec §5.11 ZoneId): a zonal vSwitch decides it, and ZoneId
 * may only repeat it; a regional vSwitch serves every zone, so ZoneId picks one, by default the
 * region's first. `requestedZoneId` is already known to be a zone of the region.
 */
export function launchZone(vSwitch: Pick<VSwitch, 'id' | 'zoneId'>, requestedZoneId: string | undefined, firstZoneId: string): string {
  if (vSwitch.zoneId === null) return requestedZoneId ?? firstZoneId
  if (requestedZoneId !== undefined && requestedZoneId !== vSwitch.zoneId) {
    throw new DomainError(
      'InvalidParameter.Mismatch',
      `The vSwitch ${vSwitch.id} is in zone ${vSwitch.zoneId}, not in the requested zone ${requestedZoneId}.`,
    )
  }
  return vSwitch.zoneId
}
