import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assertEcmpSize, assertNextHopTarget, chooseNextHop, parseNextHopType } from '../../../../src/domain/route/next-hop.js'

const ri = (id: string) => ({ nextHopType: 'RouterInterface', nextHopId: id })

describe('parseNextHopType', () => {
  it('knows the reference types in any case, returned in its spelling', () => {
    assert.equal(parseNextHopType('networkinterface'), 'NetworkInterface')
    assert.equal(parseNextHopType('HaVip'), 'HaVip')
  })

  it('refuses a type the reference does not name with InvalidNextHopType', () => {
    assert.throws(() => parseNextHopType('Host'), { code: 'InvalidNextHopType' })
    assert.throws(() => parseNextHopType(''), { code: 'InvalidNextHopType' })
  })
})

describe('chooseNextHop', () => {
  it('defaults the type to Instance', () => {
    assert.deepEqual(chooseNextHop({ nextHopId: 'i-a', nextHopList: [] }), { type: 'Instance', id: 'i-a' })
  })

  it('takes a NetworkInterface next hop', () => {
    assert.deepEqual(chooseNextHop({ nextHopType: 'NetworkInterface', nextHopId: 'eni-a', nextHopList: [] }), {
      type: 'NetworkInterface',
      id: 'eni-a',
    })
  })

  it('refuses no next hop at all with InvalidNexthopTypeAndList.BothNull', () => {
    assert.throws(() => chooseNextHop({ nextHopList: [] }), { code: 'InvalidNexthopTypeAndList.BothNull' })
  })

  it('refuses a type without NextHopId with MissingParameter', () => {
    assert.throws(() => chooseNextHop({ nextHopType: 'Instance', nextHopList: [] }), { code: 'MissingParameter' })
  })

  it('refuses an unknown type with InvalidNextHopType', () => {
    assert.throws(() => chooseNextHop({ nextHopType: 'Gateway', nextHopId: 'x', nextHopList: [] }), { code: 'InvalidNextHopType' })
  })

  for (const type of ['HaVip', 'NatGateway', 'VpnGateway', 'RouterInterface', 'IPv6Gateway', 'Attachment', 'VpcPeer', 'Ipv4Gateway', 'GatewayEndpoint', 'Ecr']) {
    it(`refuses a ${type} next hop with OperationDenied.NextHopTypeNotPermitted`, () => {
      assert.throws(() => chooseNextHop({ nextHopType: type, nextHopId: 'x', nextHopList: [] }), { code: 'OperationDenied.NextHopTypeNotPermitted' })
    })
  }

  it('refuses NextHopList beside NextHopType or NextHopId with InvalidNexthopTypeAndList.BothNotNull', () => {
    const nextHopList = [ri('ri-1'), ri('ri-2')]
    assert.throws(() => chooseNextHop({ nextHopId: 'i-a', nextHopList }), { code: 'InvalidNexthopTypeAndList.BothNotNull' })
    assert.throws(() => chooseNextHop({ nextHopType: 'Instance', nextHopList }), { code: 'InvalidNexthopTypeAndList.BothNotNull' })
  })

  it('refuses an ECMP list of 1 or 17 next hops with InvalidNexthopListSize', () => {
    assert.throws(() => chooseNextHop({ nextHopList: [ri('ri-1')] }), { code: 'InvalidNexthopListSize' })
    const many = Array.from({ length: 17 }, (_, i) => ri(`ri-${i}`))
    assert.throws(() => chooseNextHop({ nextHopList: many }), { code: 'InvalidNexthopListSize' })
  })

  it('refuses ECMP over anything but router interfaces with OperationDenied.NextHopTypeNotPermitted', () => {
    const nextHopList = [ri('ri-1'), { nextHopType: 'Instance', nextHopId: 'i-a' }]
    assert.throws(() => chooseNextHop({ nextHopList }), { code: 'OperationDenied.NextHopTypeNotPermitted' })
  })

  it('refuses ECMP over router interfaces with InvalidRouterInterface: there are none', () => {
    assert.throws(() => chooseNextHop({ nextHopList: [ri('ri-1'), ri('ri-2')] }), { code: 'InvalidRouterInterface' })
  })

  it('refuses an ECMP entry of unknown type with InvalidNextHopType', () => {
    assert.throws(() => chooseNextHop({ nextHopList: [ri('ri-1'), { nextHopId: 'x' }] }), { code: 'InvalidNextHopType' })
  })
})

describe('assertEcmpSize', () => {
  it('takes 2 to 16 next hops and names a breach with the code given', () => {
    assertEcmpSize(2, 'InvalidNextHopList.Size')
    assertEcmpSize(16, 'InvalidNextHopList.Size')
    assert.throws(() => assertEcmpSize(1, 'InvalidNextHopList.Size'), { code: 'InvalidNextHopList.Size' })
    assert.throws(() => assertEcmpSize(17, 'InvalidNexthopListSize'), { code: 'InvalidNexthopListSize' })
  })
})

describe('assertNextHopTarget', () => {
  const instance = { type: 'Instance', id: 'i-a' } as const
  const eni = { type: 'NetworkInterface', id: 'eni-a' } as const

  it('accepts a next hop in the route table’s VPC', () => {
    assertNextHopTarget(instance, { vpcId: 'vpc-a' }, 'vpc-a')
    assertNextHopTarget(eni, { vpcId: 'vpc-a' }, 'vpc-a')
  })

  it('refuses an unknown instance with InvalidNextHopId.NotFound and an unknown ENI with InvalidNetworkInterface.NotFound', () => {
    assert.throws(() => assertNextHopTarget(instance, undefined, 'vpc-a'), { code: 'InvalidNextHopId.NotFound' })
    assert.throws(() => assertNextHopTarget(eni, undefined, 'vpc-a'), { code: 'InvalidNetworkInterface.NotFound' })
  })

  it('refuses a next hop of another VPC with the reference’s code for each type', () => {
    assert.throws(() => assertNextHopTarget(instance, { vpcId: 'vpc-b' }, 'vpc-a'), { code: 'OperationFailed.InstanceDismatchCurrentVpc' })
    assert.throws(() => assertNextHopTarget(eni, { vpcId: 'vpc-b' }, 'vpc-a'), { code: 'Mismatch.EniIdAndRouteTableId' })
  })
})
