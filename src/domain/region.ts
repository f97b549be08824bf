import type { OpenEniConfig } from './config.js'
import { DomainError } from './errors.js'

export type RegionConfig = OpenEniConfig['regions'][number]
export type ZoneConfig = RegionConfig['zones'][number]

/** A region this deployment serves; any other is InvalidRegionId.NotFound. */
export function findRegion(config: OpenEniConfig, regionId: string): RegionConfig {
  const region = config.regions.find((r) => r.id === regionId)
  if (region === undefined) throw new DomainError('InvalidRegionId.NotFound', `The region ${regionId} does not exist.`)
  return region
}

/** A zone of the given region; a zone of another region does not exist from here. */
export function findZone(config: OpenEniConfig, regionId: string, zoneId: string): ZoneConfig {
  const zone = findRegion(config, regionId).zones.find((z) => z.id === zoneId)
  if (zone === undefined) throw new DomainError('InvalidZoneId.NotFound', `The zone ${zoneId} does not exist in region ${regionId}.`)
  return zone
}
