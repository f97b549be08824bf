import { assertAttachable, nextDeviceIndex } from '../../domain/eni/attach.js'
import { eniNotFound } from '../../domain/eni/not-found.js'
import { lockEni, updateEni } from '../../store/repositories/enis.js'
import type { Caller, ServiceDeps } from '../deps.js'
import { settleIfImmediate } from '../hosts.js'
import { mutate, type Unit } from '../mutate.js'
import { lockInstanceTarget } from './instance-target.js'

/**
 * AttachNetworkInterface's work inside the caller's transaction (spec §5.5): the instance row is
 * locked before its ENIs are counted, so its EniQuantity and queue total hold exactly under any
 * concurrency; the unique (instance, device index) key backs the slot. The ENI is left Attaching
 * on the lowest free device index; the returned host must confirm it. `atLaunch` (RunInstances)
 * skips only the instance-status rule, since a launching instance is Pending. `regionId` confines
 * both resources to one region (the API's RegionId); without it IDs are looked up anywhere.
 */
export async function attachEni(
  u: Unit,
  eniId: string,
  instanceId: string,
  options: { atLaunch?: boolean; regionId?: string } = {},
): Promise<{ hostId: string | null }> {
  const found = await lockInstanceTarget(u, options.regionId, instanceId)
  const eni = await lockEni(u, options.regionId, eniId)
  if (eni === undefined) throw eniNotFound(eniId)
  const target = assertAttachable(eni, instanceId, found, options)
  const deviceIndex = nextDeviceIndex(target.present.flatMap((e) => (e.deviceIndex === null ? [] : [e.deviceIndex])))
  await updateEni(u.tx, eni.id, { status: 'Attaching', instanceId, deviceIndex })
  u.record({
    regionId: eni.regionId,
    resourceType: 'NetworkInterface',
    resourceId: eni.id,
    event: 'NetworkInterfaceAttaching',
    payload: { status: 'Attaching', instanceId, deviceIndex },
  })
  return { hostId: target.instance.hostId }
}

export interface AttachInput {
  regionId: string
  networkInterfaceId: string
  instanceId: string
}

/** AttachNetworkInterface: Attaching now, InUse once the host confirms (at once with `none` hosts). */
export async function attachNetworkInterface(deps: ServiceDeps, caller: Caller, input: AttachInput): Promise<void> {
  const { hostId } = await mutate(deps, caller, { action: 'AttachNetworkInterface' }, (u) =>
    attachEni(u, input.networkInterfaceId, input.instanceId, { regionId: input.regionId }),
  )
  await settleIfImmediate(deps, [hostId])
}
