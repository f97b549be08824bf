import { DomainError } from '../errors.js'
import type { InstanceType } from '../instance-type/catalog.js'
import { eniDescriptionRule, eniNameRule, validateText } from '../naming.js'
import type { EniHostInstance } from './attach.js'
import type { Eni } from './eni.js'
import { assertQueuesFit, type EniLoad } from './instance-type-fit.js'
import { assertQueueNumber } from './queue-number.js'
import { assertEniStatus } from './status.js'

/** ModifyNetworkInterfaceAttribute's parameters; absent means unchanged. */
export interface EniAttributeChange {
  name?: string | undefined
  description?: string | undefined
  securityGroupIds?: readonly string[] | undefined
  queueNumber?: number | undefined
  deleteOnRelease?: boolean | undefined
  sourceDestCheck?: boolean | undefined
}

/** The ENI's instance, its type and every ENI it holds (this one included). */
export interface EniHost {
  instance: EniHostInstance
  type: InstanceType
  present: readonly (EniLoad & Pick<Eni, 'id'>)[]
}

/**
 * ModifyNetworkInterfaceAttribute's rules (spec §5.7, §7): values well formed; a primary ENI
 * changes only its name and description (its groups change through the instance); no change
 * while the ENI is in transit; QueueNumber only on a secondary that is Available, or InUse on a
 * Stopped instance, and then within the instance type's limits. The group set's own rule
 * (assertGroupSet) needs the groups, so the service applies it.
 */
export function assertModifiable(eni: Eni, change: EniAttributeChange, host: EniHost | undefined): void {
  validateText(eniNameRule, change.name)
  validateText(eniDescriptionRule, change.description)
  if (change.queueNumber !== undefined) assertQueueNumber(change.queueNumber)
  if (eni.type === 'Primary') assertPrimaryChange(eni, change)
  assertEniStatus(eni, ['Available', 'InUse'], 'ModifyNetworkInterfaceAttribute')
  if (change.queueNumber !== undefined && host !== undefined) {
    if (host.instance.status !== 'Stopped') {
      throw new DomainError(
        'InvalidOperation.InvalidEniState',
        `The queue number of the network interface ${eni.id} changes only while it is detached or its instance ${host.instance.id} is Stopped.`,
      )
    }
    const others = host.present.filter((other) => other.id !== eni.id)
    assertQueuesFit(host.type, others, { type: eni.type, queueNumber: change.queueNumber })
  }
}

function assertPrimaryChange(eni: Pick<Eni, 'id'>, change: EniAttributeChange): void {
  if (change.queueNumber !== undefined) {
    throw new DomainError(
      'InvalidOperation.ModifyPrimaryEniQueueNumber',
      `The queue number of the primary network interface ${eni.id} follows its instance type and cannot be changed.`,
    )
  }
  if (change.securityGroupIds !== undefined || change.deleteOnRelease !== undefined || change.sourceDestCheck !== undefined) {
    throw new DomainError(
      'InvalidOperation.PrimaryEniOnlySupportModifyNameAndDesc',
      `Only the name and description of the primary network interface ${eni.id} can be changed here; its security groups change through its instance.`,
    )
  }
}
