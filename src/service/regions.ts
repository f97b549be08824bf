import { findRegion, type RegionConfig } from '../domain/region.js'
import { assertAcceptLanguage } from '../domain/vpc/accept-language.js'
import { assertRegionResourceType } from '../domain/vpc/region-resource-type.js'
import { zoneOffers, type ZoneOffer } from '../domain/vpc/zone-offer.js'
import type { ServiceDeps } from './deps.js'

/** DescribeRegions (spec §5.24): every region this deployment serves, from its config. */
export function describeRegions(
  deps: ServiceDeps,
  query: { acceptLanguage?: string | undefined; resourceType?: string | undefined },
): readonly RegionConfig[] {
  assertAcceptLanguage(query.acceptLanguage)
  assertRegionResourceType(query.resourceType)
  return deps.config.regions
}

/** DescribeZones (spec §5.24): the zones of one served region and what each offers. */
export function describeZones(deps: ServiceDeps, query: { regionId: string; acceptLanguage?: string | undefined }): ZoneOffer[] {
  assertAcceptLanguage(query.acceptLanguage)
  return zoneOffers(findRegion(deps.config, query.regionId), deps.catalog)
}
