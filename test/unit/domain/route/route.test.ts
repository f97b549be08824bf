import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { routeEntryIn } from '../../../../src/domain/route/route.js'
import { NOW, random, table } from './fixtures.js'

describe('routeEntryIn', () => {
  it('makes an Available route of the table, of its account, region and VPC, with a new rte- ID', () => {
    const fields = {
      destinationCidrBlock: '10.0.0.0/8',
      type: 'Custom',
      nextHop: { type: 'NetworkInterface', id: 'eni-a' },
      vSwitchId: null,
      name: 'n',
      description: 'd',
    } as const
    const a = routeEntryIn(table(), fields, random, NOW)
    const b = routeEntryIn(table(), fields, random, NOW)
    assert.match(a.id, /^rte-[0-9a-z]{20}$/)
    assert.notEqual(a.id, b.id)
    assert.deepEqual({ ...a, id: '' }, {
      id: '',
      accountId: '1000000000000001',
      regionId: 'cn-hangzhou',
      routeTableId: 'vtb-a',
      vpcId: 'vpc-a',
      ...fields,
      status: 'Available',
      createdAt: NOW.toISOString(),
    })
  })
})
