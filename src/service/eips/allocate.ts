import { eipPoolOf, quotaFor } from '../../domain/config.js'
import type { Eip, InstanceChargeType, InternetChargeType } from '../../domain/eip/eip.js'
import { eipDescriptionRule, eipNameRule } from '../../domain/eip/naming.js'
import { newOrderId } from '../../domain/eip/order.js'
import { nextPoolHint, parsePool, poolWindows, requestedPoolAddress, type Pool } from '../../domain/eip/pool.js'
import { assertEipQuota } from '../../domain/eip/quota.js'
import { assertChargeTypes, bandwidthRange, DEFAULT_BANDWIDTH, parseBandwidth, subscriptionOf } from '../../domain/eip/terms.js'
import { DomainError } from '../../domain/errors.js'
import { newId } from '../../domain/ids.js'
import { freeInWindow } from '../../domain/ipam/allocate.js'
import { formatIpv4 } from '../../domain/ipam/ipv4.js'
import { validateText } from '../../domain/naming.js'
import { findRegion } from '../../domain/region.js'
import { assertTags, type Tag } from '../../domain/tags.js'
import { lockAccountRow } from '../../store/repositories/accounts.js'
import { appendEipEvent } from '../../store/repositories/eip-metering.js'
import { allocatedAddressesIn, countEips, insertEip, isAddressAllocated, lockPool, writePoolHint } from '../../store/repositories/eips.js'
import type { Caller, ServiceDeps } from '../deps.js'
import { mutate, type Unit } from '../mutate.js'
import { identityOf } from './bandwidth-usage.js'

export interface AllocateInput {
  regionId: string
  bandwidth?: string | undefined
  internetChargeType?: InternetChargeType | undefined
  instanceChargeType?: InstanceChargeType | undefined
  pricingCycle?: 'Month' | 'Year' | undefined
  period?: number | undefined
  isp?: string | undefined
  name?: string | undefined
  description?: string | undefined
  ipAddress?: string | undefined
  zoneId?: string | undefined
  resourceGroupId?: string | undefined
  tags: Tag[]
  /** Reclaiming a released EIP by its ID: not offered here (released EIPs are not kept). */
  instanceId?: string | undefined
  /** Pools as named resources: not offered here (one configured pool per region). */
  publicIpAddressPoolId?: string | undefined
  clientToken?: string | undefined
  dryRun?: boolean | undefined
}

export interface AllocatedEip {
  allocationId: string
  eipAddress: string
  resourceGroupId: string
  /** Only for a subscription (PrePaid) EIP. */
  orderId?: number
}

/** Line types on offer (spec §6.7): both multi-line BGP kinds; single-ISP lines are not. */
const ISPS = ['BGP', 'BGP_PRO']

/** The addresses an allocation searches at once; a pool is a few blocks, so one window is usual. */
const POOL_WINDOW = 1024

/**
 * AllocateEipAddress (spec §6.7): synchronous, the EIP is Available and unbound when this returns.
 * Its address comes from the region's pool, named or picked from where the last pick stopped,
 * under the pool's lock and within the account's EIP quota.
 */
export async function allocateEipAddress(deps: ServiceDeps, caller: Caller, input: AllocateInput): Promise<AllocatedEip> {
  const { clientToken, dryRun, ...request } = input
  const terms = decideTerms(deps, caller, request, deps.clock())
  return mutate(deps, caller, { action: 'AllocateEipAddress', clientToken, fingerprint: request, dryRun }, async (u) => {
    await lockAccountRow(u)
    assertEipQuota(await countEips(u.tx, caller.accountId, terms.regionId), quotaFor(deps.config, caller.accountId, 'eips'))
    const address = await takeAddress(u, terms.regionId, terms.pool, request.ipAddress)
    const eip: Eip = { ...terms.eip, id: newId('eip', u.random), accountId: caller.accountId, ipAddress: formatIpv4(address), createdAt: u.now.toISOString() }
    await insertEip(u.tx, eip)
    await appendEipEvent(u.tx, identityOf(eip), { event: 'Allocated', bandwidth: eip.bandwidth, at: eip.createdAt })
    u.record({
      regionId: eip.regionId,
      resourceType: 'EipAddress',
      resourceId: eip.id,
      event: 'EipAllocated',
      payload: { ipAddress: eip.ipAddress, bandwidth: eip.bandwidth, internetChargeType: eip.internetChargeType, status: eip.status },
    })
    return {
      allocationId: eip.id,
      eipAddress: eip.ipAddress,
      resourceGroupId: eip.resourceGroupId,
      ...(eip.instanceChargeType === 'PrePaid' ? { orderId: newOrderId(u.random) } : {}),
    }
  })
}

/** Everything about the new EIP that needs no database, checked before the transaction starts. */
function decideTerms(deps: ServiceDeps, caller: Caller, request: Omit<AllocateInput, 'clientToken' | 'dryRun'>, now: Date) {
  const regionId = findRegion(deps.config, request.regionId).id
  if (request.instanceId !== undefined) {
    throw new DomainError('UnsupportedParameter', 'InstanceId (allocating a released EIP again by its ID) is not supported; name the address with IpAddress.')
  }
  if (request.publicIpAddressPoolId !== undefined) {
    throw new DomainError('ResourceNotFound.PublicIpAddressPool', `The public IP address pool ${request.publicIpAddressPoolId} does not exist.`)
  }
  if (request.zoneId !== undefined && request.ipAddress !== undefined) {
    throw new DomainError('ExclusiveParam.ZoneAndIpAddress', 'Zone and IpAddress cannot both be given.')
  }
  const zone = request.zoneId === undefined ? undefined : findRegion(deps.config, regionId).zones.find((z) => z.id === request.zoneId)
  if (request.zoneId !== undefined && zone === undefined) {
    throw new DomainError('IllegalParam.Zone', `The zone ${request.zoneId} is not a zone of region ${regionId}.`)
  }
  const isp = request.isp ?? 'BGP'
  if (!ISPS.includes(isp)) throw new DomainError('IllegalParam.Isp', `The ISP ${JSON.stringify(isp)} is not offered; use ${ISPS.join(' or ')}.`)
  const instanceChargeType = request.instanceChargeType ?? 'PostPaid'
  const internetChargeType = request.internetChargeType ?? 'PayByBandwidth'
  assertChargeTypes(instanceChargeType, internetChargeType)
  const bandwidth = parseBandwidth(
    request.bandwidth ?? String(DEFAULT_BANDWIDTH),
    bandwidthRange(instanceChargeType, internetChargeType),
    'InvalidBandwidth.Malformed',
  )
  const subscription = subscriptionOf(
    instanceChargeType,
    { pricingCycle: request.pricingCycle, period: request.period, named: request.name !== undefined || request.description !== undefined },
    now,
  )
  const eip: Omit<Eip, 'id' | 'accountId' | 'ipAddress' | 'createdAt'> = {
    regionId,
    name: validateText(eipNameRule, request.name) ?? '',
    description: validateText(eipDescriptionRule, request.description) ?? '',
    status: 'Available',
    bandwidth,
    internetChargeType,
    instanceChargeType,
    subscription,
    isp,
    zoneId: zone?.id ?? null,
    resourceGroupId: request.resourceGroupId ?? '',
    binding: null,
    tags: assertTags(request.tags, quotaFor(deps.config, caller.accountId, 'tagsPerResource')),
  }
  return { regionId, pool: parsePool(eipPoolOf(deps.config, regionId)), eip }
}

/**
 * The address of the new EIP, under the region's pool lock: the one asked for when it is free,
 * else the first free one from the pool's hint onward, window by window.
 */
async function takeAddress(u: Unit, regionId: string, pool: Pool, requested: string | undefined): Promise<number> {
  const hint = await lockPool(u, regionId)
  if (requested !== undefined) {
    const address = requestedPoolAddress(pool, requested)
    if (await isAddressAllocated(u.tx, address)) throw new DomainError('Ip.Allocated', `The address ${requested} is already an EIP.`)
    return address
  }
  for (const window of poolWindows(pool, hint, POOL_WINDOW)) {
    const [free] = freeInWindow(window, await allocatedAddressesIn(u.tx, window), 1)
    if (free !== undefined) {
      await writePoolHint(u.tx, regionId, nextPoolHint(free))
      return free
    }
  }
  throw new DomainError('OperationFailed.InsufficientEIP', `The public address pool of region ${regionId} has no free address left.`)
}
