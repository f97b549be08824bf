import { quotaFor } from '../../domain/config.js'
import { DomainError } from '../../domain/errors.js'
import { newId } from '../../domain/ids.js'
import type { InstanceType } from '../../domain/instance-type/catalog.js'
import type { Instance } from '../../domain/instance/instance.js'
import { findInstanceType } from '../../domain/instance/instance-type.js'
import { resolveIoOptimized, type IoOptimizedChoice } from '../../domain/instance/io-optimized.js'
import { consecutiveAddresses } from '../../domain/instance/launch-addresses.js'
import { amountToLaunch, assertLaunchAmount, instancesThatFit, type LaunchAmount } from '../../domain/instance/launch-amount.js'
import { planLaunchNetwork, type LaunchNetworkPlan, type LaunchNetworkRequest, type NewInterfacePlan } from '../../domain/instance/launch-interfaces.js'
import { nameInstances, type NamingRequest } from '../../domain/instance/launch-names.js'
import { assertLaunchNetworkMatches } from '../../domain/instance/launch-network-match.js'
import { launchZone } from '../../domain/instance/launch-zone.js'
import { parseCidr } from '../../domain/ipam/cidr.js'
import { availableCount, usableRange } from '../../domain/ipam/usable-range.js'
import { descriptionRule, validateText } from '../../domain/naming.js'
import { findRegion, findZone } from '../../domain/region.js'
import { assertTags, type Tag } from '../../domain/tags.js'
import { lockAccountRow } from '../../store/repositories/accounts.js'
import { insertInstance } from '../../store/repositories/instances.js'
import { findGroupIdentities } from '../../store/repositories/security-groups.js'
import { countHeldAddresses, lockVSwitch, type LockedVSwitch } from '../../store/repositories/vswitches.js'
import type { Caller, ServiceDeps } from '../deps.js'
import { placeInstance, settleIfImmediate } from '../hosts.js'
import { mutate, type Unit } from '../mutate.js'
import { attachEni, provisionEni, type EniSpec } from '../network-interfaces/provision.js'

export interface RunInstancesInput {
  regionId: string
  instanceType: string
  imageId: string
  amount?: number | undefined
  minAmount?: number | undefined
  zoneId?: string | undefined
  network: LaunchNetworkRequest
  ioOptimized?: IoOptimizedChoice | undefined
  naming: NamingRequest
  description?: string | undefined
  tags: Tag[]
  deletionProtection?: boolean | undefined
  clientToken?: string | undefined
  dryRun?: boolean | undefined
}

/** Everything about the launch that needs no database, decided before the transaction starts. */
interface LaunchDecision {
  regionId: string
  firstZoneId: string
  requestedZoneId: string | undefined
  type: InstanceType
  ioOptimized: boolean
  amounts: LaunchAmount
  network: LaunchNetworkPlan
  description: string
  tags: Tag[]
}

/**
 * RunInstances (spec §5.11): every instance of the call, its primary ENI and its secondaries in ONE
 * transaction, all or nothing. Instances start Pending on a host of their zone; the host settles
 * them to Running (at once with the `none` data plane).
 */
export async function runInstances(deps: ServiceDeps, caller: Caller, input: RunInstancesInput): Promise<{ instanceIds: string[] }> {
  const decision = decideLaunch(deps, caller, input)
  const { clientToken, dryRun, ...meaning } = input
  const launched = await mutate(deps, caller, { action: 'RunInstances', clientToken, fingerprint: meaning, dryRun }, (u) =>
    launch(u, decision, input),
  )
  await settleIfImmediate(deps, launched.hostIds)
  return { instanceIds: launched.instanceIds }
}

function decideLaunch(deps: ServiceDeps, caller: Caller, input: RunInstancesInput): LaunchDecision {
  const region = findRegion(deps.config, input.regionId)
  const type = findInstanceType(deps.catalog, input.instanceType)
  const ioOptimized = resolveIoOptimized(type, input.ioOptimized)
  const amounts = assertLaunchAmount(input.amount, input.minAmount)
  return {
    regionId: region.id,
    firstZoneId: region.zones[0]!.id,
    requestedZoneId: input.zoneId === undefined ? undefined : findZone(deps.config, region.id, input.zoneId).id,
    type,
    ioOptimized,
    amounts,
    network: planLaunchNetwork(input.network, { type, ioOptimized, amount: amounts.amount }),
    description: validateText(descriptionRule, input.description) ?? '',
    tags: assertTags(input.tags, quotaFor(deps.config, caller.accountId, 'tagsPerResource')),
  }
}

async function launch(u: Unit, decision: LaunchDecision, input: RunInstancesInput): Promise<{ instanceIds: string[]; hostIds: string[] }> {
  const { zoneId, primaryVSwitch, fits } = await lockLaunchNetwork(u, decision)
  const count = amountToLaunch(decision.amounts, fits)
  const primaryIps =
    decision.network.primary.primaryIpAddress === undefined
      ? undefined
      : consecutiveAddresses(decision.network.primary.primaryIpAddress, count, primaryVSwitch.cidrBlock)
  const ids = Array.from({ length: count }, () => newId('i', u.random))
  const names = nameInstances(ids, input.naming)
  const hostIds: string[] = []
  for (const [index, id] of ids.entries()) {
    const hostId = await placeInstance(u, zoneId)
    const instance: Instance = {
      id,
      accountId: u.caller.accountId,
      regionId: decision.regionId,
      zoneId,
      hostId,
      instanceType: decision.type.instanceTypeId,
      ioOptimized: decision.ioOptimized,
      name: names[index]!.name,
      hostName: names[index]!.hostName,
      description: decision.description,
      imageId: input.imageId,
      status: 'Pending',
      vpcId: primaryVSwitch.vpcId,
      vSwitchId: primaryVSwitch.id,
      deletionProtection: input.deletionProtection ?? false,
      createdAt: u.now.toISOString(),
      startedAt: null,
      tags: decision.tags,
    }
    await insertInstance(u.tx, instance)
    u.record({
      regionId: instance.regionId,
      resourceType: 'Instance',
      resourceId: instance.id,
      event: 'InstancePending',
      payload: { status: instance.status, hostId, zoneId, instanceType: instance.instanceType },
    })
    await plugInterfaces(u, instance, decision.network, primaryIps?.[index], decision.tags)
    hostIds.push(hostId)
  }
  return { instanceIds: ids, hostIds }
}

/**
 * Locks what the new interfaces draw addresses from and checks that it all fits together: the
 * vSwitches exist here, share the instance's VPC with the groups, and decide the zone. Returns how
 * many instances their free addresses can take, counted under those locks.
 */
async function lockLaunchNetwork(u: Unit, decision: LaunchDecision) {
  const { network } = decision
  const created = network.secondaries.flatMap((s) => ('create' in s ? [s.create] : []))
  const newInterfaces = [network.primary, ...created]
  // Same lock order as creating a standalone ENI (account, then vSwitches in ID order), so the two
  // never wait on each other's locks.
  if (created.length > 0) await lockAccountRow(u)
  const vSwitches = await lockLaunchVSwitches(u, decision.regionId, newInterfaces)
  const primaryVSwitch = vSwitches.get(network.primary.vSwitchId)!
  const zoneId = launchZone(primaryVSwitch, decision.requestedZoneId, decision.firstZoneId)
  const groups = await findGroupIdentities(u.tx, u.caller.accountId, [...new Set(newInterfaces.flatMap((i) => i.securityGroupIds))])
  assertLaunchNetworkMatches(primaryVSwitch.vpcId, [...vSwitches.values()], groups)
  return { zoneId, primaryVSwitch, fits: await instancesWithAddresses(u, vSwitches, newInterfaces) }
}

/** The primary ENI at device index 0 (with the instance's tags), then the secondaries from index 1. */
async function plugInterfaces(u: Unit, instance: Instance, network: LaunchNetworkPlan, primaryIp: string | undefined, tags: Tag[]): Promise<void> {
  const primary = { ...eniSpec(network.primary), primaryIpAddress: primaryIp, tags }
  await provisionEni(u, instance.regionId, primary, { instance, deviceIndex: 0, type: 'Primary' })
  for (const [index, secondary] of network.secondaries.entries()) {
    if ('create' in secondary) {
      await provisionEni(u, instance.regionId, eniSpec(secondary.create), { instance, deviceIndex: index + 1, type: 'Secondary' })
    } else {
      await attachEni(u, secondary.attach, instance.id, { atLaunch: true, regionId: instance.regionId })
    }
  }
}

function eniSpec(plan: NewInterfacePlan): EniSpec {
  return { ...plan, securityGroupIds: [...plan.securityGroupIds] }
}

/** The new interfaces' vSwitches of the caller in this region, locked in ID order. */
async function lockLaunchVSwitches(u: Unit, regionId: string, interfaces: readonly NewInterfacePlan[]): Promise<Map<string, LockedVSwitch>> {
  const locked = new Map<string, LockedVSwitch>()
  for (const id of [...new Set(interfaces.map((i) => i.vSwitchId))].sort()) {
    const vSwitch = await lockVSwitch(u, id)
    if (vSwitch === undefined || vSwitch.regionId !== regionId) {
      throw new DomainError('InvalidVSwitchId.NotFound', `The vSwitch ${id} does not exist.`)
    }
    locked.set(id, vSwitch)
  }
  return locked
}

/** How many instances the locked vSwitches still have addresses for, each new ENI taking its primary and secondaries. */
async function instancesWithAddresses(u: Unit, vSwitches: ReadonlyMap<string, LockedVSwitch>, interfaces: readonly NewInterfacePlan[]): Promise<number> {
  const need = new Map<string, number>()
  for (const plan of interfaces) {
    need.set(plan.vSwitchId, (need.get(plan.vSwitchId) ?? 0) + 1 + (plan.secondaryPrivateIpAddressCount ?? 0))
  }
  const held = await countHeldAddresses(u.tx, [...vSwitches.keys()])
  const free = new Map(
    [...vSwitches.values()].map((v) => [v.id, availableCount(usableRange(parseCidr(v.cidrBlock)), held.get(v.id) ?? 0)] as const),
  )
  return instancesThatFit(need, free)
}
