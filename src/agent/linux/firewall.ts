import { createHash } from 'node:crypto'
import type { DesiredState } from '../../domain/host/desired-state.js'
import type { DirectionPolicy } from '../../domain/security-group/effective-policy.js'
import { cidrContains, parseCidr, type Cidr } from '../../domain/ipam/cidr.js'
import type { Names } from './names.js'
import { ruleRuns, type RuleRun } from './rule-sets.js'

/**
 * The host's security groups as nftables (design: "security group"), two tables replaced together
 * in one `nft -f` transaction whenever their text changes:
 *
 * - `inet PREFIX-filter`, on bridged traffic (br_netfilter), where the interface is the vSwitch's
 *   bridge: each VPC gets its own conntrack zone (overlapping VPCs never share a connection);
 *   established and related packets pass; the source ENI is found by `bridge . source address` in
 *   a verdict map and its egress chain runs (an accept returns, so the destination still decides);
 *   then the destination ENI by `bridge . destination address`, and its ingress chain decides.
 *   Traffic a custom route brings to its next-hop ENI, or that ENI sends from the route's
 *   destination, is not addressed to or from the ENI's own addresses: it is found by the ENI's MAC
 *   and that destination, and judged by the same chains.
 *   One chain pair per effective policy, shared by every ENI with the same groups, whose rules are
 *   set lookups, one to three per run of same-verdict rules (`ruleRuns`). Traffic that
 *   is no ENI's on that bridge (the router's own) passes: it is checked where it reaches an ENI.
 * - `bridge PREFIX-guard`: an ENI port may only send IPv4 and ARP from its own MAC and addresses,
 *   so no instance can borrow another's address past a group-membership rule; and ARP about the
 *   vSwitch gateways never crosses a VXLAN tunnel, since every host's router answers for them.
 *
 * A set `digest` in the filter table holds a digest of the whole text: a pass reads that one set to
 * know whether anything must change, never the whole ruleset.
 */
export interface Firewall {
  /** Both tables whole, replacing what is there in one transaction. */
  text: string
  /** Of the whole text: what the `digest` set in the kernel holds once it is loaded. */
  digest: string
  /** Of the text without any set's elements: equal when only elements differ. */
  structure: string
  sets: NftSet[]
}

/** A named set or map of one of the two tables. */
export interface NftSet {
  /** `inet PREFIX-filter` or `bridge PREFIX-guard`. */
  table: string
  kind: 'set' | 'map'
  name: string
  /** What goes between the braces before the elements: `type …;` or `typeof …;`, and flags. */
  spec: string
  /** An interval set: its elements are replaced all at once (the kernel refuses overlaps). */
  interval: boolean
  elements: string[]
}

export function firewallOf(desired: DesiredState, names: Names): Firewall {
  const filter = `${names.prefix}-filter`
  const guard = `${names.prefix}-guard`
  const chains: string[] = []
  const chainOf = new Map<string, string>()
  const ruleSets: NftSet[] = []
  for (const policy of desired.securityPolicies) {
    const base = `p_${shortDigest(policy.id, 12)}`
    chainOf.set(policy.id, base)
    // Members of the groups allowed in by inner access: a set, present even while empty, so that
    // an ENI joining or leaving changes its elements and not the chains.
    const inner = `${base}_inner`
    const members = policy.innerAccessPeers.map((peer) => peer.replace(/\/32$/, ''))
    ruleSets.push({ table: `inet ${filter}`, kind: 'set', name: inner, spec: 'type ipv4_addr;', interval: false, elements: members })
    chains.push(chain(`${base}_in`, [
      `ip saddr @${inner} accept`,
      ...runLines(`${base}_in`, policy.ingress, 'ingress', (set) => ruleSets.push({ table: `inet ${filter}`, ...set })),
      defaultLine(policy.ingress, 'ingress'),
    ]))
    chains.push(chain(`${base}_out`, [
      `ip daddr @${inner} return`,
      ...runLines(`${base}_out`, policy.egress, 'egress', (set) => ruleSets.push({ table: `inet ${filter}`, ...set })),
      defaultLine(policy.egress, 'egress'),
    ]))
  }
  const egress: string[] = []
  const ingress: string[] = []
  const sources: string[] = []
  const ports: string[] = []
  for (const eni of [...desired.enis].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const base = chainOf.get(eni.securityPolicyId)
    if (base === undefined) throw new Error(`no security policy ${eni.securityPolicyId} for ${eni.id}`)
    const bridge = names.bridge(eni.vSwitchId)
    const port = names.eniPort(eni.id)
    ports.push(`"${port}"`)
    for (const address of [eni.primaryIpAddress, ...eni.secondaryIpAddresses]) {
      egress.push(`"${bridge}" . ${address} : jump ${base}_out`)
      ingress.push(`"${bridge}" . ${address} : jump ${base}_in`)
      sources.push(`"${port}" . ${eni.mac.toLowerCase()} . ${address}`)
    }
  }
  // The ENI a custom route leads to answers (and forwards) from the route's destination, and its
  // groups judge what the route brings it and what it sends from there. Of nested destinations
  // leading to one ENI the widest says it all (interval sets refuse overlaps).
  const routedByEni = new Map<string, { port: string; mac: string; policy: string; cidrs: Cidr[] }>()
  for (const vpc of desired.vpcs) {
    for (const route of vpc.customRoutes) {
      const eni = desired.enis.find((e) => e.id === route.nextHop.eniId)
      const base = eni === undefined ? undefined : chainOf.get(eni.securityPolicyId)
      if (eni === undefined || base === undefined) continue
      const entry = routedByEni.get(eni.id) ?? routedByEni.set(eni.id, { port: names.eniPort(eni.id), mac: eni.mac.toLowerCase(), policy: base, cidrs: [] }).get(eni.id)!
      entry.cidrs.push(parseCidr(route.destinationCidrBlock))
    }
  }
  const routed: string[] = []
  const routedIn: string[] = []
  const routedOut: string[] = []
  for (const { port, mac, policy, cidrs } of routedByEni.values()) {
    const widest = cidrs.filter((c, i) => !cidrs.some((other, j) => j !== i && cidrContains(other, c) && (other.text !== c.text || j < i)))
    for (const c of widest) {
      routed.push(`"${port}" . ${mac} . ${c.text}`)
      routedIn.push(`${mac} . ${c.text} : jump ${policy}_in`)
      routedOut.push(`${mac} . ${c.text} : jump ${policy}_out`)
    }
  }
  const zones = desired.vSwitches.map((v) => `"${names.bridge(v.id)}" : ${conntrackZone(v.vpcId)}`)
  const inFilter = (kind: 'set' | 'map', name: string, spec: string, elements: string[]): NftSet => ({ table: `inet ${filter}`, kind, name, spec, interval: false, elements })
  const inGuard = (name: string, spec: string, elements: string[], interval = false): NftSet => ({ table: `bridge ${guard}`, kind: 'set', name, spec, interval, elements })
  const filterSets = [
    inFilter('map', 'egress', 'type ifname . ipv4_addr : verdict;', egress),
    inFilter('map', 'ingress', 'type ifname . ipv4_addr : verdict;', ingress),
    inFilter('map', 'zones', 'typeof iifname : ct zone;', zones),
    { ...inFilter('map', 'routed_in', 'type ether_addr . ipv4_addr : verdict; flags interval;', routedIn), interval: true },
    { ...inFilter('map', 'routed_out', 'type ether_addr . ipv4_addr : verdict; flags interval;', routedOut), interval: true },
    ...ruleSets,
  ]
  const guardSets = [
    inGuard('ports', 'type ifname;', ports),
    inGuard('sources', 'type ifname . ether_addr . ipv4_addr;', sources),
    inGuard('routed', 'type ifname . ether_addr . ipv4_addr; flags interval;', routed, true),
    inGuard('tunnels', 'type ifname;', desired.vSwitches.map((v) => `"${names.vxlan(v.id)}"`)),
    inGuard('gateways', 'type ipv4_addr;', desired.vSwitches.map((v) => v.gatewayIpAddress)),
  ]
  const bodyOf = (elements: boolean) => [
    `table inet ${filter} {`,
    ...filterSets.map((set) => renderSet(set, elements)),
    ...chains,
    chain('prerouting', ['ct zone set iifname map @zones'], 'type filter hook prerouting priority raw; policy accept;'),
    chain('forward', [
      'ct state established,related accept',
      'ct state invalid drop',
      'iifname . ip saddr vmap @egress',
      // Sent from, or routed to, the destination of a custom route by the ENI it leads to: the
      // ENI is known by its MAC, since the addresses are not its own.
      'ether saddr . ip saddr vmap @routed_out',
      'oifname . ip daddr vmap @ingress',
      'ether daddr . ip daddr vmap @routed_in',
    ], 'type filter hook forward priority filter; policy accept;'),
    '}',
    `table bridge ${guard} {`,
    ...guardSets.map((set) => renderSet(set, elements)),
    // Every host answers for the gateways itself: ARP about them never crosses a tunnel.
    chain('forward', [
      'oifname @tunnels arp saddr ip @gateways drop',
      'oifname @tunnels arp daddr ip @gateways drop',
    ], 'type filter hook forward priority -200; policy accept;'),
    chain('prerouting', [
      'iifname != @ports accept',
      'ether type ip iifname . ether saddr . ip saddr @sources accept',
      'ether type arp iifname . ether saddr . arp saddr ip @sources accept',
      'ether type ip iifname . ether saddr . ip saddr @routed accept',
      'ether type arp iifname . ether saddr . arp saddr ip @routed accept',
      'drop',
    ], 'type filter hook prerouting priority -200; policy accept;'),
    '}',
  ].join('\n')
  const body = bodyOf(true)
  const digest = shortDigest(body, 15)
  // The digest goes in with the tables; replacing both in one transaction leaves no moment without rules.
  const text = [
    `table inet ${filter}`,
    `delete table inet ${filter}`,
    `table bridge ${guard}`,
    `delete table bridge ${guard}`,
    body.replace(`table inet ${filter} {`, `table inet ${filter} {\n  set digest { type ifname; elements = { "${digest}" }; }`),
    '',
  ].join('\n')
  return { text, digest, structure: shortDigest(bodyOf(false), 15), sets: [...filterSets, ...guardSets] }
}

/**
 * The nft text that turns the firewall `previous` (which the kernel holds: its digest is there)
 * into `next` when only elements differ, in one transaction: elements deleted and added, an
 * interval set flushed and filled again (its elements are cut to fit each other), and the digest
 * swapped. Undefined when the chains or the sets themselves differ: then the tables are replaced.
 * An ENI plugged or moved, an address or a group member added, a rule added to a run: each changes
 * a few elements, at a cost that does not grow with the number of ENIs on the host.
 */
export function firewallDelta(previous: Firewall, next: Firewall, prefix: string): string | undefined {
  if (previous.structure !== next.structure || previous.sets.length !== next.sets.length) return undefined
  const lines = [
    `delete element inet ${prefix}-filter digest { "${previous.digest}" }`,
    `add element inet ${prefix}-filter digest { "${next.digest}" }`,
  ]
  for (const [i, set] of next.sets.entries()) {
    const before = previous.sets[i]!
    if (before.table !== set.table || before.name !== set.name) return undefined
    const target = `${set.table} ${set.name}`
    if (set.interval) {
      if (sameElements(before.elements, set.elements)) continue
      lines.push(`flush ${set.kind} ${target}`)
      if (set.elements.length > 0) lines.push(`add element ${target} { ${set.elements.join(', ')} }`)
      continue
    }
    const { gone, fresh } = elementChanges(before.elements, set.elements)
    // A map's element is deleted by its key alone.
    if (gone.length > 0) lines.push(`delete element ${target} { ${gone.map((e) => (set.kind === 'map' ? e.split(' : ')[0] : e)).join(', ')} }`)
    if (fresh.length > 0) lines.push(`add element ${target} { ${fresh.join(', ')} }`)
  }
  return `${lines.join('\n')}\n`
}

function sameElements(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((e, i) => e === b[i])
}

/** Mids up to this long are looked up in the whole other list by scanning it; longer ones through a set of it. */
const SCAN_AT_MOST = 16

/**
 * The elements of `before` not in `after`, and those of `after` not in `before`. Both lists come in
 * a stable order (ENI, then address), so a change is a short stretch between a common beginning
 * and a common end: only that stretch is looked up, and a host of thousands of elements is not
 * hashed whole for one added.
 */
export function elementChanges(before: readonly string[], after: readonly string[]): { gone: string[]; fresh: string[] } {
  let start = 0
  while (start < before.length && start < after.length && before[start] === after[start]) start++
  let endBefore = before.length
  let endAfter = after.length
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore--
    endAfter--
  }
  const midBefore = before.slice(start, endBefore)
  const midAfter = after.slice(start, endAfter)
  // Membership in the whole other list: an element may have moved from the stretch to elsewhere.
  const inList = (list: readonly string[], mid: readonly string[]) => {
    if (mid.length <= SCAN_AT_MOST) return (e: string) => list.includes(e)
    const set = new Set(list)
    return (e: string) => set.has(e)
  }
  const inAfter = inList(after, midBefore)
  const inBefore = inList(before, midAfter)
  return { gone: midBefore.filter((e) => !inAfter(e)), fresh: midAfter.filter((e) => !inBefore(e)) }
}

function renderSet(set: NftSet, withElements: boolean): string {
  const elements = withElements && set.elements.length > 0 ? ` elements = { ${set.elements.join(', ')} };` : ''
  return `  ${set.kind} ${set.name} { ${set.spec}${elements} }`
}

/**
 * A direction's rules as set lookups, one to three per run of same-verdict rules (`ruleRuns`), in
 * evaluation order; the sets they look in go to `addSet`. The peer is the packet's source
 * going in and its destination going out; the ENI's own address is the other end.
 */
function runLines(chainName: string, policy: DirectionPolicy, direction: 'ingress' | 'egress', addSet: (set: Omit<NftSet, 'table'>) => void): string[] {
  const [peer, own] = direction === 'ingress' ? ['ip saddr', 'ip daddr'] : ['ip daddr', 'ip saddr']
  const lines: string[] = []
  runsOf(policy).forEach((run, i) => {
    const lookups: [string, string, string, readonly string[]][] = [
      ['p', `${peer} . ${own} . meta l4proto . th dport`, 'ipv4_addr . ipv4_addr . inet_proto . inet_service', run.ports],
      ['i', `${peer} . ${own} . meta l4proto`, 'ipv4_addr . ipv4_addr . inet_proto', run.protocols],
      ['a', `${peer} . ${own}`, 'ipv4_addr . ipv4_addr', run.any],
    ]
    for (const [suffix, key, type, elements] of lookups) {
      if (elements.length === 0) continue
      const name = `${chainName}_${i}${suffix}`
      addSet({ kind: 'set', name, spec: `type ${type}; flags interval;`, interval: true, elements: [...elements] })
      lines.push(`${key} @${name} ${verdict(run.verdict, direction)}`)
    }
  })
  return lines
}

/**
 * `ruleRuns`, remembered by content: every pass rebuilds the text to compare digests, and making
 * thousands of rules disjoint takes tens of milliseconds, while the rules rarely change.
 */
const runCache = new Map<string, RuleRun[]>()
const RUN_CACHE_SIZE = 1024

function runsOf(policy: DirectionPolicy): RuleRun[] {
  const key = shortDigest(JSON.stringify(policy.rules), 32)
  const cached = runCache.get(key)
  if (cached !== undefined) return cached
  const runs = ruleRuns(policy.rules)
  // Oldest first out: Maps iterate in insertion order.
  if (runCache.size >= RUN_CACHE_SIZE) runCache.delete(runCache.keys().next().value!)
  runCache.set(key, runs)
  return runs
}

function defaultLine(policy: DirectionPolicy, direction: 'ingress' | 'egress'): string {
  return verdict(policy.default, direction)
}

/** An egress accept returns, so the destination's ingress chain still decides. */
function verdict(policy: 'accept' | 'drop', direction: 'ingress' | 'egress'): string {
  if (policy === 'drop') return 'drop'
  return direction === 'ingress' ? 'accept' : 'return'
}

function chain(name: string, lines: readonly string[], hook?: string): string {
  return [`  chain ${name} {`, ...(hook === undefined ? [] : [`    ${hook}`]), ...lines.map((l) => `    ${l}`), '  }'].join('\n')
}

/** A VPC's conntrack zone, stable across passes and hosts (1–65535). */
export function conntrackZone(vpcId: string): number {
  return 1 + (Number.parseInt(shortDigest(vpcId, 8), 16) % 65535)
}

function shortDigest(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length)
}
