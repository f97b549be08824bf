import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { cloudServiceRoute, systemRouteTableOf, vSwitchRoute } from '../../../../src/domain/route/system-routes.js'
import { NOW, random, table, vpc } from './fixtures.js'

describe('systemRouteTableOf', () => {
  it('is the VPC’s system table, under the IDs and creation time of the VPC', () => {
    assert.deepEqual(systemRouteTableOf(vpc()), table())
  })
})

describe('cloudServiceRoute', () => {
  it('routes 100.64.0.0/10 to the cloud’s services', () => {
    const route = cloudServiceRoute(table(), random, NOW)
    assert.match(route.id, /^rte-[0-9a-z]{20}$/)
    assert.deepEqual(
      [route.destinationCidrBlock, route.type, route.nextHop, route.vSwitchId, route.routeTableId, route.vpcId, route.status],
      ['100.64.0.0/10', 'System', { type: 'service', id: '' }, null, 'vtb-a', 'vpc-a', 'Available'],
    )
  })
})

describe('vSwitchRoute', () => {
  it('routes the vSwitch block to the vSwitch itself', () => {
    const route = vSwitchRoute(table(), { id: 'vsw-a', cidrBlock: '198.18.0.0/24' }, random, NOW)
    assert.deepEqual(
      [route.destinationCidrBlock, route.type, route.nextHop, route.vSwitchId, route.createdAt],
      ['198.18.0.0/24', 'System', { type: 'local', id: '' }, 'vsw-a', NOW.toISOString()],
    )
  })
})
