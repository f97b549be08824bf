import { sql, type Kysely } from 'kysely'
import { formatIpv4 } from '../../domain/ipam/ipv4.js'
import type { Page, PageRequest } from '../../domain/paging.js'
import type { InnerAccessPolicy, SecurityGroupType } from '../../domain/security-group/security-group.js'
import type { IpProtocol, RuleDirection, RulePeer, RulePolicy, RuleView, SecurityGroupRule } from '../../domain/security-group/rule.js'
import type { Unit } from '../../service/mutate.js'
import { countOf, fetchPage } from '../paging.js'
import type { Database, Row } from '../schema.js'

function toRule(row: Row<'security_group_rules'>): SecurityGroupRule {
  const peer: RulePeer = row.peer_group_id !== null ? { kind: 'group', groupId: row.peer_group_id } : { kind: 'cidr', cidr: row.peer_cidr ?? '' }
  return {
    id: row.id,
    groupId: row.security_group_id,
    direction: row.direction as RuleDirection,
    protocol: row.ip_protocol as IpProtocol,
    portFrom: row.port_from,
    portTo: row.port_to,
    peer,
    local: row.local_cidr,
    policy: row.policy as RulePolicy,
    priority: row.priority,
    description: row.description,
    createdAt: row.created_at,
  }
}

/** The rules of each group, in (creation, ID) order; a group without rules maps to an empty list. */
export async function loadGroupRules(db: Kysely<Database>, groupIds: readonly string[]): Promise<Map<string, SecurityGroupRule[]>> {
  const byGroup = new Map<string, SecurityGroupRule[]>(groupIds.map((id) => [id, []]))
  if (groupIds.length === 0) return byGroup
  const rows = await db
    .selectFrom('security_group_rules')
    .selectAll()
    .where('security_group_id', 'in', groupIds)
    .orderBy('security_group_id')
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  for (const row of rows) byGroup.get(row.security_group_id)?.push(toRule(row))
  return byGroup
}

export async function insertRules(db: Kysely<Database>, rules: readonly SecurityGroupRule[]): Promise<void> {
  if (rules.length === 0) return
  await db
    .insertInto('security_group_rules')
    .values(
      rules.map((r) => ({
        id: r.id,
        security_group_id: r.groupId,
        direction: r.direction,
        ip_protocol: r.protocol,
        port_from: r.portFrom,
        port_to: r.portTo,
        peer_cidr: r.peer.kind === 'cidr' ? r.peer.cidr : null,
        peer_group_id: r.peer.kind === 'group' ? r.peer.groupId : null,
        local_cidr: r.local,
        policy: r.policy,
        priority: r.priority,
        description: r.description,
        created_at: r.createdAt,
      })),
    )
    .execute()
}

export async function deleteRules(db: Kysely<Database>, ruleIds: readonly string[]): Promise<void> {
  if (ruleIds.length === 0) return
  await db.deleteFrom('security_group_rules').where('id', 'in', ruleIds).execute()
}

/** Every rule of a group being deleted. */
export async function deleteGroupRules(db: Kysely<Database>, groupId: string): Promise<void> {
  await db.deleteFrom('security_group_rules').where('security_group_id', '=', groupId).execute()
}

export interface RuleCounts {
  rules: number
  /** Rules whose peer is a group: DescribeSecurityGroups' GroupToGroupRuleCount. */
  groupRules: number
}

/** Rule counts of each group, zero for a group without rules. */
export async function countRules(db: Kysely<Database>, groupIds: readonly string[]): Promise<Map<string, RuleCounts>> {
  const counts = new Map<string, RuleCounts>(groupIds.map((id) => [id, { rules: 0, groupRules: 0 }]))
  if (groupIds.length === 0) return counts
  const rows = await db
    .selectFrom('security_group_rules')
    .select((eb) => [
      'security_group_id as groupId',
      eb.fn.countAll<number | string>().as('rules'),
      eb.fn.count<number | string>('peer_group_id').as('groupRules'),
    ])
    .where('security_group_id', 'in', groupIds)
    .groupBy('security_group_id')
    .execute()
  for (const row of rows) counts.set(row.groupId, { rules: Number(row.rules), groupRules: Number(row.groupRules) })
  return counts
}

/** The other groups with a rule that names `groupId` as its peer, in ID order. */
export async function groupsReferencing(db: Kysely<Database>, groupId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('security_group_rules')
    .select('security_group_id')
    .distinct()
    .where('peer_group_id', '=', groupId)
    .where('security_group_id', '<>', groupId)
    .orderBy('security_group_id')
    .execute()
  return rows.map((r) => r.security_group_id)
}

/**
 * The groups of every member of `groupId` (member ENI → its group IDs): whose rule totals a new
 * rule of the group raises.
 */
export async function loadMembersGroups(db: Kysely<Database>, groupId: string): Promise<Map<string, string[]>> {
  const rows = await db
    .selectFrom('eni_security_groups')
    .select(['eni_id', 'security_group_id'])
    .where('eni_id', 'in', (eb) => eb.selectFrom('eni_security_groups').select('eni_id').where('security_group_id', '=', groupId))
    .orderBy('eni_id')
    .orderBy('position')
    .execute()
  const byEni = new Map<string, string[]>()
  for (const row of rows) byEni.set(row.eni_id, [...(byEni.get(row.eni_id) ?? []), row.security_group_id])
  return byEni
}

/**
 * Holds `groupIds` as they are until the transaction ends, against a concurrent Authorize* (which
 * locks its group for update), while other readers of the same groups go on: an operation that
 * counts an ENI's rules over its groups relies on those counts staying true.
 */
export async function lockGroupsShared(u: Unit, groupIds: readonly string[]): Promise<void> {
  if (!u.dialect.locksRows || groupIds.length === 0) return
  await u.dialect
    .forShare(u.tx.selectFrom('security_groups').select('id').where('id', 'in', [...groupIds].sort()).orderBy('id'))
    .execute()
}

/**
 * Locks `updateId` for update and `shareIds` for share, all in ascending ID order (the rows below
 * the updated one, it, then the rows above), so that transactions locking groups this way always
 * queue in one order and never deadlock one another.
 */
export async function lockGroupsInOrder(u: Unit, updateId: string, shareIds: readonly string[]): Promise<void> {
  if (!u.dialect.locksRows) return
  const others = [...new Set(shareIds)].filter((id) => id !== updateId).sort()
  await lockGroupsShared(u, others.filter((id) => id < updateId))
  await u.dialect.forUpdate(u.tx.selectFrom('security_groups').select('id').where('id', '=', updateId)).execute()
  await lockGroupsShared(u, others.filter((id) => id > updateId))
}

/** A page of the group's rules, of one direction or both, in (creation, ID) order. */
export async function listRules(
  db: Kysely<Database>,
  groupId: string,
  direction: RuleDirection | undefined,
  page: PageRequest,
): Promise<Page<RuleView>> {
  let query = db
    .selectFrom('security_group_rules as r')
    .leftJoin('security_groups as peer', 'peer.id', 'r.peer_group_id')
    .where('r.security_group_id', '=', groupId)
  if (direction !== undefined) query = query.where('r.direction', '=', direction)
  const found = await fetchPage(
    query.selectAll('r').select(sql<string | null>`peer.name`.as('peer_group_name')),
    { createdAt: 'r.created_at', id: 'r.id' },
    page,
    countOf(query),
  )
  return { ...found, items: found.items.map((row) => ({ ...toRule(row), peerGroupName: row.peer_group_name ?? '' })) }
}

/** The member ENIs of each group with each of their private addresses, primary and secondary. */
export async function loadGroupMembers(
  db: Kysely<Database>,
  groupIds: readonly string[],
): Promise<Map<string, { eniId: string; address: string }[]>> {
  const byGroup = new Map<string, { eniId: string; address: string }[]>(groupIds.map((id) => [id, []]))
  if (groupIds.length === 0) return byGroup
  const rows = await db
    .selectFrom('eni_security_groups as m')
    .innerJoin('private_ips as ip', 'ip.eni_id', 'm.eni_id')
    .select(['m.security_group_id as groupId', 'm.eni_id as eniId', 'ip.address as address'])
    .where('m.security_group_id', 'in', groupIds)
    .execute()
  for (const row of rows) byGroup.get(row.groupId)?.push({ eniId: row.eniId, address: formatIpv4(Number(row.address)) })
  return byGroup
}

/** What compilation needs of each group among `ids`: its type and inner-access policy. */
export async function loadGroupAttributes(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<Map<string, { type: SecurityGroupType; innerAccessPolicy: InnerAccessPolicy }>> {
  if (ids.length === 0) return new Map()
  const rows = await db.selectFrom('security_groups').select(['id', 'type', 'inner_access_policy']).where('id', 'in', ids).execute()
  return new Map(rows.map((r) => [r.id, { type: r.type as SecurityGroupType, innerAccessPolicy: r.inner_access_policy as InnerAccessPolicy }]))
}
