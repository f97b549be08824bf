import { DomainError } from '../errors.js'
import type { InstanceType } from '../instance-type/catalog.js'
import type { Eni } from './eni.js'
import type { EniHostInstance } from './attach.js'
import { assertInstanceTakesEniChanges } from './instance-readiness.js'
import { assertEniStatus } from './status.js'

/**
 * DetachNetworkInterface's rules (spec §5.6): never the primary; the ENI is InUse, or Detaching
 * when a stuck detach is sent again; it must be on the named instance, which must be settled.
 */
export function assertDetachable(
  eni: Eni,
  instanceId: string,
  instance: { instance: EniHostInstance; type: InstanceType } | undefined,
): void {
  if (eni.type === 'Primary') {
    throw new DomainError(
      'InvalidOperation.DetachPrimaryEniNotAllowed',
      `The network interface ${eni.id} is the primary one of its instance and cannot be detached.`,
    )
  }
  assertEniStatus(eni, ['InUse', 'Detaching'], 'DetachNetworkInterface')
  if (eni.instanceId !== instanceId || instance === undefined) {
    throw new DomainError('InvalidParameter.EniNotBelongEcs', `The network interface ${eni.id} is not attached to the instance ${instanceId}.`)
  }
  assertInstanceTakesEniChanges(instance.instance, instance.type)
}
