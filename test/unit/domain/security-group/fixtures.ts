import type { SecurityGroup } from '../../../../src/domain/security-group/security-group.js'

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
