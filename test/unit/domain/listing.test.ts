import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { planListing } from '../../../src/domain/listing.js'
import type { PagingLimits } from '../../../src/domain/paging.js'

const LIMITS: PagingLimits = { tokenDefault: 10, tokenMin: 1, tokenMax: 100, pageDefault: 10, pageMax: 100 }

describe('planListing', () => {
  it('chooses the page within the limits it is given', () => {
    assert.deepEqual(planListing({ pageNumber: 2, pageSize: 20 }, LIMITS), { style: 'page', size: 20, number: 2 })
    assert.deepEqual(planListing({ maxResults: 500 }, LIMITS), { style: 'token', size: 100 })
  })

  it('answers a DryRun with DryRunOperation only once the paging passed', () => {
    assert.throws(() => planListing({ dryRun: true }, LIMITS), { code: 'DryRunOperation' })
    assert.throws(() => planListing({ dryRun: true, pageSize: 101 }, LIMITS), { code: 'InvalidParameter' })
    assert.throws(() => planListing({ dryRun: true, nextToken: '!' }, LIMITS), { code: 'InValidParameter.NextToken' })
  })
})
