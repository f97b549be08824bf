import { createHash } from 'node:crypto'
import type { DesiredState } from '../../domain/host/desired-state.js'
import type { DirectionPolicy } from '../../domain/security-group/effective-policy.js'
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
  text: string
  digest: string
}

export function firewallOf(desired: DesiredState, names: Names): Firewall {
  const filter = `${names.prefix}-filter`
  const guard = `${names.prefix}-guard`
  const chains: string[] = []
  const chainOf = new Map<string, string>()
  const sets: string[] = []
  for (const policy of desired.securityPolicies) {
    const base = `p_${shortDigest(policy.id, 12)}`
    chainOf.set(policy.id, base)
    const inner = policy.innerAccessPeers.length > 0 ? policy.innerAccessPeers : undefined
    chains.push(chain(`${base}_in`, [
      ...(inner === undefined ? [] : [`ip saddr { ${inner.join(', ')} } accept`]),
      ...runLines(`${base}_in`, policy.ingress, 'ingress', sets),
      defaultLine(policy.ingress, 'ingress'),
    ]))
    chains.push(chain(`${base}_out`, [
      ...(inner === undefined ? [] : [`ip daddr { ${inner.join(', ')} } return`]),
      ...runLines(`${base}_out`, policy.egress, 'egress', sets),
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
  // The ENI a custom route leads to answers (and forwards) from the route's destination.
  const routed: string[] = []
  for (const vpc of desired.vpcs) {
    for (const route of vpc.customRoutes) {
      const eni = desired.enis.find((e) => e.id === route.nextHop.eniId)
      if (eni !== undefined) routed.push(`"${names.eniPort(eni.id)}" . ${eni.mac.toLowerCase()} . ${route.destinationCidrBlock}`)
    }
  }
  const zones = desired.vSwitches.map((v) => `"${names.bridge(v.id)}" : ${conntrackZone(v.vpcId)}`)
  const body = [
    `table inet ${filter} {`,
    namedSet('map egress', 'ifname . ipv4_addr : verdict', egress),
    namedSet('map ingress', 'ifname . ipv4_addr : verdict', ingress),
    namedSet('map zones', 'ifname : ct zone', zones, 'typeof'),
    ...sets,
    ...chains,
    chain('prerouting', ['ct zone set iifname map @zones'], 'type filter hook prerouting priority raw; policy accept;'),
    chain('forward', [
      'ct state established,related accept',
      'ct state invalid drop',
      'iifname . ip saddr vmap @egress',
      'oifname . ip daddr vmap @ingress',
    ], 'type filter hook forward priority filter; policy accept;'),
    '}',
    `table bridge ${guard} {`,
    namedSet('set ports', 'ifname', ports),
    namedSet('set sources', 'ifname . ether_addr . ipv4_addr', sources),
    `  set routed { type ifname . ether_addr . ipv4_addr; flags interval;${routed.length === 0 ? '' : ` elements = { ${routed.join(', ')} };`} }`,
    namedSet('set tunnels', 'ifname', desired.vSwitches.map((v) => `"${names.vxlan(v.id)}"`)),
    namedSet('set gateways', 'ipv4_addr', desired.vSwitches.map((v) => v.gatewayIpAddress)),
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
  return { text, digest }
}

/**
 * A direction's rules as set lookups, one to three per run of same-verdict rules (`ruleRuns`), in
 * evaluation order; the sets they look in are added to `sets`. The peer is the packet's source
 * going in and its destination going out; the ENI's own address is the other end.
 */
function runLines(chainName: string, policy: DirectionPolicy, direction: 'ingress' | 'egress', sets: string[]): string[] {
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
      sets.push(`  set ${name} { type ${type}; flags interval; elements = { ${elements.join(', ')} }; }`)
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

function namedSet(head: string, type: string, elements: readonly string[], keyword: 'type' | 'typeof' = 'type'): string {
  if (keyword === 'typeof') type = type.replace(/^ifname/, 'iifname')
  return `  ${head} { ${keyword} ${type};${elements.length === 0 ? '' : ` elements = { ${elements.join(', ')} };`} }`
}

/** A VPC's conntrack zone, stable across passes and hosts (1–65535). */
export function conntrackZone(vpcId: string): number {
  return 1 + (Number.parseInt(shortDigest(vpcId, 8), 16) % 65535)
}

function shortDigest(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length)
}
