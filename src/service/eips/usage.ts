import type { Kysely } from 'kysely'
import { billOf, type Bill, type UsageRecord } from '../../domain/eip/bill.js'
import { bandwidthHoursByHour, hourOf } from '../../domain/eip/metering.js'
import { DomainError } from '../../domain/errors.js'
import { addressesOfAllocations, unmeteredEips, usageRecords } from '../../store/repositories/eip-metering.js'
import type { Database } from '../../store/schema.js'

export interface UsageReport {
  account: { id: string; name: string }
  /** The hours reported: those starting in [from, to). */
  from: string
  to: string
  bill: Bill
}

/**
 * An account's EIP usage over hours starting in [hour of `from`, `to`), as a bill: the stored
 * hourly records, plus the bandwidth-hours of live EIPs since their last billing event up to
 * `now` (accounted for good at their next bandwidth change or release). Reads only.
 */
export async function eipUsageReport(
  db: Kysely<Database>,
  request: { account: string; from: Date; to: Date },
  now: Date,
): Promise<UsageReport> {
  if (!(request.from < request.to)) throw new DomainError('InvalidParameter', 'The usage period must end after it starts.')
  const account = await db
    .selectFrom('accounts')
    .select(['id', 'name'])
    .where((eb) => eb.or([eb('id', '=', request.account), eb('name', '=', request.account)]))
    .executeTakeFirst()
  if (account === undefined) throw new DomainError('InvalidParameter', `No account has the ID or name ${JSON.stringify(request.account)}.`)
  const from = hourOf(request.from)
  const to = request.to.toISOString()
  const stored = await usageRecords(db, account.id, from, to)
  const open: UsageRecord[] = (await unmeteredEips(db, account.id)).flatMap(({ identity, bandwidth, meteredUntil }) =>
    bandwidthHoursByHour([{ from: new Date(meteredUntil), to: now, mbps: bandwidth }])
      .filter(({ hour }) => hour >= from && hour < to)
      .map(({ hour, bandwidthHours }) => ({ allocationId: identity.allocationId, hour, internetChargeType: identity.internetChargeType, bandwidthHours, rxBytes: 0, txBytes: 0 })),
  )
  const records = [...stored, ...open]
  const addresses = await addressesOfAllocations(db, [...new Set(records.map((r) => r.allocationId))])
  return { account, from, to, bill: billOf(records, (id) => addresses.get(id) ?? '') }
}
