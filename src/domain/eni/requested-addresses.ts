import { assertDistinct } from '../ipam/distinct.js'
import { parseIpv4 } from '../ipam/ipv4.js'
import { assertAssignable, type UsableRange } from '../ipam/usable-range.js'

export interface RequestedAddresses {
  primary: number | undefined
  secondaries: number[]
}

/**
 * Caller-chosen addresses (PrimaryIpAddress, PrivateIpAddress.N): well formed, each named once in
 * the request, and usable in the vSwitch — inside its CIDR and not one of its reserved addresses
 * (spec §3.2, §5.1). Whether another ENI holds one is the store's question.
 */
export function parseRequestedAddresses(range: UsableRange, primary: string | undefined, secondaries: readonly string[]): RequestedAddresses {
  const named = primary === undefined ? [...secondaries] : [primary, ...secondaries]
  const parsed = named.map(parseIpv4)
  assertDistinct(named)
  for (const address of parsed) assertAssignable(range, address)
  return primary === undefined ? { primary: undefined, secondaries: parsed } : { primary: parsed[0], secondaries: parsed.slice(1) }
}
