import { quotaFor } from '../../domain/config.js'
import { assertModifiable, type EniAttributeChange } from '../../domain/eni/modify.js'
import { assertGroupSet } from '../../domain/security-group/membership.js'
import { updateEni } from '../../store/repositories/enis.js'
import { findGroupIdentities, setEniGroups } from '../../store/repositories/security-groups.js'
import type { Caller, ServiceDeps } from '../deps.js'
import { mutate } from '../mutate.js'
import { assertEniWithinRuleTotal } from '../security-group-rules.js'
import { lockEniWithHost } from './locked-eni.js'

export interface ModifyInput extends EniAttributeChange {
  regionId: string
  networkInterfaceId: string
}

/**
 * ModifyNetworkInterfaceAttribute (spec §5.7): synchronous. A new group list replaces the ENI's
 * set; the agents pick the change up from the change log.
 */
export async function modifyNetworkInterfaceAttribute(deps: ServiceDeps, caller: Caller, input: ModifyInput): Promise<void> {
  const { regionId, networkInterfaceId, ...change } = input
  await mutate(deps, caller, { action: 'ModifyNetworkInterfaceAttribute' }, async (u) => {
    const { eni, host } = await lockEniWithHost(u, regionId, networkInterfaceId)
    assertModifiable(eni, change, host)
    const groupIds =
      change.securityGroupIds === undefined
        ? undefined
        : assertGroupSet(
            await findGroupIdentities(u.tx, caller.accountId, change.securityGroupIds),
            change.securityGroupIds,
            eni.vpcId,
            quotaFor(deps.config, caller.accountId, 'securityGroupsPerEni'),
          )
    if (groupIds !== undefined) await assertEniWithinRuleTotal(u, eni.id, groupIds)
    await updateEni(u.tx, eni.id, {
      name: change.name,
      description: change.description,
      queueNumber: change.queueNumber,
      deleteOnRelease: change.deleteOnRelease,
      sourceDestCheck: change.sourceDestCheck,
    })
    if (groupIds !== undefined) await setEniGroups(u.tx, eni.id, groupIds)
    u.record({
      regionId: eni.regionId,
      resourceType: 'NetworkInterface',
      resourceId: eni.id,
      event: 'NetworkInterfaceModified',
      payload: { ...change, securityGroupIds: groupIds },
    })
  })
}
