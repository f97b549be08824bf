import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { routeTableNotFound } from '../../../../src/domain/route/not-found.js'

describe('routeTableNotFound', () => {
  it('names the table under InvalidRouteTableId.NotFound by default', () => {
    const err = routeTableNotFound('vtb-x')
    assert.equal(err.code, 'InvalidRouteTableId.NotFound')
    assert.match(err.message, /vtb-x/)
  })

  it('takes DescribeRouteEntryList’s own code', () => {
    assert.equal(routeTableNotFound('vtb-x', 'InvalidRouteTable.NotFound').code, 'InvalidRouteTable.NotFound')
  })
})
