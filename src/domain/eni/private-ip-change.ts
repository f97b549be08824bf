import { DomainError } from '../errors.js'
import type { InstanceType } from '../instance-type/catalog.js'
import { assertDistinct } from '../ipam/distinct.js'
import { parseIpv4 } from '../ipam/ipv4.js'
import type { EniHostInstance } from './attach.js'
import { primaryAddressOf, type Eni } from './eni.js'
import { assertInstanceSettled } from './instance-readiness.js'
import { assertIpv4Count } from './instance-type-fit.js'
import { assertEniStatus } from './status.js'

/** Secondary addresses an unattached ENI may hold (spec §4); once attached, the instance type decides. */
const DETACHED_SECONDARY_IP_LIMIT = 49

const MAX_UNASSIGNED = 32

/**
 * AssignPrivateIpAddresses' rules (spec §5.8): the ENI is Available or InUse; a primary ENI's
 * instance is settled; an unattached ENI stays within 49 secondaries, an attached one within its
 * instance type's EniPrivateIpAddressQuantity (primary address included). `host` is the ENI's
 * instance, undefined when it has none.
 */
export function assertIpsAssignable(eni: Eni, host: { instance: EniHostInstance; type: InstanceType } | undefined, adding: number): void {
  assertIpChangeAllowed(eni, host, 'AssignPrivateIpAddresses')
  const total = eni.privateIps.length + adding
  if (host === undefined) {
    if (total - 1 > DETACHED_SECONDARY_IP_LIMIT) {
      throw new DomainError(
        'MaxEniPrivateIpsCountExceeded',
        `A detached network interface holds at most ${DETACHED_SECONDARY_IP_LIMIT} secondary private IP addresses; ${eni.id} would hold ${total - 1}.`,
      )
    }
    return
  }
  assertIpv4Count(host.type, total)
}

/**
 * UnassignPrivateIpAddresses' rules (spec §5.9): the same state rules as Assign; each address is a
 * secondary one of this ENI, named once. Returns the addresses as the store keeps them.
 */
export function assertIpsUnassignable(
  eni: Eni,
  host: { instance: EniHostInstance; type: InstanceType } | undefined,
  addresses: readonly string[],
): number[] {
  if (addresses.length === 0) throw new DomainError('MissingParameter', 'PrivateIpAddress.N names the addresses to unassign.')
  if (addresses.length > MAX_UNASSIGNED) {
    throw new DomainError('InvalidParameter', `At most ${MAX_UNASSIGNED} PrivateIpAddress.N may be given in one request.`)
  }
  assertIpChangeAllowed(eni, host, 'UnassignPrivateIpAddresses')
  const parsed = addresses.map(parseIpv4)
  assertDistinct(addresses)
  const primary = primaryAddressOf(eni)
  for (const address of addresses) {
    if (address === primary) {
      throw new DomainError('InvalidParameter', `${address} is the primary address of the network interface ${eni.id} and stays with it.`)
    }
    if (!eni.privateIps.some((ip) => ip.address === address)) {
      throw new DomainError('InvalidIp.IpUnassigned', `The IP address ${address} is not assigned to the network interface ${eni.id}.`)
    }
  }
  return parsed
}

function assertIpChangeAllowed(eni: Eni, host: { instance: EniHostInstance } | undefined, operation: string): void {
  assertEniStatus(eni, ['Available', 'InUse'], operation)
  if (eni.type === 'Primary' && host !== undefined) assertInstanceSettled(host.instance)
}
