import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  assertCustomRouteQuota,
  newRouteEntry,
  planRouteEntry,
  type RouteEntryRequest,
  type RouteTableState,
} from '../../../../src/domain/route/create-route-entry.js'
import { NOW, random, table, vpc } from './fixtures.js'

const request: RouteEntryRequest = { destinationCidrBlock: '10.0.0.0/8', nextHopId: 'i-a', nextHopList: [] }
const state: RouteTableState = {
  table: table(),
  vpc: vpc(),
  vSwitchCidrs: ['198.18.0.0/24'],
  destinations: ['100.64.0.0/10', '198.18.0.0/24'],
  customRoutes: 0,
  quota: 200,
}

describe('planRouteEntry', () => {
  it('reads the destination, next hop, name and description', () => {
    const planned = planRouteEntry({ ...request, destinationCidrBlock: '10.1.2.3', name: 'to-vpn', description: 'via the VPN box' })
    assert.deepEqual(
      [planned.destination.text, planned.nextHop, planned.name, planned.description],
      ['10.1.2.3/32', { type: 'Instance', id: 'i-a' }, 'to-vpn', 'via the VPN box'],
    )
  })

  it('leaves an absent name and description empty', () => {
    const planned = planRouteEntry(request)
    assert.deepEqual([planned.name, planned.description], ['', ''])
  })

  it('refuses a name over 128 characters or starting with a URL with InvalidRouteEntryName.Malformed', () => {
    assert.throws(() => planRouteEntry({ ...request, name: 'x'.repeat(129) }), { code: 'InvalidRouteEntryName.Malformed' })
    assert.throws(() => planRouteEntry({ ...request, name: 'http://x' }), { code: 'InvalidRouteEntryName.Malformed' })
    planRouteEntry({ ...request, name: 'x'.repeat(128) })
    planRouteEntry({ ...request, name: '路由 #1' })
  })

  it('refuses a description over 256 characters or starting with a URL with InvalidDescription.Malformed', () => {
    assert.throws(() => planRouteEntry({ ...request, description: 'x'.repeat(257) }), { code: 'InvalidDescription.Malformed' })
    assert.throws(() => planRouteEntry({ ...request, description: 'https://x' }), { code: 'InvalidDescription.Malformed' })
  })

  it('refuses a malformed destination and a missing next hop', () => {
    assert.throws(() => planRouteEntry({ ...request, destinationCidrBlock: '10.0.0.0/40' }), { code: 'InvalidCidrBlock.Malformed' })
    assert.throws(() => planRouteEntry({ destinationCidrBlock: '10.0.0.0/8', nextHopList: [] }), { code: 'InvalidNexthopTypeAndList.BothNull' })
  })
})

describe('newRouteEntry', () => {
  it('makes an Available custom route of the table', () => {
    const route = newRouteEntry(planRouteEntry({ ...request, name: 'r' }), state, random, NOW)
    assert.match(route.id, /^rte-[0-9a-z]{20}$/)
    assert.deepEqual(
      [route.routeTableId, route.vpcId, route.accountId, route.regionId, route.destinationCidrBlock, route.type, route.status, route.name, route.vSwitchId, route.createdAt],
      ['vtb-a', 'vpc-a', '1000000000000001', 'cn-hangzhou', '10.0.0.0/8', 'Custom', 'Available', 'r', null, NOW.toISOString()],
    )
    assert.deepEqual(route.nextHop, { type: 'Instance', id: 'i-a' })
  })

  it('accepts a destination containing a vSwitch block', () => {
    newRouteEntry(planRouteEntry({ ...request, destinationCidrBlock: '198.18.0.0/16' }), state, random, NOW)
  })

  it('refuses a destination equal to or inside a vSwitch block with InvalidCidrBlock', () => {
    assert.throws(() => newRouteEntry(planRouteEntry({ ...request, destinationCidrBlock: '198.18.0.0/24' }), state, random, NOW), { code: 'InvalidCidrBlock' })
    assert.throws(() => newRouteEntry(planRouteEntry({ ...request, destinationCidrBlock: '198.18.0.7' }), state, random, NOW), { code: 'InvalidCidrBlock' })
  })

  it('refuses the cloud-service block with InvalidDestinationCidrBlock', () => {
    assert.throws(() => newRouteEntry(planRouteEntry({ ...request, destinationCidrBlock: '100.64.0.0/10' }), state, random, NOW), {
      code: 'InvalidDestinationCidrBlock',
    })
  })

  it('refuses a destination the table already routes with InvalidCIDRBlock.Duplicate', () => {
    const taken = { ...state, destinations: [...state.destinations, '10.0.0.0/8'], customRoutes: 1 }
    assert.throws(() => newRouteEntry(planRouteEntry(request), taken, random, NOW), { code: 'InvalidCIDRBlock.Duplicate' })
    assert.throws(() => newRouteEntry(planRouteEntry({ ...request, destinationCidrBlock: '10.9.9.9/8' }), taken, random, NOW), {
      code: 'InvalidCIDRBlock.Duplicate',
    })
  })

  it('refuses a table at its quota with QuotaExceeded', () => {
    assert.throws(() => newRouteEntry(planRouteEntry(request), { ...state, customRoutes: 200 }, random, NOW), { code: 'QuotaExceeded' })
  })

  it('refuses a VPC that is not Available with IncorrectVpcStatus', () => {
    assert.throws(() => newRouteEntry(planRouteEntry(request), { ...state, vpc: vpc({ status: 'Pending' }) }, random, NOW), { code: 'IncorrectVpcStatus' })
  })
})

describe('assertCustomRouteQuota', () => {
  it('allows up to the limit and refuses beyond it', () => {
    assertCustomRouteQuota(199, 200)
    assert.throws(() => assertCustomRouteQuota(200, 200), { code: 'QuotaExceeded' })
    assert.throws(() => assertCustomRouteQuota(0, 0), { code: 'QuotaExceeded' })
  })
})
