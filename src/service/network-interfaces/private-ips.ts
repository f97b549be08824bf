import { assertNoEipOnAddresses } from '../../domain/eip/eni-guards.js'
import { assertIpsAssignable, assertIpsUnassignable } from '../../domain/eni/private-ip-change.js'
import { parseRequestedAddresses } from '../../domain/eni/requested-addresses.js'
import { ASSIGN_SECONDARY_IPS, assertSecondaryIpRequest } from '../../domain/eni/secondary-ip-request.js'
import { DomainError } from '../../domain/errors.js'
import { parseCidr } from '../../domain/ipam/cidr.js'
import { formatIpv4 } from '../../domain/ipam/ipv4.js'
import { usableRange } from '../../domain/ipam/usable-range.js'
import { eipsOnEnis } from '../../store/repositories/eips.js'
import { insertPrivateIps, releasePrivateIps } from '../../store/repositories/private-ips.js'
import { lockVSwitch } from '../../store/repositories/vswitches.js'
import type { Caller, ServiceDeps } from '../deps.js'
import { mutate } from '../mutate.js'
import { reserveAddresses } from './addresses.js'
import { lockEniWithHost } from './locked-eni.js'

export interface AssignInput {
  regionId: string
  networkInterfaceId: string
  privateIpAddresses: string[]
  secondaryPrivateIpAddressCount?: number | undefined
  clientToken?: string | undefined
}

export interface AssignedAddresses {
  networkInterfaceId: string
  privateIpAddresses: string[]
}

/**
 * AssignPrivateIpAddresses (spec §5.8): named addresses or a count, taken from the ENI's vSwitch
 * under its lock, so an address is never given to two ENIs however requests interleave.
 */
export async function assignPrivateIpAddresses(deps: ServiceDeps, caller: Caller, input: AssignInput): Promise<AssignedAddresses> {
  const { regionId, networkInterfaceId, clientToken } = input
  const request = { addresses: input.privateIpAddresses, count: input.secondaryPrivateIpAddressCount }
  return mutate(deps, caller, { action: 'AssignPrivateIpAddresses', clientToken, fingerprint: { regionId, networkInterfaceId, ...request } }, async (u) => {
    const adding = assertSecondaryIpRequest(request, ASSIGN_SECONDARY_IPS)
    const { eni, host } = await lockEniWithHost(u, regionId, networkInterfaceId)
    assertIpsAssignable(eni, host, adding)
    const vSwitch = await lockVSwitch(u, eni.vSwitchId)
    if (vSwitch === undefined) throw new DomainError('InvalidVSwitchId.NotFound', `The vSwitch ${eni.vSwitchId} does not exist.`)
    const named = parseRequestedAddresses(usableRange(parseCidr(vSwitch.cidrBlock)), undefined, request.addresses).secondaries
    const picked = await reserveAddresses(u, vSwitch, named, request.count ?? 0)
    const added = [...named, ...picked]
    await insertPrivateIps(u.tx, vSwitch.id, eni.id, added.map((address) => ({ address, primary: false })))
    const addresses = added.map(formatIpv4)
    u.record({
      regionId: eni.regionId,
      resourceType: 'NetworkInterface',
      resourceId: eni.id,
      event: 'PrivateIpAddressesAssigned',
      payload: { privateIpAddresses: addresses },
    })
    return { networkInterfaceId: eni.id, privateIpAddresses: addresses }
  })
}

export interface UnassignInput {
  regionId: string
  networkInterfaceId: string
  privateIpAddresses: string[]
}

/** UnassignPrivateIpAddresses (spec §5.9): the freed addresses return to the vSwitch; none may hold an EIP. */
export async function unassignPrivateIpAddresses(deps: ServiceDeps, caller: Caller, input: UnassignInput): Promise<void> {
  await mutate(deps, caller, { action: 'UnassignPrivateIpAddresses' }, async (u) => {
    const { eni, host } = await lockEniWithHost(u, input.regionId, input.networkInterfaceId)
    const addresses = assertIpsUnassignable(eni, host, input.privateIpAddresses)
    assertNoEipOnAddresses(eni.id, input.privateIpAddresses, await eipsOnEnis(u.tx, [eni.id]))
    await releasePrivateIps(u.tx, eni.id, addresses)
    u.record({
      regionId: eni.regionId,
      resourceType: 'NetworkInterface',
      resourceId: eni.id,
      event: 'PrivateIpAddressesUnassigned',
      payload: { privateIpAddresses: input.privateIpAddresses },
    })
  })
}
