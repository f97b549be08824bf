import { parseIpv4 } from '../ipam/ipv4.js'
import {
  compareCompiledRules,
  compileRule,
  defaultsOf,
  grantsInnerAccess,
  hostCidr,
  type CompiledRule,
  type EffectivePolicy,
  type PolicyRule,
} from './effective-policy.js'
import type { InnerAccessPolicy, SecurityGroupType } from './security-group.js'

export interface GroupAttributes {
  type: SecurityGroupType
  innerAccessPolicy: InnerAccessPolicy
}

/** Everything a host's policies depend on, as the store hands it over. */
export interface PolicySnapshot {
  groups: ReadonlyArray<GroupAttributes & { id: string; rules: readonly PolicyRule[] }>
  enis: ReadonlyArray<{ id: string; groupIds: readonly string[]; addresses: readonly string[] }>
}

interface RuleEntry {
  groupId: string
  direction: PolicyRule['direction']
  peerGroupId: string | undefined
  /** Shared by every member of the rule's group: one update reaches all their policies. */
  compiled: CompiledRule
  /** A group peer's member addresses, ascending, in step with `compiled.peers`. */
  peerAddresses: number[]
}

interface GroupEntry extends GroupAttributes {
  rules: Map<string, RuleEntry>
}

interface EniEntry {
  groupIds: string[]
  /** Ascending. */
  addresses: number[]
  policy: EffectivePolicy
  /** Inner-access addresses with how many of the ENI's groups grant each, in step with `innerAddresses`. */
  innerCounts: Map<number, number>
  innerAddresses: number[]
}

/**
 * The effective policies of many ENIs, kept up to date change by change. It holds groups, their
 * rules, which ENIs are in which groups and the ENIs' addresses; each change returns the ENIs
 * whose policy it changed and touches only those, at a cost that follows the change (the members
 * of the group a rule is added to, the rules naming a group as peer…), never the total number of
 * rules. A compiled rule is shared by all members of its group, and a member address entering a
 * peer group is inserted once into each rule that names the group.
 *
 * Policies are the same as `compileEffectivePolicy` computes from the same state (its tests check
 * exactly that) and are the compiler's own, updated in place: copy one to keep a snapshot. An
 * address belongs to one ENI at a time, as the store guarantees.
 */
export class PolicyCompiler {
  readonly #groups = new Map<string, GroupEntry>()
  readonly #rules = new Map<string, RuleEntry>()
  readonly #enis = new Map<string, EniEntry>()
  /** Group → member ENIs, also for groups known only as peers. */
  readonly #members = new Map<string, Set<string>>()
  /** Group → the rules that name it as their peer. */
  readonly #peerRules = new Map<string, Set<string>>()

  /** A compiler holding `snapshot`, every rule compiled once and every ENI's policy built once. */
  static build(snapshot: PolicySnapshot): PolicyCompiler {
    const compiler = new PolicyCompiler()
    for (const group of snapshot.groups) {
      compiler.#groups.set(group.id, { type: group.type, innerAccessPolicy: group.innerAccessPolicy, rules: new Map() })
    }
    for (const eni of snapshot.enis) {
      const entry = compiler.#eni(eni.id)
      entry.addresses = [...new Set(eni.addresses.map(parseIpv4))].sort((a, b) => a - b)
      entry.groupIds = [...eni.groupIds]
      for (const groupId of eni.groupIds) compiler.#membersOf(groupId).add(eni.id)
    }
    for (const group of snapshot.groups) for (const rule of group.rules) compiler.#compile(group.id, rule)
    for (const eniId of compiler.#enis.keys()) compiler.#rebuild(eniId)
    return compiler
  }

  policyOf(eniId: string): EffectivePolicy | undefined {
    return this.#enis.get(eniId)?.policy
  }

  /** A new group, or a group's new InnerAccessPolicy (ModifySecurityGroupPolicy). */
  putGroup(groupId: string, attributes: GroupAttributes): string[] {
    const group = this.#groups.get(groupId)
    const members = this.#membersOf(groupId)
    if (group === undefined || group.type !== attributes.type) {
      this.#groups.set(groupId, { ...attributes, rules: group?.rules ?? new Map() })
      for (const eniId of members) this.#rebuild(eniId)
      return sorted(members)
    }
    if (group.innerAccessPolicy === attributes.innerAccessPolicy) return []
    group.innerAccessPolicy = attributes.innerAccessPolicy
    for (const eniId of members) this.#rebuildInnerAccess(this.#mustEni(eniId))
    return sorted(members)
  }

  /** A deleted group: its rules go with it. */
  removeGroup(groupId: string): string[] {
    const group = this.#groups.get(groupId)
    if (group === undefined) return []
    const affected = new Set<string>()
    for (const ruleId of [...group.rules.keys()]) for (const eniId of this.removeRule(ruleId)) affected.add(eniId)
    this.#groups.delete(groupId)
    for (const eniId of this.#membersOf(groupId)) {
      this.#rebuild(eniId)
      affected.add(eniId)
    }
    return sorted(affected)
  }

  addRule(groupId: string, rule: PolicyRule): string[] {
    if (!this.#groups.has(groupId)) throw new Error(`policy compiler: unknown security group ${groupId}`)
    if (this.#rules.has(rule.id)) throw new Error(`policy compiler: rule ${rule.id} is already there`)
    const entry = this.#compile(groupId, rule)
    const members = this.#membersOf(groupId)
    for (const eniId of members) {
      const rules: CompiledRule[] = this.#mustEni(eniId).policy[entry.direction].rules
      rules.splice(lowerBound(rules, entry.compiled, compareCompiledRules), 0, entry.compiled)
    }
    return sorted(members)
  }

  removeRule(ruleId: string): string[] {
    const entry = this.#rules.get(ruleId)
    if (entry === undefined) return []
    this.#rules.delete(ruleId)
    this.#groups.get(entry.groupId)?.rules.delete(ruleId)
    if (entry.peerGroupId !== undefined) this.#peerRules.get(entry.peerGroupId)?.delete(ruleId)
    const members = this.#membersOf(entry.groupId)
    for (const eniId of members) {
      const rules: CompiledRule[] = this.#mustEni(eniId).policy[entry.direction].rules
      const at = lowerBound(rules, entry.compiled, compareCompiledRules)
      if (rules[at] === entry.compiled) rules.splice(at, 1)
    }
    return sorted(members)
  }

  /** The ENI's groups are now `groupIds` (it joined, left, or got a new set); a new ENI starts here. */
  setEniGroups(eniId: string, groupIds: readonly string[]): string[] {
    const eni = this.#eni(eniId)
    const before = new Set(eni.groupIds)
    const after = new Set(groupIds)
    const affected = new Set([eniId])
    for (const groupId of eni.groupIds) {
      if (after.has(groupId)) continue
      this.#membersOf(groupId).delete(eniId)
      this.#shareAddresses(groupId, eni.addresses, -1, affected)
    }
    for (const groupId of groupIds) {
      if (before.has(groupId)) continue
      this.#shareAddresses(groupId, eni.addresses, +1, affected)
      this.#membersOf(groupId).add(eniId)
    }
    eni.groupIds = [...groupIds]
    this.#rebuild(eniId)
    return sorted(affected)
  }

  addAddress(eniId: string, address: string): string[] {
    const eni = this.#eni(eniId)
    const value = parseIpv4(address)
    const at = lowerBound(eni.addresses, value, (a, b) => a - b)
    if (eni.addresses[at] === value) return []
    eni.addresses.splice(at, 0, value)
    const affected = new Set<string>()
    for (const groupId of eni.groupIds) this.#shareAddresses(groupId, [value], +1, affected)
    return sorted(affected)
  }

  removeAddress(eniId: string, address: string): string[] {
    const eni = this.#enis.get(eniId)
    const value = parseIpv4(address)
    const at = eni === undefined ? -1 : lowerBound(eni.addresses, value, (a, b) => a - b)
    if (eni === undefined || eni.addresses[at] !== value) return []
    eni.addresses.splice(at, 1)
    const affected = new Set<string>()
    for (const groupId of eni.groupIds) this.#shareAddresses(groupId, [value], -1, affected)
    return sorted(affected)
  }

  /** A deleted ENI: it leaves its groups, and its addresses leave every peer list. */
  removeEni(eniId: string): string[] {
    if (!this.#enis.has(eniId)) return []
    const affected = this.setEniGroups(eniId, []).filter((id) => id !== eniId)
    this.#enis.delete(eniId)
    return affected
  }

  /**
   * `addresses` of a member enter (+1) or leave (−1) `groupId`: every rule naming the group as peer
   * gains or loses them, and so does the inner access of the group's members if it grants any.
   */
  #shareAddresses(groupId: string, addresses: readonly number[], sign: 1 | -1, affected: Set<string>): void {
    for (const ruleId of this.#peerRules.get(groupId) ?? []) {
      const entry = this.#rules.get(ruleId)
      if (entry === undefined) continue
      for (const address of addresses) updatePeer(entry, address, sign)
      for (const eniId of this.#membersOf(entry.groupId)) affected.add(eniId)
    }
    const group = this.#groups.get(groupId)
    if (group === undefined || !grantsInnerAccess(group)) return
    for (const eniId of this.#membersOf(groupId)) {
      const member = this.#mustEni(eniId)
      for (const address of addresses) updateInnerAccess(member, address, sign)
      affected.add(eniId)
    }
  }

  #compile(groupId: string, rule: PolicyRule): RuleEntry {
    const peerGroupId = rule.peer.kind === 'group' ? rule.peer.groupId : undefined
    const peerAddresses: number[] = []
    if (peerGroupId !== undefined) {
      for (const eniId of this.#membersOf(peerGroupId)) peerAddresses.push(...this.#mustEni(eniId).addresses)
      peerAddresses.sort((a, b) => a - b)
    }
    const compiled = compileRule(groupId, rule, peerAddresses.map(hostCidr))
    if (peerGroupId !== undefined) {
      let referencing = this.#peerRules.get(peerGroupId)
      if (referencing === undefined) this.#peerRules.set(peerGroupId, (referencing = new Set()))
      referencing.add(rule.id)
    }
    const entry: RuleEntry = { groupId, direction: rule.direction, peerGroupId, compiled, peerAddresses }
    this.#rules.set(rule.id, entry)
    this.#groups.get(groupId)?.rules.set(rule.id, entry)
    return entry
  }

  /** The ENI's whole policy from its groups, as `compileEffectivePolicy` assembles it. */
  #rebuild(eniId: string): void {
    const eni = this.#mustEni(eniId)
    const groups = eni.groupIds.flatMap((id) => this.#groups.get(id) ?? [])
    const ingress: CompiledRule[] = []
    const egress: CompiledRule[] = []
    for (const group of groups) for (const entry of group.rules.values()) (entry.direction === 'ingress' ? ingress : egress).push(entry.compiled)
    const defaults = defaultsOf(groups[0]?.type)
    eni.policy = {
      ingress: { rules: ingress.sort(compareCompiledRules), default: defaults.ingress },
      egress: { rules: egress.sort(compareCompiledRules), default: defaults.egress },
      innerAccessPeers: [],
    }
    this.#rebuildInnerAccess(eni)
  }

  #rebuildInnerAccess(eni: EniEntry): void {
    eni.innerCounts = new Map()
    for (const groupId of eni.groupIds) {
      const group = this.#groups.get(groupId)
      if (group === undefined || !grantsInnerAccess(group)) continue
      for (const memberId of this.#membersOf(groupId)) {
        for (const address of this.#mustEni(memberId).addresses) eni.innerCounts.set(address, (eni.innerCounts.get(address) ?? 0) + 1)
      }
    }
    eni.innerAddresses = [...eni.innerCounts.keys()].sort((a, b) => a - b)
    eni.policy.innerAccessPeers = eni.innerAddresses.map(hostCidr)
  }

  #eni(eniId: string): EniEntry {
    let eni = this.#enis.get(eniId)
    if (eni === undefined) {
      const defaults = defaultsOf(undefined)
      eni = {
        groupIds: [],
        addresses: [],
        policy: { ingress: { rules: [], default: defaults.ingress }, egress: { rules: [], default: defaults.egress }, innerAccessPeers: [] },
        innerCounts: new Map(),
        innerAddresses: [],
      }
      this.#enis.set(eniId, eni)
    }
    return eni
  }

  #mustEni(eniId: string): EniEntry {
    const eni = this.#enis.get(eniId)
    if (eni === undefined) throw new Error(`policy compiler: unknown network interface ${eniId}`)
    return eni
  }

  #membersOf(groupId: string): Set<string> {
    let members = this.#members.get(groupId)
    if (members === undefined) this.#members.set(groupId, (members = new Set()))
    return members
  }
}

function updatePeer(entry: RuleEntry, address: number, sign: 1 | -1): void {
  const at = lowerBound(entry.peerAddresses, address, (a, b) => a - b)
  const present = entry.peerAddresses[at] === address
  if (sign > 0 && !present) {
    entry.peerAddresses.splice(at, 0, address)
    entry.compiled.peers.splice(at, 0, hostCidr(address))
  } else if (sign < 0 && present) {
    entry.peerAddresses.splice(at, 1)
    entry.compiled.peers.splice(at, 1)
  }
}

/** An address can reach an ENI through several of its groups: it leaves inner access with the last. */
function updateInnerAccess(eni: EniEntry, address: number, sign: 1 | -1): void {
  const count = (eni.innerCounts.get(address) ?? 0) + sign
  const at = lowerBound(eni.innerAddresses, address, (a, b) => a - b)
  if (count <= 0) {
    eni.innerCounts.delete(address)
    if (eni.innerAddresses[at] === address) {
      eni.innerAddresses.splice(at, 1)
      eni.policy.innerAccessPeers.splice(at, 1)
    }
    return
  }
  eni.innerCounts.set(address, count)
  if (eni.innerAddresses[at] !== address) {
    eni.innerAddresses.splice(at, 0, address)
    eni.policy.innerAccessPeers.splice(at, 0, hostCidr(address))
  }
}

/** The first index whose item is not below `item`. */
function lowerBound<T>(items: readonly T[], item: T, compare: (a: T, b: T) => number): number {
  let low = 0
  let high = items.length
  while (low < high) {
    const mid = (low + high) >>> 1
    if (compare(items[mid] as T, item) < 0) low = mid + 1
    else high = mid
  }
  return low
}

function sorted(ids: Iterable<string>): string[] {
  return [...ids].sort()
}
