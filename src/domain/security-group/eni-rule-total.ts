import { DomainError } from '../errors.js'

/**
 * Spec §7: the rules of all the groups of one ENI, inbound and outbound, are at most `limit`
 * (1,000 by default). Checked for each ENI whose groups are in `memberships` (ENI → its group IDs)
 * with `ruleCounts` (group → its rule count, as it will be), in ENI order so the message is stable.
 */
export function assertEniRuleTotals(
  memberships: ReadonlyMap<string, readonly string[]>,
  ruleCounts: ReadonlyMap<string, number>,
  limit: number,
): void {
  for (const eniId of [...memberships.keys()].sort()) {
    const groupIds = memberships.get(eniId) ?? []
    const total = groupIds.reduce((sum, id) => sum + (ruleCounts.get(id) ?? 0), 0)
    if (total > limit) {
      throw new DomainError(
        'AclLimitExceed',
        `The network interface ${eniId} would be governed by ${total} rules over its security groups; at most ${limit} are allowed.`,
      )
    }
  }
}
