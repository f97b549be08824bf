import type { DesiredEni, DesiredInstance, DesiredState } from '../domain/host/desired-state.js'
import type { HostReport } from '../service/agent/report.js'
import type { KernelView, LinkView, NamespaceView } from './kernel-view.js'
import { firewallDelta, firewallOf, type Firewall } from './linux/firewall.js'
import { natOf, PUBLIC_PEER, ROUTER_PEER } from './linux/nat.js'
import { eipCaps, shapingLines } from './linux/shaping.js'
import { gatewayMac, vxlanId, type Names } from './linux/names.js'

/**
 * What one pass changes, grouped so that it runs in a few batched calls (design principle 6), in
 * this order: namespaces created, kernel settings (forwarding in new routers, gratuitous ARP on
 * up in instances), the firewall replaced in one `nft -f` transaction when it changed (before any
 * new ENI is plugged), one `ip -batch` on the host (stale ports removed first, then bridges, router
 * legs and ENI veth pairs created, each pair's inner end made directly inside its instance with
 * its final name, MAC and queues), one `ip -batch` per namespace that needs it (addresses, routes,
 * links up or down; an interface coming up is announced by the kernel's gratuitous ARP), and
 * namespaces deleted. A pair is made with the ENI's queue number on both ends: a veth end puts in
 * use only as many queues as its peer has, so the inner end then has them all in use
 * (`/sys/class/net/ethN/queues`) without an `ethtool -L` afterwards. An empty plan means the
 * kernel is as desired.
 */
/** Gratuitous ARP for an interface's addresses when it comes up (the larger of `all` and the device's own applies). */
const ARP_NOTIFY = 'net.ipv4.conf.all.arp_notify'

export interface Plan {
  createNamespaces: string[]
  /**
   * What to load in one `nft -f` transaction when the kernel's firewall digest differs: the element
   * changes from the firewall it holds, when only elements differ, otherwise both tables whole.
   */
  firewall: string | null
  /** The firewall the kernel holds once the plan is applied. */
  firewallAfter: Firewall
  /**
   * Kernel settings, set before the batches: IPv4 forwarding in routers made in this pass, and
   * `arp_notify` in each instance an ENI is plugged into, so the kernel announces every address of
   * an interface by gratuitous ARP when it comes up (neighbours learn a moved address's MAC at
   * once; the agent sends nothing itself).
   */
  sysctls: { namespace: string; key: string; value: string }[]
  hostBatch: string[]
  namespaceBatches: Map<string, string[]>
  /** VPC routers whose EIP table changed: its text, loaded in one `nft -f` transaction each. */
  nat: Map<string, string>
  /** `tc -batch` lines per namespace (EIP caps), after the interfaces exist. */
  tcBatches: Map<string, string[]>
  /** `bridge -batch` lines on the host: the VXLAN forwarding entries. */
  bridgeBatch: string[]
  deleteNamespaces: string[]
}

export function isEmpty(plan: Plan): boolean {
  return (
    plan.createNamespaces.length === 0 &&
    plan.firewall === null &&
    plan.nat.size === 0 &&
    plan.tcBatches.size === 0 &&
    plan.bridgeBatch.length === 0 &&
    plan.hostBatch.length === 0 &&
    [...plan.namespaceBatches.values()].every((b) => b.length === 0) &&
    plan.deleteNamespaces.length === 0
  )
}

const EMPTY_NAMESPACE = (name: string): NamespaceView => ({
  name,
  links: new Map(),
  defaultGateway: null,
  routes: new Map(),
  deviceRoutes: new Map(),
  rules: new Set(),
  policyRoutes: new Set(),
  nat: null,
  shaping: new Map(),
  tbf: new Map(),
  redirects: new Map(),
  fdb: new Map(),
  neighbours: new Set(),
})

/**
 * Rule priorities and table numbers of the instances' source routing: ENI `ethN` (N ≥ 1) gets
 * table and priority BASE + N, so what leaves from its addresses leaves by it, to its own
 * gateway (as the clouds' multi-NIC images set up): replies, EIP traffic and failover moves
 * of a secondary ENI then pass the host's source check.
 */
export const SOURCE_ROUTING_BASE = 1000

export interface PlanOptions {
  /** The address of the client side of the sandboxed public network (on its loopback). */
  publicAddress: string
  /** The host's tunnel endpoint on the sandboxed underlay, `a.b.c.d/len`; null: no tunnels. */
  underlayAddress: string | null
  /**
   * The firewall an earlier pass loaded: when the kernel still holds it (its digest is there), a
   * change of elements only is made element by element instead of replacing the tables.
   */
  firewallBefore?: Firewall
  /**
   * The instances whose part of the host the pass plans in detail (their namespaces, ENIs, source
   * routing and caps); the rest of the host is planned whole. For a pass on the kernel as the last
   * pass left it, given the instances whose desired state changed since: the others are as desired
   * already, unless something drifted, which a pass without a scope repairs. Absent: all of them.
   */
  scope?: ReadonlySet<string>
}

export const DEFAULT_PLAN_OPTIONS: PlanOptions = { publicAddress: '203.0.113.254', underlayAddress: null }

/** What a plan changes, to read again once it is applied; the rest of the kernel is as observed before. */
export interface Touched {
  namespaces: Set<string>
  /** The host's own namespace (its interfaces, caps and tunnels). */
  host: boolean
  /** The public network or the underlay. */
  shared: boolean
  /** The firewall (only its digest is read again). */
  firewall: boolean
  /** Host devices whose instance caps may have changed: made, removed, or named by the host's tc lines. */
  capsOf: Set<string>
}

/**
 * The parts of the kernel a plan changes: the namespaces it creates or runs commands in, the
 * namespaces that veth ends are created in from the host, and those whose end of a deleted host
 * interface goes with it (an ENI port's inner end is found by the ENI ID both ends carry as alias;
 * another veth's peer is a router's or the public network's, so those are all read again).
 */
export function touchedBy(plan: Plan, before: KernelView, names: Names): Touched {
  const hostNs = names.hostNamespace
  const touched: Touched = { namespaces: new Set(plan.createNamespaces), host: false, shared: false, firewall: plan.firewall !== null, capsOf: new Set() }
  for (const line of plan.tcBatches.get(hostNs ?? '') ?? []) {
    const device = / dev (\S+)/.exec(line)?.[1]
    if (device !== undefined) touched.capsOf.add(device)
  }
  const add = (namespace: string) => {
    if (namespace === hostNs || namespace === '') touched.host = true
    else if (namespace === names.publicNamespace || namespace === names.underlayNamespace) touched.shared = true
    else touched.namespaces.add(namespace)
  }
  for (const [namespace, lines] of plan.namespaceBatches) if (lines.length > 0) add(namespace)
  for (const namespace of [...plan.nat.keys(), ...plan.tcBatches.keys()]) add(namespace)
  if (plan.hostBatch.length > 0 || plan.bridgeBatch.length > 0 || (hostNs !== null && plan.createNamespaces.includes(hostNs))) touched.host = true
  for (const line of plan.hostBatch) {
    const made = /^link (?:add|del) (\S+)/.exec(line)?.[1]
    if (made !== undefined) touched.capsOf.add(made)
    const into = / netns (\S+)/.exec(line)?.[1]
    if (into !== undefined) add(into)
    const deleted = /^link del (\S+)$/.exec(line)?.[1]
    if (deleted === undefined) continue
    const alias = before.host?.links.get(deleted)?.alias
    const inner = alias === null || alias === undefined || !names.isEniPort(deleted) ? undefined : [...before.namespaces.values()].find((n) => [...n.links.values()].some((l) => l.alias === alias))
    if (inner !== undefined) {
      add(inner.name)
    } else {
      for (const name of before.namespaces.keys()) if (names.ownedBy(name)?.kind === 'router') add(name)
      touched.shared = true
    }
  }
  return touched
}

/**
 * The difference between the host's desired state and what its kernel shows, as commands: a pure
 * function, so every rule of the realisation is tested without a kernel. Whatever is ours and not
 * desired is removed; whatever is desired and missing or different is made; the rest is left alone,
 * so a pass over a converged host changes nothing and disturbs no traffic.
 */
export function planPass(desired: DesiredState, kernel: KernelView, names: Names, options: PlanOptions = DEFAULT_PLAN_OPTIONS): Plan {
  const firewall = firewallOf(desired, names)
  const before = options.firewallBefore
  const plan: Plan = {
    createNamespaces: [],
    firewall:
      kernel.firewallDigest === firewall.digest
        ? null
        : (before !== undefined && kernel.firewallDigest === before.digest ? firewallDelta(before, firewall, names.prefix) : undefined) ?? firewall.text,
    firewallAfter: firewall,
    sysctls: [],
    hostBatch: [],
    namespaceBatches: new Map(),
    nat: new Map(),
    tcBatches: new Map(),
    bridgeBatch: [],
    deleteNamespaces: [],
  }
  const batch = (namespace: string) => {
    let lines = plan.namespaceBatches.get(namespace)
    if (lines === undefined) plan.namespaceBatches.set(namespace, (lines = []))
    return lines
  }
  const hostNs = names.hostNamespace
  const scope = options.scope
  const inScope = (instanceId: string) => scope === undefined || scope.has(instanceId)
  const scopedInstances = scope === undefined ? desired.instances : desired.instances.filter((i) => scope.has(i.id))
  const scopedEnis = scope === undefined ? desired.enis : desired.enis.filter((e) => scope.has(e.instanceId))
  if (hostNs !== null && kernel.host === null) {
    plan.createNamespaces.push(hostNs)
    batch(hostNs).push('link set lo up')
  }
  const host = kernel.host ?? EMPTY_NAMESPACE(hostNs ?? '')
  const namespaceView = (name: string) => kernel.namespaces.get(name) ?? EMPTY_NAMESPACE(name)

  // Namespaces: one per instance and one router per VPC; any other of ours goes.
  const wanted = new Map<string, 'instance' | 'router'>()
  for (const instance of desired.instances) wanted.set(names.instanceNamespace(instance.id), 'instance')
  for (const vpc of desired.vpcs) wanted.set(names.routerNamespace(vpc.id), 'router')
  for (const [name, kind] of wanted) {
    if (kernel.namespaces.has(name)) continue
    plan.createNamespaces.push(name)
    if (kind === 'router') {
      plan.sysctls.push({ namespace: name, key: 'net.ipv4.ip_forward', value: '1' })
      batch(name).push('link set lo up')
    }
  }
  for (const name of kernel.namespaces.keys()) if (!wanted.has(name)) plan.deleteNamespaces.push(name)

  // Host interfaces: a bridge and a router leg per vSwitch, a port per ENI; stale ones go first.
  const hostLinks = new Map<string, { kind: 'bridge' | 'leg' | 'port' | 'ifb' | 'tunnel' }>()
  for (const v of desired.vSwitches) {
    hostLinks.set(names.bridge(v.id), { kind: 'bridge' })
    hostLinks.set(names.routerLeg(v.id), { kind: 'leg' })
  }
  if (options.underlayAddress !== null) {
    if (!names.production) hostLinks.set(names.underlayPort, { kind: 'tunnel' })
    for (const v of desired.vSwitches) hostLinks.set(names.vxlan(v.id), { kind: 'tunnel' })
  }
  for (const instance of desired.instances) {
    if (instance.bandwidthRxKbps > 0) hostLinks.set(names.instanceRx(instance.id), { kind: 'ifb' })
    if (instance.bandwidthTxKbps > 0) hostLinks.set(names.instanceTx(instance.id), { kind: 'ifb' })
  }
  const running = new Set(desired.instances.filter((i) => i.power === 'running').map((i) => i.id))
  const rulesWanted = new Map<string, Set<string>>()
  const routesWanted = new Map<string, Set<string>>()
  const wantedRules = (namespace: string) => rulesWanted.get(namespace) ?? rulesWanted.set(namespace, new Set()).get(namespace)!
  const wantedRoutes = (namespace: string) => routesWanted.get(namespace) ?? routesWanted.set(namespace, new Set()).get(namespace)!
  const replacedDevices = new Set<string>()
  const replugged = new Set<string>()
  /** Instances an ENI is plugged into in this pass. */
  const announcing = new Set<string>()
  for (const eni of desired.enis) {
    const port = names.eniPort(eni.id)
    hostLinks.set(port, { kind: 'port' })
    if (!inScope(eni.instanceId)) continue
    const current = host.links.get(port)
    const inner = namespaceView(names.instanceNamespace(eni.instanceId)).links.get(`eth${eni.deviceIndex}`)
    if (current !== undefined && !innerMatches(inner, eni)) {
      plan.hostBatch.push(`link del ${port}`)
      replugged.add(eni.id)
    } else if (current === undefined) {
      replugged.add(eni.id)
    }
  }
  for (const name of host.links.keys()) {
    if (names.owns(name) && !hostLinks.has(name)) plan.hostBatch.unshift(`link del ${name}`)
  }

  for (const [name, { kind }] of hostLinks) {
    if (kind !== 'ifb') continue
    const existing = host.links.get(name)
    if (existing === undefined) plan.hostBatch.push(`link add ${name} type ifb`, `link set ${name} up`)
    else if (!existing.up) plan.hostBatch.push(`link set ${name} up`)
  }
  for (const v of desired.vSwitches) {
    const bridge = names.bridge(v.id)
    const existing = host.links.get(bridge)
    if (existing === undefined) plan.hostBatch.push(`link add ${bridge} type bridge`, `link set ${bridge} up`)
    else if (!existing.up) plan.hostBatch.push(`link set ${bridge} up`)

    const leg = names.routerLeg(v.id)
    const gateway = names.gateway(v.id)
    const router = names.routerNamespace(v.vpcId)
    const legView = host.links.get(leg)
    const mac = gatewayMac(v.id)
    const seenGateway = namespaceView(router).links.get(gateway)
    // A gateway with another MAC (made before gateways were distributed) is made again.
    const gatewayView = seenGateway?.mac === mac ? seenGateway : undefined
    if (legView === undefined || gatewayView === undefined) {
      if (legView !== undefined) plan.hostBatch.push(`link del ${leg}`)
      plan.hostBatch.push(`link add ${leg} type veth peer name ${gateway} netns ${router} address ${mac}`)
    }
    if (legView === undefined || gatewayView === undefined || legView.master !== bridge) plan.hostBatch.push(`link set ${leg} master ${bridge}`)
    if (legView === undefined || gatewayView === undefined || !legView.up) plan.hostBatch.push(`link set ${leg} up`)
    const prefix = Number(v.cidrBlock.split('/')[1])
    configureAddresses(batch(router), gateway, gatewayView === undefined ? [] : gatewayView.addresses, [`${v.gatewayIpAddress}/${prefix}`])
    if (gatewayView === undefined || !gatewayView.up) batch(router).push(`link set ${gateway} up`)
  }

  // Custom routes in each router: toward the address of the ENI that carries the next hop now.
  for (const vpc of desired.vpcs) {
    const router = names.routerNamespace(vpc.id)
    const view = namespaceView(router)
    const routes = new Map(vpc.customRoutes.map((r) => [r.destinationCidrBlock, r.nextHop.privateIpAddress]))
    for (const [destination, via] of routes) {
      if (view.routes.get(destination) !== via) batch(router).push(`route replace ${destination} via ${via}`)
    }
    for (const destination of view.routes.keys()) if (!routes.has(destination)) batch(router).push(`route del ${destination}`)
  }

  // Instances: the namespace's loopback is its power; ENIs plugged, addressed and routed.
  for (const instance of scopedInstances) {
    const namespace = names.instanceNamespace(instance.id)
    const lo = namespaceView(namespace).links.get('lo')
    const on = instance.power === 'running'
    if (lo === undefined || lo.up !== on) batch(namespace).push(`link set lo ${on ? 'up' : 'down'}`)
  }
  for (const eni of scopedEnis) {
    const namespace = names.instanceNamespace(eni.instanceId)
    const device = `eth${eni.deviceIndex}`
    const port = names.eniPort(eni.id)
    const on = running.has(eni.instanceId)
    const fresh = replugged.has(eni.id)
    const inner = fresh ? undefined : namespaceView(namespace).links.get(device)
    const outer = fresh ? undefined : host.links.get(port)
    if (fresh) {
      plan.hostBatch.push(
        `link add ${port} numtxqueues ${eni.queueNumber} numrxqueues ${eni.queueNumber} type veth peer name ${device} netns ${namespace} address ${eni.mac} numtxqueues ${eni.queueNumber} numrxqueues ${eni.queueNumber}`,
        `link set ${port} alias ${eni.id}`,
      )
    }
    const bridge = names.bridge(eni.vSwitchId)
    if (outer === undefined || outer.master !== bridge) plan.hostBatch.push(`link set ${port} master ${bridge}`)
    // A stopped instance keeps its interfaces, cut off at the host end.
    if (outer === undefined || outer.up !== on) plan.hostBatch.push(`link set ${port} ${on ? 'up' : 'down'}`)
    const lines = batch(namespace)
    if (inner === undefined) lines.push(`link set ${device} alias ${eni.id}`)
    const addresses = [eni.primaryIpAddress, ...eni.secondaryIpAddresses].map((a) => `${a}/${eni.prefixLength}`)
    configureAddresses(lines, device, inner?.addresses ?? [], addresses)
    if (inner === undefined || !inner.up) lines.push(`link set ${device} up`)
    if (eni.deviceIndex === 0 && (fresh || namespaceView(namespace).defaultGateway !== eni.gatewayIpAddress)) {
      lines.push(`route replace default via ${eni.gatewayIpAddress} dev ${device}`)
    }
    if (eni.deviceIndex >= 0) {
      const table = SOURCE_ROUTING_BASE + eni.deviceIndex
      const subnet = desired.vSwitches.find((v) => v.id === eni.vSwitchId)?.cidrBlock
      if (subnet !== undefined) {
        wantedRoutes(namespace).add(`${table}|${subnet}||${device}`)
        wantedRoutes(namespace).add(`${table}|default|${eni.gatewayIpAddress}|${device}`)
      }
      for (const address of [eni.primaryIpAddress, ...eni.secondaryIpAddresses]) wantedRules(namespace).add(`${table}|${address}/32|${table}`)
      if (fresh) replacedDevices.add(`${namespace}|${device}`)
    }
    if (fresh) announcing.add(namespace)
  }
  for (const namespace of announcing) plan.sysctls.push({ namespace, key: ARP_NOTIFY, value: '1' })
  const devicesOf = new Map<string, Set<string>>()
  for (const e of scopedEnis) (devicesOf.get(e.instanceId) ?? devicesOf.set(e.instanceId, new Set()).get(e.instanceId)!).add(`eth${e.deviceIndex}`)
  for (const instance of scopedInstances) {
    const namespace = names.instanceNamespace(instance.id)
    const view = namespaceView(namespace)
    const lines = batch(namespace)
    const rules = wantedRules(namespace)
    const routes = wantedRoutes(namespace)
    for (const rule of view.rules) {
      if (rules.has(rule)) continue
      const [priority, source, table] = rule.split('|')
      lines.push(`rule del priority ${priority} from ${source} lookup ${table}`)
    }
    for (const rule of rules) {
      if (view.rules.has(rule)) continue
      const [priority, source, table] = rule.split('|')
      lines.push(`rule add priority ${priority} from ${source} lookup ${table}`)
    }
    const devices = devicesOf.get(instance.id) ?? new Set<string>()
    for (const route of view.policyRoutes) {
      const [table, destination, , device] = route.split('|')
      // Routes through a device re-plugged or unplugged in this pass go with it.
      if (routes.has(route) || replacedDevices.has(`${namespace}|${device}`) || !devices.has(device ?? '')) continue
      lines.push(`route del ${destination} table ${table}`)
    }
    for (const route of routes) {
      const [table, destination, gateway, device] = route.split('|')
      if (view.policyRoutes.has(route) && !replacedDevices.has(`${namespace}|${device}`)) continue
      lines.push(`route replace ${destination}${gateway === '' ? '' : ` via ${gateway}`} dev ${device} table ${table}`)
    }
  }
  const context: PassContext = { desired, kernel, host, names, options, plan, batch, namespaceView }
  planOverlay(context)
  const capLines = instanceCapLines(scopedInstances, scopedEnis, host, names, replugged)
  if (capLines.length > 0) plan.tcBatches.set(hostNs ?? '', capLines)
  planPublicSide(context)
  for (const [name, lines] of plan.namespaceBatches) if (lines.length === 0) plan.namespaceBatches.delete(name)
  return plan
}

/** What the parts of one pass's planning share: the inputs, the plan being made, and views with defaults. */
interface PassContext {
  desired: DesiredState
  kernel: KernelView
  /** The host's namespace as observed, empty when it does not exist yet. */
  host: NamespaceView
  names: Names
  options: PlanOptions
  plan: Plan
  /** The `ip -batch` lines of a namespace, made on first use. */
  batch: (namespace: string) => string[]
  /** A namespace as observed, empty when it does not exist yet. */
  namespaceView: (name: string) => NamespaceView
}

/**
 * Several hosts (design: "vSwitch … VXLAN between hosts"): each host joins the sandboxed underlay
 * with its tunnel endpoint, and each vSwitch bridge gets a VXLAN port (the same VNI on every host,
 * no learning: where each remote MAC lives comes from the desired state, as static entries, and
 * broadcasts flood to the hosts that have ENIs in that vSwitch). The VPC routers are distributed:
 * every host's router answers for the vSwitch gateways with the same MAC and knows every ENI of
 * the VPC, local or remote, as a permanent neighbour, so traffic is routed on the host it leaves
 * and an ENI that moves between hosts keeps its gateway.
 */
function planOverlay({ desired, kernel, host, names, options, plan, batch, namespaceView }: PassContext): void {
  // Every router knows every ENI of its VPC as a permanent neighbour on its vSwitch's gateway.
  const neighbours = new Map<string, Set<string>>()
  const vpcOfVSwitch = new Map(desired.vSwitches.map((v) => [v.id, v.vpcId]))
  const addNeighbour = (vSwitchId: string, mac: string, address: string) => {
    const vpcId = vpcOfVSwitch.get(vSwitchId)
    if (vpcId === undefined) return
    const router = names.routerNamespace(vpcId)
    const set = neighbours.get(router) ?? neighbours.set(router, new Set()).get(router)!
    set.add(`${address}|${mac.toLowerCase()}|${names.gateway(vSwitchId)}`)
  }
  for (const eni of desired.enis) for (const a of [eni.primaryIpAddress, ...eni.secondaryIpAddresses]) addNeighbour(eni.vSwitchId, eni.mac, a)
  for (const eni of desired.remoteEnis) for (const a of eni.ipAddresses) addNeighbour(eni.vSwitchId, eni.mac, a)
  for (const vpc of desired.vpcs) {
    const router = names.routerNamespace(vpc.id)
    const wanted = neighbours.get(router) ?? new Set<string>()
    const view = namespaceView(router)
    const lines = batch(router)
    for (const entry of view.neighbours) {
      if (wanted.has(entry)) continue
      const [address, , device] = entry.split('|')
      lines.push(`neigh del ${address} dev ${device}`)
    }
    for (const entry of wanted) {
      if (view.neighbours.has(entry)) continue
      const [address, mac, device] = entry.split('|')
      lines.push(`neigh replace ${address} lladdr ${mac} dev ${device} nud permanent`)
    }
  }

  if (options.underlayAddress === null) return
  const local = options.underlayAddress.split('/')[0]!
  // The host on the underlay: a veth into the underlay namespace's bridge.
  if (!names.production) {
    const underlayNs = names.underlayNamespace
    const underlay = kernel.underlay ?? EMPTY_NAMESPACE(underlayNs)
    const lines = batch(underlayNs)
    if (kernel.underlay === null) plan.createNamespaces.push(underlayNs)
    const bridge = underlay.links.get('ul')
    if (bridge === undefined) lines.push('link add ul type bridge')
    if (bridge === undefined || !bridge.up) lines.push('link set ul up')
    const port = names.underlayPort
    const peer = underlay.links.get(names.underlayPeer)
    const portView = peer === undefined ? undefined : host.links.get(port)
    if (portView === undefined) {
      if (host.links.has(port)) plan.hostBatch.push(`link del ${port}`)
      plan.hostBatch.push(`link add ${port} type veth peer name ${names.underlayPeer} netns ${underlayNs}`)
    }
    if (portView === undefined || peer?.master !== 'ul') lines.push(`link set ${names.underlayPeer} master ul`)
    if (portView === undefined || peer?.up !== true) lines.push(`link set ${names.underlayPeer} up`)
    configureAddresses(plan.hostBatch, port, portView?.addresses ?? [], [options.underlayAddress])
    if (portView === undefined || !portView.up) plan.hostBatch.push(`link set ${port} up`)
  }

  // A VXLAN port per vSwitch, and where each remote MAC of it lives.
  const remoteByVSwitch = new Map<string, { mac: string; endpoint: string }[]>()
  for (const eni of desired.remoteEnis) {
    if (eni.underlayAddress === null || eni.underlayAddress === local) continue
    const list = remoteByVSwitch.get(eni.vSwitchId) ?? remoteByVSwitch.set(eni.vSwitchId, []).get(eni.vSwitchId)!
    list.push({ mac: eni.mac.toLowerCase(), endpoint: eni.underlayAddress })
  }
  for (const v of desired.vSwitches) {
    const vxlan = names.vxlan(v.id)
    const bridge = names.bridge(v.id)
    const view = host.links.get(vxlan)
    if (view === undefined) {
      // In production the endpoint is an address the machine already has, on whichever interface
      // holds it: with no underlay port of ours, the kernel sends the tunnel by `local` alone.
      const dev = names.production ? '' : ` dev ${names.underlayPort}`
      plan.hostBatch.push(`link add ${vxlan} type vxlan id ${vxlanId(v.id)} local ${local}${dev} dstport 4789 nolearning`)
    }
    if (view === undefined || view.master !== bridge) plan.hostBatch.push(`link set ${vxlan} master ${bridge}`)
    if (view === undefined || view.learning !== false) plan.hostBatch.push(`link set dev ${vxlan} type bridge_slave learning off`)
    if (view === undefined || !view.up) plan.hostBatch.push(`link set ${vxlan} up`)
    const remote = remoteByVSwitch.get(v.id) ?? []
    const wanted = new Set<string>()
    for (const endpoint of new Set(remote.map((r) => r.endpoint))) wanted.add(`00:00:00:00:00:00|${endpoint}`)
    for (const r of remote) {
      wanted.add(`${r.mac}|${r.endpoint}`)
      wanted.add(`${r.mac}|`)
    }
    const current = view === undefined ? new Set<string>() : (host.fdb.get(vxlan) ?? new Set<string>())
    for (const entry of current) {
      if (wanted.has(entry)) continue
      const [mac, endpoint] = entry.split('|')
      plan.bridgeBatch.push(endpoint === '' ? `fdb del ${mac} dev ${vxlan} master` : `fdb del ${mac} dev ${vxlan} dst ${endpoint}`)
    }
    for (const entry of wanted) {
      if (current.has(entry)) continue
      const [mac, endpoint] = entry.split('|')
      if (endpoint === '') plan.bridgeBatch.push(`fdb replace ${mac} dev ${vxlan} master static`)
      else if (mac === '00:00:00:00:00:00') plan.bridgeBatch.push(`fdb append ${mac} dev ${vxlan} dst ${endpoint}`)
      else plan.bridgeBatch.push(`fdb replace ${mac} dev ${vxlan} dst ${endpoint}`)
    }
  }
}

/**
 * The instance type's bandwidth, one cap shared by all the instance's ENIs (more ENIs never means
 * more bandwidth): every ENI port redirects what it sends toward the instance to the instance's
 * rx ifb, and what it receives from it to the tx ifb, each shaped by an exact tbf. Ports plugged
 * in this pass get their redirects anew; the rest only where they differ.
 */
function instanceCapLines(
  desiredInstances: readonly DesiredInstance[],
  desiredEnis: readonly DesiredEni[],
  host: NamespaceView,
  names: Names,
  replugged: ReadonlySet<string>,
): string[] {
  const lines: string[] = []
  const instances = new Map(desiredInstances.map((i) => [i.id, i]))
  for (const instance of desiredInstances) {
    for (const [ifb, kbps] of [[names.instanceRx(instance.id), instance.bandwidthRxKbps], [names.instanceTx(instance.id), instance.bandwidthTxKbps]] as const) {
      if (kbps > 0 && host.tbf.get(ifb) !== kbps * 1000) {
        // Ten milliseconds of the rate as the bucket, and never less than a couple of jumbo frames.
        const burst = Math.max(32 * 1024, Math.ceil((kbps * 1000) / 8 / 100))
        lines.push(`qdisc replace dev ${ifb} root tbf rate ${kbps}kbit burst ${burst} latency 50ms`)
      }
    }
  }
  for (const eni of desiredEnis) {
    const instance = instances.get(eni.instanceId)
    if (instance === undefined) continue
    const port = names.eniPort(eni.id)
    const current = replugged.has(eni.id) ? undefined : host.redirects.get(port)
    const rx = instance.bandwidthRxKbps > 0 ? names.instanceRx(instance.id) : null
    const tx = instance.bandwidthTxKbps > 0 ? names.instanceTx(instance.id) : null
    if (rx === null && tx === null) {
      if (current !== undefined && (current.egress !== null || current.ingress !== null)) lines.push(`qdisc del dev ${port} clsact`)
      continue
    }
    if (current?.egress === rx && current?.ingress === tx) continue
    lines.push(`qdisc replace dev ${port} clsact`)
    // One u32 hash table space serves both directions of a clsact: a fixed handle in both would
    // land in one table, so each direction gets its own priority and a handle of the kernel's.
    for (const [direction, ifb, prio] of [['egress', rx, 1], ['ingress', tx, 2]] as const) {
      lines.push(`filter del dev ${port} ${direction}`)
      if (ifb !== null) lines.push(`filter add dev ${port} ${direction} prio ${prio} protocol all u32 match u32 0 0 action mirred egress redirect dev ${ifb}`)
    }
  }
  return lines
}

/**
 * Elastic IPs: each VPC router gets an uplink to the sandboxed public network, holding the VPC's
 * EIPs on this host as addresses (so the public side's ARP for them is answered) and its NAT table;
 * the public side routes each EIP to the uplink of the router that maps it. The public network's
 * batch runs last, after the routers' batches have made the uplinks.
 */
function planPublicSide({ desired, kernel, names, options, plan, batch, namespaceView }: PassContext): void {
  const publicNs = names.publicNamespace
  const publicView = kernel.public ?? EMPTY_NAMESPACE(publicNs)
  const publicLines: string[] = []
  if (kernel.public === null) plan.createNamespaces.push(publicNs)
  const lo = publicView.links.get('lo')
  if (lo === undefined || !lo.up) publicLines.push('link set lo up')
  if (!(lo?.addresses ?? []).includes(`${options.publicAddress}/32`)) publicLines.push(`address add ${options.publicAddress}/32 dev lo`)

  const vpcOfEni = new Map(desired.enis.map((e) => [e.id, e.vpcId]))
  const wantedPorts = new Set<string>()
  for (const vpc of desired.vpcs) {
    const router = names.routerNamespace(vpc.id)
    const routerView = namespaceView(router)
    const uplink = names.uplink(vpc.id)
    const port = names.publicPort(vpc.id)
    wantedPorts.add(port)
    const eips = desired.eips.filter((e) => vpcOfEni.get(e.eniId) === vpc.id)
    const lines = batch(router)
    const fresh = routerView.links.get(uplink) === undefined || publicView.links.get(port) === undefined
    if (fresh) {
      if (routerView.links.get(uplink) !== undefined) lines.push(`link del ${uplink}`)
      lines.push(`link add ${uplink} type veth peer name ${port} netns ${publicNs}`)
      publicLines.push(`link set ${port} alias ${names.hostId}@${vpc.id}`)
    }
    const uplinkView = fresh ? undefined : routerView.links.get(uplink)
    configureAddresses(lines, uplink, uplinkView?.addresses ?? [], [`${ROUTER_PEER}/32`, ...eips.map((e) => `${e.ipAddress}/32`)])
    if (uplinkView === undefined || !uplinkView.up) lines.push(`link set ${uplink} up`)
    if (fresh || routerView.deviceRoutes.get(`${PUBLIC_PEER}/32`) !== uplink) lines.push(`route replace ${PUBLIC_PEER}/32 dev ${uplink}`)
    if (fresh || routerView.defaultGateway !== PUBLIC_PEER) lines.push(`route replace default via ${PUBLIC_PEER} dev ${uplink}`)
    const nat = natOf(vpc.id, eips, names)
    if (routerView.nat?.digest !== nat.digest) plan.nat.set(router, nat.text)
    const caps = eipCaps(eips)
    const out = shapingLines(uplink, 'src', caps, fresh ? undefined : routerView.shaping.get(uplink))
    if (out.length > 0) plan.tcBatches.set(router, [...(plan.tcBatches.get(router) ?? []), ...out])
    const into = shapingLines(port, 'dst', caps, fresh ? undefined : publicView.shaping.get(port))
    if (into.length > 0) plan.tcBatches.set(publicNs, [...(plan.tcBatches.get(publicNs) ?? []), ...into])

    const portView = fresh ? undefined : publicView.links.get(port)
    configureAddresses(publicLines, port, portView?.addresses ?? [], [`${PUBLIC_PEER}/32`])
    if (portView === undefined || !portView.up) publicLines.push(`link set ${port} up`)
    const routed = new Set(eips.map((e) => `${e.ipAddress}/32`))
    for (const destination of routed) {
      // From the client address, so that is the source an instance sees.
      if (fresh || publicView.deviceRoutes.get(destination) !== port) publicLines.push(`route replace ${destination} dev ${port} src ${options.publicAddress}`)
    }
    if (!fresh) {
      for (const [destination, device] of publicView.deviceRoutes) {
        if (device === port && !routed.has(destination)) publicLines.push(`route del ${destination} dev ${port}`)
      }
    }
  }
  for (const link of publicView.links.values()) {
    if (link.alias?.startsWith(`${names.hostId}@`) === true && !wantedPorts.has(link.name)) publicLines.push(`link del ${link.name}`)
  }
  // After every router's batch, which makes the uplinks this one configures.
  const prior = plan.namespaceBatches.get(publicNs) ?? []
  plan.namespaceBatches.delete(publicNs)
  plan.namespaceBatches.set(publicNs, [...prior, ...publicLines])
}

/** The inner end is this ENI's: the right alias, MAC and queues (anything else is re-plugged). */
function innerMatches(inner: LinkView | undefined, eni: DesiredEni): boolean {
  return (
    inner !== undefined &&
    inner.alias === eni.id &&
    inner.mac === eni.mac.toLowerCase() &&
    inner.txQueues === eni.queueNumber &&
    inner.rxQueues === eni.queueNumber
  )
}

function configureAddresses(lines: string[], device: string, current: readonly string[], desired: readonly string[]): void {
  for (const address of current) if (!desired.includes(address)) lines.push(`address del ${address} dev ${device}`)
  for (const address of desired) if (!current.includes(address)) lines.push(`address add ${address} dev ${device}`)
}

/**
 * What the kernel shows once a plan has been applied in full: the desired state itself, since the
 * plan was the whole difference (a second pass plans nothing). The agent reports this at once and
 * reads the kernel again afterwards, so what is in flight settles without waiting for the read.
 * The counters are those `before` held: a table this pass replaced starts again from zero, which
 * the control plane would count as a restart of the counters, losing what was counted since the
 * last report.
 */
export function reportOfDesired(desired: DesiredState, before: KernelView, names: Names, options: { underlayAddress?: string } = {}): HostReport {
  const { underlayAddress } = options
  const counters = new Map<string, { rxBytes: number; txBytes: number; rxPackets: number; txPackets: number }>()
  for (const view of before.namespaces.values()) for (const [allocationId, c] of view.nat?.counters ?? []) counters.set(allocationId, c)
  return {
    ...(underlayAddress === undefined ? {} : { underlayAddress }),
    instances: desired.instances.map((i) => ({ id: i.id, running: i.power === 'running' })),
    enis: desired.enis.map((e) => ({ id: e.id, instanceId: e.instanceId, up: true })),
    eips: desired.eips.map((e) => {
      const c = counters.get(e.allocationId)
      return { id: e.allocationId, privateIpAddress: e.privateIpAddress, rxBytes: c?.rxBytes ?? 0, txBytes: c?.txBytes ?? 0, rxPackets: c?.rxPackets ?? 0, txPackets: c?.txPackets ?? 0 }
    }),
  }
}

/**
 * What the host reports after a pass (README, "Agent endpoint"): each instance namespace and
 * whether it runs (its loopback is up), each ENI interface inside one with whether it is up, and
 * each EIP its routers map, with the private address and the counters.
 */
export function reportOf(kernel: KernelView, names: Names, options: { underlayAddress?: string } = {}): HostReport {
  const { underlayAddress } = options
  const instances: HostReport['instances'][number][] = []
  const enis: HostReport['enis'][number][] = []
  const eips: NonNullable<HostReport['eips']>[number][] = []
  for (const [name, view] of kernel.namespaces) {
    const owner = names.ownedBy(name)
    if (owner?.kind === 'router' && view.nat !== null) {
      for (const [allocationId, c] of view.nat.counters) {
        const privateIpAddress = view.nat.mapped.get(c.ipAddress)
        if (privateIpAddress === undefined) continue
        eips.push({ id: allocationId, privateIpAddress, rxBytes: c.rxBytes, txBytes: c.txBytes, rxPackets: c.rxPackets, txPackets: c.txPackets })
      }
    }
    if (owner?.kind !== 'instance') continue
    instances.push({ id: owner.id, running: view.links.get('lo')?.up === true })
    for (const link of view.links.values()) {
      if (link.alias === null || !link.alias.startsWith('eni-') || !/^eth\d+$/.test(link.name)) continue
      const port = kernel.host?.links.get(names.eniPort(link.alias))
      enis.push({ id: link.alias, instanceId: owner.id, up: link.up && port !== undefined })
    }
  }
  return { ...(underlayAddress === undefined ? {} : { underlayAddress }), instances, enis, eips }
}
