import { getSystemErrorMap } from 'node:util'
import { isIPv4 } from 'node:net'
import { closeSync } from 'node:fs'
import { AttrStream, createRtNetlink, FlagsNew, ifla, type RtNetlinkSocket } from 'netlink'
import type { LinkView } from '../kernel-view.js'
import { CommandError } from './command.js'
import { inNamespace, NoSuchNamespace, openNamespace } from './netns.js'

/**
 * The `ip -batch` lines a plan writes, carried out over rtnetlink from the agent's own process:
 * the same kernel requests `ip` would send, without a process per batch (2–5 ms each, more as
 * namespaces multiply, since `ip -n` copies the mount table), which made the larger part of a
 * change's time. The plan stays written in `ip`'s words (its tests, its log and an operator read
 * them), and this module speaks exactly the forms the plan writes; any other line is refused
 * before anything is sent. Like `ip -batch`, a batch stops at the first line the kernel refuses.
 * The reads of a pass are rtnetlink dumps the same way (`dumpNamespace`), in place of `ip -j`.
 */

/** One line of a batch, parsed. */
export type IpCommand =
  | { op: 'link set'; dev: string; up?: boolean; alias?: string; master?: string }
  | { op: 'link del'; dev: string }
  | { op: 'link add'; name: string; kind: 'bridge' | 'ifb' }
  | { op: 'link add veth'; name: string; queues: Queues; peer: { name: string; namespace: string | null; mac: string | null; queues: Queues } }
  | { op: 'link add vxlan'; name: string; id: number; local: string; dev: string | null; port: number; learning: boolean }
  | { op: 'bridge port'; dev: string; learning: boolean }
  | { op: 'address'; add: boolean; address: string; prefixLength: number; dev: string }
  | { op: 'route'; replace: boolean; destination: string; prefixLength: number; via: string | null; dev: string | null; source: string | null; table: number }
  | { op: 'rule'; add: boolean; priority: number; from: string; prefixLength: number; table: number }
  | { op: 'neigh'; replace: boolean; address: string; mac: string | null; dev: string }

interface Queues {
  tx: number | null
  rx: number | null
}

/** A line this module does not speak: a plan that writes it is a bug, found before anything is sent. */
export class UnknownIpLine extends Error {}

/** The routing table `ip route` means when it names none. */
export const MAIN_TABLE = 254

/** Parses one batch line (see `IpCommand`); throws UnknownIpLine for any other. */
export function parseIpLine(line: string): IpCommand {
  const words = line.trim().split(/\s+/)
  const bad = (why: string): never => {
    throw new UnknownIpLine(`${why}: ${line}`)
  }
  /** `key value` pairs and bare flags from words[from] up to words[to]. */
  const options = (from: number, known: readonly string[], flags: readonly string[] = [], to = words.length) => {
    const found = new Map<string, string>()
    for (let i = from; i < to; i++) {
      const word = words[i]!
      if (found.has(word)) bad(`"${word}" twice`)
      if (flags.includes(word)) found.set(word, '')
      else if (known.includes(word) && i + 1 < to) found.set(word, words[++i]!)
      else bad(`unexpected "${word}"`)
    }
    return found
  }
  const int = (text: string | undefined, what: string) => {
    if (text === undefined || !/^\d+$/.test(text)) bad(`${what} must be a number`)
    return Number(text)
  }
  const ipv4 = (text: string | undefined, what: string): string => (text !== undefined && isIPv4(text) ? text : bad(`${what} must be an IPv4 address`))
  const cidr = (text: string | undefined, what: string): [string, number] => {
    const [address, length] = (text ?? '').split('/')
    const prefixLength = length === undefined ? 32 : int(length, `${what} length`)
    if (prefixLength > 32) bad(`${what} length above 32`)
    return [ipv4(address, what), prefixLength]
  }
  const mac = (text: string | undefined) => (text !== undefined && /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(text) ? text.toLowerCase() : bad('not a MAC address'))
  const [object, verb] = words
  if (object === 'link' && verb === 'set') {
    if (words[2] === 'dev' && words[4] === 'type' && words[5] === 'bridge_slave' && words[6] === 'learning' && words.length === 8) {
      if (words[7] !== 'on' && words[7] !== 'off') bad('learning is on or off')
      return { op: 'bridge port', dev: words[3]!, learning: words[7] === 'on' }
    }
    const dev = words[2] ?? bad('no device')
    if (words.length === 4 && (words[3] === 'up' || words[3] === 'down')) return { op: 'link set', dev, up: words[3] === 'up' }
    if (words.length === 5 && words[3] === 'alias') return { op: 'link set', dev, alias: words[4]! }
    if (words.length === 5 && words[3] === 'master') return { op: 'link set', dev, master: words[4]! }
    return bad('unknown link setting')
  }
  if (object === 'link' && verb === 'del' && words.length === 3) return { op: 'link del', dev: words[2]! }
  if (object === 'link' && verb === 'add') {
    const name = words[2] ?? bad('no name')
    const type = words.indexOf('type')
    if (type < 0) bad('no type')
    const before = options(3, ['numtxqueues', 'numrxqueues'], [], type)
    const queues = (found: Map<string, string>): Queues => ({
      tx: found.has('numtxqueues') ? int(found.get('numtxqueues'), 'numtxqueues') : null,
      rx: found.has('numrxqueues') ? int(found.get('numrxqueues'), 'numrxqueues') : null,
    })
    const kind = words[type + 1]
    if ((kind === 'bridge' || kind === 'ifb') && words.length === type + 2 && before.size === 0) return { op: 'link add', name, kind }
    if (kind === 'veth') {
      if (words[type + 2] !== 'peer' || words[type + 3] !== 'name') bad('a veth needs "peer name"')
      const peer = options(type + 5, ['netns', 'address', 'numtxqueues', 'numrxqueues'])
      return {
        op: 'link add veth',
        name,
        queues: queues(before),
        peer: { name: words[type + 4] ?? bad('no peer name'), namespace: peer.get('netns') ?? null, mac: peer.has('address') ? mac(peer.get('address')) : null, queues: queues(peer) },
      }
    }
    if (kind === 'vxlan' && before.size === 0) {
      const found = options(type + 2, ['id', 'local', 'dev', 'dstport'], ['nolearning'])
      return {
        op: 'link add vxlan',
        name,
        id: int(found.get('id'), 'id'),
        local: ipv4(found.get('local'), 'local'),
        dev: found.get('dev') ?? null,
        port: int(found.get('dstport'), 'dstport'),
        learning: !found.has('nolearning'),
      }
    }
    return bad('unknown link type')
  }
  if (object === 'address' && (verb === 'add' || verb === 'del')) {
    const [address, prefixLength] = cidr(words[2], 'address')
    const found = options(3, ['dev'])
    return { op: 'address', add: verb === 'add', address, prefixLength, dev: found.get('dev') ?? bad('no device') }
  }
  if (object === 'route' && (verb === 'replace' || verb === 'del')) {
    const [destination, prefixLength] = words[2] === 'default' ? ['0.0.0.0', 0] : cidr(words[2], 'destination')
    const found = options(3, ['via', 'dev', 'src', 'table'])
    return {
      op: 'route',
      replace: verb === 'replace',
      destination,
      prefixLength,
      via: found.has('via') ? ipv4(found.get('via'), 'via') : null,
      dev: found.get('dev') ?? null,
      source: found.has('src') ? ipv4(found.get('src'), 'src') : null,
      table: found.has('table') ? int(found.get('table'), 'table') : MAIN_TABLE,
    }
  }
  if (object === 'rule' && (verb === 'add' || verb === 'del')) {
    const found = options(2, ['priority', 'from', 'lookup'])
    const [from, prefixLength] = cidr(found.get('from'), 'from')
    return { op: 'rule', add: verb === 'add', priority: int(found.get('priority'), 'priority'), from, prefixLength, table: int(found.get('lookup'), 'lookup') }
  }
  if (object === 'neigh' && (verb === 'replace' || verb === 'del')) {
    const address = ipv4(words[2], 'neighbour')
    const found = options(3, ['lladdr', 'dev', 'nud'])
    if (verb === 'replace' && found.get('nud') !== 'permanent') bad('a neighbour is replaced as permanent')
    return { op: 'neigh', replace: verb === 'replace', address, mac: found.has('lladdr') ? mac(found.get('lladdr')) : null, dev: found.get('dev') ?? bad('no device') }
  }
  return bad('unknown command')
}

/**
 * Runs a batch in `namespace` (null: the agent's own) over one rtnetlink socket made inside it,
 * line after line; the first refusal stops it with a CommandError naming the line, as
 * `ip -batch` would. Every line is parsed before the first is sent.
 */
export async function runIpBatch(namespace: string | null, lines: readonly string[]): Promise<void> {
  const where = `ip -n ${namespace ?? '(root)'} -batch`
  let commands: IpCommand[]
  try {
    commands = lines.map(parseIpLine)
  } catch (err) {
    throw new CommandError(where, err instanceof Error ? err.message : String(err), null)
  }
  const socket = socketIn(namespace, where)
  try {
    const session = new Session(socket)
    for (const [i, command] of commands.entries()) {
      try {
        await session.run(command)
      } catch (err) {
        throw new CommandError(`${where} [${lines.join('; ')}]`, `line ${i + 1} (${lines[i]}): ${describe(err)}`, 1)
      }
    }
  } finally {
    socket.socket.close()
  }
}

/** An rtnetlink socket inside `namespace`; a namespace that is not there is a CommandError of `what`. */
function socketIn(namespace: string | null, what: string): RtNetlinkSocket {
  try {
    return inNamespace(namespace, () => createRtNetlink())
  } catch (err) {
    throw err instanceof NoSuchNamespace ? new CommandError(what, err.message, null) : err
  }
}

/** An interface as a dump shows it: a link of the kernel view, its addresses apart (`NamespaceDump.addresses`). */
export type DumpedLink = Omit<LinkView, 'addresses'>

/** An IPv4 route as a dump shows it, its destination written as `ip` writes it (`default`, `a.b.c.d`, `a.b.c.d/len`). */
export interface DumpedRoute {
  table: number
  destination: string
  gateway: string | null
  dev: string | null
  /** Made by the kernel for an address's subnet. */
  kernel: boolean
}

/** What `readNamespace` needs of a namespace, read in four dumps over one rtnetlink socket. */
export interface NamespaceDump {
  links: DumpedLink[]
  /** IPv4 addresses of each interface, `a.b.c.d/len`. */
  addresses: Map<string, string[]>
  routes: DumpedRoute[]
  rules: { priority: number; from: string; table: number }[]
  /** Permanent IPv4 neighbours (read only when asked). */
  neighbours: { address: string; mac: string; dev: string }[]
}

const IF_OPER_UP = 6

/** Reads a namespace's interfaces, addresses, routes of every table and rules (and permanent neighbours when asked). */
export async function dumpNamespace(namespace: string | null, withNeighbours = false): Promise<NamespaceDump> {
  const socket = socketIn(namespace, `read ${namespace}`)
  try {
    // One dump at a time: a socket reassembles one multipart answer at a time.
    const links = await socket.getLinks()
    const addresses = await socket.getAddresses({ family: AF_INET })
    const routes = await socket.getRoutes({ family: AF_INET })
    const rules = await socket.getRules({ family: AF_INET })
    const neighbours = withNeighbours ? await socket.getNeighbors({ family: AF_INET }) : []
    const names = new Map(links.flatMap((l) => (l.data.index === undefined || l.attrs.ifname === undefined ? [] : [[l.data.index, l.attrs.ifname]])))
    const nameOf = (index: number | undefined) => (index === undefined ? null : (names.get(index) ?? null))
    const dump: NamespaceDump = { links: [], addresses: new Map(), routes: [], rules: [], neighbours: [] }
    for (const l of links) {
      const info = l.attrs.linkinfo === undefined ? undefined : ifla.parseInfo(l.attrs.linkinfo)
      const port = info?.slaveKind === 'bridge' && info.slaveData !== undefined ? ifla.parseBridgePort(info.slaveData) : undefined
      dump.links.push({
        name: l.attrs.ifname ?? '',
        kind: info?.kind ?? null,
        mac: l.attrs.address === undefined ? '' : macText(l.attrs.address),
        up: l.data.flags?.up === true,
        operUp: l.attrs.operstate === IF_OPER_UP,
        master: nameOf(l.attrs.master),
        alias: l.attrs.ifalias ?? null,
        txQueues: l.attrs.numTxQueues ?? 1,
        rxQueues: l.attrs.numRxQueues ?? 1,
        learning: port?.learning === undefined ? null : port.learning !== 0,
      })
    }
    for (const a of addresses) {
      const dev = nameOf(a.data.index)
      if (dev === null || a.attrs.local === undefined) continue
      dump.addresses.set(dev, [...(dump.addresses.get(dev) ?? []), `${ipText(a.attrs.local)}/${a.data.prefixlen ?? 32}`])
    }
    for (const r of routes) {
      const length = r.data.dstLen ?? 0
      const address = r.attrs.dst === undefined ? '0.0.0.0' : ipText(r.attrs.dst)
      dump.routes.push({
        table: r.attrs.table ?? r.data.table ?? 0,
        destination: length === 0 ? 'default' : length === 32 ? address : `${address}/${length}`,
        gateway: r.attrs.gateway === undefined ? null : ipText(r.attrs.gateway),
        dev: nameOf(r.attrs.oif),
        kernel: r.data.protocol === 'KERNEL',
      })
    }
    for (const r of rules) {
      if (r.attrs.priority === undefined || r.attrs.src === undefined) continue
      dump.rules.push({ priority: r.attrs.priority, from: `${ipText(r.attrs.src)}/${r.data.srcLen ?? 32}`, table: r.attrs.table ?? r.data.table ?? 0 })
    }
    for (const n of neighbours) {
      const dev = nameOf(n.data.ifindex)
      if (n.data.state?.permanent === true && dev !== null && n.attrs.dst !== undefined && n.attrs.lladdr !== undefined) {
        dump.neighbours.push({ address: ipText(n.attrs.dst), mac: macText(n.attrs.lladdr), dev })
      }
    }
    return dump
  } finally {
    socket.socket.close()
  }
}

const ipText = (bytes: Uint8Array) => [...bytes].join('.')
const macText = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(':')

// Numbers from the kernel's uapi headers (linux/if_link.h, rtnetlink.h, neighbour.h, fib_rules.h).
const IFLA_INFO_KIND = 1
const IFLA_INFO_DATA = 2
const IFLA_INFO_SLAVE_KIND = 4
const IFLA_INFO_SLAVE_DATA = 5
const VETH_INFO_PEER = 1
const IFLA_VXLAN_ID = 1
const IFLA_VXLAN_LINK = 3
const IFLA_VXLAN_LOCAL = 4
const IFLA_VXLAN_LEARNING = 7
const IFLA_VXLAN_PORT = 15
const IFLA_BRPORT_LEARNING = 8
const AF_INET = 2
const RTPROT_BOOT = 3
const RT_SCOPE_UNIVERSE = 0
const RT_SCOPE_LINK = 253
const RT_SCOPE_NOWHERE = 255
const RTN_UNICAST = 1
const FR_ACT_TO_TBL = 1
/** Tables up to 255 fit the header's byte; larger ones go in an attribute, the header saying 0. */
const HEADER_TABLES = 256

const CREATE_EXCLUSIVE = { flags: FlagsNew.CREATE | FlagsNew.EXCL }
const CREATE_OR_REPLACE = { flags: FlagsNew.CREATE | FlagsNew.REPLACE }

/** One batch's requests on one socket, with the interface indexes it has looked up. */
class Session {
  readonly #indexes = new Map<string, number>()

  constructor(readonly socket: RtNetlinkSocket) {}

  async run(c: IpCommand): Promise<void> {
    const s = this.socket
    switch (c.op) {
      case 'link set':
        await s.newLink(
          c.up === undefined ? {} : { flags: { up: c.up } as never, change: { up: true } as never },
          { ifname: c.dev, ...(c.alias === undefined ? {} : { ifalias: c.alias }), ...(c.master === undefined ? {} : { master: await this.index(c.master) }) },
        )
        return
      case 'link del':
        this.#indexes.delete(c.dev)
        await s.delLink({}, { ifname: c.dev })
        return
      case 'link add':
        await s.newLink({}, { ifname: c.name, linkinfo: nest([[IFLA_INFO_KIND, text(c.kind)]]) }, CREATE_EXCLUSIVE)
        return
      case 'link add veth': {
        const fd = c.peer.namespace === null ? null : openNamespace(c.peer.namespace)
        try {
          const peer: ifla.LinkAttrs = { ifname: c.peer.name, ...queueAttrs(c.peer.queues), ...(c.peer.mac === null ? {} : { address: macBytes(c.peer.mac) }), ...(fd === null ? {} : { netNsFd: fd }) }
          // The peer is an ifinfomsg (16 bytes, all zero) followed by its own link attributes.
          const peerInfo = Buffer.concat([Buffer.alloc(16), attributes(ifla.formatLinkAttrs(peer))])
          await s.newLink({}, { ifname: c.name, ...queueAttrs(c.queues), linkinfo: nest([[IFLA_INFO_KIND, text('veth')], [IFLA_INFO_DATA, nest([[VETH_INFO_PEER, peerInfo]])]]) }, CREATE_EXCLUSIVE)
        } finally {
          if (fd !== null) closeSync(fd)
        }
        return
      }
      case 'link add vxlan': {
        const data: [number, Buffer][] = [
          [IFLA_VXLAN_ID, u32(c.id)],
          [IFLA_VXLAN_LOCAL, ipBytes(c.local)],
          [IFLA_VXLAN_LEARNING, Buffer.from([c.learning ? 1 : 0])],
          [IFLA_VXLAN_PORT, be16(c.port)],
        ]
        if (c.dev !== null) data.push([IFLA_VXLAN_LINK, u32(await this.index(c.dev))])
        await s.newLink({}, { ifname: c.name, linkinfo: nest([[IFLA_INFO_KIND, text('vxlan')], [IFLA_INFO_DATA, nest(data)]]) }, CREATE_EXCLUSIVE)
        return
      }
      case 'bridge port':
        await s.newLink({}, { ifname: c.dev, linkinfo: nest([[IFLA_INFO_SLAVE_KIND, text('bridge')], [IFLA_INFO_SLAVE_DATA, nest([[IFLA_BRPORT_LEARNING, Buffer.from([c.learning ? 1 : 0])]])]]) })
        return
      case 'address': {
        const header = { family: AF_INET, prefixlen: c.prefixLength, index: await this.index(c.dev), scope: RT_SCOPE_UNIVERSE }
        const attrs = { local: ipBytes(c.address), address: ipBytes(c.address) }
        if (c.add) await s.newAddress(header, attrs, CREATE_EXCLUSIVE)
        else await s.delAddress(header, attrs)
        return
      }
      case 'route': {
        const attrs = {
          ...(c.prefixLength === 0 ? {} : { dst: ipBytes(c.destination) }),
          ...(c.via === null ? {} : { gateway: ipBytes(c.via) }),
          ...(c.dev === null ? {} : { oif: await this.index(c.dev) }),
          ...(c.source === null ? {} : { prefsrc: ipBytes(c.source) }),
          ...(c.table < HEADER_TABLES ? {} : { table: c.table }),
        }
        const table = c.table < HEADER_TABLES ? c.table : 0
        if (c.replace) {
          // As `ip route replace`: a route without a gateway is on the link.
          await s.newRoute(
            { family: AF_INET, dstLen: c.prefixLength, table, protocol: RTPROT_BOOT, scope: c.via === null ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE, type: RTN_UNICAST },
            attrs,
            CREATE_OR_REPLACE,
          )
        } else {
          await s.delRoute({ family: AF_INET, dstLen: c.prefixLength, table, scope: RT_SCOPE_NOWHERE }, attrs)
        }
        return
      }
      case 'rule': {
        const header = { family: AF_INET, srcLen: c.prefixLength, table: c.table < HEADER_TABLES ? c.table : 0, ...(c.add ? { action: FR_ACT_TO_TBL } : {}) }
        const attrs = { src: ipBytes(c.from), priority: c.priority, ...(c.table < HEADER_TABLES ? {} : { table: c.table }) }
        if (c.add) await s.newRule(header, attrs, CREATE_EXCLUSIVE)
        else await s.delRule(header, attrs)
        return
      }
      case 'neigh': {
        const ifindex = await this.index(c.dev)
        if (c.replace) {
          await s.newNeighbor({ family: AF_INET, ifindex, state: { permanent: true } }, { dst: ipBytes(c.address), ...(c.mac === null ? {} : { lladdr: macBytes(c.mac) }) }, CREATE_OR_REPLACE)
        } else {
          await s.delNeighbor({ family: AF_INET, ifindex }, { dst: ipBytes(c.address) })
        }
        return
      }
    }
  }

  /** The index of a device of this namespace, asked once per batch. */
  async index(dev: string): Promise<number> {
    const known = this.#indexes.get(dev)
    if (known !== undefined) return known
    const [link] = await this.socket.getLink({}, { ifname: dev }).catch((err: unknown) => {
      throw describe(err).startsWith('ENODEV') ? new Error(`Cannot find device "${dev}"`) : err
    })
    if (link?.data.index === undefined) throw new Error(`Cannot find device "${dev}"`)
    this.#indexes.set(dev, link.data.index)
    return link.data.index
  }
}

function queueAttrs(queues: Queues): ifla.LinkAttrs {
  return { ...(queues.tx === null ? {} : { numTxQueues: queues.tx }), ...(queues.rx === null ? {} : { numRxQueues: queues.rx }) }
}

/** Netlink attributes, each a 4-byte header and its payload padded to 4 bytes. */
function nest(items: readonly [number, Buffer][]): Buffer {
  return Buffer.concat(
    items.map(([type, payload]) => {
      const header = Buffer.alloc(4)
      header.writeUInt16LE(4 + payload.length, 0)
      header.writeUInt16LE(type, 2)
      return Buffer.concat([header, payload, Buffer.alloc((4 - (payload.length % 4)) % 4)])
    }),
  )
}

function attributes(data: ReturnType<typeof ifla.formatLinkAttrs>): Buffer {
  const stream = new AttrStream()
  stream.emit(data)
  return Buffer.concat(stream.bufs)
}

const text = (value: string) => Buffer.from(`${value}\0`)
const u32 = (value: number) => {
  const b = Buffer.alloc(4)
  b.writeUInt32LE(value)
  return b
}
const be16 = (value: number) => {
  const b = Buffer.alloc(2)
  b.writeUInt16BE(value)
  return b
}
const ipBytes = (address: string) => Buffer.from(address.split('.').map(Number))
const macBytes = (mac: string) => Buffer.from(mac.split(':').map((h) => Number.parseInt(h, 16)))

/** The kernel's answer in `ip`'s words: "RTNETLINK answers: File exists" becomes "EEXIST (file already exists)". */
function describe(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err)
  const code = /Request rejected: (\w+)/.exec(message)?.[1]
  if (code === undefined) return message
  const known = [...getSystemErrorMap().values()].find(([name]) => name === code)
  return known === undefined ? code : `${code} (${known[1]})`
}
