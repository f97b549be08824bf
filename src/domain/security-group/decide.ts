import { parseCidr } from '../ipam/cidr.js'
import { parseIpv4 } from '../ipam/ipv4.js'
import type { CompiledRule, EffectivePolicy, Verdict } from './effective-policy.js'
import type { RuleDirection } from './rule.js'

/** One connection as one ENI's filter sees it: the other end, and the ENI's own end when known. */
export type TrafficQuery = {
  /** The source of inbound traffic, the destination of outbound traffic. */
  peer: string
  /** The ENI's own address on the connection; rules limited to some of its addresses match only with it. */
  local?: string | undefined
} & ({ protocol: 'tcp' | 'udp'; port: number } | { protocol: 'icmp' })

export type DecidedBy =
  | { kind: 'inner-access' }
  | { kind: 'rule'; groupId: string; ruleId: string; priority: number }
  | { kind: 'default' }

export interface Decision {
  verdict: Verdict
  decidedBy: DecidedBy
}

/**
 * The verdict of `policy` on a connection opened in `direction`, and what decided it, in the order
 * of `effective-policy.ts`: inner access, then the first matching rule, then the default.
 */
export function decide(policy: EffectivePolicy, direction: RuleDirection, query: TrafficQuery): Decision {
  const peer = parseIpv4(query.peer)
  if (policy.innerAccessPeers.some((cidr) => contains(cidr, peer))) return { verdict: 'accept', decidedBy: { kind: 'inner-access' } }
  const local = query.local === undefined ? undefined : parseIpv4(query.local)
  const rules = policy[direction].rules
  const rule = rules.find((r) => matchesProtocol(r, query) && r.peers.some((cidr) => contains(cidr, peer)) && matchesLocal(r, local))
  if (rule === undefined) return { verdict: policy[direction].default, decidedBy: { kind: 'default' } }
  return { verdict: rule.policy, decidedBy: { kind: 'rule', groupId: rule.origin.groupId, ruleId: rule.origin.ruleId, priority: rule.priority } }
}

function matchesProtocol(rule: CompiledRule, query: TrafficQuery): boolean {
  if (rule.protocol === 'all') return true
  if (rule.protocol !== query.protocol) return false
  return query.protocol === 'icmp' || (query.port >= rule.portFrom && query.port <= rule.portTo)
}

function matchesLocal(rule: CompiledRule, local: number | undefined): boolean {
  if (rule.local === undefined) return true
  return local !== undefined && contains(rule.local, local)
}

function contains(cidr: string, address: number): boolean {
  const block = parseCidr(cidr)
  const size = 2 ** (32 - block.prefix)
  return address >= block.network && address < block.network + size
}
