import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseCidr } from '../../../../src/domain/ipam/cidr.js'
import {
  CLOUD_SERVICE_CIDR,
  VPC_EXCLUDED_CIDRS,
  assertOutsideExcluded,
} from '../../../../src/domain/network/excluded-cidrs.js'

const excluded = { name: 'DomainError', code: 'OperationDenied.CidrInExcludeCidrs' }

describe('assertOutsideExcluded', () => {
  it('refuses a block inside, equal to or around an excluded one, naming it', () => {
    for (const text of ['100.64.0.0/24', '100.64.0.0/10', '100.0.0.0/8']) {
      assert.throws(() => assertOutsideExcluded(parseCidr(text), [CLOUD_SERVICE_CIDR]), {
        ...excluded,
        message: /100\.64\.0\.0\/10/,
      })
    }
  })

  it('accepts blocks on either side of an excluded one', () => {
    assertOutsideExcluded(parseCidr('100.0.0.0/10'), [CLOUD_SERVICE_CIDR])
    assertOutsideExcluded(parseCidr('100.128.0.0/9'), [CLOUD_SERVICE_CIDR])
  })

  it('excludes from VPCs the reference\'s four blocks plus 0.0.0.0/8 and 240.0.0.0/4', () => {
    assert.deepEqual(
      VPC_EXCLUDED_CIDRS.map((c) => c.text),
      ['0.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '224.0.0.0/4', '240.0.0.0/4'],
    )
  })
})
