import { DomainError } from '../errors.js'
import type { InstanceType } from '../instance-type/catalog.js'
import type { Eni } from './eni.js'

const MIN_QUEUES = 1
const MAX_QUEUES = 2048

/** A requested QueueNumber is 1–2048 (spec §4); the instance type bounds it further once attached. */
export function assertQueueNumber(queueNumber: number): number {
  if (!Number.isInteger(queueNumber) || queueNumber < MIN_QUEUES || queueNumber > MAX_QUEUES) {
    throw new DomainError(
      'InvalidParameter.InvalidEniQueueNumber',
      `QueueNumber must be an integer between ${MIN_QUEUES} and ${MAX_QUEUES}.`,
    )
  }
  return queueNumber
}

/**
 * The queues an ENI has on an instance of `type`: its own QueueNumber when set, else the type's
 * default for its kind (spec §5.1 QueueNumber, §5.5 rule 6).
 */
export function queuesOn(eni: Pick<Eni, 'type' | 'queueNumber'>, type: InstanceType): number {
  if (eni.queueNumber !== null) return eni.queueNumber
  return eni.type === 'Primary' ? type.primaryEniQueueNumber : type.secondaryEniQueueNumber
}

/**
 * QueueNumber as Describe shows it (spec §5.3): with an instance, what the ENI really has there;
 * without one, only a value someone set (an unattached, unmodified ENI has no queue count yet).
 */
export function shownQueueNumber(eni: Pick<Eni, 'type' | 'queueNumber'>, type: InstanceType | undefined): number | undefined {
  if (type !== undefined) return queuesOn(eni, type)
  return eni.queueNumber ?? undefined
}
