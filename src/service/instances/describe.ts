import { parsePublicIpv4 } from '../../domain/eip/pool.js'
import { primaryAddressOf, type Eni } from '../../domain/eni/eni.js'
import type { InstanceType } from '../../domain/instance-type/catalog.js'
import { creationWindow } from '../../domain/instance/creation-filter.js'
import type { Instance } from '../../domain/instance/instance.js'
import { INSTANCE_PAGING } from '../../domain/instance/listing.js'
import { matchesNetworkType, parseInstanceStatus } from '../../domain/instance/status.js'
import { typesToMatch } from '../../domain/instance/type-filter.js'
import { parseIpv4 } from '../../domain/ipam/ipv4.js'
import { planListing } from '../../domain/listing.js'
import type { Page, PagingInput } from '../../domain/paging.js'
import type { TagFilter } from '../../domain/tags.js'
import { listInstances, type InstanceFilter } from '../../store/repositories/instances.js'
import type { Caller, ServiceDeps } from '../deps.js'
import { eipBindingsFor, type BoundEip } from '../eips/bindings.js'
import { loadInstanceEnis } from '../network-interfaces/provision.js'

export interface DescribeInstancesQuery extends PagingInput {
  regionId: string
  instanceIds?: string[] | undefined
  vpcId?: string | undefined
  vSwitchId?: string | undefined
  zoneId?: string | undefined
  securityGroupId?: string | undefined
  instanceType?: string | undefined
  instanceTypeFamily?: string | undefined
  instanceName?: string | undefined
  status?: string | undefined
  imageId?: string | undefined
  ioOptimized?: boolean | undefined
  instanceNetworkType?: string | undefined
  privateIpAddresses?: string[] | undefined
  /** EIPs of the instances (on their primary ENI's primary address). */
  eipAddresses?: string[] | undefined
  tags?: TagFilter[] | undefined
  filters?: { key: string; value: string }[] | undefined
  dryRun?: boolean | undefined
}

/** An instance as DescribeInstances shows it: its catalogue entry and its ENIs, primary first. */
export interface InstanceView {
  instance: Instance
  /** Undefined when the operator has since removed the type from the catalogue. */
  type: InstanceType | undefined
  networkInterfaces: Eni[]
  /** The instance's EIP: the one on its primary ENI's primary address (spec §7). */
  eip: BoundEip | undefined
}

/** DescribeInstances (spec §5.12): the caller's instances in one region, filtered in SQL, a page at a time. */
export async function describeInstances(deps: ServiceDeps, caller: Caller, query: DescribeInstancesQuery): Promise<Page<InstanceView>> {
  const filter = instanceFilter(deps, caller, query)
  const page = planListing(query, INSTANCE_PAGING)
  const found = await listInstances(deps.store.db, filter, page)
  const enis = await loadInstanceEnis(
    deps.store.db,
    caller.accountId,
    found.items.map((i) => i.id),
  )
  const primaries = [...enis.values()].flatMap((list) => list.filter((eni) => eni.type === 'Primary'))
  const eips = await eipBindingsFor(deps.store.db, primaries.map((eni) => eni.id))
  const eipOf = (list: readonly Eni[]) => {
    const primary = list.find((eni) => eni.type === 'Primary')
    return primary && eips.find((e) => e.eniId === primary.id && e.privateIpAddress === primaryAddressOf(primary))
  }
  return {
    ...found,
    items: found.items.map((instance) => ({
      instance,
      type: deps.catalog.find((t) => t.instanceTypeId === instance.instanceType),
      networkInterfaces: enis.get(instance.id) ?? [],
      eip: eipOf(enis.get(instance.id) ?? []),
    })),
  }
}

function instanceFilter(deps: ServiceDeps, caller: Caller, query: DescribeInstancesQuery): InstanceFilter {
  return {
    accountId: caller.accountId,
    regionId: query.regionId,
    ids: query.instanceIds,
    vpcId: query.vpcId,
    vSwitchId: query.vSwitchId,
    zoneId: query.zoneId,
    securityGroupId: query.securityGroupId,
    instanceTypes: typesToMatch(deps.catalog, query.instanceType, query.instanceTypeFamily),
    name: query.instanceName,
    status: query.status === undefined ? undefined : parseInstanceStatus(query.status),
    imageId: query.imageId,
    ioOptimized: query.ioOptimized,
    privateIpAddresses: query.privateIpAddresses?.map(parseIpv4),
    eipAddresses: query.eipAddresses?.map((text) => parsePublicIpv4('EipAddresses', text)),
    tags: query.tags,
    ...creationWindow(query.filters ?? []),
    matchesNone: query.instanceNetworkType !== undefined && !matchesNetworkType(query.instanceNetworkType),
  }
}
