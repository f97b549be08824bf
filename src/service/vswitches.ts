import { quotaFor } from '../domain/config.js'
import { parseCidr } from '../domain/ipam/cidr.js'
import { availableCount, usableRange } from '../domain/ipam/usable-range.js'
import type { Page, PageRequest } from '../domain/paging.js'
import { findZone } from '../domain/region.js'
import type { Tag } from '../domain/tags.js'
import { newVSwitch } from '../domain/vpc/create-vswitch.js'
import { assertVSwitchDeletable } from '../domain/vpc/delete-vswitch.js'
import { planNetworkListing, type NetworkListing } from '../domain/vpc/listing.js'
import { vpcNotFound, vSwitchNotFound } from '../domain/vpc/not-found.js'
import { assertVSwitchQuota } from '../domain/vpc/quota.js'
import type { VSwitchBlock } from '../domain/vpc/vswitch-block.js'
import { assertVSwitchScope } from '../domain/vpc/vswitch-scope.js'
import { lockVpc } from '../store/repositories/vpcs.js'
import {
  countHeldAddresses,
  countVSwitchUsers,
  insertVSwitch,
  listVSwitches,
  lockVSwitch,
  removeVSwitch,
  vSwitchCidrsOf,
  type ListedVSwitch,
} from '../store/repositories/vswitches.js'
import type { Caller, ServiceDeps } from './deps.js'
import { mutate } from './mutate.js'
import { addVSwitchRoute, assertVSwitchBlockRoutable, removeVSwitchSystemRoute } from './routes/system.js'

export interface CreateVSwitchInput {
  /** Optional (spec §1.1): the VPC's region applies; when given it must be that region. */
  regionId?: string | undefined
  vpcId: string
  block: VSwitchBlock
  /** Absent for a regional vSwitch. */
  zoneId?: string | undefined
  name?: string | undefined
  description?: string | undefined
  tags: Tag[]
  clientToken?: string | undefined
}

/** CreateVSwitch (spec §6.4): a block of an Available VPC, zonal or regional, within the VPC's quota. */
export async function createVSwitch(deps: ServiceDeps, caller: Caller, input: CreateVSwitchInput): Promise<{ vSwitchId: string }> {
  const { clientToken, ...request } = input
  return mutate(deps, caller, { action: 'CreateVSwitch', clientToken, fingerprint: request }, async (u) => {
    // The VPC row is the lock for its vSwitch count and for the overlap check between siblings.
    const vpc = await lockVpc(u, input.vpcId)
    if (vpc === undefined || (input.regionId !== undefined && vpc.regionId !== input.regionId)) throw vpcNotFound(input.vpcId)
    const zoneId = input.zoneId === undefined ? null : findZone(deps.config, vpc.regionId, input.zoneId).id
    const siblings = await vSwitchCidrsOf(u.tx, vpc.id)
    assertVSwitchQuota(siblings.length, quotaFor(deps.config, caller.accountId, 'vSwitchesPerVpc'))
    const vSwitch = newVSwitch(
      { ...request, vpc, siblings, zoneId, tagLimit: quotaFor(deps.config, caller.accountId, 'tagsPerResource') },
      u.random,
      u.now,
    )
    await assertVSwitchBlockRoutable(u, vpc, vSwitch.cidrBlock)
    await insertVSwitch(u.tx, vSwitch, usableRange(parseCidr(vSwitch.cidrBlock)).first)
    u.record({
      regionId: vSwitch.regionId,
      resourceType: 'VSwitch',
      resourceId: vSwitch.id,
      event: 'VSwitchCreated',
      payload: { vpcId: vSwitch.vpcId, zoneId: vSwitch.zoneId, cidrBlock: vSwitch.cidrBlock, status: vSwitch.status },
    })
    await addVSwitchRoute(u, vpc, vSwitch)
    return { vSwitchId: vSwitch.id }
  })
}

export interface DeleteVSwitchInput {
  /** Optional (spec §1.1): without it the vSwitch is found by ID in any region. */
  regionId?: string | undefined
  vSwitchId: string
  dryRun?: boolean | undefined
}

/** DeleteVSwitch (spec §6.5): only a vSwitch no ENI or instance uses. */
export async function deleteVSwitch(deps: ServiceDeps, caller: Caller, input: DeleteVSwitchInput): Promise<void> {
  await mutate(deps, caller, { action: 'DeleteVSwitch', dryRun: input.dryRun }, async (u) => {
    // Whoever places an ENI or instance in the vSwitch locks it too, so the count below stays true.
    const vSwitch = await lockVSwitch(u, input.vSwitchId)
    if (vSwitch === undefined || (input.regionId !== undefined && vSwitch.regionId !== input.regionId)) {
      throw vSwitchNotFound(input.vSwitchId)
    }
    assertVSwitchDeletable(vSwitch, await countVSwitchUsers(u.tx, vSwitch.id))
    await removeVSwitchSystemRoute(u, vSwitch.id)
    await removeVSwitch(u.tx, vSwitch.id)
    u.record({
      regionId: vSwitch.regionId,
      resourceType: 'VSwitch',
      resourceId: vSwitch.id,
      event: 'VSwitchDeleted',
      payload: { vpcId: vSwitch.vpcId },
    })
  })
}

export interface DescribeVSwitchesQuery extends NetworkListing {
  regionId?: string | undefined
  vpcId?: string | undefined
  vSwitchId?: string | undefined
  zoneId?: string | undefined
  name?: string | undefined
  isDefault?: boolean | undefined
}

export type DescribedVSwitch = ListedVSwitch & { availableIpAddressCount: number }

/** DescribeVSwitches (spec §6.6): the caller's vSwitches, a page at a time, with exact free-address counts. */
export async function describeVSwitches(deps: ServiceDeps, caller: Caller, query: DescribeVSwitchesQuery): Promise<Page<DescribedVSwitch>> {
  assertVSwitchScope(query.regionId, query.vpcId)
  const page = planNetworkListing(query)
  // The cloud makes a default vSwitch only with the default VPC, which OpenENI never creates: no
  // vSwitch is a default one, so IsDefault=true matches none.
  if (query.isDefault === true) return emptyPage(page)
  const db = deps.store.db
  const found = await listVSwitches(db, caller.accountId, { ...query, id: query.vSwitchId }, page)
  const held = await countHeldAddresses(
    db,
    found.items.map((v) => v.id),
  )
  return {
    ...found,
    items: found.items.map((v) => ({
      ...v,
      availableIpAddressCount: availableCount(usableRange(parseCidr(v.cidrBlock)), held.get(v.id) ?? 0),
    })),
  }
}

function emptyPage(page: PageRequest): Page<never> {
  return { items: [], totalCount: 0, pageNumber: page.style === 'page' ? page.number : 1, pageSize: page.size, nextToken: '' }
}
