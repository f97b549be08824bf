import { DomainError } from '../errors.js'

/**
 * CreateNetworkInterface names its groups either as `SecurityGroupId` or as `SecurityGroupIds.N`,
 * never both (spec §5.1); an ENI without any group would let nothing in, so one form is required.
 */
export function chooseSecurityGroupIds(single: string | undefined, multiple: readonly string[]): string[] {
  if (single !== undefined && multiple.length > 0) {
    throw new DomainError(
      'InvalidSecurityGroupId.SingleIdAndMultiIdConflict',
      'SecurityGroupId and SecurityGroupIds.N cannot be given together.',
    )
  }
  if (single !== undefined) return [single]
  if (multiple.length === 0) {
    throw new DomainError('MissingParameter', 'One of SecurityGroupId or SecurityGroupIds.N is required.')
  }
  return [...multiple]
}
