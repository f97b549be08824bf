import { DomainError } from '../errors.js'
import { parseIpv4 } from '../ipam/ipv4.js'
import { decide, type Decision } from './decide.js'
import type { EffectivePolicy } from './effective-policy.js'

/** One end of a reachability question as asked: an ENI, an instance (its primary ENI) or a private address. */
export type ReachTarget = { kind: 'eni'; eniId: string } | { kind: 'instance'; instanceId: string } | { kind: 'address'; address: string }

/** What is sent: TCP or UDP to a port, or ICMP. */
export type ReachTraffic = { protocol: 'tcp' | 'udp'; port: number } | { protocol: 'icmp' }

/** An end resolved to its ENI: the address it uses, its VPC and its effective policy. */
export interface ReachEnd {
  eniId: string
  address: string
  vpcId: string
  policy: EffectivePolicy
}

export interface ReachVerdict {
  allowed: boolean
  /** The sender's outbound filter on the connection. */
  egress: Decision
  /** The receiver's inbound filter on it. */
  ingress: Decision
}

/** `eni-…`, `i-…` or a dotted-quad IPv4 address. */
export function parseReachTarget(text: string, name: string): ReachTarget {
  if (/^eni-[0-9a-z]+$/.test(text)) return { kind: 'eni', eniId: text }
  if (/^i-[0-9a-z]+$/.test(text)) return { kind: 'instance', instanceId: text }
  try {
    parseIpv4(text)
    return { kind: 'address', address: text }
  } catch {
    throw new DomainError('InvalidParameter', `${name} must be a network interface ID, an instance ID or a private IPv4 address; ${JSON.stringify(text)} is none.`)
  }
}

/** `tcp` or `udp` with a port 1–65535, or `icmp` without one (any letter case). */
export function parseReachTraffic(protocol: string, port: string | undefined): ReachTraffic {
  const lower = protocol.toLowerCase()
  if (lower === 'icmp') {
    if (port !== undefined) throw new DomainError('InvalidParameter', 'ICMP has no port.')
    return { protocol: 'icmp' }
  }
  if (lower !== 'tcp' && lower !== 'udp') throw new DomainError('InvalidParameter', `The protocol ${JSON.stringify(protocol)} is not one of tcp, udp, icmp.`)
  if (port === undefined || !/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
    throw new DomainError('InvalidParameter', `${lower.toUpperCase()} needs a port from 1 to 65535.`)
  }
  return { protocol: lower, port: Number(port) }
}

/**
 * May `from` open a connection to `to`? Security groups filter within a VPC, so the two ends must be
 * two ENIs of one VPC. The sender's egress and the receiver's ingress must both accept it; replies
 * then pass, since filtering is stateful (spec §5.20).
 */
export function judgeReach(from: ReachEnd, to: ReachEnd, traffic: ReachTraffic): ReachVerdict {
  if (from.eniId === to.eniId) {
    throw new DomainError('InvalidParameter', `Both ends are the network interface ${from.eniId}; its own traffic never crosses its filter.`)
  }
  if (from.vpcId !== to.vpcId) {
    throw new DomainError(
      'InvalidOperation.VpcMismatch',
      `${from.eniId} is in VPC ${from.vpcId} and ${to.eniId} in VPC ${to.vpcId}: security groups decide only within one VPC.`,
    )
  }
  const egress = decide(from.policy, 'egress', { ...traffic, peer: to.address, local: from.address })
  const ingress = decide(to.policy, 'ingress', { ...traffic, peer: from.address, local: to.address })
  return { allowed: egress.verdict === 'accept' && ingress.verdict === 'accept', egress, ingress }
}
