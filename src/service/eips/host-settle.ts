import { settledStatus } from '../../domain/eip/status.js'
import type { EipStatus } from '../../domain/eip/eip.js'
import { eipsInFlightOnHost, updateEip } from '../../store/repositories/eips.js'
import type { Tx } from '../../store/store.js'
import type { NewChange } from '../change-log.js'

/**
 * Part of a host's acknowledgement (`acknowledgeHost`): the EIPs bound to ENIs of its instances
 * that were Associating are InUse, those Unassociating are Available and unbound. Run before the
 * ENIs settle, while a detaching ENI still names the instance that leads to this host.
 */
export async function settleEipsOnHost(tx: Tx, hostId: string, changes: NewChange[]): Promise<void> {
  for (const e of await eipsInFlightOnHost(tx, hostId)) {
    const status = settledStatus(e.status as EipStatus)
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
