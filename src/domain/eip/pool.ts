import { DomainError } from '../errors.js'
import type { AddressWindow } from '../ipam/allocate.js'
import { cidrSize, parseCidr } from '../ipam/cidr.js'
import { formatIpv4, parseIpv4 } from '../ipam/ipv4.js'

/**
 * A region's public address pool: the operator's CIDR blocks, each without its network and
 * broadcast address (a /31 or /32 has neither, RFC 3021), as inclusive runs in address order.
 *
 *     203.0.113.0/29 ─► .1 … .6        203.0.113.8/31 ─► .8 … .9        198.51.100.7/32 ─► .7
 */
export type Pool = readonly AddressWindow[]

export function parsePool(blocks: readonly string[]): Pool {
  return blocks
    .map((text) => {
      const cidr = parseCidr(text)
      const size = cidrSize(cidr)
      return size <= 2 ? { from: cidr.network, to: cidr.network + size - 1 } : { from: cidr.network + 1, to: cidr.network + size - 2 }
    })
    .sort((a, b) => a.from - b.from)
}

export function poolContains(pool: Pool, address: number): boolean {
  return pool.some((run) => address >= run.from && address <= run.to)
}

/**
 * The pool in windows of at most `windowSize` addresses, covering each address once: from `hint`
 * to the end of the pool, then from its start up to `hint − 1`, so an address just released is
 * the last to be handed out again.
 */
export function* poolWindows(pool: Pool, hint: number, windowSize: number): Generator<AddressWindow> {
  const after = pool.flatMap((run) => (run.to < hint ? [] : [{ from: Math.max(run.from, hint), to: run.to }]))
  const before = pool.flatMap((run) => (run.from >= hint ? [] : [{ from: run.from, to: Math.min(run.to, hint - 1) }]))
  for (const run of [...after, ...before]) {
    for (let start = run.from; start <= run.to; start += windowSize) yield { from: start, to: Math.min(start + windowSize - 1, run.to) }
  }
}

/** Where the next search starts: just after the address handed out (past the end, the search wraps). */
export function nextPoolHint(picked: number): number {
  return picked + 1
}

/**
 * The `IpAddress` of AllocateEipAddress (spec §6.7): a dotted quad of the region's pool, else
 * ResourceNotFound.Ip, the reference's answer for an address it does not have.
 */
export function requestedPoolAddress(pool: Pool, text: string): number {
  const address = parsePublicIpv4('IpAddress', text)
  if (!poolContains(pool, address)) {
    throw new DomainError('ResourceNotFound.Ip', `The address ${formatIpv4(address)} is not in the public address pool of the region.`)
  }
  return address
}

/** A public address given in a request; parseIpv4's own error speaks of private addresses. */
export function parsePublicIpv4(parameter: string, text: string): number {
  try {
    return parseIpv4(text)
  } catch {
    throw new DomainError('InvalidParameter', `The ${parameter} "${text}" is not an IPv4 address in dotted-quad form.`)
  }
}
