/** Which traffic a rule filters: what reaches the group's members, or what they send (spec §3.3). */
export type RuleDirection = 'ingress' | 'egress'

/** The protocols this service filters, spelled as DescribeSecurityGroupAttribute shows them. */
export type IpProtocol = 'TCP' | 'UDP' | 'ICMP' | 'ALL'

export type RulePolicy = 'Accept' | 'Drop'

/**
 * The other end of the traffic a rule matches: a CIDR block (a single address is written without
 * `/32`, as it was given), or the members of a security group of the same VPC.
 */
export type RulePeer = { kind: 'cidr'; cidr: string } | { kind: 'group'; groupId: string }

/** What a rule says, apart from who it is: what Authorize* adds and Revoke* matches. */
export interface RuleSpec {
  direction: RuleDirection
  protocol: IpProtocol
  /** Both -1 for ICMP and ALL, which have no ports. */
  portFrom: number
  portTo: number
  peer: RulePeer
  /**
   * The other side of the 5-tuple, the group member's own end: DestCidrIp of an ingress rule,
   * SourceCidrIp of an egress one; null when the rule applies to all of the member's addresses.
   */
  local: string | null
  policy: RulePolicy
  /** 1–100, smaller first (spec §4). */
  priority: number
  description: string
}

export interface SecurityGroupRule extends RuleSpec {
  id: string
  groupId: string
  createdAt: string
}

/** A rule as DescribeSecurityGroupAttribute shows it: with its peer group's name. */
export interface RuleView extends SecurityGroupRule {
  peerGroupName: string
}

/**
 * Two rules are the same rule when they filter the same traffic the same way: direction, protocol,
 * ports, peer, the other side, policy and priority (spec §5.20; NIC type is always `intranet` in a
 * VPC). The description is not part of it.
 */
export function ruleIdentity(rule: Omit<RuleSpec, 'description'>): string {
  const peer = rule.peer.kind === 'cidr' ? `cidr:${rule.peer.cidr}` : `group:${rule.peer.groupId}`
  return [rule.direction, rule.protocol, `${rule.portFrom}/${rule.portTo}`, peer, rule.local ?? '', rule.policy, rule.priority].join('|')
}
