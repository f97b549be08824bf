import type { BoundEip, EipStatus, InternetChargeType } from '../eip/eip.js'
import type { Eni } from '../eni/eni.js'
import { queuesOn } from '../eni/queue-number.js'
import type { InstanceType } from '../instance-type/catalog.js'
import type { Instance } from '../instance/instance.js'
import { parseCidr } from '../ipam/cidr.js'
import type { ResolvedNextHop, VpcRoutes } from '../route/route.js'
import type { EffectivePolicy } from '../security-group/effective-policy.js'
import { byInstanceAndDevice } from './desired-delta.js'
import { vSwitchGateway } from './gateway.js'
import { desiredPower } from './settle.js'

/**
 * Everything one host must realise, as of one revision of the change log: the contract between
 * the control plane and `openeni agent` (README, "Agent endpoint"). Plain data, sorted, so equal
 * states serialise to equal bytes and one digest tells whether anything changed.
 */
export interface DesiredState {
  hostId: string
  zoneId: string
  regionId: string
  /** The change-log revision this state was read at. */
  revision: number
  instances: DesiredInstance[]
  enis: DesiredEni[]
  /** Every vSwitch of the VPCs below: each VPC router holds all its vSwitches' gateways. */
  vSwitches: DesiredVSwitch[]
  vpcs: DesiredVpc[]
  /** One per distinct set of security groups among the ENIs, shared by the ENIs that have it. */
  securityPolicies: DesiredSecurityPolicy[]
  /** The EIPs to map (DNAT/SNAT) to the ENIs above, with their caps. */
  eips: DesiredEip[]
  /** ENIs of the same VPCs living on other hosts, and where to tunnel to reach them. */
  remoteEnis: RemoteEni[]
}

export interface DesiredInstance {
  id: string
  accountId: string
  power: 'running' | 'stopped'
  instanceType: string
  /** The type's caps, shared by all the instance's ENIs: kbit/s and packets/s, each way. */
  bandwidthRxKbps: number
  bandwidthTxKbps: number
  ppsRx: number
  ppsTx: number
}

export interface DesiredEni {
  id: string
  instanceId: string
  /** The interface is `eth<deviceIndex>` inside the instance's namespace. */
  deviceIndex: number
  mac: string
  vpcId: string
  vSwitchId: string
  primaryIpAddress: string
  /** Secondary private IPs, in address order. */
  secondaryIpAddresses: string[]
  /** The vSwitch's prefix length, for the addresses' masks. */
  prefixLength: number
  gatewayIpAddress: string
  queueNumber: number
  securityGroupIds: string[]
  /** The `securityPolicies` entry that governs the ENI's traffic. */
  securityPolicyId: string
}

/** An ENI's effective policy (README, "Security group evaluation"), named by its sorted groups. */
export interface DesiredSecurityPolicy extends EffectivePolicy {
  /** The sorted security group IDs joined with `+`. */
  id: string
  securityGroupIds: string[]
}

export interface DesiredEip {
  allocationId: string
  ipAddress: string
  eniId: string
  privateIpAddress: string
  /** The EIP's own cap, each way. */
  bandwidthKbps: number
  internetChargeType: InternetChargeType
}

export interface DesiredVSwitch {
  id: string
  vpcId: string
  cidrBlock: string
  gatewayIpAddress: string
  /** Null for a regional vSwitch. */
  zoneId: string | null
}

export interface DesiredVpc {
  id: string
  accountId: string
  cidrBlock: string
  routeTableId: string
  /** A `local` route per vSwitch and the cloud-service route, as the route table lists them. */
  systemRoutes: VpcRoutes['systemRoutes']
  /** Custom routes, each next hop resolved to the ENI that carries it now and where that ENI is. */
  customRoutes: DesiredCustomRoute[]
}

export interface DesiredCustomRoute extends Omit<VpcRoutes['customRoutes'][number], 'nextHop'> {
  nextHop: ResolvedNextHop & {
    /** The next hop's host's tunnel endpoint; null while it is on no host or that host has not reported one. */
    underlayAddress: string | null
  }
}

export interface RemoteEni {
  id: string
  vSwitchId: string
  mac: string
  ipAddresses: string[]
  hostId: string
  /** The other host's tunnel endpoint, once its agent has reported one. */
  underlayAddress: string | null
}

export interface DesiredStateInput {
  host: { id: string; zoneId: string; regionId: string }
  revision: number
  instances: readonly Instance[]
  /** The ENIs attached (or attaching) to those instances, with addresses and groups. */
  enis: readonly Eni[]
  vSwitches: readonly { id: string; vpcId: string; cidrBlock: string; zoneId: string | null }[]
  vpcs: readonly { id: string; accountId: string; cidrBlock: string; routeTableId: string }[]
  /** The routing of those VPCs, by VPC ID. */
  routes: ReadonlyMap<string, VpcRoutes>
  /** The effective policy of each set of groups, by `securityPolicyId`. */
  policies: ReadonlyMap<string, EffectivePolicy>
  /** The EIPs bound to those ENIs, any status. */
  eips: readonly BoundEip[]
  remoteEnis: readonly (Eni & { hostId: string })[]
  /** The tunnel endpoint of each other host that reported one. */
  underlayAddresses: ReadonlyMap<string, string | null>
  instanceType: (id: string) => InstanceType | undefined
}

/** The key of an ENI's effective policy: its groups, sorted, joined with `+`. */
export function securityPolicyId(securityGroupIds: readonly string[]): string {
  return [...securityGroupIds].sort().join('+')
}

/** A host maps an EIP while it is asked to (Associating) or holds (InUse); Unassociating: it unmaps it. */
const MAPPED: ReadonlySet<EipStatus> = new Set(['Associating', 'InUse'])

/** Kbit/s in one Mbit/s, as tc counts them. */
const KBPS_PER_MBPS = 1000

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/**
 * Shapes what the store holds about a host into its desired state. An ENI belongs on the host
 * while it is Attaching or InUse on one of the host's instances; a Detaching one is already left
 * out, so the agent unplugs it and then reports it gone.
 *
 * Each entry is made from its inputs by a function of them alone, remembered for the very input
 * objects it was made from (`remembered`): a caller that keeps its unchanged inputs as the same
 * objects (the server's per-host state, updated from the change log) gets the same entry objects
 * back, so a state of thousands of entries is made again, and compared with the last, in
 * proportion to what changed.
 */
export function assembleDesiredState(input: DesiredStateInput): DesiredState {
  const instances = new Map(input.instances.map((i) => [i.id, i]))
  const vSwitches = new Map(input.vSwitches.map((v) => [v.id, v]))
  const enis: DesiredEni[] = []
  for (const eni of input.enis) {
    const instance = eni.instanceId === null ? undefined : instances.get(eni.instanceId)
    const vSwitch = vSwitches.get(eni.vSwitchId)
    if (instance === undefined || vSwitch === undefined) continue
    const type = input.instanceType(instance.instanceType)
    const desired = remembered(ENIS, eni, [instance, vSwitch, type], () => desiredEni(eni, instance, vSwitch, type))
    if (desired !== null) enis.push(desired)
  }
  enis.sort(byInstanceAndDevice)
  const usedVpcs = new Set(enis.map((e) => e.vpcId))
  const onHost = new Set(enis.map((e) => e.id))
  const underlayOf = (hostId: string | null) => (hostId === null ? null : (input.underlayAddresses.get(hostId) ?? null))
  return {
    hostId: input.host.id,
    zoneId: input.host.zoneId,
    regionId: input.host.regionId,
    revision: input.revision,
    instances: input.instances
      .map((i) => {
        const type = input.instanceType(i.instanceType)
        return remembered(INSTANCES, i, [type], () => desiredInstance(i, type))
      })
      .sort(byId),
    enis,
    vSwitches: input.vSwitches
      .filter((v) => usedVpcs.has(v.vpcId))
      .map((v) => remembered(VSWITCHES, v, [], () => ({ id: v.id, vpcId: v.vpcId, cidrBlock: v.cidrBlock, gatewayIpAddress: vSwitchGateway(v.cidrBlock), zoneId: v.zoneId })))
      .sort(byId),
    vpcs: input.vpcs
      .filter((v) => usedVpcs.has(v.id))
      .map((v) => {
        const routes = input.routes.get(v.id)
        return {
          id: v.id,
          accountId: v.accountId,
          cidrBlock: v.cidrBlock,
          routeTableId: v.routeTableId,
          systemRoutes: routes?.systemRoutes ?? [],
          customRoutes: (routes?.customRoutes ?? []).map((r) => ({
            ...r,
            nextHop: { ...r.nextHop, underlayAddress: r.nextHop.hostId === input.host.id ? null : underlayOf(r.nextHop.hostId) },
          })),
        }
      })
      .sort(byId),
    securityPolicies: [...new Set(enis.map((e) => e.securityPolicyId))].sort().map((id) => {
      const policy = input.policies.get(id)
      if (policy === undefined) throw new Error(`no effective policy compiled for ${id}`)
      return remembered(POLICIES, policy, [id], () => ({ id, securityGroupIds: id.split('+'), ...policy }))
    }),
    eips: input.eips
      .filter((e) => onHost.has(e.eniId) && MAPPED.has(e.status))
      .map((e) =>
        remembered(EIPS, e, [], () => ({
          allocationId: e.allocationId,
          ipAddress: e.ipAddress,
          eniId: e.eniId,
          privateIpAddress: e.privateIpAddress,
          bandwidthKbps: e.bandwidthMbps * KBPS_PER_MBPS,
          internetChargeType: e.internetChargeType,
        })),
      )
      .sort((a, b) => (a.allocationId < b.allocationId ? -1 : a.allocationId > b.allocationId ? 1 : 0)),
    remoteEnis: input.remoteEnis
      .filter((e) => usedVpcs.has(e.vpcId) && e.hostId !== input.host.id && (e.status === 'Attaching' || e.status === 'InUse'))
      .map((e) => {
        const underlayAddress = underlayOf(e.hostId)
        return remembered(REMOTE_ENIS, e, [underlayAddress], () => ({
          id: e.id,
          vSwitchId: e.vSwitchId,
          mac: e.mac,
          ipAddresses: e.privateIps.map((ip) => ip.address),
          hostId: e.hostId,
          underlayAddress,
        }))
      })
      .sort(byId),
  }
}

type VSwitchInput = DesiredStateInput['vSwitches'][number]

/** An ENI as its host realises it; null while it is not plugged there (not Attaching or InUse, or without a device index or primary address). */
function desiredEni(eni: Eni, instance: Instance, vSwitch: VSwitchInput, type: InstanceType | undefined): DesiredEni | null {
  if (eni.deviceIndex === null || (eni.status !== 'Attaching' && eni.status !== 'InUse')) return null
  const primary = eni.privateIps.find((ip) => ip.primary)
  if (primary === undefined) return null
  return {
    id: eni.id,
    instanceId: instance.id,
    deviceIndex: eni.deviceIndex,
    mac: eni.mac,
    vpcId: eni.vpcId,
    vSwitchId: eni.vSwitchId,
    primaryIpAddress: primary.address,
    secondaryIpAddresses: eni.privateIps.filter((ip) => !ip.primary).map((ip) => ip.address),
    prefixLength: parseCidr(vSwitch.cidrBlock).prefix,
    gatewayIpAddress: vSwitchGateway(vSwitch.cidrBlock),
    queueNumber: type === undefined ? (eni.queueNumber ?? 1) : queuesOn(eni, type),
    securityGroupIds: [...eni.securityGroupIds],
    securityPolicyId: securityPolicyId(eni.securityGroupIds),
  }
}

function desiredInstance(i: Instance, type: InstanceType | undefined): DesiredInstance {
  return {
    id: i.id,
    accountId: i.accountId,
    power: desiredPower(i.status),
    instanceType: i.instanceType,
    bandwidthRxKbps: type?.instanceBandwidthRx ?? 0,
    bandwidthTxKbps: type?.instanceBandwidthTx ?? 0,
    ppsRx: type?.instancePpsRx ?? 0,
    ppsTx: type?.instancePpsTx ?? 0,
  }
}

interface Remembered<R> {
  others: readonly unknown[]
  made: R
}

const ENIS = new WeakMap<object, Remembered<DesiredEni | null>>()
const INSTANCES = new WeakMap<object, Remembered<DesiredInstance>>()
const VSWITCHES = new WeakMap<object, Remembered<DesiredVSwitch>>()
const POLICIES = new WeakMap<object, Remembered<DesiredSecurityPolicy>>()
const EIPS = new WeakMap<object, Remembered<DesiredEip>>()
const REMOTE_ENIS = new WeakMap<object, Remembered<RemoteEni>>()

/**
 * `make()`, or what it made before for the same input object and the same other inputs (compared
 * by identity): entries are plain data that nobody changes, and `make` reads nothing else.
 */
function remembered<R>(memo: WeakMap<object, Remembered<R>>, input: object, others: readonly unknown[], make: () => R): R {
  const known = memo.get(input)
  if (known !== undefined && known.others.length === others.length && known.others.every((o, i) => o === others[i])) return known.made
  const made = make()
  memo.set(input, { others, made })
  return made
}
