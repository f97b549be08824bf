import { DomainError } from '../errors.js'
import type { InstanceStatus } from './instance.js'

const INSTANCE_STATUSES: readonly InstanceStatus[] = ['Pending', 'Starting', 'Running', 'Stopping', 'Stopped']

/** A `Status` filter of DescribeInstances (spec §5.12): one of the five statuses, as spelt there. */
export function parseInstanceStatus(value: string): InstanceStatus {
  const status = INSTANCE_STATUSES.find((candidate) => candidate === value)
  if (status === undefined) {
    throw new DomainError('InvalidStatus.NotFound', `The instance status ${JSON.stringify(value)} does not exist; use one of ${INSTANCE_STATUSES.join(', ')}.`)
  }
  return status
}

/** Every instance is in a VPC (spec §5.12: `classic` is retired), so only `vpc` can match anything. */
export function matchesNetworkType(value: string): boolean {
  if (value !== 'vpc' && value !== 'classic') {
    throw new DomainError('InvalidNetworkType.NotFound', `The network type ${JSON.stringify(value)} does not exist; use vpc or classic.`)
  }
  return value === 'vpc'
}
