import { ApiError } from './api/client'

/**
 * API error codes in words a person understands. The code always stays visible next to them: it
 * is what the API documentation and the server's log speak of.
 */
const PLAIN_WORDS: Record<string, string> = {
  'Console.Unreachable': 'The OpenENI server could not be reached. Is it running?',
  'InvalidAccessKeyId.NotFound': 'No such access key ID. Check the key pair you entered.',
  'InvalidAccessKeyId.Inactive': 'This access key is disabled.',
  SignatureDoesNotMatch: 'The access key secret does not match the access key ID.',
  'InvalidTimeStamp.Expired': 'This computer’s clock is too far from the server’s. Correct the clock and try again.',
  'InvalidOperation.AvailabilityZoneMismatch': 'This network interface’s vSwitch is in another zone than the instance.',
  'InvalidOperation.VpcMismatch': 'This network interface and the instance are in different VPCs.',
  'InvalidOperation.InvalidEniState': 'The network interface is not in a state that allows this (it may be attached, or still moving).',
  'InvalidOperation.InvalidEcsState': 'The instance must be Running or Stopped for this.',
  'InvalidOperation.DetachPrimaryEniNotAllowed': 'The primary network interface cannot be detached from its instance.',
  'InvalidOperation.InvalidEniType': 'This cannot be done with a primary network interface.',
  'InvalidOperation.PrimaryEniOnlySupportModifyNameAndDesc': 'Only the name and description of a primary network interface can be changed.',
  'InvalidOperation.ModifyPrimaryEniQueueNumber': 'The queue number of a primary network interface cannot be changed.',
  'InvalidOperation.MaxEniQueueNumberExceeded': 'That queue number is more than the instance type allows per network interface.',
  'InvalidOperation.ExceedInstanceTypeQueueNumber': 'The instance’s network interfaces would have more queues in all than its type allows.',
  'InvalidParameter.InvalidEniQueueNumber': 'That queue number is not allowed.',
  'InvalidParameter.EniNotBelongEcs': 'This network interface is not attached to that instance.',
  EniPerInstanceLimitExceeded: 'The instance already has as many network interfaces as its type allows.',
  MaxEniCountExceeded: 'The instance already has as many network interfaces as its type allows.',
  MaxEniPrivateIpsCountExceeded: 'The network interface already has as many private IP addresses as its instance type allows.',
  'InvalidPrivateIpAddress.Duplicated': 'That private IP address is already in use.',
  'InvalidPrivateIpAddress.Malformed': 'That is not a valid IPv4 address.',
  InvalidPrivateIpAddress: 'That private IP address cannot be used here.',
  'InvalidVSwitchId.IpNotEnough': 'The vSwitch has no free addresses left.',
  'InvalidVSwitchId.IpInvalid': 'That address is not in the vSwitch’s range.',
  'InvalidIp.IpUnassigned': 'That address is not assigned to this network interface.',
  'InvalidIp.IpRepeated': 'The same address is given twice.',
  'InvalidOperation.EniLinked': 'An elastic IP is bound to this network interface or address; unbind it first.',
  'InvalidEniId.NotFound': 'This network interface no longer exists.',
  'InvalidInstanceId.NotFound': 'This instance no longer exists.',
  'InvalidSecurityGroupId.NotFound': 'A chosen security group does not exist.',
  'InvalidParameter.SecurityGroupIdRepeated': 'The same security group is chosen twice.',
  JoinedGroupLimitExceed: 'A network interface can be in at most five security groups.',
  IncorrectInstanceStatus: 'The instance is not in a state that allows this.',
  'InvalidOperation.DeletionProtection': 'The instance has deletion protection on.',
  'DependencyViolation.NetworkInterface': 'Something still uses this network interface.',
  OperationConflict: 'Another change to this resource is in progress; try again in a moment.',
  'Operation.Conflict': 'Another change to this resource is in progress; try again in a moment.',
  IncorrectEipStatus: 'The elastic IP is not in a state that allows this (it may be bound, or still binding).',
  'InvalidAssociation.Duplicated': 'That address already has an elastic IP.',
  'QuotaExceeded.Eip': 'The account already has as many elastic IPs as it may.',
  'OperationFailed.InsufficientEIP': 'No public address is left in the pool.',
  'InvalidBandwidth.Malformed': 'The bandwidth cap must be a whole number of Mbit/s within the allowed range.',
  'InvalidStatus.EcsStatusNotSupport': 'The instance is not in a state that allows binding an elastic IP.',
  'InvalidStatus.EniStatusNotSupport': 'The network interface is not in a state that allows binding an elastic IP.',
  'OperationFailed.PrivateIpAddressNotExist': 'That private address is not on the network interface.',
  'InvalidCidrBlock.Malformed': 'That is not a valid CIDR block.',
  'InvalidCidrBlock.Overlapped': 'That CIDR block overlaps another vSwitch of this VPC.',
  'InvalidCirdrBlock.MaskLength': 'That CIDR block is too large or too small here.',
  DependencyViolation: 'Something still uses it: delete what is inside first.',
  'DependencyViolation.VSwitch': 'The VPC still has vSwitches: delete them first.',
  'DependencyViolation.SecurityGroup': 'The VPC still has security groups: delete them first.',
  'DependencyViolation.Instance': 'Instances still use it: delete them first.',
  'InvalidParam.PortRange': 'That port range is not valid for the protocol (from/to, 1–65535; -1/-1 for ICMP and ALL).',
  'InvalidSourceCidrIp.Malformed': 'The source is not a valid CIDR block.',
  'InvalidDestCidrIp.Malformed': 'The destination is not a valid CIDR block.',
  'InvalidPriority.ValueNotSupported': 'The priority must be between 1 and 100.',
  'InvalidParam.DuplicatePermissions': 'The group already has this rule.',
  'AuthorizationLimitExceed': 'The group already has as many rules as it may.',
  MissingParameter: 'A required field is empty.',
  InvalidParameter: 'A field has a value the API does not accept.',
  InternalError: 'The server failed unexpectedly; its log has the details.',
}

export interface ShownError {
  words: string
  code: string
  detail: string
}

export function explain(err: unknown): ShownError {
  if (err instanceof ApiError) {
    return { words: PLAIN_WORDS[err.code] ?? err.message, code: err.code, detail: PLAIN_WORDS[err.code] === undefined ? '' : err.message }
  }
  return { words: 'Something went wrong in the console.', code: 'Console.Error', detail: String(err) }
}
