import type { Eni } from '../eni/eni.js'
import { primaryAddressOf } from '../eni/eni.js'
import { DomainError } from '../errors.js'
import type { Instance } from '../instance/instance.js'
import { parseIpv4 } from '../ipam/ipv4.js'
import type { BoundAs, Eip, EipBinding } from './eip.js'
import { assertEipStatus } from './status.js'

/** Every target type the reference knows (spec §6.8); only the first two exist here. */
const REFERENCE_TARGETS = ['EcsInstance', 'NetworkInterface', 'Nat', 'SlbInstance', 'HaVip', 'IpAddress'] as const
const MODES = ['NAT', 'MULTI_BINDED', 'BINDED'] as const

/** `InstanceType` of AssociateEipAddress / UnassociateEipAddress: EcsInstance when absent (spec §6.8). */
export function parseTargetType(text: string | undefined): BoundAs {
  if (text === undefined || text === 'EcsInstance') return 'EcsInstance'
  if (text === 'NetworkInterface') return 'NetworkInterface'
  const known = (REFERENCE_TARGETS as readonly string[]).includes(text)
  throw new DomainError(
    'InvalidInstanceType.ValueNotSupported',
    known
      ? `EIPs are associated here with EcsInstance or NetworkInterface targets, not ${text}.`
      : `The InstanceType ${JSON.stringify(text)} is not one an EIP can be associated with.`,
  )
}

/**
 * `Mode` (spec §6.8 mode table): NAT, the default, maps the EIP to a private address and leaves the
 * ENI's private networking as it is. The cut-through modes are the reference's but not built here.
 */
export function assertNatMode(mode: string | undefined): void {
  if (mode === undefined || mode === 'NAT') return
  if (!(MODES as readonly string[]).includes(mode)) {
    throw new DomainError('IllegalParam.Mode', `The Mode ${JSON.stringify(mode)} is not one of ${MODES.join(', ')}.`)
  }
  throw new DomainError('Mode.NotSupport', `EIPs are associated in NAT mode only; ${mode} is not supported.`)
}

/** AssociateEipAddress needs an unbound EIP; one in flight answers IncorrectEipStatus (spec §6.8). */
export function assertAssociable(eip: Pick<Eip, 'id' | 'status'>): void {
  assertEipStatus(eip, ['Available'], 'AssociateEipAddress')
}

/**
 * An instance's EIP is its primary ENI's primary address (spec §7); the instance must be settled
 * (spec §7 instance matrix: not while Pending, Starting or Stopping). A `PrivateIpAddress`, when
 * given, must be that address: other addresses are bound through their network interface.
 */
export function instanceBinding(
  instance: Pick<Instance, 'id' | 'status'>,
  primaryEni: Pick<Eni, 'id' | 'privateIps'>,
  privateIpAddress: string | undefined,
): EipBinding {
  assertInstanceSettledForEip(instance)
  const primaryIp = primaryAddressOf(primaryEni)
  if (privateIpAddress !== undefined && checkedAddress(privateIpAddress) !== primaryIp) {
    throw new DomainError(
      'OperationFailed.PrivateIpAddressNotExist',
      `An EIP associated with the instance ${instance.id} maps to its primary private address ${primaryIp}; associate one with ${privateIpAddress} through its network interface.`,
    )
  }
  return { eniId: primaryEni.id, privateIpAddress: primaryIp, boundAs: 'EcsInstance' }
}

/**
 * An ENI's EIP maps to the address named (its primary one by default), which must be the ENI's.
 * The ENI must be Available or InUse: not while it moves between instances (spec §7 ENI matrix).
 */
export function networkInterfaceBinding(eni: Pick<Eni, 'id' | 'status' | 'privateIps'>, privateIpAddress: string | undefined): EipBinding {
  assertEniSettledForEip(eni)
  const address = privateIpAddress === undefined ? primaryAddressOf(eni) : checkedAddress(privateIpAddress)
  if (!eni.privateIps.some((ip) => ip.address === address)) {
    throw new DomainError(
      'OperationFailed.PrivateIpAddressNotExist',
      `The private IP address ${privateIpAddress} is not an address of the network interface ${eni.id}.`,
    )
  }
  return { eniId: eni.id, privateIpAddress: address, boundAs: 'NetworkInterface' }
}

/** One EIP per private address (spec §7 binding registry): the address must hold none yet. */
export function assertAddressFree(binding: EipBinding, holder: string | undefined): void {
  if (holder !== undefined) {
    throw new DomainError(
      'InvalidAssociation.Duplicated',
      `The private IP address ${binding.privateIpAddress} of ${binding.eniId} already has the EIP ${holder}.`,
    )
  }
}

export function assertInstanceSettledForEip(instance: Pick<Instance, 'id' | 'status'>): void {
  if (instance.status !== 'Running' && instance.status !== 'Stopped') {
    throw new DomainError(
      'InvalidStatus.EcsStatusNotSupport',
      `The instance ${instance.id} is ${instance.status}; its EIP changes only while it is Running or Stopped.`,
    )
  }
}

export function assertEniSettledForEip(eni: Pick<Eni, 'id' | 'status'>): void {
  if (eni.status !== 'Available' && eni.status !== 'InUse') {
    throw new DomainError(
      'InvalidStatus.EniStatusNotSupport',
      `The network interface ${eni.id} is ${eni.status}; its EIPs change only while it is Available or InUse.`,
    )
  }
}

/** A strict dotted quad has one spelling (no leading zeros), so it compares with stored ones as text. */
function checkedAddress(address: string): string {
  parseIpv4(address)
  return address
}
