import type { SecurityGroup } from '../../../../src/domain/security-group/security-group.js'
import type { SecurityGroupRule } from '../../../../src/domain/security-group/rule.js'

/** A basic group in vpc-a; tests override what they are about. */
export function group(id: string, fields: Partial<SecurityGroup> = {}): SecurityGroup {
  return {
    id,
    accountId: '1000000000000001',
    regionId: 'cn-hangzhou',
    vpcId: 'vpc-a',
    name: '',
    description: '',
    type: 'normal',
    innerAccessPolicy: 'Accept',
    createdAt: '2026-01-01T00:00:00.000Z',
    tags: [],
    ...fields,
  }
}

/** A rule of `groupId`: TCP 22 from 10.0.0.0/8, accepted at priority 1, unless told otherwise. */
export function rule(id: string, groupId: string, fields: Partial<SecurityGroupRule> = {}): SecurityGroupRule {
  return {
    id,
    groupId,
    direction: 'ingress',
    protocol: 'TCP',
    portFrom: 22,
    portTo: 22,
    peer: { kind: 'cidr', cidr: '10.0.0.0/8' },
    local: null,
    policy: 'Accept',
    priority: 1,
    description: '',
    createdAt: '2026-01-01T00:00:00.000Z',
    ...fields,
  }
}
