import { cidrSize, parseCidr } from '../../domain/ipam/cidr.js'
import { formatIpv4 } from '../../domain/ipam/ipv4.js'
import type { CompiledRule, Verdict } from '../../domain/security-group/effective-policy.js'

/**
 * A policy direction's rules as nftables set lookups, so that a packet's cost grows with the number
 * of times the verdict changes along the evaluation order, not with the number of rules.
 *
 * Rules are evaluated first match wins, so consecutive rules with the same verdict can be tried in
 * any order, or all at once: each such run becomes at most three set lookups (tcp/udp with ports,
 * other single protocols, any protocol), each set holding the union of the run's rules as boxes
 * (peer addresses × own addresses [× protocol [× ports]]). Only the order between runs remains.
 *
 * The kernel's concatenated interval sets (pipapo) refuse an element whose first or last point lies
 * in an element already there, so each set's boxes are made disjoint first: a box is cut by the
 * boxes before it into the pieces they do not cover (the larger boxes go first, so the many small
 * ones inside a wide rule vanish instead of being cut).
 */
export interface RuleRun {
  verdict: Verdict
  /** `peer . own . tcp|udp . ports` elements. */
  ports: string[]
  /** `peer . own . protocol` elements (icmp). */
  protocols: string[]
  /** `peer . own` elements (every protocol). */
  any: string[]
}

type Category = 'ports' | 'protocols' | 'any'

/** Inclusive integer ranges: peer, own address, protocol number, port. */
type Box = [number, number, number, number, number, number, number, number]

const PROTOCOL_NUMBER = { icmp: 1, tcp: 6, udp: 17 } as const
const PROTOCOL_NAME = new Map<number, string>(Object.entries(PROTOCOL_NUMBER).map(([name, n]) => [n, name]))
const EVERY_ADDRESS = '0.0.0.0/0'

export function ruleRuns(rules: readonly CompiledRule[]): RuleRun[] {
  const runs: { verdict: Verdict; boxes: Record<Category, Box[]> }[] = []
  for (const rule of rules) {
    // A rule whose peer group has no members matches nothing, and so splits no run.
    if (rule.peers.length === 0) continue
    let run = runs.at(-1)
    if (run === undefined || run.verdict !== rule.policy) {
      run = { verdict: rule.policy, boxes: { ports: [], protocols: [], any: [] } }
      runs.push(run)
    }
    const [category, box] = shapeOf(rule)
    const own = rangeOf(rule.local ?? EVERY_ADDRESS)
    for (const peer of rule.peers) {
      const [peerLo, peerHi] = rangeOf(peer)
      run.boxes[category].push([peerLo, peerHi, own[0], own[1], ...box])
    }
  }
  return runs.map(({ verdict, boxes }) => ({
    verdict,
    ports: disjoint(boxes.ports).map((b) => `${addresses(b[0], b[1])} . ${addresses(b[2], b[3])} . ${protocolName(b[4])} . ${numbers(b[6], b[7])}`),
    protocols: disjoint(boxes.protocols).map((b) => `${addresses(b[0], b[1])} . ${addresses(b[2], b[3])} . ${protocolName(b[4])}`),
    any: disjoint(boxes.any).map((b) => `${addresses(b[0], b[1])} . ${addresses(b[2], b[3])}`),
  }))
}

/** The rule's protocol and port ranges, and which kind of set holds it. */
function shapeOf(rule: CompiledRule): [Category, [number, number, number, number]] {
  if (rule.protocol === 'tcp' || rule.protocol === 'udp') {
    const n = PROTOCOL_NUMBER[rule.protocol]
    // Every port (1/65535) also takes port 0, as matching the protocol alone would.
    const from = rule.portFrom === 1 && rule.portTo === 65535 ? 0 : rule.portFrom
    return ['ports', [n, n, from, rule.portTo]]
  }
  if (rule.protocol === 'icmp') return ['protocols', [1, 1, 0, 0]]
  return ['any', [0, 0, 0, 0]]
}

function rangeOf(cidr: string): [number, number] {
  const parsed = parseCidr(cidr.includes('/') ? cidr : `${cidr}/32`)
  return [parsed.network, parsed.network + cidrSize(parsed) - 1]
}

/**
 * The union of `boxes` as disjoint boxes, in a stable order. Each box loses what the boxes before it
 * (in order of decreasing volume) cover; their union is what their pieces kept so far cover, so it
 * is cut by those boxes themselves, and only by the ones that overlap it: found by a sweep along the
 * one dimension in which the fewest pairs overlap, so that thousands of rules that differ in their
 * peers, or in their ports, cost about n log n and not n².
 */
export function disjoint(boxes: readonly Box[]): Box[] {
  const ordered = [...new Map(boxes.map((b) => [b.join(','), b])).values()]
  ordered.sort((a, b) => volume(b) - volume(a) || compareBoxes(a, b))
  const earlier = overlappingEarlier(ordered)
  const kept: Box[] = []
  ordered.forEach((box, i) => {
    let pieces: Box[] = [box]
    for (const j of earlier[i] ?? []) {
      if (pieces.length === 0) break
      pieces = pieces.flatMap((piece) => subtract(piece, ordered[j]!))
    }
    kept.push(...pieces)
  })
  return kept.sort(compareBoxes)
}

/** For each box, the indexes of the boxes before it that overlap it, ascending. */
function overlappingEarlier(boxes: readonly Box[]): number[][] {
  const earlier: number[][] = boxes.map(() => [])
  if (boxes.length < 2) return earlier
  const dimension = [0, 2, 6].reduce((best, d) => (overlappingPairs(boxes, d) < overlappingPairs(boxes, best) ? d : best))
  const byStart = boxes.map((_, i) => i).sort((a, b) => boxes[a]![dimension]! - boxes[b]![dimension]! || a - b)
  for (let x = 0; x < byStart.length; x++) {
    const a = byStart[x]!
    const end = boxes[a]![dimension + 1]!
    // Every box starting within this one's range overlaps it in this dimension.
    for (let y = x + 1; y < byStart.length && boxes[byStart[y]!]![dimension]! <= end; y++) {
      const b = byStart[y]!
      if (!overlaps(boxes[a]!, boxes[b]!)) continue
      earlier[Math.max(a, b)]!.push(Math.min(a, b))
    }
  }
  for (const list of earlier) list.sort((a, b) => a - b)
  return earlier
}

/** How many pairs of boxes overlap in one dimension: all pairs less those where one ends before the other starts. */
function overlappingPairs(boxes: readonly Box[], dimension: number): number {
  const starts = boxes.map((b) => b[dimension]!).sort((a, b) => a - b)
  const ends = boxes.map((b) => b[dimension + 1]!).sort((a, b) => a - b)
  let apart = 0
  let ended = 0
  for (const start of starts) {
    while (ended < ends.length && ends[ended]! < start) ended++
    apart += ended
  }
  return (boxes.length * (boxes.length - 1)) / 2 - apart
}

function volume(box: Box): number {
  let v = 1
  for (let d = 0; d < 8; d += 2) v *= box[d + 1]! - box[d]! + 1
  return v
}

function compareBoxes(a: Box, b: Box): number {
  for (let i = 0; i < 8; i++) if (a[i] !== b[i]) return a[i]! - b[i]!
  return 0
}

function overlaps(a: Box, b: Box): boolean {
  for (let d = 0; d < 8; d += 2) if (a[d]! > b[d + 1]! || b[d]! > a[d + 1]!) return false
  return true
}

/** The parts of `box` outside `cut`: at most two slabs per dimension. */
function subtract(box: Box, cut: Box): Box[] {
  if (!overlaps(box, cut)) return [box]
  const rest = [...box] as Box
  const pieces: Box[] = []
  for (let d = 0; d < 8; d += 2) {
    if (rest[d]! < cut[d]!) {
      const below = [...rest] as Box
      below[d + 1] = cut[d]! - 1
      pieces.push(below)
      rest[d] = cut[d]!
    }
    if (rest[d + 1]! > cut[d + 1]!) {
      const above = [...rest] as Box
      above[d] = cut[d + 1]! + 1
      pieces.push(above)
      rest[d + 1] = cut[d + 1]!
    }
  }
  return pieces
}

/** An address range as nft writes it: one address, a CIDR block, or `first-last`. */
function addresses(lo: number, hi: number): string {
  if (lo === hi) return formatIpv4(lo)
  const size = hi - lo + 1
  const length = 32 - Math.log2(size)
  if (Number.isInteger(length) && lo % size === 0) return `${formatIpv4(lo)}/${length}`
  return `${formatIpv4(lo)}-${formatIpv4(hi)}`
}

function numbers(lo: number, hi: number): string {
  return lo === hi ? String(lo) : `${lo}-${hi}`
}

function protocolName(n: number): string {
  return PROTOCOL_NAME.get(n) ?? String(n)
}
