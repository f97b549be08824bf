import type { Kysely } from 'kysely'
import type { AttachTarget } from '../../domain/eni/attach.js'
import type { Eni } from '../../domain/eni/eni.js'
import type { InstanceType } from '../../domain/instance-type/catalog.js'
import { findInstanceType } from '../../domain/instance/instance-type.js'
import type { Instance } from '../../domain/instance/instance.js'
import { findEnisOfInstances } from '../../store/repositories/enis.js'
import { lockInstance } from '../../store/repositories/instances.js'
import type { Database } from '../../store/schema.js'
import type { Unit } from '../mutate.js'

/** An instance with its type and every ENI it holds; its host must confirm changes to them. */
export interface LockedTarget extends AttachTarget {
  instance: Instance
  present: Eni[]
}

/**
 * The caller's instance, its row locked until the transaction ends, with its type and every ENI it
 * holds, or undefined. Everything that counts or changes an instance's ENIs locks the instance row
 * first, so two API servers on one PostgreSQL cannot both take its last ENI slot or queue.
 * `regionId` undefined means any region (an instance ID names one instance wherever it is).
 */
export async function lockInstanceTarget(u: Unit, regionId: string | undefined, instanceId: string): Promise<LockedTarget | undefined> {
  const instance = await lockInstance(u, instanceId)
  if (instance === undefined || (regionId !== undefined && instance.regionId !== regionId)) return undefined
  return {
    instance,
    type: findInstanceType(u.deps.catalog, instance.instanceType),
    present: await findEnisOfInstances(u.tx, u.caller.accountId, [instance.id]),
  }
}

/** The instance type of each of the caller's instances among `ids` that the catalogue still offers. */
export async function instanceTypesOf(
  db: Kysely<Database>,
  catalog: readonly InstanceType[],
  accountId: string,
  ids: readonly string[],
): Promise<Map<string, InstanceType>> {
  const byInstance = new Map<string, InstanceType>()
  if (ids.length === 0) return byInstance
  const rows = await db.selectFrom('instances').select(['id', 'instance_type']).where('account_id', '=', accountId).where('id', 'in', ids).execute()
  for (const row of rows) {
    const type = catalog.find((t) => t.instanceTypeId === row.instance_type)
    if (type !== undefined) byInstance.set(row.id, type)
  }
  return byInstance
}
