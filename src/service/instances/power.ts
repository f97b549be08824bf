import { powerTransition, type PowerAction } from '../../domain/instance/power.js'
import { setInstanceStatus } from '../../store/repositories/instances.js'
import type { Caller, ServiceDeps } from '../deps.js'
import { settleIfImmediate } from '../hosts.js'
import { mutate } from '../mutate.js'
import { lockExistingInstance } from './lock-instance.js'

export interface PowerInput {
  instanceId: string
  dryRun?: boolean | undefined
}

/**
 * StartInstance, StopInstance and RebootInstance (spec §5.13): the instance moves to Starting or
 * Stopping and its host settles it (at once with the `none` data plane). Its ENIs stay attached
 * and keep their addresses throughout.
 */
export async function changeInstancePower(deps: ServiceDeps, caller: Caller, action: PowerAction, input: PowerInput): Promise<void> {
  const { hostId } = await mutate(deps, caller, { action, dryRun: input.dryRun }, async (u) => {
    const instance = await lockExistingInstance(u, input.instanceId)
    const status = powerTransition(instance, action)
    await setInstanceStatus(u.tx, instance.id, status)
    u.record({
      regionId: instance.regionId,
      resourceType: 'Instance',
      resourceId: instance.id,
      event: `Instance${status}`,
      payload: { status, action },
    })
    return { hostId: instance.hostId }
  })
  await settleIfImmediate(deps, [hostId])
}
