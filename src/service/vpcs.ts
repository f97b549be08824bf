import { quotaFor } from '../domain/config.js'
import type { Page } from '../domain/paging.js'
import type { Tag } from '../domain/tags.js'
import { newVpc } from '../domain/vpc/create-vpc.js'
import { assertVpcDeletable } from '../domain/vpc/delete-vpc.js'
import { planNetworkListing, type NetworkListing } from '../domain/vpc/listing.js'
import { vpcNotFound } from '../domain/vpc/not-found.js'
import { assertVpcQuota } from '../domain/vpc/quota.js'
import { assertVpcIdList } from '../domain/vpc/vpc-id-list.js'
import type { Vpc } from '../domain/vpc/vpc.js'
import { countVpcContents, countVpcsForQuota, insertVpc, listVpcs, lockVpc, removeVpc } from '../store/repositories/vpcs.js'
import { vSwitchIdsByVpc } from '../store/repositories/vswitches.js'
import type { Caller, ServiceDeps } from './deps.js'
import { mutate } from './mutate.js'
import { addSystemRouteTable, removeSystemRouteTable } from './routes/system.js'

export interface CreateVpcInput {
  regionId: string
  cidrBlock?: string | undefined
  userCidr?: string | undefined
  name?: string | undefined
  description?: string | undefined
  tags: Tag[]
  clientToken?: string | undefined
  dryRun?: boolean | undefined
}

export interface CreatedVpc {
  vpcId: string
  vRouterId: string
  routeTableId: string
}

/** CreateVpc (spec §6.1): a VPC with its vRouter and system route table, within the region quota. */
export async function createVpc(deps: ServiceDeps, caller: Caller, input: CreateVpcInput): Promise<CreatedVpc> {
  const { clientToken, dryRun, ...request } = input
  return mutate(deps, caller, { action: 'CreateVpc', clientToken, dryRun, fingerprint: request }, async (u) => {
    const vpc = newVpc(
      { ...request, accountId: caller.accountId, tagLimit: quotaFor(deps.config, caller.accountId, 'tagsPerResource') },
      u.random,
      u.now,
    )
    assertVpcQuota(await countVpcsForQuota(u, vpc.regionId), quotaFor(deps.config, caller.accountId, 'vpcs'))
    await insertVpc(u.tx, vpc)
    u.record({
      regionId: vpc.regionId,
      resourceType: 'Vpc',
      resourceId: vpc.id,
      event: 'VpcCreated',
      payload: { cidrBlock: vpc.cidrBlock, vRouterId: vpc.vRouterId, routeTableId: vpc.routeTableId, status: vpc.status },
    })
    await addSystemRouteTable(u, vpc)
    return { vpcId: vpc.id, vRouterId: vpc.vRouterId, routeTableId: vpc.routeTableId }
  })
}

export interface DeleteVpcInput {
  /** Optional (spec §1.1): without it the VPC is found by ID in any region. */
  regionId?: string | undefined
  vpcId: string
  clientToken?: string | undefined
  dryRun?: boolean | undefined
}

/** DeleteVpc (spec §6.2): only an empty VPC goes; nothing inside is deleted with it but its system route table. */
export async function deleteVpc(deps: ServiceDeps, caller: Caller, input: DeleteVpcInput): Promise<void> {
  const { clientToken, dryRun, ...request } = input
  await mutate(deps, caller, { action: 'DeleteVpc', clientToken, dryRun, fingerprint: request }, async (u) => {
    // Locked first: whoever creates something inside the VPC locks it too, so this count stays true.
    const vpc = await lockVpc(u, input.vpcId)
    if (vpc === undefined || (input.regionId !== undefined && vpc.regionId !== input.regionId)) throw vpcNotFound(input.vpcId)
    assertVpcDeletable(vpc, await countVpcContents(u.tx, vpc.id))
    await removeSystemRouteTable(u, vpc)
    await removeVpc(u.tx, vpc.id)
    u.record({ regionId: vpc.regionId, resourceType: 'Vpc', resourceId: vpc.id, event: 'VpcDeleted', payload: {} })
  })
}

export interface DescribeVpcsQuery extends NetworkListing {
  regionId: string
  vpcIds?: string[] | undefined
  name?: string | undefined
  isDefault?: boolean | undefined
}

export type DescribedVpc = Vpc & { vSwitchIds: string[] }

/** DescribeVpcs (spec §6.3): the caller's VPCs of one region, a page at a time, with their vSwitch IDs. */
export async function describeVpcs(deps: ServiceDeps, caller: Caller, query: DescribeVpcsQuery): Promise<Page<DescribedVpc>> {
  const ids = query.vpcIds === undefined ? undefined : assertVpcIdList(query.vpcIds)
  const page = planNetworkListing(query)
  const db = deps.store.db
  const found = await listVpcs(db, caller.accountId, { ...query, ids }, page)
  const vSwitchIds = await vSwitchIdsByVpc(
    db,
    found.items.map((v) => v.id),
  )
  return { ...found, items: found.items.map((vpc) => ({ ...vpc, vSwitchIds: vSwitchIds.get(vpc.id) ?? [] })) }
}
