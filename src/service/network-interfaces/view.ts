import type { Eni } from '../../domain/eni/eni.js'
import { shownQueueNumber } from '../../domain/eni/queue-number.js'
import type { InstanceType } from '../../domain/instance-type/catalog.js'

/** An ENI as the API shows it: the entity plus the queue count it has where it is (spec §5.3). */
export interface EniView {
  eni: Eni
  queueNumber: number | undefined
}

export function viewOf(eni: Eni, instanceType: InstanceType | undefined): EniView {
  return { eni, queueNumber: shownQueueNumber(eni, instanceType) }
}
