import type { Kysely } from 'kysely'
import { quotaFor } from '../../domain/config.js'
import { birthState } from '../../domain/eni/birth.js'
import type { Eni } from '../../domain/eni/eni.js'
import { assertFitsInstanceType } from '../../domain/eni/instance-type-fit.js'
import { assertSameNetwork } from '../../domain/eni/network-coherence.js'
import { assertQueueNumber } from '../../domain/eni/queue-number.js'
import { assertSecondaryEniQuota } from '../../domain/eni/quota.js'
import { parseRequestedAddresses } from '../../domain/eni/requested-addresses.js'
import { assertSecondaryIpRequest, CREATE_SECONDARY_IPS } from '../../domain/eni/secondary-ip-request.js'
import { DomainError } from '../../domain/errors.js'
import { newId } from '../../domain/ids.js'
import { findInstanceType } from '../../domain/instance/instance-type.js'
import type { Instance } from '../../domain/instance/instance.js'
import { parseCidr } from '../../domain/ipam/cidr.js'
import { formatIpv4 } from '../../domain/ipam/ipv4.js'
import { usableRange } from '../../domain/ipam/usable-range.js'
import { eniDescriptionRule, eniNameRule, validateText } from '../../domain/naming.js'
import { assertGroupSet } from '../../domain/security-group/membership.js'
import { assertTags, type Tag } from '../../domain/tags.js'
import { assertVSwitchAvailable } from '../../domain/vpc/available.js'
import { lockAccountRow } from '../../store/repositories/accounts.js'
import { countSecondaryEnis, findEnisOfInstances, insertEni } from '../../store/repositories/enis.js'
import { findGroupIdentities } from '../../store/repositories/security-groups.js'
import { lockVSwitch, type LockedVSwitch } from '../../store/repositories/vswitches.js'
import type { Database } from '../../store/schema.js'
import type { Unit } from '../mutate.js'
import { assertEniWithinRuleTotal } from '../security-group-rules.js'
import { reserveEniAddresses } from './addresses.js'
import { uniqueMac } from './mac.js'

export { attachEni } from './attach.js'
export { releaseInstanceEnis } from './release.js'

/** What a new ENI is made of: CreateNetworkInterface's parameters, or one interface of RunInstances. */
export interface EniSpec {
  vSwitchId: string
  securityGroupIds: string[]
  primaryIpAddress?: string
  privateIpAddresses?: string[]
  secondaryPrivateIpAddressCount?: number
  name?: string
  description?: string
  queueNumber?: number
  deleteOnRelease?: boolean
  sourceDestCheck?: boolean
  tags?: Tag[]
  resourceGroupId?: string
}

/** Where an ENI created with its instance goes (RunInstances); the instance row must already exist. */
export interface EniPlacement {
  instance: Instance
  deviceIndex: number
  type: 'Primary' | 'Secondary'
}

/**
 * Creates one ENI inside the caller's transaction: validates the spec, takes its addresses from the
 * locked vSwitch, draws a unique MAC, writes it with its groups and tags, and records the change.
 * Without placement it is a standalone Secondary ENI, Available (CreateNetworkInterface, spec §5.1).
 * With placement it is born on its instance: the Primary InUse at device index 0 (spec §7), a
 * Secondary Attaching at its index until the instance's host confirms it (spec §3.5).
 */
export async function provisionEni(u: Unit, regionId: string, spec: EniSpec, placement?: EniPlacement): Promise<Eni> {
  const { accountId } = u.caller
  const fields = validateSpec(u, spec)
  const birth = birthState(placement && { instanceId: placement.instance.id, deviceIndex: placement.deviceIndex, type: placement.type }, spec.deleteOnRelease)

  // Only secondaries count against the account's ENI quota; its lock comes before the vSwitch's.
  if (birth.type === 'Secondary') await lockAccountRow(u)
  const vSwitch = await lockUsableVSwitch(u, regionId, spec.vSwitchId)
  const groupIds = assertGroupSet(
    await findGroupIdentities(u.tx, accountId, spec.securityGroupIds),
    spec.securityGroupIds,
    vSwitch.vpcId,
    quotaFor(u.deps.config, accountId, 'securityGroupsPerEni'),
  )
  const requested = parseRequestedAddresses(usableRange(parseCidr(vSwitch.cidrBlock)), spec.primaryIpAddress, fields.listed)
  if (birth.type === 'Secondary') {
    assertSecondaryEniQuota(await countSecondaryEnis(u.tx, accountId, regionId), 1, quotaFor(u.deps.config, accountId, 'secondaryEnis'))
  }
  const id = newId('eni', u.random)
  await assertEniWithinRuleTotal(u, id, groupIds)
  if (placement !== undefined) {
    const draft = { id, vpcId: vSwitch.vpcId, zoneId: vSwitch.zoneId, type: birth.type, queueNumber: fields.queueNumber }
    await assertPlacementFits(u, placement, draft, 1 + fields.secondaryCount)
  }
  const addresses = await reserveEniAddresses(u, vSwitch, requested, fields.secondaryCount)
  const eni: Eni = {
    id,
    accountId,
    regionId,
    vpcId: vSwitch.vpcId,
    vSwitchId: vSwitch.id,
    zoneId: vSwitch.zoneId,
    ...birth,
    mac: await uniqueMac(u),
    name: fields.name,
    description: fields.description,
    queueNumber: fields.queueNumber,
    sourceDestCheck: spec.sourceDestCheck ?? false,
    resourceGroupId: spec.resourceGroupId ?? '',
    createdAt: u.now.toISOString(),
    securityGroupIds: groupIds,
    privateIps: [
      { address: formatIpv4(addresses.primary), primary: true },
      ...[...addresses.secondaries].sort((a, b) => a - b).map((a) => ({ address: formatIpv4(a), primary: false })),
    ],
    tags: fields.tags,
  }
  await insertEni(u.tx, eni)
  u.record({
    regionId,
    resourceType: 'NetworkInterface',
    resourceId: eni.id,
    event: 'NetworkInterfaceCreated',
    payload: { status: eni.status, type: eni.type, vSwitchId: eni.vSwitchId, instanceId: eni.instanceId, deviceIndex: eni.deviceIndex },
  })
  return eni
}

/** The spec's own values, checked before anything is read or locked. */
function validateSpec(u: Unit, spec: EniSpec) {
  const listed = spec.privateIpAddresses ?? []
  return {
    name: validateText(eniNameRule, spec.name) ?? '',
    description: validateText(eniDescriptionRule, spec.description) ?? '',
    queueNumber: spec.queueNumber === undefined ? null : assertQueueNumber(spec.queueNumber),
    tags: assertTags(spec.tags ?? [], quotaFor(u.deps.config, u.caller.accountId, 'tagsPerResource')),
    listed,
    secondaryCount: assertSecondaryIpRequest({ addresses: listed, count: spec.secondaryPrivateIpAddressCount }, CREATE_SECONDARY_IPS),
  }
}

/** The caller's vSwitch in the region, locked for address allocation, and Available. */
async function lockUsableVSwitch(u: Unit, regionId: string, vSwitchId: string): Promise<LockedVSwitch> {
  const vSwitch = await lockVSwitch(u, vSwitchId)
  if (vSwitch === undefined || vSwitch.regionId !== regionId) {
    throw new DomainError('InvalidVSwitchId.NotFound', `The vSwitch ${vSwitchId} does not exist.`)
  }
  assertVSwitchAvailable(vSwitch)
  return vSwitch
}

/** An ENI born on its instance obeys the same network and instance-type rules as one attached later. */
async function assertPlacementFits(
  u: Unit,
  placement: EniPlacement,
  draft: Pick<Eni, 'id' | 'vpcId' | 'zoneId' | 'type' | 'queueNumber'>,
  ipv4Count: number,
): Promise<void> {
  assertSameNetwork(draft, placement.instance)
  const present = await findEnisOfInstances(u.tx, u.caller.accountId, [placement.instance.id])
  const type = findInstanceType(u.deps.catalog, placement.instance.instanceType)
  assertFitsInstanceType(type, present, { type: draft.type, queueNumber: draft.queueNumber, ipv4Count })
}

/** The ENIs on each instance (attached or in transit) by device index, for DescribeInstances. */
export async function loadInstanceEnis(db: Kysely<Database>, accountId: string, instanceIds: readonly string[]): Promise<Map<string, Eni[]>> {
  const byInstance = new Map<string, Eni[]>(instanceIds.map((id) => [id, []]))
  for (const eni of await findEnisOfInstances(db, accountId, instanceIds)) {
    if (eni.instanceId !== null) byInstance.get(eni.instanceId)?.push(eni)
  }
  return byInstance
}
