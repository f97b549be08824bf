import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { planInstanceListing } from '../../../../src/domain/instance/listing.js'

describe('planInstanceListing', () => {
  it('clamps MaxResults to 10–100', () => {
    assert.deepEqual(planInstanceListing({ maxResults: 1 }), { style: 'token', size: 10 })
    assert.deepEqual(planInstanceListing({ maxResults: 500 }), { style: 'token', size: 100 })
  })

  it('pages by number, 10 by default, at most 100', () => {
    assert.deepEqual(planInstanceListing({}), { style: 'page', size: 10, number: 1 })
    assert.throws(() => planInstanceListing({ pageSize: 101 }), { code: 'InvalidParameter' })
  })

  it('answers a DryRun that passed every check with DryRunOperation', () => {
    assert.throws(() => planInstanceListing({ dryRun: true }), { code: 'DryRunOperation' })
    assert.throws(() => planInstanceListing({ dryRun: true, pageSize: 0 }), { code: 'InvalidParameter' })
  })
})
