import { createHash } from 'node:crypto'

/**
 * Names of everything an agent makes (design principle 7: never touch what is not ours). Namespace
 * names are `PREFIX@HOST` for a sandboxed host and `PREFIX@HOST@ID` for its instances (`i-…`) and
 * VPC routers (`vpc-…`): `@` never occurs in a host ID, so each host finds exactly its own.
 * Interface names are limited to 15 characters, so they carry the prefix, a kind letter and 8 hex
 * digits of a digest of the API object's ID (the ID itself is set as the interface's alias).
 */
export class Names {
  constructor(
    readonly prefix: string,
    readonly hostId: string,
    /** Production mode: the host is the root namespace rather than a sandbox of its own. */
    readonly production = false,
  ) {
    assertPrefix(prefix)
  }

  /** The host's namespace; null in production mode (the root namespace). */
  get hostNamespace(): string | null {
    return this.production ? null : `${this.prefix}@${this.hostId}`
  }

  instanceNamespace(instanceId: string): string {
    return `${this.prefix}@${this.hostId}@${instanceId}`
  }

  routerNamespace(vpcId: string): string {
    return `${this.prefix}@${this.hostId}@${vpcId}`
  }

  /** Whether a namespace is one of this host's instances or routers, and whose. */
  ownedBy(namespace: string): { kind: 'instance' | 'router'; id: string } | undefined {
    const head = `${this.prefix}@${this.hostId}@`
    if (!namespace.startsWith(head)) return undefined
    const id = namespace.slice(head.length)
    if (id.startsWith('i-')) return { kind: 'instance', id }
    if (id.startsWith('vpc-')) return { kind: 'router', id }
    return undefined
  }

  /** The vSwitch's bridge on the host. */
  bridge(vSwitchId: string): string {
    return `${this.prefix}b${digest(vSwitchId)}`
  }

  /** The host end of the VPC router's leg on a vSwitch bridge. */
  routerLeg(vSwitchId: string): string {
    return `${this.prefix}l${digest(vSwitchId)}`
  }

  /** The router end of that leg, holding the vSwitch's gateway address. */
  gateway(vSwitchId: string): string {
    return `${this.prefix}g${digest(vSwitchId)}`
  }

  /** The sandboxed public network every host of the prefix on this machine joins (EIP clients live there). */
  get publicNamespace(): string {
    return `${this.prefix}@public`
  }

  /** The VPC router's uplink toward the public network, holding the VPC's EIPs on this host. */
  uplink(vpcId: string): string {
    return `${this.prefix}u${digest(vpcId)}`
  }

  /** The public network's end of that uplink: one per host and VPC. */
  publicPort(vpcId: string): string {
    return `${this.prefix}p${digest(`${this.hostId}@${vpcId}`)}`
  }

  /** The host end of an ENI's veth pair; the inner end is `eth<DeviceIndex>` in the instance. */
  eniPort(eniId: string): string {
    return `${this.prefix}v${digest(eniId)}`
  }

  /** The ifb that every ENI of an instance sends what goes to the instance through: its shared rx cap. */
  instanceRx(instanceId: string): string {
    return `${this.prefix}r${digest(instanceId)}`
  }

  /** The ifb for what the instance sends: its shared tx cap. */
  instanceTx(instanceId: string): string {
    return `${this.prefix}t${digest(instanceId)}`
  }

  /** Whether an interface on the host is one of ours. */
  owns(interfaceName: string): boolean {
    return interfaceName.startsWith(this.prefix) && /^[blgvrtnx][0-9a-f]{8}$/.test(interfaceName.slice(this.prefix.length))
  }

  /** Whether an interface on the host is one of our ENI ports. */
  isEniPort(interfaceName: string): boolean {
    return this.owns(interfaceName) && interfaceName[this.prefix.length] === 'v'
  }

  /** The sandboxed underlay network the prefix's hosts tunnel over (a bridge in a namespace). */
  get underlayNamespace(): string {
    return `${this.prefix}@underlay`
  }

  /** The host's interface on the underlay, holding its tunnel endpoint address. */
  get underlayPort(): string {
    return `${this.prefix}n${digest(this.hostId)}`
  }

  /** The underlay's end of that interface. */
  get underlayPeer(): string {
    return `h${digest(this.hostId)}`
  }

  /** The vSwitch's VXLAN device on the host, a port of its bridge. */
  vxlan(vSwitchId: string): string {
    return `${this.prefix}x${digest(vSwitchId)}`
  }
}

/** 1 to 5 lowercase letters and digits, starting with a letter: room for interface names. */
export function assertPrefix(prefix: string): void {
  if (!/^[a-z][a-z0-9]{0,4}$/.test(prefix)) {
    throw new Error(`the prefix ${JSON.stringify(prefix)} must be 1 to 5 lowercase letters and digits, starting with a letter`)
  }
}

// A pass names every ENI, bridge and router several times: each ID is hashed once. IDs on a host
// number in the thousands, so the memo stays small; it is cleared if it ever grows past that.
const digests = new Map<string, string>()
const DIGEST_MEMO = 100_000

function digest(id: string): string {
  let known = digests.get(id)
  if (known === undefined) {
    if (digests.size >= DIGEST_MEMO) digests.clear()
    known = createHash('sha256').update(id).digest('hex').slice(0, 8)
    digests.set(id, known)
  }
  return known
}

/** A vSwitch's VXLAN network identifier, the same on every host (1 to 2^24 − 2). */
export function vxlanId(vSwitchId: string): number {
  return 1 + (Number.parseInt(digest(vSwitchId), 16) % 0xfffffe)
}

/**
 * A vSwitch's gateway MAC, the same on every host: each host's router answers for the gateway
 * locally (a distributed gateway), so an ENI that moves to another host finds it unchanged.
 */
export function gatewayMac(vSwitchId: string): string {
  const hex = createHash('sha256').update(`gateway ${vSwitchId}`).digest('hex')
  return ['02', ...[0, 2, 4, 6, 8].map((i) => hex.slice(i, i + 2))].join(':')
}
