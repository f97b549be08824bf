import type { Kysely } from 'kysely'
import { DomainError } from '../domain/errors.js'
import { compileEffectivePolicies, type EffectivePolicy, type PolicyGroup } from '../domain/security-group/effective-policy.js'
import {
  judgeReach,
  parseReachTarget,
  parseReachTraffic,
  type ReachTarget,
  type ReachTraffic,
  type ReachVerdict,
} from '../domain/security-group/reach.js'
import { findEndpoints, type Endpoint } from '../store/repositories/endpoints.js'
import { loadGroupAttributes, loadGroupMembers, loadGroupRules } from '../store/repositories/security-group-rules.js'
import { loadEniGroupIds } from '../store/repositories/security-groups.js'
import type { Database } from '../store/schema.js'
import type { Caller, ServiceDeps } from './deps.js'

/**
 * The effective policy of each ENI among `eniIds`, for the hosts that enforce them. Four queries
 * whatever the number of ENIs: their groups, those groups' attributes and rules, and the addresses
 * of the members of every group involved (theirs and the rules' peer groups).
 */
export async function compilePolicies(db: Kysely<Database>, eniIds: readonly string[]): Promise<Map<string, EffectivePolicy>> {
  return compilePoliciesOf(db, await loadEniGroupIds(db, eniIds))
}

/**
 * The effective policy of each entry of `memberships` (any key: an ENI, or a set of groups that
 * several ENIs share) from the groups it lists, in three queries.
 */
export async function compilePoliciesOf(
  db: Kysely<Database>,
  memberships: ReadonlyMap<string, readonly string[]>,
): Promise<Map<string, EffectivePolicy>> {
  return (await compilePoliciesWithInputs(db, memberships)).policies
}

/** Compiled policies, with what each was compiled from, so a reader can tell when one is out of date. */
export interface CompiledPolicies {
  policies: Map<string, EffectivePolicy>
  /** For each entry, every group its policy reads: its own, and the peer groups of their rules. */
  groupsRead: Map<string, Set<string>>
  /** For each group read, its member ENIs with their addresses, sorted and joined with `,`. */
  members: Map<string, Map<string, string>>
}

/**
 * `compilePoliciesOf`, saying what each policy was compiled from: a policy changes only when one
 * of the groups it read changes (its attributes, its rules, its members or their addresses).
 */
export async function compilePoliciesWithInputs(
  db: Kysely<Database>,
  memberships: ReadonlyMap<string, readonly string[]>,
): Promise<CompiledPolicies> {
  const groupIds = [...new Set([...memberships.values()].flat())]
  const [attributes, rules] = await Promise.all([loadGroupAttributes(db, groupIds), loadGroupRules(db, groupIds)])
  const groups = new Map<string, PolicyGroup>()
  for (const [id, attribute] of attributes) groups.set(id, { ...attribute, rules: rules.get(id) ?? [] })
  const peersOf = (groupId: string) => (rules.get(groupId) ?? []).flatMap((r) => (r.peer.kind === 'group' ? [r.peer.groupId] : []))
  const peerIds = groupIds.flatMap(peersOf)
  const members = await loadGroupMembers(db, [...new Set([...groupIds, ...peerIds])])
  const memberAddresses = new Map([...members].map(([id, list]) => [id, list.map((m) => m.address)]))
  return {
    policies: compileEffectivePolicies(memberships, { groups, memberAddresses }),
    groupsRead: new Map([...memberships].map(([key, ids]) => [key, new Set(ids.flatMap((id) => [id, ...peersOf(id)]))])),
    members: new Map([...members].map(([id, list]) => [id, addressesByEni(list)])),
  }
}

/** Each member ENI's addresses, sorted and joined with `,`: what a policy reads of it. */
export function addressesByEni(list: readonly { eniId: string; address: string }[]): Map<string, string> {
  const byEni = new Map<string, string[]>()
  for (const m of list) (byEni.get(m.eniId) ?? byEni.set(m.eniId, []).get(m.eniId)!).push(m.address)
  return new Map([...byEni].map(([eniId, addresses]) => [eniId, addresses.sort().join(',')]))
}

export interface ReachInput {
  from: string
  to: string
  protocol: string
  port?: string | undefined
}

export interface ReachAnswer extends ReachVerdict {
  from: Omit<Endpoint, 'vpcId'>
  to: Omit<Endpoint, 'vpcId'>
  traffic: ReachTraffic
}

/**
 * May `from` open a connection to `to` on the given protocol and port? Each end is an ENI, an
 * instance (its primary ENI, from its primary address) or a private address of one of the
 * caller's ENIs. An address is looked up in the VPC of the other end when that one is named by
 * ID, since addresses repeat across VPCs; two addresses must each be unambiguous in the account.
 */
export async function reach(deps: ServiceDeps, caller: Caller, input: ReachInput): Promise<ReachAnswer> {
  const targets = { from: parseReachTarget(input.from, 'from'), to: parseReachTarget(input.to, 'to') }
  const traffic = parseReachTraffic(input.protocol, input.port)
  const db = deps.store.db
  const byId = async (target: ReachTarget) => (target.kind === 'address' ? undefined : resolve(db, caller, target))
  let from = await byId(targets.from)
  let to = await byId(targets.to)
  from ??= await resolve(db, caller, targets.from, to?.vpcId)
  to ??= await resolve(db, caller, targets.to, from.vpcId)
  const policies = await compilePolicies(db, [from.eniId, to.eniId])
  const policyOf = (end: Endpoint) => policies.get(end.eniId) ?? unreachable(end.eniId)
  const verdict = judgeReach({ ...from, policy: policyOf(from) }, { ...to, policy: policyOf(to) }, traffic)
  return { from: { eniId: from.eniId, address: from.address }, to: { eniId: to.eniId, address: to.address }, traffic, ...verdict }
}

async function resolve(db: Kysely<Database>, caller: Caller, target: ReachTarget, vpcId?: string): Promise<Endpoint> {
  const found = await findEndpoints(db, caller.accountId, target, vpcId)
  const [first] = found
  if (first === undefined) {
    if (target.kind === 'instance') throw new DomainError('InvalidInstanceId.NotFound', `The instance ${target.instanceId} does not exist.`)
    if (target.kind === 'eni') throw new DomainError('InvalidEniId.NotFound', `The network interface ${target.eniId} does not exist.`)
    throw new DomainError('InvalidEniId.NotFound', `No network interface of yours${vpcId === undefined ? '' : ` in ${vpcId}`} holds ${target.address}.`)
  }
  if (found.length > 1) {
    throw new DomainError('InvalidParameter', `${found.map((e) => e.eniId).join(' and ')} in different VPCs hold ${first.address}; name one of them.`)
  }
  return first
}

// compilePolicies answers for every ENI it is asked about.
function unreachable(eniId: string): never {
  throw new Error(`no policy compiled for ${eniId}`)
}
