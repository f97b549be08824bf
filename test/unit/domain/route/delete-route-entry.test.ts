import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assertRouteEntryDeletable, chooseRouteEntryTarget, matchRouteEntry } from '../../../../src/domain/route/delete-route-entry.js'
import { route } from './fixtures.js'

const ri = (id: string) => ({ nextHopType: 'RouterInterface', nextHopId: id })

describe('chooseRouteEntryTarget', () => {
  it('names a route by ID', () => {
    assert.deepEqual(chooseRouteEntryTarget({ routeEntryId: 'rte-a', nextHopList: [] }), {
      by: 'id',
      routeEntryId: 'rte-a',
      nextHopId: undefined,
      ecmp: false,
    })
  })

  it('names a route by table and destination, a bare address meaning its /32', () => {
    const target = chooseRouteEntryTarget({ routeTableId: 'vtb-a', destinationCidrBlock: '10.0.0.1', nextHopId: 'i-a', nextHopList: [] })
    assert.equal(target.by, 'destination')
    assert.equal(target.by === 'destination' ? target.destination.text : '', '10.0.0.1/32')
    assert.equal(target.nextHopId, 'i-a')
  })

  it('refuses RouteEntryId beside RouteTableId or DestinationCidrBlock', () => {
    const code = 'ParamExclusive.RouteEntryIdAndRouteTableIdOrDestCidrBlock'
    assert.throws(() => chooseRouteEntryTarget({ routeEntryId: 'rte-a', routeTableId: 'vtb-a', nextHopList: [] }), { code })
    assert.throws(() => chooseRouteEntryTarget({ routeEntryId: 'rte-a', destinationCidrBlock: '10.0.0.0/8', nextHopList: [] }), { code })
  })

  it('refuses NextHopId beside NextHopList with ParamExclusive.NextHopIdAndList', () => {
    assert.throws(() => chooseRouteEntryTarget({ routeEntryId: 'rte-a', nextHopId: 'i-a', nextHopList: [ri('a'), ri('b')] }), {
      code: 'ParamExclusive.NextHopIdAndList',
    })
  })

  it('refuses an ECMP list of 1 or 17 next hops with InvalidNextHopList.Size', () => {
    assert.throws(() => chooseRouteEntryTarget({ routeEntryId: 'rte-a', nextHopList: [ri('a')] }), { code: 'InvalidNextHopList.Size' })
    const many = Array.from({ length: 17 }, (_, i) => ri(`ri-${i}`))
    assert.throws(() => chooseRouteEntryTarget({ routeEntryId: 'rte-a', nextHopList: many }), { code: 'InvalidNextHopList.Size' })
  })

  it('asks for what is missing with MissingParameter', () => {
    for (const selector of [{}, { routeTableId: 'vtb-a' }, { destinationCidrBlock: '10.0.0.0/8' }]) {
      assert.throws(() => chooseRouteEntryTarget({ ...selector, nextHopList: [] }), { code: 'MissingParameter' })
    }
  })

  it('refuses a malformed destination with InvalidCidrBlock.Malformed', () => {
    assert.throws(() => chooseRouteEntryTarget({ routeTableId: 'vtb-a', destinationCidrBlock: 'x', nextHopList: [] }), { code: 'InvalidCidrBlock.Malformed' })
  })
})

describe('matchRouteEntry', () => {
  const byId = chooseRouteEntryTarget({ routeEntryId: 'rte-a', nextHopList: [] })
  const byDestination = chooseRouteEntryTarget({ routeTableId: 'vtb-a', destinationCidrBlock: '10.0.0.0/8', nextHopList: [] })

  it('returns the route found', () => {
    assert.equal(matchRouteEntry(byId, route()).id, 'rte-a')
    assert.equal(matchRouteEntry(byDestination, route()).id, 'rte-a')
  })

  it('answers a missing ID with InvalidRouteEntryId.NotFound and a missing destination with InvalidRouteEntry.NotFound', () => {
    assert.throws(() => matchRouteEntry(byId, undefined), { code: 'InvalidRouteEntryId.NotFound' })
    assert.throws(() => matchRouteEntry(byDestination, undefined), { code: 'InvalidRouteEntry.NotFound' })
  })

  it('requires the named next hop', () => {
    const through = chooseRouteEntryTarget({ routeTableId: 'vtb-a', destinationCidrBlock: '10.0.0.0/8', nextHopId: 'i-b', nextHopList: [] })
    assert.throws(() => matchRouteEntry(through, route()), { code: 'InvalidRouteEntry.NotFound' })
    assert.equal(matchRouteEntry({ ...through, nextHopId: 'i-a' }, route()).id, 'rte-a')
  })

  it('matches no route to ECMP next hops: no route here is an ECMP route', () => {
    const ecmp = chooseRouteEntryTarget({ routeTableId: 'vtb-a', destinationCidrBlock: '10.0.0.0/8', nextHopList: [ri('a'), ri('b')] })
    assert.throws(() => matchRouteEntry(ecmp, route()), { code: 'InvalidRouteEntry.NotFound' })
  })
})

describe('assertRouteEntryDeletable', () => {
  it('lets an Available custom route go', () => {
    assertRouteEntryDeletable(route())
  })

  it('refuses a system route with OperationDenied', () => {
    assert.throws(() => assertRouteEntryDeletable(route({ type: 'System' })), { code: 'OperationDenied' })
  })

  it('refuses a route that is not Available with IncorrectStatus.VpcRouteEntry', () => {
    assert.throws(() => assertRouteEntryDeletable(route({ status: 'Pending' })), { code: 'IncorrectStatus.VpcRouteEntry' })
  })
})
