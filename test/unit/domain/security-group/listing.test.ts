import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { planSecurityGroupListing } from '../../../../src/domain/security-group/listing.js'

describe('planSecurityGroupListing', () => {
  it('pages by number, 10 a page, when no token parameter is given', () => {
    assert.deepEqual(planSecurityGroupListing({}), { style: 'page', size: 10, number: 1 })
    assert.deepEqual(planSecurityGroupListing({ pageNumber: 3, pageSize: 100 }), { style: 'page', size: 100, number: 3 })
  })

  it('pages by token with MaxResults, at most 100', () => {
    assert.deepEqual(planSecurityGroupListing({ maxResults: 20 }), { style: 'token', size: 20 })
    assert.deepEqual(planSecurityGroupListing({ maxResults: 500 }), { style: 'token', size: 100 })
  })

  it('refuses a page size above 100 with InvalidParameter', () => {
    assert.throws(() => planSecurityGroupListing({ pageSize: 101 }), { code: 'InvalidParameter' })
  })

  it('answers a valid DryRun with DryRunOperation, an invalid one with its error', () => {
    assert.throws(() => planSecurityGroupListing({ dryRun: true }), { code: 'DryRunOperation' })
    assert.throws(() => planSecurityGroupListing({ dryRun: true, nextToken: '!' }), { code: 'InValidParameter.NextToken' })
  })
})
