import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { ruleRuns, type RuleRun } from '../../../../src/agent/linux/rule-sets.js'
import { parseCidr, cidrSize } from '../../../../src/domain/ipam/cidr.js'
import { parseIpv4 } from '../../../../src/domain/ipam/ipv4.js'
import type { CompiledRule, Protocol, Verdict } from '../../../../src/domain/security-group/effective-policy.js'

interface Packet {
  peer: number
  own: number
  protocol: 'tcp' | 'udp' | 'icmp'
  port: number
}

/** An element field as the inclusive range it stands for: an address, a CIDR block, `a-b`, a port, a protocol. */
function rangeOf(field: string): [number, number] {
  if (field === 'tcp' || field === 'udp' || field === 'icmp') {
    const n = { icmp: 1, tcp: 6, udp: 17 }[field]
    return [n, n]
  }
  if (/^\d+(-\d+)?$/.test(field)) {
    const [lo, hi = lo] = field.split('-').map(Number) as [number, number?]
    return [lo, hi]
  }
  if (field.includes('-')) {
    const [lo, hi] = field.split('-') as [string, string]
    return [parseIpv4(lo), parseIpv4(hi)]
  }
  const cidr = parseCidr(field.includes('/') ? field : `${field}/32`)
  return [cidr.network, cidr.network + cidrSize(cidr) - 1]
}

const boxOf = (element: string) => element.split(' . ').map(rangeOf)
const within = (value: number, [lo, hi]: [number, number]) => value >= lo && value <= hi

/** What the kernel's lookups answer for a packet: is it in one of the run's sets. */
function inRun(run: RuleRun, p: Packet): boolean {
  const addressed = (box: [number, number][]) => within(p.peer, box[0]!) && within(p.own, box[1]!)
  if (run.any.map(boxOf).some(addressed)) return true
  const protocol = rangeOf(p.protocol)[0]
  if (p.protocol === 'icmp') return run.protocols.map(boxOf).some((b) => addressed(b) && within(protocol, b[2]!))
  return run.ports.map(boxOf).some((b) => addressed(b) && within(protocol, b[2]!) && within(p.port, b[3]!))
}

/** First match wins over the rules as written: the reference the sets must agree with. */
function firstMatch(rules: readonly CompiledRule[], p: Packet): Verdict | undefined {
  for (const rule of rules) {
    if (rule.protocol !== 'all' && rule.protocol !== p.protocol) continue
    if ((rule.protocol === 'tcp' || rule.protocol === 'udp') && (p.port < rule.portFrom || p.port > rule.portTo)) continue
    if (rule.local !== undefined && !within(p.own, rangeOf(rule.local))) continue
    if (rule.peers.some((peer) => within(p.peer, rangeOf(peer)))) return rule.policy
  }
  return undefined
}

// A small world (addresses 10.0.0.0–10.0.0.15, ports 20–27) so that rules overlap often.
const address = fc.integer({ min: 0, max: 15 }).map((n) => parseIpv4('10.0.0.0') + n)
const cidr = fc
  .tuple(fc.integer({ min: 0, max: 15 }), fc.constantFrom(28, 29, 30, 31, 32))
  .map(([n, length]) => parseCidr(`10.0.0.${n}/${length}`).text)
const rule: fc.Arbitrary<CompiledRule> = fc
  .record({
    policy: fc.constantFrom<Verdict>('accept', 'drop'),
    protocol: fc.constantFrom<Protocol>('tcp', 'udp', 'icmp', 'all'),
    ports: fc.tuple(fc.integer({ min: 20, max: 27 }), fc.integer({ min: 0, max: 4 })),
    peers: fc.array(fc.oneof(cidr, fc.constant('0.0.0.0/0')), { maxLength: 3 }),
    local: fc.option(cidr, { nil: undefined }),
  })
  .map(({ policy, protocol, ports: [from, span], peers, local }) => ({
    priority: 1,
    policy,
    protocol,
    portFrom: protocol === 'tcp' || protocol === 'udp' ? from : -1,
    portTo: protocol === 'tcp' || protocol === 'udp' ? Math.min(from + span, 27) : -1,
    peers,
    ...(local === undefined ? {} : { local }),
    origin: { groupId: 'sg-1', ruleId: 'r' },
  }))
const packet: fc.Arbitrary<Packet> = fc.record({
  peer: address,
  own: address,
  protocol: fc.constantFrom<'tcp' | 'udp' | 'icmp'>('tcp', 'udp', 'icmp'),
  port: fc.integer({ min: 18, max: 29 }),
})

describe('ruleRuns', () => {
  it('gives every packet the verdict of the first rule that matches it, or none (property)', () => {
    fc.assert(
      fc.property(fc.array(rule, { maxLength: 12 }), fc.array(packet, { minLength: 20, maxLength: 20 }), (rules, packets) => {
        const runs = ruleRuns(rules)
        for (const p of packets) assert.equal(runs.find((run) => inRun(run, p))?.verdict, firstMatch(rules, p))
      }),
      { numRuns: 500 },
    )
  })

  it('makes the elements of each set disjoint, as the kernel requires of interval concatenations (property)', () => {
    const overlap = (a: [number, number][], b: [number, number][]) => a.every((range, d) => range[0] <= b[d]![1] && b[d]![0] <= range[1])
    fc.assert(
      fc.property(fc.array(rule, { maxLength: 12 }), (rules) => {
        for (const run of ruleRuns(rules)) {
          for (const set of [run.ports, run.protocols, run.any]) {
            const boxes = set.map(boxOf)
            boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => assert.ok(!overlap(a, b), `${set[i]} overlaps another element`)))
          }
        }
      }),
      { numRuns: 500 },
    )
  })

  it('makes one run per change of verdict, however many rules each holds', () => {
    const r = (policy: Verdict, peer: string, port: number): CompiledRule => ({
      priority: 1, policy, protocol: 'tcp', portFrom: port, portTo: port, peers: [peer], origin: { groupId: 'sg-1', ruleId: `${peer}:${port}` },
    })
    const rules = [
      ...Array.from({ length: 1000 }, (_, i) => r('drop', `10.${i >> 8}.${i & 255}.0/24`, 22)),
      ...Array.from({ length: 1000 }, (_, i) => r('accept', `192.0.2.${i & 255}/32`, 1000 + (i >> 8))),
      r('drop', '0.0.0.0/0', 22),
    ]
    const runs = ruleRuns(rules)
    assert.deepEqual(runs.map((run) => [run.verdict, run.ports.length]), [['drop', 1000], ['accept', 1000], ['drop', 1]])
  })

  it('keeps a wide rule whole and drops the narrower ones inside it, instead of cutting', () => {
    const wide: CompiledRule = { priority: 1, policy: 'accept', protocol: 'tcp', portFrom: 1, portTo: 65535, peers: ['10.0.0.0/8'], origin: { groupId: 'sg-1', ruleId: 'a' } }
    const inside: CompiledRule = { ...wide, portFrom: 22, portTo: 22, peers: ['10.1.0.0/16', '10.2.3.4/32'], origin: { groupId: 'sg-1', ruleId: 'b' } }
    assert.deepEqual(ruleRuns([inside, wide]), [{ verdict: 'accept', ports: ['10.0.0.0/8 . 0.0.0.0/0 . tcp . 0-65535'], protocols: [], any: [] }])
  })
})
