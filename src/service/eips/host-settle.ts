import { formatIpv4 } from '../../domain/ipam/ipv4.js'
import { settledEipStatus, type ObservedEip } from '../../domain/eip/status.js'
import type { EipStatus } from '../../domain/eip/eip.js'
import { eipsInFlightOnHost, updateEip } from '../../store/repositories/eips.js'
import type { Tx } from '../../store/store.js'
import type { NewChange } from '../change-log.js'

/**
 * Part of settling a host (`settleHost`): the EIPs bound to ENIs of its instances that are in
 * flight settle by what the host shows (`settledEipStatus`); an unassociated one is unbound. Run
 * before the ENIs settle, while a detaching ENI still names the instance that leads to this host.
 */
export async function settleEipsOnHost(
  tx: Tx,
  hostId: string,
  observe: (id: string, status: EipStatus, privateIpAddress: string | null) => ObservedEip | undefined,
  changes: NewChange[],
): Promise<void> {
  for (const e of await eipsInFlightOnHost(tx, hostId)) {
    const from = e.status as EipStatus
    const boundTo = e.private_address === null ? null : formatIpv4(Number(e.private_address))
    const status = settledEipStatus(from, boundTo, observe(e.id, from, boundTo))
    if (status === from) continue
    await updateEip(tx, e.id, status === 'Available' ? { status, binding: null } : { status })
    changes.push({
      accountId: e.account_id,
      regionId: e.region_id,
      resourceType: 'EipAddress',
      resourceId: e.id,
      event: status === 'InUse' ? 'EipAssociated' : 'EipUnassociated',
      payload: { status, eniId: e.eni_id, instanceId: e.instance_id },
    })
  }
}
