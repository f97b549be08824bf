import { assertFilterSize, ENI_PAGING, MAX_FILTER_TAGS, MAX_FILTER_VALUES } from '../../domain/eni/describe-filter.js'
import type { EniStatus, EniType } from '../../domain/eni/eni.js'
import { eniNotFound } from '../../domain/eni/not-found.js'
import { parseIpv4 } from '../../domain/ipam/ipv4.js'
import { choosePage, type Page, type PagingInput } from '../../domain/paging.js'
import type { TagFilter } from '../../domain/tags.js'
import { findEni, listEnis } from '../../store/repositories/enis.js'
import type { Caller, ServiceDeps } from '../deps.js'
import { publicIpsOfEnis } from '../eips/bindings.js'
import { instanceTypesOf } from './instance-target.js'
import { viewOf, type EniView } from './view.js'

export interface DescribeInput extends PagingInput {
  regionId: string
  networkInterfaceIds: string[]
  vpcId?: string | undefined
  vSwitchId?: string | undefined
  instanceId?: string | undefined
  type?: EniType | undefined
  status?: EniStatus | undefined
  networkInterfaceName?: string | undefined
  resourceGroupId?: string | undefined
  primaryIpAddress?: string | undefined
  privateIpAddresses: string[]
  securityGroupId?: string | undefined
  tags: TagFilter[]
  serviceManaged?: boolean | undefined
  ipv6Addresses?: string[] | undefined
}

/**
 * DescribeNetworkInterfaces (spec §5.3): every filter ANDed and applied in SQL, one page in the
 * stable (creation time, id) order, either paging style.
 */
export async function describeNetworkInterfaces(deps: ServiceDeps, caller: Caller, input: DescribeInput): Promise<Page<EniView>> {
  assertFilterSize('NetworkInterfaceId.N', input.networkInterfaceIds, MAX_FILTER_VALUES)
  assertFilterSize('PrivateIpAddress.N', input.privateIpAddresses, MAX_FILTER_VALUES)
  assertFilterSize('Tag.N', input.tags, MAX_FILTER_TAGS)
  const page = choosePage(input, ENI_PAGING)
  const result = await listEnis(
    deps.store.db,
    {
      accountId: caller.accountId,
      regionId: input.regionId,
      ids: input.networkInterfaceIds,
      vpcId: input.vpcId,
      vSwitchId: input.vSwitchId,
      instanceId: input.instanceId,
      type: input.type,
      status: input.status,
      name: input.networkInterfaceName,
      resourceGroupId: input.resourceGroupId,
      primaryIpAddress: input.primaryIpAddress === undefined ? undefined : parseIpv4(input.primaryIpAddress),
      secondaryIpAddresses: input.privateIpAddresses.map(parseIpv4),
      securityGroupId: input.securityGroupId,
      tags: input.tags,
      // No ENI is managed by another service, and none has IPv6 addresses (spec §5.3 filters).
      unsatisfiable: input.serviceManaged === true || (input.ipv6Addresses ?? []).length > 0,
    },
    page,
  )
  const instanceIds = [...new Set(result.items.flatMap((eni) => (eni.instanceId === null ? [] : [eni.instanceId])))]
  const types = await instanceTypesOf(deps.store.db, deps.catalog, caller.accountId, instanceIds)
  const publicIps = await publicIpsOfEnis(deps.store.db, result.items.map((eni) => eni.id))
  return {
    ...result,
    items: result.items.map((eni) => viewOf(eni, eni.instanceId === null ? undefined : types.get(eni.instanceId), publicIps.get(eni.id))),
  }
}

/** DescribeNetworkInterfaceAttribute (spec §5.4): one ENI of the caller in the region. */
export async function describeNetworkInterfaceAttribute(
  deps: ServiceDeps,
  caller: Caller,
  input: { regionId: string; networkInterfaceId: string },
): Promise<EniView> {
  const eni = await findEni(deps.store.db, caller.accountId, input.regionId, input.networkInterfaceId)
  if (eni === undefined) throw eniNotFound(input.networkInterfaceId)
  const types = await instanceTypesOf(deps.store.db, deps.catalog, caller.accountId, eni.instanceId === null ? [] : [eni.instanceId])
  const publicIps = await publicIpsOfEnis(deps.store.db, [eni.id])
  return viewOf(eni, eni.instanceId === null ? undefined : types.get(eni.instanceId), publicIps.get(eni.id))
}
