import { assertEniSlotFree } from '../eni/instance-type-fit.js'
import { chooseSecurityGroupIds } from '../eni/security-group-choice.js'
import { DomainError } from '../errors.js'
import type { InstanceType } from '../instance-type/catalog.js'
import { assertEnisSupported } from './io-optimized.js'

/** One `NetworkInterface.N` of RunInstances, as given. */
export interface LaunchInterfaceRequest {
  readonly instanceType?: 'Primary' | 'Secondary' | undefined
  readonly vSwitchId?: string | undefined
  readonly securityGroupId?: string | undefined
  readonly securityGroupIds: readonly string[]
  readonly primaryIpAddress?: string | undefined
  readonly secondaryPrivateIpAddressCount?: number | undefined
  readonly name?: string | undefined
  readonly description?: string | undefined
  readonly queueNumber?: number | undefined
  readonly deleteOnRelease?: boolean | undefined
  readonly sourceDestCheck?: boolean | undefined
  readonly networkInterfaceId?: string | undefined
}

/** The network part of RunInstances: the top-level primary-ENI fields and `NetworkInterface.N`. */
export type LaunchNetworkRequest = Pick<LaunchInterfaceRequest, 'vSwitchId' | 'securityGroupId' | 'securityGroupIds' | 'queueNumber'> & {
  readonly privateIpAddress?: string | undefined
  readonly interfaces: readonly LaunchInterfaceRequest[]
}

/** A network interface each instance gets, created with it. */
export type NewInterfacePlan = Pick<
  LaunchInterfaceRequest,
  'primaryIpAddress' | 'secondaryPrivateIpAddressCount' | 'name' | 'description' | 'queueNumber' | 'deleteOnRelease' | 'sourceDestCheck'
> & {
  readonly vSwitchId: string
  readonly securityGroupIds: readonly string[]
}

/** A secondary interface: created for each instance, or an existing Available ENI attached at launch. */
export type SecondaryPlan = { readonly create: NewInterfacePlan } | { readonly attach: string }

export interface LaunchNetworkPlan {
  readonly primary: NewInterfacePlan
  readonly secondaries: readonly SecondaryPlan[]
}

export interface LaunchContext {
  readonly type: InstanceType
  readonly ioOptimized: boolean
  readonly amount: number
}

/**
 * The interfaces of every instance of one RunInstances call (spec §5.11). The primary ENI comes
 * from the top-level fields or from one `NetworkInterface.N` of type Primary, never from both.
 * Secondaries default to the primary's vSwitch and groups and are deleted with the instance unless
 * told otherwise; an existing ENI can join one instance only. The instance type bounds the count.
 */
export function planLaunchNetwork(request: LaunchNetworkRequest, context: LaunchContext): LaunchNetworkPlan {
  const primaryEntries = request.interfaces.filter((entry) => entry.instanceType === 'Primary')
  const secondaryEntries = request.interfaces.filter((entry) => entry.instanceType !== 'Primary')
  const primary = planPrimary(request, primaryEntries)
  const secondaries = secondaryEntries.map((entry) => planSecondary(entry, primary, context.amount))
  assertDistinctAttachments(secondaries)
  assertEnisSupported(context.type, context.ioOptimized, secondaries.length)
  if (primary.primaryIpAddress !== undefined && context.amount > 1 && secondaries.length > 0) {
    throw new DomainError(
      'InvalidParam.SecondaryNetworkInterface',
      'Instances launched together from one PrivateIpAddress cannot have secondary network interfaces.',
    )
  }
  // The last secondary must still find a slot next to the primary and the secondaries before it.
  assertEniSlotFree(context.type, secondaries.length)
  return { primary, secondaries }
}

function planPrimary(request: LaunchNetworkRequest, entries: readonly LaunchInterfaceRequest[]): NewInterfacePlan {
  if (entries.length > 1) {
    throw new DomainError('InvalidParam.NetworkInterface', 'Only one NetworkInterface.N may be of type Primary.')
  }
  const entry = entries[0]
  return entry === undefined ? primaryFromTopLevel(request) : primaryFromEntry(request, entry)
}

function primaryFromTopLevel(request: LaunchNetworkRequest): NewInterfacePlan {
  if (request.vSwitchId === undefined) {
    throw new DomainError('InvalidVSwitchId.Necessary', 'VSwitchId is required to launch an instance in a VPC.')
  }
  return {
    vSwitchId: request.vSwitchId,
    securityGroupIds: requireGroups(request.securityGroupId, request.securityGroupIds, 'SecurityGroupId'),
    primaryIpAddress: request.privateIpAddress,
    queueNumber: request.queueNumber,
  }
}

function primaryFromEntry(request: LaunchNetworkRequest, entry: LaunchInterfaceRequest): NewInterfacePlan {
  const mixed =
    request.vSwitchId !== undefined ||
    request.securityGroupId !== undefined ||
    request.securityGroupIds.length > 0 ||
    request.privateIpAddress !== undefined ||
    request.queueNumber !== undefined
  if (mixed) {
    throw new DomainError(
      'InvalidParam.NetworkInterface',
      'The primary network interface is configured either by VSwitchId, SecurityGroupId(s), PrivateIpAddress and NetworkInterfaceQueueNumber or by a NetworkInterface.N of type Primary, not both.',
    )
  }
  if (entry.networkInterfaceId !== undefined) {
    throw new DomainError('InvalidParam.NetworkInterface', 'A primary network interface is created with its instance; it cannot be an existing one.')
  }
  if (entry.vSwitchId === undefined) {
    throw new DomainError('InvalidVSwitchId.Necessary', 'NetworkInterface.N.VSwitchId is required for the Primary network interface.')
  }
  // Name and description of a primary ENI are the instance's business (spec §5.11: ignored for Primary).
  return {
    vSwitchId: entry.vSwitchId,
    securityGroupIds: requireGroups(entry.securityGroupId, entry.securityGroupIds, 'NetworkInterface.N.SecurityGroupId'),
    primaryIpAddress: entry.primaryIpAddress,
    secondaryPrivateIpAddressCount: entry.secondaryPrivateIpAddressCount,
    queueNumber: entry.queueNumber,
    sourceDestCheck: entry.sourceDestCheck,
  }
}

function planSecondary(entry: LaunchInterfaceRequest, primary: NewInterfacePlan, amount: number): SecondaryPlan {
  if (entry.networkInterfaceId !== undefined) {
    const { instanceType: _type, networkInterfaceId, securityGroupIds, ...others } = entry
    if (securityGroupIds.length > 0 || Object.values(others).some((value) => value !== undefined)) {
      throw new DomainError(
        'InvalidParam.NetworkInterface',
        `The existing network interface ${networkInterfaceId} keeps its own settings: give no other NetworkInterface.N field with it.`,
      )
    }
    if (amount > 1) {
      throw new DomainError(
        'InvalidParam.NetworkInterface',
        `The existing network interface ${networkInterfaceId} can join one instance only: Amount must be 1.`,
      )
    }
    return { attach: networkInterfaceId }
  }
  const chosen = optionalGroups(entry.securityGroupId, entry.securityGroupIds)
  return {
    create: {
      vSwitchId: entry.vSwitchId ?? primary.vSwitchId,
      securityGroupIds: chosen.length > 0 ? chosen : primary.securityGroupIds,
      primaryIpAddress: entry.primaryIpAddress,
      secondaryPrivateIpAddressCount: entry.secondaryPrivateIpAddressCount,
      name: entry.name,
      description: entry.description,
      queueNumber: entry.queueNumber,
      // Secondary ENIs made by RunInstances leave with their instance unless told to stay (spec §5.11).
      deleteOnRelease: entry.deleteOnRelease ?? true,
      sourceDestCheck: entry.sourceDestCheck,
    },
  }
}

function assertDistinctAttachments(secondaries: readonly SecondaryPlan[]): void {
  const seen = new Set<string>()
  for (const plan of secondaries) {
    if (!('attach' in plan)) continue
    if (seen.has(plan.attach)) {
      throw new DomainError('InvalidParam.NetworkInterface', `The network interface ${plan.attach} is given twice.`)
    }
    seen.add(plan.attach)
  }
}

/** SecurityGroupId and SecurityGroupIds.N exclude each other; neither given means none chosen here. */
function optionalGroups(single: string | undefined, multiple: readonly string[]): string[] {
  return single === undefined && multiple.length === 0 ? [] : chooseSecurityGroupIds(single, multiple)
}

function requireGroups(single: string | undefined, multiple: readonly string[], parameter: string): string[] {
  const chosen = optionalGroups(single, multiple)
  if (chosen.length === 0) {
    throw new DomainError('MissingParameter', `${parameter} or its SecurityGroupIds.N form is required for the primary network interface.`)
  }
  return chosen
}
