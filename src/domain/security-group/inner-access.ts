import { DomainError } from '../errors.js'
import type { InnerAccessPolicy, SecurityGroup } from './security-group.js'

/** `Accept` or `Drop` in any case (spec §5.23). */
export function parseInnerAccessPolicy(value: string): InnerAccessPolicy {
  const lower = value.toLowerCase()
  if (lower === 'accept') return 'Accept'
  if (lower === 'drop') return 'Drop'
  throw new DomainError('InvalidPolicy.Malformed', `The InnerAccessPolicy ${JSON.stringify(value)} is neither Accept nor Drop.`)
}

/** Only a basic group's members may be let reach each other; an advanced group always isolates them (spec §5.16, §5.23). */
export function assertInnerAccessChangeable(group: Pick<SecurityGroup, 'id' | 'type'>): void {
  if (group.type === 'enterprise') {
    throw new DomainError(
      'InvalidParameter.InnerAccessPolicy',
      `The security group ${group.id} is an advanced group: its members are always isolated from each other.`,
    )
  }
}
