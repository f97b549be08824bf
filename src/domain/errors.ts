/**
 * Every error the product can raise, by the code the Alibaba Cloud API uses for it. The domain
 * throws these; each dialect maps them to a transport status in a `Record<ErrorCode, …>`, so a new
 * code does not compile until every dialect has decided how to show it. Some codes keep the
 * reference's misspellings (`Discription`, `Cirdr`, `InValidParameter`): SDK users match on them.
 */
export const ERROR_CODES = [
  // Request shape and authentication (any action).
  'MissingParameter',
  'InvalidParameter',
  'InvalidParameter.Conflict',
  'InvalidParameter.Mismatch',
  'UnsupportedParameter',
  'IncompleteSignature',
  'SignatureDoesNotMatch',
  'InvalidTimeStamp.Expired',
  'InvalidTimeStamp.Format',
  'SignatureNonceUsed',
  'InvalidAccessKeyId.NotFound',
  'InvalidAccessKeyId.Inactive',
  'InvalidAction.NotFound',
  'InvalidRegionId.NotFound',
  'InvalidZoneId.NotFound',
  'InvalidAcceptLanguage.NotFound',
  'InvalidResourceType.NotFound',
  'InValidParameter.NextToken',
  'InvalidFilterKey.NotFound',
  'InvalidFilterValue',
  'DryRunOperation',
  'IdempotentParameterMismatch',
  'OperationConflict',
  'InternalError',
  'ServiceUnavailable',
  // Tags.
  'Duplicate.TagKey',
  'InvalidTagKey.Malformed',
  'InvalidTagValue.Malformed',
  'QuotaExceed.Tags',
  // VPCs and vSwitches.
  'InvalidVpcId.NotFound',
  'IncorrectVpcStatus',
  'InvalidVpcName.Malformed',
  'InvalidVpcDiscription.Malformed',
  'InvalidVpcIdNumber.NotSupported',
  'QuotaExceeded.Vpc',
  'InvalidUserCidr.Quota',
  'InvalidUserCidr.Malformed',
  'InvalidCidrBlock.Malformed',
  'InvalidCirdrBlock.MaskLength',
  'InvalidCidrBlock.Overlapped',
  'InvalidCidrBlock.NotInVpc',
  'OperationDenied.CidrInExcludeCidrs',
  'DependencyViolation',
  'DependencyViolation.VSwitch',
  'DependencyViolation.SecurityGroup',
  'DependencyViolation.Instance',
  'DependencyViolation.NetworkInterface',
  'InvalidVSwitchId.NotFound',
  'IncorrectVSwitchStatus',
  'InvalidVSwitchName.Malformed',
  'InvalidVSwitchDiscription.Malformed',
  'QuotaExceeded.VSwitch',
  // Security groups.
  'InvalidSecurityGroupId.NotFound',
  'InvalidSecurityGroupName.Malformed',
  'InvalidDescription.Malformed',
  'InvalidParams.GroupType',
  'QuotaExceed.SecurityGroup',
  'InvalidSecurityGroupId.SingleIdAndMultiIdConflict',
  'InvalidParameter.SecurityGroupIdRepeated',
  'JoinedGroupLimitExceed',
  'InstanceSecurityGroupLimitExceeded',
  'InvalidInstanceId.AlreadyExists',
  'InvalidOperation.MultiGroupType',
  'InstanceLastSecurityGroup',
  'InvalidSecurityGroupAssociation.NotFound',
  'InvalidParam.EniIdAndInstanceId.Conflict',
  'SecurityGroupInstanceLimitExceed',
  // Instance types and instances.
  'InvalidInstanceType.ValueNotSupported',
  'InvalidInstanceType.ElasticNetworkInterfaceNotSupported',
  'InvalidIoOptimize.ValueNotSupported',
  'InvalidInstanceId.NotFound',
  'InvalidEcsId.NotFound',
  'IncorrectInstanceStatus',
  'IncorrectInstanceStatus.Initializing',
  'InvalidOperation.DeletionProtection',
  'InvalidVSwitchId.Necessary',
  'InvalidPrivateIpAddress',
  'InvalidParam.Amount',
  'InvalidParam.NetworkInterface',
  'InvalidParam.SecondaryNetworkInterface',
  'InvalidInstanceName.Malformed',
  'InvalidHostName.Malformed',
  'OperationDenied.NoStock',
  'QuotaExceeded.PrivateIpAddress',
  'InvalidStatus.NotFound',
  'InvalidNetworkType.NotFound',
  // Elastic network interfaces.
  'InvalidEniId.NotFound',
  'InvalidOperation.InvalidEniState',
  'InvalidOperation.InvalidEcsState',
  'InvalidOperation.HotPlugNotSupport',
  'InvalidOperation.DetachPrimaryEniNotAllowed',
  'InvalidOperation.InvalidEniType',
  'InvalidOperation.AvailabilityZoneMismatch',
  'InvalidOperation.VpcMismatch',
  'InvalidOperation.PrimaryEniOnlySupportModifyNameAndDesc',
  'InvalidOperation.ModifyPrimaryEniQueueNumber',
  'InvalidOperation.MaxEniQueueNumberExceeded',
  'InvalidOperation.ExceedInstanceTypeQueueNumber',
  'InvalidOperation.Ipv4CountExceeded',
  'InvalidParameter.InvalidEniQueueNumber',
  'InvalidParameter.EniNotBelongEcs',
  'InvalidParams.NetworkInterfaceName',
  'MaxEniCountExceeded',
  'EniPerInstanceLimitExceeded',
  'MaxEniPrivateIpsCountExceeded',
  'InvalidPrivateIpAddress.Malformed',
  'InvalidPrivateIpAddress.Duplicated',
  'InvalidVSwitchId.IpNotEnough',
  'InvalidVSwitchId.IpInvalid',
  'InvalidIp.IpRepeated',
  'InvalidIp.IpUnassigned',
  'Operation.Conflict',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'DomainError'
  }
}

export function isDomainError(err: unknown): err is DomainError {
  return err instanceof DomainError
}
