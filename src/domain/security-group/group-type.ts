import { DomainError } from '../errors.js'
import type { InnerAccessPolicy, SecurityGroupType } from './security-group.js'

const GROUP_TYPES: readonly SecurityGroupType[] = ['normal', 'enterprise']

/** `normal` (basic) or `enterprise` (advanced), as CreateSecurityGroup and its filters spell them (spec §5.16). */
export function parseGroupType(value: string): SecurityGroupType {
  const type = GROUP_TYPES.find((t) => t === value)
  if (type === undefined) {
    throw new DomainError('InvalidParams.GroupType', `The security group type ${JSON.stringify(value)} is not one of normal, enterprise.`)
  }
  return type
}

/**
 * Members of a basic group reach each other by default; an advanced group isolates them, and that
 * cannot be changed (spec §5.16).
 */
export function defaultInnerAccessPolicy(type: SecurityGroupType): InnerAccessPolicy {
  return type === 'normal' ? 'Accept' : 'Drop'
}
