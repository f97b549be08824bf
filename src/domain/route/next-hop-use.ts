import { DomainError } from '../errors.js'

/**
 * An instance or ENI that custom routes lead to cannot be deleted under them: the reference refuses
 * DeleteInstance with DependencyViolation.RouteEntry, and OpenENI answers DeleteNetworkInterface
 * the same way rather than leave routes to nowhere (spec §8 leaves the ENI case open). The caller
 * deletes the routes first. `resource` names what would go (an instance, or ENIs it takes along).
 */
export function assertNoRouteThrough(resource: string, routeEntryIds: readonly string[]): void {
  if (routeEntryIds.length > 0) {
    throw new DomainError(
      'DependencyViolation.RouteEntry',
      `${resource} is the next hop of the route entries ${routeEntryIds.join(', ')}; delete them first.`,
    )
  }
}
