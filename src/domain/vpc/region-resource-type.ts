import { DomainError } from '../errors.js'

// DescribeRegions' ResourceType values (spec §5.24). Every region OpenENI serves is open for each of
// them, so the type only has to be a known one.
const RESOURCE_TYPES = ['instance', 'disk', 'reservedinstance', 'scu']

export function assertRegionResourceType(resourceType: string | undefined): void {
  if (resourceType !== undefined && !RESOURCE_TYPES.includes(resourceType)) {
    throw new DomainError('InvalidResourceType.NotFound', `The resource type ${resourceType} is not supported; use one of ${RESOURCE_TYPES.join(', ')}.`)
  }
}
