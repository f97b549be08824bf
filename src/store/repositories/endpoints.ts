import type { Kysely } from 'kysely'
import { formatIpv4, parseIpv4 } from '../../domain/ipam/ipv4.js'
import type { ReachTarget } from '../../domain/security-group/reach.js'
import type { Database } from '../schema.js'

/** An ENI as one end of a connection: the address it uses and the VPC it is in. */
export interface Endpoint {
  eniId: string
  vpcId: string
  address: string
}

/**
 * The caller's ENIs that `target` can mean: the ENI itself or the instance's primary ENI, with its
 * primary address; or every ENI holding the address, with that address (in `vpcId` only, when
 * given: an address is unique within a VPC, not across VPCs).
 */
export async function findEndpoints(db: Kysely<Database>, accountId: string, target: ReachTarget, vpcId?: string): Promise<Endpoint[]> {
  let query = db
    .selectFrom('enis')
    .innerJoin('private_ips as ip', 'ip.eni_id', 'enis.id')
    .select(['enis.id as eniId', 'enis.vpc_id as vpcId', 'ip.address as address'])
    .where('enis.account_id', '=', accountId)
  if (target.kind === 'eni') query = query.where('enis.id', '=', target.eniId).where('ip.is_primary', '=', 1)
  else if (target.kind === 'instance') {
    query = query.where('enis.instance_id', '=', target.instanceId).where('enis.type', '=', 'Primary').where('ip.is_primary', '=', 1)
  } else query = query.where('ip.address', '=', parseIpv4(target.address))
  if (vpcId !== undefined) query = query.where('enis.vpc_id', '=', vpcId)
  const rows = await query.orderBy('enis.id').execute()
  return rows.map((r) => ({ eniId: r.eniId, vpcId: r.vpcId, address: formatIpv4(Number(r.address)) }))
}
