/**
 * What an agent reads of the kernel on one pass: its own namespaces, and in each the interfaces
 * with what the plan compares (plain data, so the planner is a pure function of it).
 */
export interface KernelView {
  /** Null in production mode (the root namespace stands for the host). */
  host: NamespaceView | null
  /** The host's instance and router namespaces by name. */
  namespaces: Map<string, NamespaceView>
  /** The digest the host's firewall tables were made from; null when either table is missing. */
  firewallDigest: string | null
}

export interface NamespaceView {
  name: string
  links: Map<string, LinkView>
  /** The gateway of the namespace's default route, if it has one. */
  defaultGateway: string | null
  /** Routes other than connected ones: destination → gateway. */
  routes: Map<string, string>
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
}
