import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { encodeNextToken } from '../../../../src/domain/paging.js'
import { planRouteEntryListing, planRouteTableListing, type RouteEntryListing, type RouteTableListing } from '../../../../src/domain/route/listing.js'

const none: RouteEntryListing = { destCidrBlockList: [] }

describe('planRouteEntryListing', () => {
  it('pages by token, 10 routes by default, 1 to 100 (clamped)', () => {
    assert.deepEqual(planRouteEntryListing(none).page, { style: 'token', size: 10 })
    assert.equal(planRouteEntryListing({ ...none, maxResult: 500 }).page.size, 100)
    assert.equal(planRouteEntryListing({ ...none, maxResult: 0 }).page.size, 1)
  })

  it('resumes after the route a NextToken names', () => {
    const token = encodeNextToken({ createdAt: '2026-01-01T00:00:00.000Z', id: 'rte-a' })
    assert.deepEqual(planRouteEntryListing({ ...none, nextToken: token }).page, {
      style: 'token',
      size: 10,
      after: { createdAt: '2026-01-01T00:00:00.000Z', id: 'rte-a' },
    })
  })

  it('refuses a NextToken it did not hand out with IllegalParam.NextToken', () => {
    assert.throws(() => planRouteEntryListing({ ...none, nextToken: 'bogus' }), { code: 'IllegalParam.NextToken' })
  })

  it('keeps the filters given, destinations in stored form', () => {
    const { filter } = planRouteEntryListing({
      ...none,
      routeEntryId: 'rte-a',
      routeEntryName: 'n',
      routeEntryType: 'custom',
      destinationCidrBlock: '10.1.2.3',
      destCidrBlockList: ['10.0.0.0/8', 'junk'],
      ipVersion: 'IPv4',
      nextHopId: 'i-a',
      nextHopType: 'networkinterface',
    })
    assert.deepEqual(filter, {
      matchesNone: false,
      type: 'Custom',
      nextHopType: 'NetworkInterface',
      routeEntryId: 'rte-a',
      name: 'n',
      nextHopId: 'i-a',
      destination: '10.1.2.3/32',
      destinationsAnyOf: ['10.0.0.0/8', 'junk'],
    })
  })

  it('matches nothing for what no route here is: IPv6, BGP/CEN/ECR routes, gateway next hops, hosted routes', () => {
    for (const listing of [
      { ipVersion: 'ipv6' },
      { routeEntryType: 'BGP' },
      { routeEntryType: 'CEN' },
      { routeEntryType: 'ECR' },
      { nextHopType: 'NatGateway' },
      { serviceType: 'TR' },
    ]) {
      assert.equal(planRouteEntryListing({ ...none, ...listing }).filter.matchesNone, true, JSON.stringify(listing))
    }
  })

  it('refuses an unknown RouteEntryType, IpVersion or NextHopType', () => {
    assert.throws(() => planRouteEntryListing({ ...none, routeEntryType: 'Static' }), { code: 'IllegalParam.RouteEntryType' })
    assert.throws(() => planRouteEntryListing({ ...none, ipVersion: 'ipv5' }), { code: 'IllegalParam.IpVersion' })
    assert.throws(() => planRouteEntryListing({ ...none, nextHopType: 'Host' }), { code: 'InvalidNextHopType' })
  })

  it('refuses RouteEntryId or RouteEntryName with a type other than Custom', () => {
    const code = 'OperationFailed.FilterParamUnderWrongRouteType'
    assert.throws(() => planRouteEntryListing({ ...none, routeEntryType: 'System', routeEntryId: 'rte-a' }), { code })
    assert.throws(() => planRouteEntryListing({ ...none, routeEntryType: 'BGP', routeEntryName: 'n' }), { code })
    planRouteEntryListing({ ...none, routeEntryType: 'Custom', routeEntryId: 'rte-a' })
  })

  it('refuses more than 20 DestCidrBlockList blocks with InvalidParameter', () => {
    const blocks = Array.from({ length: 21 }, (_, i) => `10.${i}.0.0/16`)
    assert.throws(() => planRouteEntryListing({ ...none, destCidrBlockList: blocks }), { code: 'InvalidParameter' })
    planRouteEntryListing({ ...none, destCidrBlockList: blocks.slice(0, 20) })
  })
})

describe('planRouteTableListing', () => {
  it('pages by number, 10 by default, at most 50', () => {
    assert.deepEqual(planRouteTableListing({}).page, { style: 'page', size: 10, number: 1 })
    assert.throws(() => planRouteTableListing({ pageSize: 51 }), { code: 'InvalidParameter' })
  })

  it('keeps the filters given', () => {
    assert.deepEqual(planRouteTableListing({ vpcId: 'vpc-a', routerId: 'vrt-a', routeTableId: 'vtb-a', routeTableName: 'n', routerType: 'VRouter', routeTableType: 'System' }).filter, {
      matchesNone: false,
      vpcId: 'vpc-a',
      routerId: 'vrt-a',
      id: 'vtb-a',
      name: 'n',
    })
  })

  it('matches nothing for border routers, custom tables, resource groups and tags', () => {
    const listings: RouteTableListing[] = [{ routerType: 'VBR' }, { routeTableType: 'Custom' }, { resourceGroupId: 'rg-a' }, { tags: [{ key: 'k' }] }]
    for (const listing of listings) {
      assert.equal(planRouteTableListing(listing).filter.matchesNone, true, JSON.stringify(listing))
    }
  })
})
