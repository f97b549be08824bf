import type { Eip } from '../../domain/eip/eip.js'
import type { EipRecord } from '../../store/repositories/eips.js'

/** An EIP as DescribeEipAddresses shows it (spec §6.12): where its binding points, in the API's terms. */
export interface EipView {
  eip: Eip
  /** The instance for an instance's EIP, the ENI for an ENI's, '' when unbound. */
  instanceId: string
  /** The VPC of the bound ENI, '' when unbound. */
  vpcId: string
}

export function shownTargetOf(record: EipRecord): string {
  const { binding } = record.eip
  if (binding === null) return ''
  return binding.boundAs === 'EcsInstance' ? (record.eniInstanceId ?? '') : binding.eniId
}

export function viewOfEip(record: EipRecord): EipView {
  return { eip: record.eip, instanceId: shownTargetOf(record), vpcId: record.eniVpcId ?? '' }
}
