import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { planListing } from '../../../../src/domain/vpc/listing.js'

describe('planListing', () => {
  it('pages by 10 from page 1 by default', () => {
    assert.deepEqual(planListing({}), { style: 'page', size: 10, number: 1 })
  })

  it('allows pages of up to 50 and refuses 51 with InvalidParameter', () => {
    assert.deepEqual(planListing({ pageSize: 50, pageNumber: 2 }), { style: 'page', size: 50, number: 2 })
    assert.throws(() => planListing({ pageSize: 51 }), { code: 'InvalidParameter' })
  })

  it('refuses a page number below 1 with InvalidParameter', () => {
    assert.throws(() => planListing({ pageNumber: 0 }), { code: 'InvalidParameter' })
  })

  it('answers a dry run with DryRunOperation once the paging passed', () => {
    assert.throws(() => planListing({ dryRun: true }), { code: 'DryRunOperation' })
    assert.throws(() => planListing({ dryRun: true, pageSize: 51 }), { code: 'InvalidParameter' })
    assert.deepEqual(planListing({ dryRun: false }), { style: 'page', size: 10, number: 1 })
  })
})
