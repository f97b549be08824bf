import type { DesiredEni, DesiredState } from '../domain/host/desired-state.js'
import type { HostReport } from '../service/agent/report.js'
import type { KernelView, LinkView, NamespaceView } from './kernel-view.js'
import { firewallOf } from './linux/firewall.js'
import type { Names } from './linux/names.js'

/**
 * What one pass changes, grouped so that it runs in a few batched calls (design principle 6), in
 * this order: namespaces created, forwarding enabled in new routers, the firewall replaced in one
 * `nft -f` transaction when it changed (before any new ENI is plugged), one `ip -batch` on the host
 * (stale ports removed first, then bridges, router legs and ENI veth pairs created, each pair's
 * inner end made directly inside its instance with its final name, MAC and queues), one `ip -batch`
 * per namespace that needs it (addresses, routes, links up or down), the queues of new ENIs put
 * in use (`ethtool -L`, as `/sys/class/net/ethN/queues` then shows), gratuitous ARP for the
 * addresses just plugged, and namespaces deleted. An empty plan means the kernel is as desired.
 */
export interface Plan {
  createNamespaces: string[]
  /** The host's firewall text to load in one `nft -f` transaction, when its digest differs. */
  firewall: string | null
  /** Routers created in this pass: IPv4 forwarding on. */
  enableForwarding: string[]
  hostBatch: string[]
  namespaceBatches: Map<string, string[]>
  /** ENIs just plugged with more than one queue: a veth starts with one queue in use of those it has. */
  channels: { namespace: string; device: string; queues: number }[]
  announce: { namespace: string; device: string; address: string }[]
  deleteNamespaces: string[]
}

export function isEmpty(plan: Plan): boolean {
  return (
    plan.createNamespaces.length === 0 &&
    plan.firewall === null &&
    plan.hostBatch.length === 0 &&
    [...plan.namespaceBatches.values()].every((b) => b.length === 0) &&
    plan.deleteNamespaces.length === 0
  )
}

const EMPTY_NAMESPACE = (name: string): NamespaceView => ({ name, links: new Map(), defaultGateway: null, routes: new Map() })

/**
 * The difference between the host's desired state and what its kernel shows, as commands: a pure
 * function, so every rule of the realisation is tested without a kernel. Whatever is ours and not
 * desired is removed; whatever is desired and missing or different is made; the rest is left alone,
 * so a pass over a converged host changes nothing and disturbs no traffic.
 */
export function planPass(desired: DesiredState, kernel: KernelView, names: Names): Plan {
  const firewall = firewallOf(desired, names)
  const plan: Plan = {
    createNamespaces: [],
    firewall: kernel.firewallDigest === firewall.digest ? null : firewall.text,
    enableForwarding: [],
    hostBatch: [],
    namespaceBatches: new Map(),
    channels: [],
    announce: [],
    deleteNamespaces: [],
  }
  const batch = (namespace: string) => {
    let lines = plan.namespaceBatches.get(namespace)
    if (lines === undefined) plan.namespaceBatches.set(namespace, (lines = []))
    return lines
  }
  const hostNs = names.hostNamespace
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
      plan.enableForwarding.push(name)
      batch(name).push('link set lo up')
    }
  }
  for (const name of kernel.namespaces.keys()) if (!wanted.has(name)) plan.deleteNamespaces.push(name)

  // Host interfaces: a bridge and a router leg per vSwitch, a port per ENI; stale ones go first.
  const hostLinks = new Map<string, { kind: 'bridge' | 'leg' | 'port' }>()
  for (const v of desired.vSwitches) {
    hostLinks.set(names.bridge(v.id), { kind: 'bridge' })
    hostLinks.set(names.routerLeg(v.id), { kind: 'leg' })
  }
  const running = new Set(desired.instances.filter((i) => i.power === 'running').map((i) => i.id))
  const replugged = new Set<string>()
  for (const eni of desired.enis) {
    const port = names.eniPort(eni.id)
    hostLinks.set(port, { kind: 'port' })
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

  for (const v of desired.vSwitches) {
    const bridge = names.bridge(v.id)
    const existing = host.links.get(bridge)
    if (existing === undefined) plan.hostBatch.push(`link add ${bridge} type bridge`, `link set ${bridge} up`)
    else if (!existing.up) plan.hostBatch.push(`link set ${bridge} up`)

    const leg = names.routerLeg(v.id)
    const gateway = names.gateway(v.id)
    const router = names.routerNamespace(v.vpcId)
    const legView = host.links.get(leg)
    const gatewayView = namespaceView(router).links.get(gateway)
    if (legView === undefined || gatewayView === undefined) {
      if (legView !== undefined) plan.hostBatch.push(`link del ${leg}`)
      plan.hostBatch.push(`link add ${leg} type veth peer name ${gateway} netns ${router}`)
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
  for (const instance of desired.instances) {
    const namespace = names.instanceNamespace(instance.id)
    const lo = namespaceView(namespace).links.get('lo')
    const on = instance.power === 'running'
    if (lo === undefined || lo.up !== on) batch(namespace).push(`link set lo ${on ? 'up' : 'down'}`)
  }
  for (const eni of desired.enis) {
    const namespace = names.instanceNamespace(eni.instanceId)
    const device = `eth${eni.deviceIndex}`
    const port = names.eniPort(eni.id)
    const on = running.has(eni.instanceId)
    const fresh = replugged.has(eni.id)
    const inner = fresh ? undefined : namespaceView(namespace).links.get(device)
    const outer = fresh ? undefined : host.links.get(port)
    if (fresh) {
      plan.hostBatch.push(
        `link add ${port} type veth peer name ${device} netns ${namespace} address ${eni.mac} numtxqueues ${eni.queueNumber} numrxqueues ${eni.queueNumber}`,
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
    if (fresh && eni.queueNumber > 1) plan.channels.push({ namespace, device, queues: eni.queueNumber })
    if (fresh && on) {
      for (const address of [eni.primaryIpAddress, ...eni.secondaryIpAddresses]) plan.announce.push({ namespace, device, address })
    }
  }
  for (const [name, lines] of plan.namespaceBatches) if (lines.length === 0) plan.namespaceBatches.delete(name)
  return plan
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
 * What the host reports after a pass (README, "Agent endpoint"): each instance namespace and
 * whether it runs (its loopback is up), and each ENI interface inside one with whether it is up.
 */
export function reportOf(kernel: KernelView, names: Names, underlayAddress?: string): HostReport {
  const instances: HostReport['instances'][number][] = []
  const enis: HostReport['enis'][number][] = []
  for (const [name, view] of kernel.namespaces) {
    const owner = names.ownedBy(name)
    if (owner?.kind !== 'instance') continue
    instances.push({ id: owner.id, running: view.links.get('lo')?.up === true })
    for (const link of view.links.values()) {
      if (link.alias === null || !link.alias.startsWith('eni-') || !/^eth\d+$/.test(link.name)) continue
      const port = kernel.host?.links.get(names.eniPort(link.alias))
      enis.push({ id: link.alias, instanceId: owner.id, up: link.up && port !== undefined })
    }
  }
  return { ...(underlayAddress === undefined ? {} : { underlayAddress }), instances, enis }
}
