import { DomainError } from '../errors.js'
import type { SecurityGroup } from './security-group.js'

/**
 * A group goes only once no ENI, hence no instance, is in it (spec §5.17): deleting it would
 * leave its members with a policy nobody can see.
 */
export function assertSecurityGroupDeletable(group: Pick<SecurityGroup, 'id'>, members: number): void {
  if (members > 0) {
    throw new DomainError('DependencyViolation', `The security group ${group.id} still has ${members} member network interfaces.`)
  }
}

/**
 * Nor while a rule of another group names it as its peer (spec §5.17): that rule would lose its
 * meaning. `referencedBy` are those groups' IDs.
 */
export function assertSecurityGroupUnreferenced(group: Pick<SecurityGroup, 'id'>, referencedBy: readonly string[]): void {
  if (referencedBy.length > 0) {
    throw new DomainError(
      'DependencyViolation',
      `The security group ${group.id} is named as a peer by rules of ${referencedBy.join(', ')}; revoke those rules first.`,
    )
  }
}
