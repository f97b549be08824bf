import { describeRegions, describeZones } from '../../../service/regions.js'
import type { ActionTable } from '../action.js'

export const actions: ActionTable = {
  // No RegionId (spec §1.1): the answer is the same wherever the client points.
  async DescribeRegions(params, ctx) {
    const regions = describeRegions(ctx.deps, {
      acceptLanguage: params.optional('AcceptLanguage'),
      resourceType: params.optional('ResourceType'),
    })
    return {
      Regions: { Region: regions.map((r) => ({ RegionId: r.id, LocalName: r.localName, Status: 'available' })) },
    }
  },

  async DescribeZones(params, ctx) {
    const zones = describeZones(ctx.deps, {
      regionId: params.required('RegionId'),
      acceptLanguage: params.optional('AcceptLanguage'),
    })
    // Verbose=false (default true) leaves out the long per-zone lists, as the cloud does.
    const verbose = params.bool('Verbose') ?? true
    return {
      Zones: {
        Zone: zones.map((z) => ({
          ZoneId: z.zoneId,
          LocalName: z.localName,
          ZoneType: z.zoneType,
          AvailableResourceCreation: { ResourceTypes: z.resourceTypes },
          ...(verbose ? { AvailableInstanceTypes: { InstanceTypes: z.instanceTypes } } : {}),
        })),
      },
    }
  },
}
