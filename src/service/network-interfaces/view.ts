import type { Eni } from '../../domain/eni/eni.js'
import { shownQueueNumber } from '../../domain/eni/queue-number.js'
import type { InstanceType } from '../../domain/instance-type/catalog.js'
import type { PublicIp } from '../eips/bindings.js'

/**
 * An ENI as the API shows it: the entity plus the queue count it has where it is (spec §5.3) and
 * the EIP on each of its private addresses that has one (`AssociatedPublicIp`), by address. Plain
 * JSON, as results of mutations are stored for ClientToken retries.
 */
export interface EniView {
  eni: Eni
  queueNumber: number | undefined
  publicIps: Readonly<Record<string, PublicIp>>
}

export function viewOf(eni: Eni, instanceType: InstanceType | undefined, publicIps: Readonly<Record<string, PublicIp>> = {}): EniView {
  return { eni, queueNumber: shownQueueNumber(eni, instanceType), publicIps }
}
