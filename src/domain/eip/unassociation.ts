import { DomainError } from '../errors.js'
import type { Eip, EipBinding } from './eip.js'
import { assertEipStatus } from './status.js'
import { parseTargetType } from './association.js'

/** What UnassociateEipAddress may name of the binding it removes (spec §6.9). */
export interface UnassociationRequest {
  instanceId?: string | undefined
  instanceType?: string | undefined
  privateIpAddress?: string | undefined
}

/**
 * UnassociateEipAddress' rules (spec §6.9): the EIP is InUse (an association or unassociation
 * still in flight answers IncorrectEipStatus); what the request names of the binding must be it,
 * else InvalidBindInstance.NotFound. `shownInstanceId` is the target as DescribeEipAddresses shows
 * it: the instance for an instance's EIP, the ENI otherwise. Returns the binding to remove.
 */
export function assertUnassociable(eip: Pick<Eip, 'id' | 'status' | 'binding'>, shownInstanceId: string, request: UnassociationRequest): EipBinding {
  assertEipStatus(eip, ['InUse'], 'UnassociateEipAddress')
  const binding = eip.binding
  if (binding === null) throw new Error(`EIP ${eip.id} is InUse without a binding`)
  // An absent InstanceType is taken as "whatever it is bound to": the reference's EcsInstance
  // default would refuse a plain retry of an ENI's unassociation that names only the ENI.
  const type = request.instanceType === undefined ? binding.boundAs : parseTargetType(request.instanceType)
  const mismatch =
    type !== binding.boundAs ||
    (request.instanceId !== undefined && request.instanceId !== shownInstanceId) ||
    (request.privateIpAddress !== undefined && request.privateIpAddress !== binding.privateIpAddress)
  if (mismatch) {
    throw new DomainError(
      'InvalidBindInstance.NotFound',
      `The EIP ${eip.id} is associated with ${binding.boundAs} ${shownInstanceId} on ${binding.privateIpAddress}, not with what the request names.`,
    )
  }
  return binding
}
