import type { InstanceType } from '../instance-type/catalog.js'
import type { RegionConfig } from '../region.js'

/** What DescribeZones says can be created in a zone (spec §5.24). */
export interface ZoneOffer {
  zoneId: string
  localName: string
  zoneType: 'AvailabilityZone'
  resourceTypes: string[]
  instanceTypes: string[]
}

// OpenENI has no disks or dedicated hosts: a zone offers instances, I/O optimised ones among them,
// and vSwitches.
const RESOURCE_TYPES = ['Instance', 'VSwitch', 'IoOptimized']

/** Every zone of the region offers the whole instance-type catalogue: hosts are not typed. */
export function zoneOffers(region: RegionConfig, catalog: readonly InstanceType[]): ZoneOffer[] {
  const instanceTypes = catalog.map((t) => t.instanceTypeId).sort()
  return region.zones.map((zone) => ({
    zoneId: zone.id,
    localName: zone.localName,
    zoneType: 'AvailabilityZone',
    resourceTypes: [...RESOURCE_TYPES],
    instanceTypes: [...instanceTypes],
  }))
}
