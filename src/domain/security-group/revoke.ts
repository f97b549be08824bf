import { DomainError } from '../errors.js'
import type { Permission } from './permission.js'
import type { RuleDirection, SecurityGroupRule } from './rule.js'

/**
 * RevokeSecurityGroup(Egress) by `SecurityGroupRuleId.N` (spec §5.21, §8): every ID must name a
 * rule of the group in this direction, else the call fails and removes nothing; an ID given twice
 * is refused. Returns the rules in the order given.
 */
export function rulesById(existing: readonly SecurityGroupRule[], ids: readonly string[], direction: RuleDirection): SecurityGroupRule[] {
  const seen = new Set<string>()
  for (const id of ids) {
    if (seen.has(id)) throw new DomainError('InvalidParam.SecurityGroupRuleIdRepeated', `The rule ${id} is given twice.`)
    seen.add(id)
  }
  const byId = new Map(existing.filter((r) => r.direction === direction).map((r) => [r.id, r]))
  return ids.map((id) => {
    const rule = byId.get(id)
    if (rule !== undefined) return rule
    throw direction === 'ingress'
      ? new DomainError('InvalidSecurityGroupRuleId.NotFound', `The inbound rule ${id} does not exist in the security group.`)
      : new DomainError('InvalidSecurityGroupRule.RuleNotExist', `The outbound rule ${id} does not exist in the security group.`)
  })
}

/**
 * RevokeSecurityGroup(Egress) by permission (spec §5.21): the rules that match on direction,
 * protocol, ports, peer and policy, and on priority and the other side where the permission gives
 * them. A permission that matches nothing removes nothing and is not an error (the §8 decision).
 */
export function rulesMatching(existing: readonly SecurityGroupRule[], permissions: readonly Permission[]): SecurityGroupRule[] {
  return existing.filter((rule) => permissions.some((p) => matches(rule, p)))
}

function matches(rule: SecurityGroupRule, p: Permission): boolean {
  return (
    rule.direction === p.direction &&
    rule.protocol === p.protocol &&
    rule.portFrom === p.portFrom &&
    rule.portTo === p.portTo &&
    samePeer(rule, p) &&
    rule.policy === p.policy &&
    (p.priority === undefined || rule.priority === p.priority) &&
    (p.local === undefined || rule.local === p.local)
  )
}

function samePeer(rule: SecurityGroupRule, p: Permission): boolean {
  if (rule.peer.kind === 'cidr') return p.peer.kind === 'cidr' && p.peer.cidr === rule.peer.cidr
  return p.peer.kind === 'group' && p.peer.groupId === rule.peer.groupId
}
