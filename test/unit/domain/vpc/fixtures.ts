import { randomBytes } from 'node:crypto'
import type { Random } from '../../../../src/domain/random.js'
import type { VSwitch, Vpc } from '../../../../src/domain/vpc/vpc.js'

export const random: Random = { bytes: (count) => randomBytes(count) }

export const NOW = new Date('2026-01-01T00:00:00.123Z')

/** An Available VPC 198.18.0.0/16; tests override what they are about. */
export function vpc(fields: Partial<Vpc> = {}): Vpc {
  return {
    id: 'vpc-a',
    accountId: '1000000000000001',
    regionId: 'cn-hangzhou',
    cidrBlock: '198.18.0.0/16',
    userCidrs: [],
    name: '',
    description: '',
    status: 'Available',
    vRouterId: 'vrt-a',
    routeTableId: 'vtb-a',
    isDefault: false,
    createdAt: NOW.toISOString(),
    tags: [],
    ...fields,
  }
}

/** An Available zonal vSwitch 198.18.0.0/24 of vpc-a. */
export function vSwitch(fields: Partial<VSwitch> = {}): VSwitch {
  return {
    id: 'vsw-a',
    accountId: '1000000000000001',
    regionId: 'cn-hangzhou',
    vpcId: 'vpc-a',
    zoneId: 'cn-hangzhou-a',
    cidrBlock: '198.18.0.0/24',
    name: '',
    description: '',
    status: 'Available',
    createdAt: NOW.toISOString(),
    tags: [],
    ...fields,
  }
}
