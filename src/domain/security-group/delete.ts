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
