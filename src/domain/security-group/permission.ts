import { DomainError, isDomainError, type ErrorCode } from '../errors.js'
import { parseIpv4 } from '../ipam/ipv4.js'
import { parseCanonicalCidr } from '../network/canonical-cidr.js'
import type { IpProtocol, RuleDirection, RulePeer, RulePolicy, RuleSpec } from './rule.js'

/** One rule of an Authorize* or Revoke* request as the API read it: each field's text, absent when not given. */
export interface RawPermission {
  ipProtocol?: string | undefined
  portRange?: string | undefined
  sourceCidrIp?: string | undefined
  destCidrIp?: string | undefined
  sourceGroupId?: string | undefined
  destGroupId?: string | undefined
  policy?: string | undefined
  priority?: string | undefined
  nicType?: string | undefined
  description?: string | undefined
}

/**
 * A permission with every field checked. Priority, the other side and the description stay
 * undefined when not given: Authorize* fills in the defaults, Revoke* matches any value then.
 */
export interface Permission {
  direction: RuleDirection
  protocol: IpProtocol
  portFrom: number
  portTo: number
  peer: RulePeer
  local: string | undefined
  policy: RulePolicy
  priority: number | undefined
  description: string | undefined
}

const PROTOCOLS: readonly IpProtocol[] = ['TCP', 'UDP', 'ICMP', 'ALL']
const NIC_TYPES = ['intranet', 'internet']
const PORT_RANGE = /^(-?\d{1,5})\/(-?\d{1,5})$/
const MAX_DESCRIPTION = 512

/**
 * Checks one permission under the rules of spec §5.20, in the order its fields are listed there.
 * `label` names it in messages (`Permissions.2.`, or empty for the deprecated single-rule form).
 * The peer is the source of an ingress rule and the destination of an egress one; a CIDR block wins
 * over a group when both are given, as the reference says.
 */
export function parsePermission(raw: RawPermission, direction: RuleDirection, label = ''): Permission {
  const protocol = parseIpProtocol(required(raw.ipProtocol, `${label}IpProtocol`))
  const [portFrom, portTo] = parsePortRange(protocol, required(raw.portRange, `${label}PortRange`))
  const ingress = direction === 'ingress'
  const peerCidr = ingress ? raw.sourceCidrIp : raw.destCidrIp
  const localCidr = ingress ? raw.destCidrIp : raw.sourceCidrIp
  const peerCode: ErrorCode = ingress ? 'InvalidSourceCidrIp.Malformed' : 'InvalidDestCidrIp.Malformed'
  const localCode: ErrorCode = ingress ? 'InvalidDestCidrIp.Malformed' : 'InvalidSourceCidrIp.Malformed'
  const peerGroup = ingress ? raw.sourceGroupId : raw.destGroupId
  let peer: RulePeer
  if (peerCidr !== undefined) peer = { kind: 'cidr', cidr: parseRuleCidr(peerCidr, peerCode) }
  else if (peerGroup !== undefined) peer = { kind: 'group', groupId: peerGroup }
  else {
    throw ingress
      ? new DomainError('MissingParameter.Source', `${label}SourceCidrIp or ${label}SourceGroupId is required for an inbound rule.`)
      : new DomainError('MissingParameter.Dest', `${label}DestCidrIp or ${label}DestGroupId is required for an outbound rule.`)
  }
  const local = localCidr === undefined ? undefined : parseRuleCidr(localCidr, localCode)
  const policy = raw.policy === undefined ? 'Accept' : parseRulePolicy(raw.policy)
  const priority = raw.priority === undefined ? undefined : parsePriority(raw.priority)
  if (raw.nicType !== undefined) parseNicType(raw.nicType)
  const description = raw.description === undefined ? undefined : parseRuleDescription(raw.description)
  return { direction, protocol, portFrom, portTo, peer, local, policy, priority, description }
}

/** The rule Authorize* adds for a permission: priority 1, no other side and no description unless given. */
export function ruleSpecOf(permission: Permission): RuleSpec {
  return {
    direction: permission.direction,
    protocol: permission.protocol,
    portFrom: permission.portFrom,
    portTo: permission.portTo,
    peer: permission.peer,
    local: permission.local ?? null,
    policy: permission.policy,
    priority: permission.priority ?? 1,
    description: permission.description ?? '',
  }
}

function required(value: string | undefined, name: string): string {
  if (value === undefined) {
    throw new DomainError('MissingParameter', `The input parameter "${name}" that is mandatory for processing this request is not supplied.`)
  }
  return value
}

/** `tcp`, `udp`, `icmp` or `all` in any case; GRE, ICMPv6 and protocol numbers are not filtered here. */
export function parseIpProtocol(value: string): IpProtocol {
  const protocol = PROTOCOLS.find((p) => p === value.toUpperCase())
  if (protocol === undefined) {
    throw new DomainError('InvalidIpProtocol.ValueNotSupported', `The IpProtocol ${JSON.stringify(value)} is not one of tcp, udp, icmp, all.`)
  }
  return protocol
}

/**
 * `start/end`: 1–65535 with start ≤ end for TCP and UDP; only `-1/-1` (every port) for ICMP and
 * ALL, which have none. A range of the wrong kind for the protocol is the reference's
 * protocol–port mismatch (OperationDenied); a range that is no range at all is InvalidParam.PortRange.
 */
export function parsePortRange(protocol: IpProtocol, value: string): [number, number] {
  const match = PORT_RANGE.exec(value)
  if (match === null) throw new DomainError('InvalidParam.PortRange', `The PortRange ${JSON.stringify(value)} is not of the form start/end.`)
  const from = Number(match[1])
  const to = Number(match[2])
  const any = from === -1 && to === -1
  if (protocol === 'ICMP' || protocol === 'ALL') {
    if (!any) throw new DomainError('OperationDenied', `The IpProtocol ${protocol} takes only the PortRange -1/-1, not ${value}.`)
    return [-1, -1]
  }
  if (any) throw new DomainError('OperationDenied', `The IpProtocol ${protocol} needs a PortRange within 1/65535, not -1/-1.`)
  if (from < 1 || to > 65535 || from > to) {
    throw new DomainError('InvalidParam.PortRange', `The PortRange ${value} is not a range within 1/65535 with start ≤ end.`)
  }
  return [from, to]
}

/**
 * An IPv4 address or a CIDR block written without host bits (as VPC and vSwitch blocks must be, so
 * Describe shows what was sent). A block of one address reads as the address itself, so
 * `10.0.0.1` and `10.0.0.1/32` are one rule.
 */
export function parseRuleCidr(value: string, code: ErrorCode): string {
  try {
    if (!value.includes('/')) {
      parseIpv4(value)
      return value
    }
    const cidr = parseCanonicalCidr(value, code)
    return cidr.prefix === 32 ? value.slice(0, value.indexOf('/')) : cidr.text
  } catch (err) {
    if (isDomainError(err)) throw new DomainError(code, `${JSON.stringify(value)} is not an IPv4 address or CIDR block: ${err.message}`)
    throw err
  }
}

/** `accept` or `drop` in any case. */
export function parseRulePolicy(value: string): RulePolicy {
  const lower = value.toLowerCase()
  if (lower === 'accept') return 'Accept'
  if (lower === 'drop') return 'Drop'
  throw new DomainError('InvalidPolicy.Malformed', `The Policy ${JSON.stringify(value)} is neither accept nor drop.`)
}

/** An integer 1–100, given as a string (spec §3.2). */
export function parsePriority(value: string): number {
  if (!/^-?\d{1,9}$/.test(value)) throw new DomainError('InvalidPriority.Malformed', `The Priority ${JSON.stringify(value)} is not an integer.`)
  const priority = Number(value)
  if (priority < 1 || priority > 100) {
    throw new DomainError('InvalidPriority.ValueNotSupported', `The Priority ${value} is not between 1 and 100.`)
  }
  return priority
}

/**
 * A VPC group's rules always apply to the internal network: `intranet`, and `internet` (the classic
 * network's public NIC, which a VPC does not have) is read as intranet, as the reference does.
 */
export function parseNicType(value: string): 'intranet' {
  if (!NIC_TYPES.includes(value.toLowerCase())) {
    throw new DomainError('InvalidNicType.ValueNotSupported', `The NicType ${JSON.stringify(value)} is neither intranet nor internet.`)
  }
  return 'intranet'
}

/** 1–512 characters (spec §4). */
export function parseRuleDescription(value: string): string {
  const length = [...value].length
  if (length < 1 || length > MAX_DESCRIPTION) {
    throw new DomainError('InvalidSecurityGroupDiscription.Malformed', `A rule description must be 1 to ${MAX_DESCRIPTION} characters long.`)
  }
  return value
}
