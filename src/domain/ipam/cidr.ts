import ipaddr from 'ipaddr.js'
import { DomainError } from '../errors.js'
import { formatIpv4, parseIpv4 } from './ipv4.js'

/** An IPv4 block. `network` has its host bits cleared; `text` is the canonical `a.b.c.d/n`. */
export interface Cidr {
  readonly network: number
  readonly prefix: number
  readonly text: string
}

// A prefix is 0–32 written without leading zeros, so canonical text is unique per block.
const CIDR_SHAPE = /^([^/]+)\/(0|[1-9]\d?)$/

/**
 * Reads `a.b.c.d/n` and clears any host bits, so `parseCidr('10.0.0.1/8').text` is `10.0.0.0/8`.
 * Rules that insist on canonical input (VPC and vSwitch CIDRs) compare `text` with what they were
 * given; others (a route or security-group peer) may take the normalised block as is.
 */
export function parseCidr(text: string): Cidr {
  const match = CIDR_SHAPE.exec(text)
  const address = match?.[1]
  const prefix = Number(match?.[2])
  if (address === undefined || prefix > 32 || !ipaddr.IPv4.isValidFourPartDecimal(address)) {
    throw new DomainError('InvalidCidrBlock.Malformed', `The CIDR block "${text}" is malformed.`)
  }
  const network = (parseIpv4(address) & maskOf(prefix)) >>> 0
  return { network, prefix, text: `${formatIpv4(network)}/${prefix}` }
}

export function cidrSize(cidr: Cidr): number {
  return 2 ** (32 - cidr.prefix)
}

/** True when every address of `inner` is in `outer` (a block contains itself). */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && (inner.network & maskOf(outer.prefix)) >>> 0 === outer.network
}

/** Two CIDR blocks are either nested or disjoint, so they overlap exactly when one contains the other. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return cidrContains(a, b) || cidrContains(b, a)
}

// JavaScript shifts count modulo 32, so `x << 32` is `x`: a /0 mask must be spelled out.
function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0
}
