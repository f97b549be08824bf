import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { INSTANCE_PAGING } from '../../../../src/domain/instance/listing.js'
import { planListing } from '../../../../src/domain/listing.js'

describe('DescribeInstances paging', () => {
  it('clamps MaxResults to 10–100', () => {
    assert.deepEqual(planListing({ maxResults: 1 }, INSTANCE_PAGING), { style: 'token', size: 10 })
    assert.deepEqual(planListing({ maxResults: 500 }, INSTANCE_PAGING), { style: 'token', size: 100 })
  })

  it('pages by number, 10 by default, at most 100', () => {
    assert.deepEqual(planListing({}, INSTANCE_PAGING), { style: 'page', size: 10, number: 1 })
    assert.throws(() => planListing({ pageSize: 101 }, INSTANCE_PAGING), { code: 'InvalidParameter' })
  })
})
