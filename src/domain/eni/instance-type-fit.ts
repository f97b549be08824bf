import { DomainError } from '../errors.js'
import type { InstanceType } from '../instance-type/catalog.js'
import type { Eni } from './eni.js'
import { queuesOn } from './queue-number.js'

/** What the instance-type rules need to know of an ENI. */
export type EniLoad = Pick<Eni, 'type' | 'queueNumber'>

/** What the rules need of the ENI about to join an instance. */
export interface EniCandidate extends EniLoad {
  ipv4Count: number
}

/**
 * Whether one more ENI fits an instance of `type` that already holds `present` (all its ENIs,
 * attached or in transit, the primary included), in the reference's order (spec §5.5 rules 4–6):
 * the ENI count, the ENI's IPv4 count, then its queues and the instance's queue total.
 */
export function assertFitsInstanceType(type: InstanceType, present: readonly EniLoad[], candidate: EniCandidate): void {
  assertEniSlotFree(type, present.length)
  assertIpv4Count(type, candidate.ipv4Count)
  assertQueuesFit(type, present, candidate)
}

/** `EniQuantity` counts the primary ENI (spec §4). */
export function assertEniSlotFree(type: InstanceType, presentCount: number): void {
  if (presentCount >= type.eniQuantity) {
    throw new DomainError(
      'EniPerInstanceLimitExceeded',
      `An instance of type ${type.instanceTypeId} takes at most ${type.eniQuantity} network interfaces, the primary one included.`,
    )
  }
}

/** `EniPrivateIpAddressQuantity` counts the ENI's primary address (spec §8's decision). */
export function assertIpv4Count(type: InstanceType, ipv4Count: number): void {
  if (ipv4Count > type.eniPrivateIpAddressQuantity) {
    throw new DomainError(
      'InvalidOperation.Ipv4CountExceeded',
      `A network interface on an instance of type ${type.instanceTypeId} holds at most ${type.eniPrivateIpAddressQuantity} private IPv4 addresses; this one would hold ${ipv4Count}.`,
    )
  }
}

/**
 * One ENI's queues stay within `MaximumQueueNumberPerEni` and the instance's sum within
 * `TotalEniQueueQuantity`; `others` are the instance's other ENIs.
 */
export function assertQueuesFit(type: InstanceType, others: readonly EniLoad[], candidate: EniLoad): void {
  const queues = queuesOn(candidate, type)
  if (queues > type.maximumQueueNumberPerEni) {
    throw new DomainError(
      'InvalidOperation.MaxEniQueueNumberExceeded',
      `A network interface on an instance of type ${type.instanceTypeId} has at most ${type.maximumQueueNumberPerEni} queues; ${queues} were asked.`,
    )
  }
  const total = others.reduce((sum, eni) => sum + queuesOn(eni, type), queues)
  if (total > type.totalEniQueueQuantity) {
    throw new DomainError(
      'InvalidOperation.ExceedInstanceTypeQueueNumber',
      `The network interfaces of an instance of type ${type.instanceTypeId} have at most ${type.totalEniQueueQuantity} queues together; they would have ${total}.`,
    )
  }
}
