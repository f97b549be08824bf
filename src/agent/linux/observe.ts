import type { KernelView, LinkView, NamespaceView, NatView, ShapingView } from '../kernel-view.js'
import { parseCounterName } from './nat.js'
import { SOURCE_ROUTING_BASE } from '../plan.js'
import { inside } from './command.js'
import { namedNamespaces } from './netns.js'
import { nftList } from './nftables.js'
import { dumpNamespace, MAIN_TABLE } from './rtnetlink.js'
import { parseRate } from './shaping.js'
import type { Names } from './names.js'

/**
 * What a pass reads again, taking the rest from the view of an earlier pass: the namespaces named,
 * the host's own namespace, the shared parts (public network, underlay) and the firewall digest. The
 * list of namespaces is always read, so one that appeared or vanished is always seen.
 */
export interface ObserveScope {
  previous: KernelView
  namespaces: ReadonlySet<string>
  host: boolean
  /** The public network and the underlay (and the firewall digest with them). */
  shared: boolean
  /** The firewall digest alone. */
  firewall: boolean
  /**
   * When the host is read again: the only devices whose instance caps (tc) are read again, the
   * others' taken from `previous` (a read of every port's filters costs seconds at 1,000 ENIs);
   * undefined: all of them.
   */
  capsOf?: ReadonlySet<string>
}

/**
 * Reads this host's namespaces and their interfaces, addresses and routes: three `ip -j` calls
 * each, or, given a scope, only what it names.
 */
export async function observeKernel(names: Names, scope?: ObserveScope): Promise<KernelView> {
  const existing = new Set(await namedNamespaces())
  const previous = scope?.previous
  const hostNs = names.hostNamespace
  const readHost = async () => {
    const host = hostNs === null ? await readNamespace(null, (l) => names.owns(l)) : existing.has(hostNs) ? await readNamespace(hostNs) : null
    if (host !== null) {
      const earlier = previous?.host ?? undefined
      await readInstanceCaps(hostNs, host, names, scope?.capsOf === undefined || earlier === undefined ? undefined : { only: scope.capsOf, earlier })
      await readForwarding(hostNs, host, names)
    }
    return host
  }
  const reuseHost = previous !== undefined && scope?.host === false && (hostNs === null || existing.has(hostNs)) && previous.host !== null
  const namespaces = new Map<string, NamespaceView>()
  const [host] = await Promise.all([
    reuseHost ? previous.host : readHost(),
    ...[...existing]
      .filter((name) => names.ownedBy(name) !== undefined)
      .map(async (name) => {
        const earlier = previous?.namespaces.get(name)
        if (earlier !== undefined && scope?.namespaces.has(name) === false) {
          namespaces.set(name, earlier)
          return
        }
        // A namespace deleted by someone else between the listing and the read is simply gone.
        const view = await readOwnedNamespace(name, names).catch(() => undefined)
        if (view !== undefined) namespaces.set(name, view)
      }),
  ])
  if (previous !== undefined && scope?.shared === false) {
    const keep = (view: NamespaceView | null, name: string) => (view !== null && existing.has(name) ? view : null)
    return {
      host,
      namespaces,
      public: keep(previous.public, names.publicNamespace),
      underlay: keep(previous.underlay, names.underlayNamespace),
      firewallDigest: host === null && hostNs !== null ? null : scope.firewall ? await readFirewallDigest(hostNs, names.prefix) : previous.firewallDigest,
    }
  }
  const firewallDigest = hostNs === null || host !== null ? await readFirewallDigest(hostNs, names.prefix) : null
  const publicView = existing.has(names.publicNamespace) ? await readNamespace(names.publicNamespace).catch(() => null) : null
  if (publicView !== null) {
    for (const link of publicView.links.values()) {
      if (link.alias?.startsWith(`${names.hostId}@`) === true) publicView.shaping.set(link.name, await readShaping(publicView.name, link.name))
    }
  }
  const underlay = !names.production && existing.has(names.underlayNamespace) ? await readNamespace(names.underlayNamespace).catch(() => null) : null
  return { host, namespaces, public: publicView, underlay, firewallDigest }
}

/** An instance or router namespace: its interfaces, and a router's NAT, neighbours and uplink shaping. */
async function readOwnedNamespace(name: string, names: Names): Promise<NamespaceView> {
  const owner = names.ownedBy(name)
  const view = await readNamespace(name, () => true, owner?.kind === 'instance', owner?.kind === 'router')
  if (owner?.kind === 'router') {
    view.nat = await readNat(name, names.prefix).catch(() => null)
    const uplink = names.uplink(owner.id)
    if (view.links.has(uplink)) view.shaping.set(uplink, await readShaping(name, uplink))
  }
  return view
}

/** Two small reads: the table names, and the one-element digest set (never the whole ruleset). */
async function readFirewallDigest(namespace: string | null, prefix: string): Promise<string | null> {
  const tables = new Set((await nftList<NftItem>(namespace, 'list tables')).flatMap((e) => (e.table === undefined ? [] : [`${e.table.family} ${e.table.name}`])))
  if (!tables.has(`inet ${prefix}-filter`) || !tables.has(`bridge ${prefix}-guard`)) return null
  return (await nftList<NftItem>(namespace, `list set inet ${prefix}-filter digest`)).flatMap((e) => e.set?.elem ?? [])[0] ?? null
}

async function readNamespace(namespace: string | null, keep: (link: string) => boolean = () => true, sourceRouting = false, neighbours = false): Promise<NamespaceView> {
  const dump = await dumpNamespace(namespace, neighbours)
  const view: NamespaceView = {
    name: namespace ?? '',
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
    neighbours: new Set(dump.neighbours.map((n) => `${n.address}|${n.mac}|${n.dev}`)),
  }
  if (sourceRouting) {
    for (const r of dump.rules) {
      if (r.priority >= SOURCE_ROUTING_BASE && r.priority < SOURCE_ROUTING_BASE * 2) view.rules.add(`${r.priority}|${r.from}|${r.table}`)
    }
    for (const r of dump.routes) {
      if (r.table >= SOURCE_ROUTING_BASE) view.policyRoutes.add(`${r.table}|${r.destination}|${r.gateway ?? ''}|${r.dev ?? ''}`)
    }
  }
  for (const l of dump.links) {
    if (!keep(l.name)) continue
    const link: LinkView = {
      ...l,
      operUp: l.operUp || (l.name === 'lo' && l.up),
      addresses: [...(dump.addresses.get(l.name) ?? [])].sort(),
    }
    view.links.set(link.name, link)
  }
  for (const r of dump.routes) {
    if (r.table !== MAIN_TABLE) continue
    if (r.gateway === null) {
      if (!r.kernel && r.dev !== null) view.deviceRoutes.set(r.destination.includes('/') ? r.destination : `${r.destination}/32`, r.dev)
      continue
    }
    if (r.destination === 'default') view.defaultGateway = r.gateway
    else view.routes.set(r.destination, r.gateway)
  }
  return view
}

interface NftItem {
  table?: { family: string; name: string }
  set?: { elem?: string[] }
  map?: { elem?: [string, string][] }
  counter?: { name: string; bytes: number; packets: number }
}

/** A router's EIP table: its digest, the DNAT map and the counters (four small reads, never the ruleset). */
async function readNat(namespace: string, prefix: string): Promise<NatView | null> {
  const table = `${prefix}-nat`
  const read = (command: string) => nftList<NftItem>(namespace, command)
  if (!(await read('list tables')).some((e) => e.table?.family === 'ip' && e.table.name === table)) return null
  const [digest, mapped, counters] = await Promise.all([read(`list set ip ${table} digest`), read(`list map ip ${table} to_private`), read(`list counters table ip ${table}`)])
  const view: NatView = {
    digest: digest.flatMap((e) => e.set?.elem ?? [])[0] ?? null,
    mapped: new Map(mapped.flatMap((e) => e.map?.elem ?? [])),
    counters: new Map(),
  }
  for (const c of counters.flatMap((e) => (e.counter === undefined ? [] : [e.counter]))) {
    const parsed = parseCounterName(c.name)
    if (parsed === undefined) continue
    const entry = view.counters.get(parsed.allocationId) ?? { ipAddress: parsed.ipAddress, rxBytes: 0, txBytes: 0, rxPackets: 0, txPackets: 0 }
    if (parsed.direction === 'rx') Object.assign(entry, { rxBytes: c.bytes, rxPackets: c.packets })
    else Object.assign(entry, { txBytes: c.bytes, txPackets: c.packets })
    view.counters.set(parsed.allocationId, entry)
  }
  return view
}

/** A device's root qdisc, htb classes (tc prints those only as text) and u32 filters. */
async function readShaping(namespace: string, device: string): Promise<ShapingView> {
  const [qdiscs, classes, filters] = await Promise.all([
    inside(namespace, 'tc', ['-j', 'qdisc', 'show', 'dev', device]),
    inside(namespace, 'tc', ['class', 'show', 'dev', device]),
    inside(namespace, 'tc', ['-j', 'filter', 'show', 'dev', device]),
  ])
  const view: ShapingView = {
    htbRoot: (JSON.parse(qdiscs || '[]') as { kind: string; handle: string; root?: boolean }[]).some((q) => q.kind === 'htb' && q.handle === '1:' && q.root === true),
    classes: new Map(),
    filters: new Map(),
  }
  for (const line of classes.split('\n')) {
    const match = /^class htb 1:([0-9a-f]+) .*\brate (\S+)/.exec(line)
    if (match !== null) view.classes.set(Number.parseInt(match[1]!, 16), parseRate(match[2]!))
  }
  for (const f of JSON.parse(filters || '[]') as { pref: number; options?: { match?: { value: string; off: number } } }[]) {
    const match = f.options?.match
    if (match === undefined || (match.off !== 12 && match.off !== 16)) continue
    const value = Number.parseInt(match.value, 16)
    const address = [24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join('.')
    view.filters.set(f.pref, { address, match: match.off === 12 ? 'src' : 'dst' })
  }
  return view
}

/**
 * The instance caps on the host, in one `tc -j -batch` whatever the number of ENIs: each ENI
 * port's redirects both ways and each ifb's tbf rate. A failed read leaves them unknown, so the
 * plan sets them again (every command it uses for them is idempotent).
 */
async function readInstanceCaps(
  namespace: string | null,
  host: NamespaceView,
  names: Names,
  partial?: { only: ReadonlySet<string>; earlier: NamespaceView },
): Promise<void> {
  const read = (device: string) => partial === undefined || partial.only.has(device)
  if (partial !== undefined) {
    // The devices not read again keep what the earlier view found for them.
    for (const [device, redirect] of partial.earlier.redirects) if (!read(device) && host.links.has(device)) host.redirects.set(device, redirect)
    for (const [device, rate] of partial.earlier.tbf) if (!read(device) && host.links.has(device)) host.tbf.set(device, rate)
  }
  const ports = [...host.links.values()].filter((l) => names.isEniPort(l.name) && read(l.name)).map((l) => l.name)
  const ifbs = [...host.links.values()].filter((l) => l.kind === 'ifb' && names.owns(l.name) && read(l.name)).map((l) => l.name)
  const commands = [
    ...ports.flatMap((p) => [`filter show dev ${p} egress`, `filter show dev ${p} ingress`]),
    ...ifbs.map((i) => `qdisc show dev ${i}`),
  ]
  if (commands.length === 0) return
  const output = await inside(namespace, 'tc', ['-j', '-batch', '-'], `${commands.join('\n')}\n`).catch(() => undefined)
  if (output === undefined) return
  const answers = output.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as unknown[])
  if (answers.length !== commands.length) return
  const target = (filters: unknown[]) =>
    (filters as { options?: { actions?: { kind: string; to_dev?: string }[] } }[])
      .flatMap((f) => f.options?.actions ?? [])
      .find((a) => a.kind === 'mirred')?.to_dev ?? null
  ports.forEach((port, i) => host.redirects.set(port, { egress: target(answers[2 * i]!), ingress: target(answers[2 * i + 1]!) }))
  ifbs.forEach((ifb, i) => {
    const tbf = (answers[2 * ports.length + i] as { kind: string; root?: boolean; options?: { rate?: number } }[]).find((q) => q.kind === 'tbf' && q.root === true)
    if (tbf?.options?.rate !== undefined) host.tbf.set(ifb, tbf.options.rate * 8)
  })
}

/** Each VXLAN device's forwarding entries: where each remote MAC lives, and where floods go. */
async function readForwarding(namespace: string | null, host: NamespaceView, names: Names): Promise<void> {
  for (const link of host.links.values()) {
    if (link.kind !== 'vxlan' || !names.owns(link.name)) continue
    const entries = new Set<string>()
    for (const e of JSON.parse((await inside(namespace, 'bridge', ['-j', 'fdb', 'show', 'dev', link.name])) || '[]') as { mac: string; dst?: string; master?: string; state?: string }[]) {
      if (e.dst !== undefined) entries.add(`${e.mac}|${e.dst}`)
      else if (e.master !== undefined && e.state === 'static') entries.add(`${e.mac}|`)
    }
    host.fdb.set(link.name, entries)
  }
}
