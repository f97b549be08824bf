import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assertFilterSize, ENI_PAGING } from '../../../../src/domain/eni/describe-filter.js'
import { choosePage } from '../../../../src/domain/paging.js'

describe('DescribeNetworkInterfaces filters', () => {
  it('accepts up to the limit and refuses more with InvalidParameter', () => {
    assert.doesNotThrow(() => assertFilterSize('NetworkInterfaceId.N', new Array(100).fill('eni-x'), 100))
    assert.throws(() => assertFilterSize('NetworkInterfaceId.N', new Array(101).fill('eni-x'), 100), { code: 'InvalidParameter' })
  })

  it('clamps MaxResults to 10–500 and caps PageSize at 1000 (spec §4)', () => {
    assert.deepEqual(choosePage({ maxResults: 1 }, ENI_PAGING), { style: 'token', size: 10 })
    assert.deepEqual(choosePage({ maxResults: 9000 }, ENI_PAGING), { style: 'token', size: 500 })
    assert.deepEqual(choosePage({}, ENI_PAGING), { style: 'page', size: 10, number: 1 })
    assert.throws(() => choosePage({ pageSize: 1001 }, ENI_PAGING), { code: 'InvalidParameter' })
  })
})
