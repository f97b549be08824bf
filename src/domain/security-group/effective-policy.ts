import { formatIpv4, parseIpv4 } from '../ipam/ipv4.js'
import type { SecurityGroupRule } from './rule.js'
import type { InnerAccessPolicy, SecurityGroupType } from './security-group.js'

/*
 * An ENI's effective policy: what the data plane enforces for it, computed from its groups alone.
 *
 *   traffic ──► inner access? ──yes──► accept            (a member of one of its basic groups
 *                    │no                                  whose InnerAccessPolicy is Accept)
 *                    ▼
 *              rules in order ──first match──► its policy  (priority ascending; at one priority
 *                    │none                                 drop before accept; then rule ID)
 *                    ▼
 *               the default                                (basic: ingress drop, egress accept;
 *                                                           advanced: both drop)
 *
 * Inner access comes first because spec §5.23 lets members of such a group reach each other
 * "regardless of rules": no rule of any group can cut them off; Drop leaves them to the rules.
 * Stateful (spec §5.20): replies of a connection one side allowed pass both filters, so only the
 * direction a connection is opened in is evaluated. Everything here is plain data, so the compiled
 * form is exactly what the data plane programs, and equal inputs always compile to equal outputs.
 */

export type Protocol = 'tcp' | 'udp' | 'icmp' | 'all'
export type Verdict = 'accept' | 'drop'

export interface CompiledRule {
  priority: number
  policy: Verdict
  protocol: Protocol
  /** Destination ports, both -1 for ICMP and `all`. */
  portFrom: number
  portTo: number
  /** The other end, as canonical CIDR blocks in address order; a group peer's member addresses as /32. */
  peers: string[]
  /** The ENI's own end when the rule names one (the 5-tuple's other side); absent: any of its addresses. */
  local?: string
  origin: { groupId: string; ruleId: string }
}

export interface DirectionPolicy {
  /** In evaluation order: the first that matches decides. */
  rules: CompiledRule[]
  /** The verdict for traffic no rule matches. */
  default: Verdict
}

export interface EffectivePolicy {
  ingress: DirectionPolicy
  egress: DirectionPolicy
  /** Addresses (/32, ascending) accepted both ways before any rule: inner access. */
  innerAccessPeers: string[]
}

/** What compilation reads of a rule. */
export type PolicyRule = Pick<SecurityGroupRule, 'id' | 'direction' | 'protocol' | 'portFrom' | 'portTo' | 'peer' | 'local' | 'policy' | 'priority'>

export interface PolicyGroup {
  type: SecurityGroupType
  innerAccessPolicy: InnerAccessPolicy
  rules: readonly PolicyRule[]
}

/** The groups an ENI's policy depends on, and the members of those and of every peer group. */
export interface PolicyWorld {
  groups: ReadonlyMap<string, PolicyGroup>
  /** The private addresses, primary and secondary, of the member ENIs of each group. */
  memberAddresses: ReadonlyMap<string, readonly string[]>
}

/** The effective policy of an ENI in the groups `groupIds` (1–5, all of one type). */
export function compileEffectivePolicy(groupIds: readonly string[], world: PolicyWorld): EffectivePolicy {
  return assemblePolicy(groupIds, world, (groupId, rule) => compileRule(groupId, rule, peerCidrs(rule, world)))
}

/**
 * The effective policies of many ENIs (ENI → its group IDs): each rule compiled once for all of
 * them, and each peer group's member addresses sorted once for all the rules naming it.
 */
export function compileEffectivePolicies(
  eniGroups: ReadonlyMap<string, readonly string[]>,
  world: PolicyWorld,
): Map<string, EffectivePolicy> {
  const compiled = new Map<string, CompiledRule>()
  const peers = new Map<string, string[]>()
  const ruleOf = (groupId: string, rule: PolicyRule): CompiledRule => {
    let done = compiled.get(rule.id)
    if (done === undefined) {
      let members: string[] = []
      if (rule.peer.kind === 'group') {
        members = peers.get(rule.peer.groupId) ?? peerCidrs(rule, world)
        peers.set(rule.peer.groupId, members)
      }
      done = compileRule(groupId, rule, [...members])
      compiled.set(rule.id, done)
    }
    return done
  }
  return new Map([...eniGroups].map(([eniId, groupIds]) => [eniId, assemblePolicy(groupIds, world, ruleOf)]))
}

/** A group peer's member addresses as /32 blocks in address order; nothing for a CIDR peer. */
function peerCidrs(rule: PolicyRule, world: PolicyWorld): string[] {
  if (rule.peer.kind !== 'group') return []
  const addresses = world.memberAddresses.get(rule.peer.groupId) ?? []
  return [...new Set(addresses.map(parseIpv4))].sort((a, b) => a - b).map(hostCidr)
}

function assemblePolicy(
  groupIds: readonly string[],
  world: PolicyWorld,
  ruleOf: (groupId: string, rule: PolicyRule) => CompiledRule,
): EffectivePolicy {
  const ingress: CompiledRule[] = []
  const egress: CompiledRule[] = []
  const inner = new Set<number>()
  for (const groupId of groupIds) {
    const group = world.groups.get(groupId)
    if (group === undefined) continue
    for (const rule of group.rules) (rule.direction === 'ingress' ? ingress : egress).push(ruleOf(groupId, rule))
    if (grantsInnerAccess(group)) for (const address of world.memberAddresses.get(groupId) ?? []) inner.add(parseIpv4(address))
  }
  const type = defaultsOf(groupIds.flatMap((id) => world.groups.get(id) ?? [])[0]?.type)
  return {
    ingress: { rules: ingress.sort(compareCompiledRules), default: type.ingress },
    egress: { rules: egress.sort(compareCompiledRules), default: type.egress },
    innerAccessPeers: [...inner].sort((a, b) => a - b).map(hostCidr),
  }
}

/**
 * One rule as the data plane sees it. `groupPeers` are the canonical /32 blocks of a group peer's
 * members, in address order (the rule keeps that array as its own); a CIDR peer ignores them.
 */
export function compileRule(groupId: string, rule: PolicyRule, groupPeers: string[]): CompiledRule {
  return {
    priority: rule.priority,
    policy: rule.policy === 'Accept' ? 'accept' : 'drop',
    protocol: rule.protocol.toLowerCase() as Protocol,
    portFrom: rule.portFrom,
    portTo: rule.portTo,
    peers: rule.peer.kind === 'cidr' ? [cidrText(rule.peer.cidr)] : groupPeers,
    ...(rule.local === null ? {} : { local: cidrText(rule.local) }),
    origin: { groupId, ruleId: rule.id },
  }
}

/**
 * Evaluation order (spec §4): smaller priority first; at one priority drop before accept; then by
 * rule ID, so the order never depends on the order rules were created or listed in.
 */
export function compareCompiledRules(a: CompiledRule, b: CompiledRule): number {
  if (a.priority !== b.priority) return a.priority - b.priority
  if (a.policy !== b.policy) return a.policy === 'drop' ? -1 : 1
  return a.origin.ruleId < b.origin.ruleId ? -1 : a.origin.ruleId > b.origin.ruleId ? 1 : 0
}

/** A basic group with InnerAccessPolicy Accept lets its members reach each other (spec §5.16, §5.23). */
export function grantsInnerAccess(group: Pick<PolicyGroup, 'type' | 'innerAccessPolicy'>): boolean {
  return group.type === 'normal' && group.innerAccessPolicy === 'Accept'
}

/**
 * Unmatched traffic (spec §5.20): a basic group denies what comes in and allows what goes out; an
 * advanced group denies both. An ENI in no known group gets the basic defaults.
 */
export function defaultsOf(type: SecurityGroupType | undefined): { ingress: Verdict; egress: Verdict } {
  return type === 'enterprise' ? { ingress: 'drop', egress: 'drop' } : { ingress: 'drop', egress: 'accept' }
}

export function hostCidr(address: number): string {
  return `${formatIpv4(address)}/32`
}

/** Rules keep a single address without `/32`; the compiled form always carries the prefix. */
function cidrText(cidr: string): string {
  return cidr.includes('/') ? cidr : `${cidr}/32`
}
