import type { Unit } from '../../service/mutate.js'

/**
 * Locks the caller's account row until the transaction ends. The row is the lock behind the
 * per-account quotas (VPCs, security groups, secondary ENIs): every create takes it before
 * counting, so concurrent creates of one account, on one server or several, count one after the
 * other.
 */
export async function lockAccountRow(u: Unit): Promise<void> {
  if (!u.dialect.locksRows) return
  await u.dialect.forUpdate(u.tx.selectFrom('accounts').select('id').where('id', '=', u.caller.accountId)).execute()
}
