import type { Kysely } from 'kysely'
import type { InnerAccessPolicy, SecurityGroup, SecurityGroupType } from '../../domain/security-group/security-group.js'
import type { Database, Row } from '../schema.js'
import { loadTags } from './tags.js'

function toSecurityGroups(rows: readonly Row<'security_groups'>[], tags: Map<string, SecurityGroup['tags']>): SecurityGroup[] {
  return rows.map((r) => ({
    id: r.id,
    accountId: r.account_id,
    regionId: r.region_id,
    vpcId: r.vpc_id,
    name: r.name,
    description: r.description,
    type: r.type as SecurityGroupType,
    innerAccessPolicy: r.inner_access_policy as InnerAccessPolicy,
    createdAt: r.created_at,
    tags: tags.get(r.id) ?? [],
  }))
}

/** Maps rows to entities with their tags, keeping the rows' order. */
export async function hydrateSecurityGroups(db: Kysely<Database>, rows: readonly Row<'security_groups'>[]): Promise<SecurityGroup[]> {
  const tags = await loadTags(
    db,
    'securitygroup',
    rows.map((r) => r.id),
  )
  return toSecurityGroups(rows, tags)
}

/**
 * The account's groups among `ids`, in any region: another account's group, or one that does not
 * exist, is simply absent, and the caller's rule decides what that means.
 */
export async function findSecurityGroups(db: Kysely<Database>, accountId: string, ids: readonly string[]): Promise<SecurityGroup[]> {
  if (ids.length === 0) return []
  const rows = await db.selectFrom('security_groups').selectAll().where('account_id', '=', accountId).where('id', 'in', ids).execute()
  return hydrateSecurityGroups(db, rows)
}

/** Replaces the ENI's memberships; `position` keeps the order the groups were given in. */
export async function setEniGroups(db: Kysely<Database>, eniId: string, groupIds: readonly string[]): Promise<void> {
  await db.deleteFrom('eni_security_groups').where('eni_id', '=', eniId).execute()
  if (groupIds.length === 0) return
  await db
    .insertInto('eni_security_groups')
    .values(groupIds.map((id, position) => ({ eni_id: eniId, security_group_id: id, position })))
    .execute()
}
