import type { Eni } from '../eni/eni.js'
import { queuesOn } from '../eni/queue-number.js'
import type { InstanceType } from '../instance-type/catalog.js'
import type { Instance } from '../instance/instance.js'
import { parseCidr } from '../ipam/cidr.js'
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
  vSwitches: DesiredVSwitch[]
  vpcs: DesiredVpc[]
  /** ENIs of the same vSwitches living on other hosts, and where to tunnel to reach them. */
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
  remoteEnis: readonly (Eni & { hostId: string; underlayAddress: string | null })[]
  instanceType: (id: string) => InstanceType | undefined
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/**
 * Shapes what the store holds about a host into its desired state. An ENI belongs on the host
 * while it is Attaching or InUse on one of the host's instances; a Detaching one is already left
 * out, so the agent unplugs it and then reports it gone.
 */
export function assembleDesiredState(input: DesiredStateInput): DesiredState {
  const instances = new Map(input.instances.map((i) => [i.id, i]))
  const vSwitches = new Map(input.vSwitches.map((v) => [v.id, v]))
  const enis: DesiredEni[] = []
  for (const eni of input.enis) {
    const instance = eni.instanceId === null ? undefined : instances.get(eni.instanceId)
    const vSwitch = vSwitches.get(eni.vSwitchId)
    if (instance === undefined || vSwitch === undefined || eni.deviceIndex === null) continue
    if (eni.status !== 'Attaching' && eni.status !== 'InUse') continue
    const type = input.instanceType(instance.instanceType)
    const primary = eni.privateIps.find((ip) => ip.primary)
    if (primary === undefined) continue
    enis.push({
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
    })
  }
  enis.sort((a, b) => (a.instanceId === b.instanceId ? a.deviceIndex - b.deviceIndex : a.instanceId < b.instanceId ? -1 : 1))
  const usedVSwitches = new Set(enis.map((e) => e.vSwitchId))
  const usedVpcs = new Set(enis.map((e) => e.vpcId))
  return {
    hostId: input.host.id,
    zoneId: input.host.zoneId,
    regionId: input.host.regionId,
    revision: input.revision,
    instances: input.instances
      .map((i) => {
        const type = input.instanceType(i.instanceType)
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
      })
      .sort(byId),
    enis,
    vSwitches: input.vSwitches
      .filter((v) => usedVSwitches.has(v.id))
      .map((v) => ({ id: v.id, vpcId: v.vpcId, cidrBlock: v.cidrBlock, gatewayIpAddress: vSwitchGateway(v.cidrBlock), zoneId: v.zoneId }))
      .sort(byId),
    vpcs: input.vpcs
      .filter((v) => usedVpcs.has(v.id))
      .map((v) => ({ id: v.id, accountId: v.accountId, cidrBlock: v.cidrBlock, routeTableId: v.routeTableId }))
      .sort(byId),
    remoteEnis: input.remoteEnis
      .filter((e) => usedVSwitches.has(e.vSwitchId) && e.hostId !== input.host.id)
      .map((e) => ({
        id: e.id,
        vSwitchId: e.vSwitchId,
        mac: e.mac,
        ipAddresses: e.privateIps.map((ip) => ip.address),
        hostId: e.hostId,
        underlayAddress: e.underlayAddress,
      }))
      .sort(byId),
  }
}

