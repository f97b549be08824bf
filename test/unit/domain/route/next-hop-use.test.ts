import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assertNoRouteThrough } from '../../../../src/domain/route/next-hop-use.js'

describe('assertNoRouteThrough', () => {
  it('lets a resource no route leads to go', () => {
    assertNoRouteThrough('The instance i-a', [])
  })

  it('refuses while routes lead to it with DependencyViolation.RouteEntry, naming them', () => {
    assert.throws(() => assertNoRouteThrough('The instance i-a', ['rte-1', 'rte-2']), (err: { code: string; message: string }) => {
      assert.equal(err.code, 'DependencyViolation.RouteEntry')
      assert.match(err.message, /i-a.*rte-1, rte-2/)
      return true
    })
  })
})
