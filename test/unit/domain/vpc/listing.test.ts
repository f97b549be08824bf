import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { planNetworkListing } from '../../../../src/domain/vpc/listing.js'

describe('planNetworkListing', () => {
  it('pages by 10 from page 1 by default', () => {
    assert.deepEqual(planNetworkListing({}), { style: 'page', size: 10, number: 1 })
  })

  it('allows pages of up to 50 and refuses 51 with InvalidParameter', () => {
    assert.deepEqual(planNetworkListing({ pageSize: 50, pageNumber: 2 }), { style: 'page', size: 50, number: 2 })
    assert.throws(() => planNetworkListing({ pageSize: 51 }), { code: 'InvalidParameter' })
  })

  it('refuses a page number below 1 with InvalidParameter', () => {
    assert.throws(() => planNetworkListing({ pageNumber: 0 }), { code: 'InvalidParameter' })
  })

  it('answers a dry run with DryRunOperation once the paging passed', () => {
    assert.throws(() => planNetworkListing({ dryRun: true }), { code: 'DryRunOperation' })
    assert.throws(() => planNetworkListing({ dryRun: true, pageSize: 51 }), { code: 'InvalidParameter' })
    assert.deepEqual(planNetworkListing({ dryRun: false }), { style: 'page', size: 10, number: 1 })
  })

  it('pages by number even when token fields are passed along', () => {
    const listing = { pageNumber: 2, maxResults: 5, nextToken: '!' }
    assert.deepEqual(planNetworkListing(listing), { style: 'page', size: 10, number: 2 })
  })
})
