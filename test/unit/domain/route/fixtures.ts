import type { RouteEntry, RouteTable } from '../../../../src/domain/route/route.js'
import { NOW } from '../vpc/fixtures.js'

export { NOW, random, vpc } from '../vpc/fixtures.js'

/** The system route table of the fixture VPC vpc-a. */
export function table(fields: Partial<RouteTable> = {}): RouteTable {
  return {
    id: 'vtb-a',
    accountId: '1000000000000001',
    regionId: 'cn-hangzhou',
    vpcId: 'vpc-a',
    vRouterId: 'vrt-a',
    type: 'System',
    name: '',
    description: '',
    status: 'Available',
    createdAt: NOW.toISOString(),
    ...fields,
  }
}

/** An Available custom route of vtb-a to 10.0.0.0/8 through the instance i-a. */
export function route(fields: Partial<RouteEntry> = {}): RouteEntry {
  return {
    id: 'rte-a',
    accountId: '1000000000000001',
    regionId: 'cn-hangzhou',
    routeTableId: 'vtb-a',
    vpcId: 'vpc-a',
    destinationCidrBlock: '10.0.0.0/8',
    type: 'Custom',
    nextHop: { type: 'Instance', id: 'i-a' },
    vSwitchId: null,
    name: '',
    description: '',
    status: 'Available',
    createdAt: NOW.toISOString(),
    ...fields,
  }
}
