import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { planListing } from '../../../../src/domain/listing.js'
import { SECURITY_GROUP_PAGING } from '../../../../src/domain/security-group/listing.js'

describe('DescribeSecurityGroups paging', () => {
  it('pages by number, 10 a page, when no token parameter is given', () => {
    assert.deepEqual(planListing({}, SECURITY_GROUP_PAGING), { style: 'page', size: 10, number: 1 })
    assert.deepEqual(planListing({ pageNumber: 3, pageSize: 100 }, SECURITY_GROUP_PAGING), { style: 'page', size: 100, number: 3 })
  })

  it('pages by token with MaxResults, at most 100', () => {
    assert.deepEqual(planListing({ maxResults: 20 }, SECURITY_GROUP_PAGING), { style: 'token', size: 20 })
    assert.deepEqual(planListing({ maxResults: 500 }, SECURITY_GROUP_PAGING), { style: 'token', size: 100 })
  })

  it('refuses a page size above 100 with InvalidParameter', () => {
    assert.throws(() => planListing({ pageSize: 101 }, SECURITY_GROUP_PAGING), { code: 'InvalidParameter' })
  })
})
