import type { EipStatus } from '../../domain/eip/eip.js'
import { assertListedValues, associatedTypeFilter, chargeTypeFilter, EIP_PAGE_LIMITS, lockReasonMatchesNone } from '../../domain/eip/listing.js'
import { parsePublicIpv4 } from '../../domain/eip/pool.js'
import { creationWindow } from '../../domain/instance/creation-filter.js'
import { planListing } from '../../domain/listing.js'
import type { Page } from '../../domain/paging.js'
import type { TagFilter } from '../../domain/tags.js'
import { listEips } from '../../store/repositories/eips.js'
import type { Caller, ServiceDeps } from '../deps.js'
import { viewOfEip, type EipView } from './view.js'

export interface DescribeEipsQuery {
  regionId: string
  allocationIds?: string[] | undefined
  eipAddresses?: string[] | undefined
  status?: EipStatus | 'Releasing' | undefined
  associatedInstanceType?: string | undefined
  associatedInstanceId?: string | undefined
  eipName?: string | undefined
  isp?: string | undefined
  chargeType?: string | undefined
  lockReason?: string | undefined
  resourceGroupId?: string | undefined
  /** Filters on things this deployment has none of (segments, pool resources, managed or protected EIPs). */
  unsatisfiable: boolean
  tags: TagFilter[]
  filters: { key: string; value: string }[]
  pageNumber?: number | undefined
  pageSize?: number | undefined
  dryRun?: boolean | undefined
}

/** DescribeEipAddresses (spec §6.12): the caller's EIPs of one region, filtered in SQL, a page at a time. */
export async function describeEipAddresses(deps: ServiceDeps, caller: Caller, query: DescribeEipsQuery): Promise<Page<EipView>> {
  assertListedValues('AllocationId', query.allocationIds)
  assertListedValues('EipAddress', query.eipAddresses)
  const associated = associatedTypeFilter(query.associatedInstanceType)
  const chargeType = chargeTypeFilter(query.chargeType)
  const locked = lockReasonMatchesNone(query.lockReason)
  const addresses = query.eipAddresses?.map((text) => parsePublicIpv4('EipAddress', text))
  const window = creationWindow(query.filters)
  const page = planListing(query, EIP_PAGE_LIMITS)
  const found = await listEips(
    deps.store.db,
    {
      accountId: caller.accountId,
      regionId: query.regionId,
      ids: query.allocationIds,
      addresses,
      status: query.status,
      boundAs: associated.type,
      associatedInstanceId: query.associatedInstanceId,
      name: query.eipName,
      isp: query.isp,
      chargeType,
      resourceGroupId: query.resourceGroupId,
      tags: query.tags,
      ...window,
      matchesNone: associated.matchesNone || locked || query.unsatisfiable,
    },
    page,
  )
  return { ...found, items: found.items.map(viewOfEip) }
}
