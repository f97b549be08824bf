import { DomainError } from '../errors.js'
import type { InstanceType } from '../instance-type/catalog.js'

/**
 * The catalogue entry of `instanceTypeId` (spec §5.15): the single source of an instance's ENI,
 * address and queue limits. A type the deployment does not offer cannot be launched.
 */
export function findInstanceType(catalog: readonly InstanceType[], instanceTypeId: string): InstanceType {
  const type = catalog.find((candidate) => candidate.instanceTypeId === instanceTypeId)
  if (type === undefined) {
    throw new DomainError('InvalidInstanceType.ValueNotSupported', `The instance type ${instanceTypeId} is not offered.`)
  }
  return type
}
