import { assertDetachable } from '../../domain/eni/detach.js'
import { eniNotFound } from '../../domain/eni/not-found.js'
import { lockEni, updateEni } from '../../store/repositories/enis.js'
import type { Caller, ServiceDeps } from '../deps.js'
import { settleIfImmediate } from '../hosts.js'
import { mutate } from '../mutate.js'
import { lockInstanceTarget } from './instance-target.js'

export interface DetachInput {
  regionId: string
  networkInterfaceId: string
  instanceId: string
}

/**
 * DetachNetworkInterface (spec §5.6): InUse → Detaching, then Available once the instance's host
 * confirms (at once with `none` hosts), which also frees the device slot. The ENI keeps its
 * addresses, MAC and groups. Sending it again while Detaching asks the host again.
 */
export async function detachNetworkInterface(deps: ServiceDeps, caller: Caller, input: DetachInput): Promise<void> {
  const { hostId } = await mutate(deps, caller, { action: 'DetachNetworkInterface' }, async (u) => {
    const host = await lockInstanceTarget(u, input.regionId, input.instanceId)
    const eni = await lockEni(u, input.regionId, input.networkInterfaceId)
    if (eni === undefined) throw eniNotFound(input.networkInterfaceId)
    assertDetachable(eni, input.instanceId, host)
    if (eni.status === 'InUse') {
      await updateEni(u.tx, eni.id, { status: 'Detaching' })
      u.record({
        regionId: eni.regionId,
        resourceType: 'NetworkInterface',
        resourceId: eni.id,
        event: 'NetworkInterfaceDetaching',
        payload: { status: 'Detaching', instanceId: input.instanceId },
      })
    }
    return { hostId: host?.instance.hostId ?? null }
  })
  await settleIfImmediate(deps, [hostId])
}
