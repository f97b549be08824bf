/**
 * What an agent reads of the kernel on one pass: its own namespaces, and in each the interfaces
 * with what the plan compares (plain data, so the planner is a pure function of it).
 */
export interface KernelView {
  /** The sandboxed underlay network, if it exists (hosts tunnel over it). */
  underlay: NamespaceView | null
  /** Null in production mode (the root namespace stands for the host). */
  host: NamespaceView | null
  /** The host's instance and router namespaces by name. */
  namespaces: Map<string, NamespaceView>
  /** The public network namespace shared by the prefix's hosts, if it exists. */
  public: NamespaceView | null
  /** The digest the host's firewall tables were made from; null when either table is missing. */
  firewallDigest: string | null
}

export interface NamespaceView {
  name: string
  links: Map<string, LinkView>
  /** The gateway of the namespace's default route, if it has one. */
  defaultGateway: string | null
  /** Routes through a gateway: destination → gateway. */
  routes: Map<string, string>
  /** Routes straight out of a device that are not the kernel's own connected ones: destination → device. */
  deviceRoutes: Map<string, string>
  /** An instance's source-routing rules in the agent's range: `priority|source|table`. */
  rules: Set<string>
  /** Routes of the agent's source-routing tables: `table|destination|gateway|device`. */
  policyRoutes: Set<string>
  /** A VPC router's EIP table, when the namespace is a router and has one. */
  nat: NatView | null
  /** The traffic shaping of the devices the agent shapes in this namespace, by device. */
  shaping: Map<string, ShapingView>
  /** On the host: each VXLAN device's forwarding entries, `mac|destination` (`self`) and `mac|` (bridge, static). */
  fdb: Map<string, Set<string>>
  /** In a router: permanent neighbours, `address|mac|device`. */
  neighbours: Set<string>
  /** On the host: the rate of each instance cap's tbf (bits per second), by ifb. */
  tbf: Map<string, number>
  /** On the host: where each ENI port redirects what it sends (egress) and receives (ingress). */
  redirects: Map<string, { egress: string | null; ingress: string | null }>
}

export interface ShapingView {
  /** The root qdisc is our htb. */
  htbRoot: boolean
  /** Class minor → rate in bits per second. */
  classes: Map<number, number>
  /** Filter preference → the address it matches, as source or destination. */
  filters: Map<number, { address: string; match: 'src' | 'dst' }>
}

export interface NatView {
  digest: string | null
  /** EIP → private address, as the DNAT map holds them. */
  mapped: Map<string, string>
  /** Per allocation ID, its EIP and the counters since the table was made. */
  counters: Map<string, { ipAddress: string; rxBytes: number; txBytes: number; rxPackets: number; txPackets: number }>
}

export interface LinkView {
  name: string
  kind: string | null
  mac: string
  /** Administratively up (IFF_UP). */
  up: boolean
  /** Carrier: the link passes traffic (for a veth, both ends are up). */
  operUp: boolean
  /** The bridge it is a port of. */
  master: string | null
  /** The API object the agent made it for. */
  alias: string | null
  txQueues: number
  rxQueues: number
  /** IPv4 addresses as `a.b.c.d/len`, sorted. */
  addresses: string[]
  /** As a bridge port: whether the bridge learns source MACs on it. */
  learning: boolean | null
}
