import { DomainError } from '../errors.js'
import type { Instance } from '../instance/instance.js'
import type { Eni } from './eni.js'

/**
 * An ENI joins only an instance of its own VPC and zone (spec §5.5 rule 3, §7). A regional vSwitch
 * (no zone) spans the VPC's zones, so its ENIs attach in any of them.
 */
export function assertSameNetwork(eni: Pick<Eni, 'id' | 'vpcId' | 'zoneId'>, instance: Pick<Instance, 'id' | 'vpcId' | 'zoneId'>): void {
  if (eni.vpcId !== instance.vpcId) {
    throw new DomainError(
      'InvalidOperation.VpcMismatch',
      `The network interface ${eni.id} is in VPC ${eni.vpcId} and the instance ${instance.id} in VPC ${instance.vpcId}.`,
    )
  }
  if (eni.zoneId !== null && eni.zoneId !== instance.zoneId) {
    throw new DomainError(
      'InvalidOperation.AvailabilityZoneMismatch',
      `The network interface ${eni.id} is in zone ${eni.zoneId} and the instance ${instance.id} in zone ${instance.zoneId}.`,
    )
  }
}
