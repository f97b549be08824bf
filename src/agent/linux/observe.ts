import type { KernelView, LinkView, NamespaceView } from '../kernel-view.js'
import { ip, nft } from './command.js'
import type { Names } from './names.js'

interface IpLink {
  ifname: string
  address?: string
  flags?: string[]
  operstate?: string
  master?: string
  ifalias?: string
  num_tx_queues?: number
  num_rx_queues?: number
  linkinfo?: { info_kind?: string }
}

interface IpAddr {
  ifname: string
  addr_info?: { family: string; local: string; prefixlen: number }[]
}

interface IpRoute {
  dst: string
  gateway?: string
}

/** Reads this host's namespaces and their interfaces, addresses and routes: three `ip -j` calls each. */
export async function observeKernel(names: Names): Promise<KernelView> {
  const listed = JSON.parse((await ip(null, ['-j', 'netns', 'list'])) || '[]') as { name: string }[]
  const existing = new Set(listed.map((n) => n.name))
  const hostNs = names.hostNamespace
  const host = hostNs === null ? await readNamespace(null, (l) => names.owns(l)) : existing.has(hostNs) ? await readNamespace(hostNs) : null
  const namespaces = new Map<string, NamespaceView>()
  await Promise.all(
    [...existing]
      .filter((name) => names.ownedBy(name) !== undefined)
      .map(async (name) => {
        // A namespace deleted by someone else between the listing and the read is simply gone.
        const view = await readNamespace(name).catch(() => undefined)
        if (view !== undefined) namespaces.set(name, view)
      }),
  )
  const firewallDigest = hostNs === null || host !== null ? await readFirewallDigest(hostNs, names.prefix) : null
  return { host, namespaces, firewallDigest }
}

/** Two small reads: the table names, and the one-element digest set (never the whole ruleset). */
async function readFirewallDigest(namespace: string | null, prefix: string): Promise<string | null> {
  const listed = JSON.parse((await nft(namespace, ['-j', 'list', 'tables'])) || '{}') as { nftables?: { table?: { family: string; name: string } }[] }
  const tables = new Set((listed.nftables ?? []).flatMap((e) => (e.table === undefined ? [] : [`${e.table.family} ${e.table.name}`])))
  if (!tables.has(`inet ${prefix}-filter`) || !tables.has(`bridge ${prefix}-guard`)) return null
  const set = JSON.parse(await nft(namespace, ['-j', 'list', 'set', 'inet', `${prefix}-filter`, 'digest'])) as { nftables?: { set?: { elem?: string[] } }[] }
  return (set.nftables ?? []).flatMap((e) => e.set?.elem ?? [])[0] ?? null
}

async function readNamespace(namespace: string | null, keep: (link: string) => boolean = () => true): Promise<NamespaceView> {
  const [links, addrs, routes] = await Promise.all([
    ip(namespace, ['-j', '-d', 'link', 'show']),
    ip(namespace, ['-j', 'addr', 'show']),
    ip(namespace, ['-j', 'route', 'show']),
  ])
  const addresses = new Map<string, string[]>()
  for (const a of JSON.parse(addrs || '[]') as IpAddr[]) {
    addresses.set(a.ifname, (a.addr_info ?? []).filter((i) => i.family === 'inet').map((i) => `${i.local}/${i.prefixlen}`).sort())
  }
  const view: NamespaceView = { name: namespace ?? '', links: new Map(), defaultGateway: null, routes: new Map() }
  for (const l of JSON.parse(links || '[]') as IpLink[]) {
    if (!keep(l.ifname)) continue
    const link: LinkView = {
      name: l.ifname,
      kind: l.linkinfo?.info_kind ?? null,
      mac: (l.address ?? '').toLowerCase(),
      up: (l.flags ?? []).includes('UP'),
      operUp: l.operstate === 'UP' || (l.ifname === 'lo' && (l.flags ?? []).includes('UP')),
      master: l.master ?? null,
      alias: l.ifalias ?? null,
      txQueues: l.num_tx_queues ?? 1,
      rxQueues: l.num_rx_queues ?? 1,
      addresses: addresses.get(l.ifname) ?? [],
    }
    view.links.set(link.name, link)
  }
  for (const r of JSON.parse(routes || '[]') as IpRoute[]) {
    if (r.gateway === undefined) continue
    if (r.dst === 'default') view.defaultGateway = r.gateway
    else view.routes.set(r.dst, r.gateway)
  }
  return view
}
