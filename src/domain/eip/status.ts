import { DomainError } from '../errors.js'
import type { Eip, EipStatus } from './eip.js'

/**
 * The EIP state machine (spec §3.3, §6.8, §6.9). Association and unassociation pass through a
 * transitional status that the host of the bound ENI's instance settles, as ENI attach and detach
 * do; with nothing to confirm (an ENI on no instance, an instance deleted) the step is direct.
 *
 *     (allocated) ─► Available ─► Associating ─► InUse ─► Unassociating ─► Available ─► (released)
 *                        └──────────────────────►  │ └──────────────────────►┘
 *                           no host to confirm        instance deleted with its ENI
 */
const SETTLED: Readonly<Record<EipStatus, EipStatus>> = {
  Available: 'Available',
  Associating: 'InUse',
  InUse: 'InUse',
  Unassociating: 'Available',
}

/** Where a status ends once the host has confirmed it. */
export function settledStatus(status: EipStatus): EipStatus {
  return SETTLED[status]
}

/** What a host reports for one EIP: the NAT mapping it has in place, to this private address. */
export interface ObservedEip {
  privateIpAddress: string
}

/**
 * An EIP in flight settles on the host of its ENI's instance by what that host shows: Associating
 * becomes InUse once the host maps the EIP to the private address it is bound to; Unassociating
 * becomes Available once the host no longer maps it at all.
 */
export function settledEipStatus(status: EipStatus, boundTo: string | null, observed: ObservedEip | undefined): EipStatus {
  if (status === 'Associating') return observed !== undefined && observed.privateIpAddress === boundTo ? 'InUse' : status
  if (status === 'Unassociating') return observed === undefined ? 'Available' : status
  return status
}

/** An operation runs only in the statuses it lists, else IncorrectEipStatus; transitional ones allow none but Describe. */
export function assertEipStatus(eip: Pick<Eip, 'id' | 'status'>, allowed: readonly EipStatus[], operation: string): void {
  if (!allowed.includes(eip.status)) {
    throw new DomainError('IncorrectEipStatus', `The EIP ${eip.id} is ${eip.status}; ${operation} needs it to be ${allowed.join(' or ')}.`)
  }
}
