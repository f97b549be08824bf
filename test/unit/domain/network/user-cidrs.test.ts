import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseCidr } from '../../../../src/domain/ipam/cidr.js'
import { assertUserCidrs } from '../../../../src/domain/network/user-cidrs.js'

const malformed = { name: 'DomainError', code: 'InvalidUserCidr.Malformed' }

describe('assertUserCidrs', () => {
  it('takes an empty value as no user CIDRs', () => {
    assert.deepEqual(assertUserCidrs(''), [])
  })

  it('accepts up to three comma-separated blocks, in order', () => {
    assert.deepEqual(assertUserCidrs('10.0.0.0/8'), [parseCidr('10.0.0.0/8')])
    assert.deepEqual(
      assertUserCidrs('10.0.0.0/8,172.16.0.0/12, 192.168.0.0/16').map((c) => c.text),
      ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'],
    )
  })

  it('refuses a fourth block with InvalidUserCidr.Quota', () => {
    assert.throws(() => assertUserCidrs('10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,198.18.0.0/15'), {
      name: 'DomainError',
      code: 'InvalidUserCidr.Quota',
    })
  })

  const malformedLists = ['10.0.0.0', '10.0.0.0/8,', ',10.0.0.0/8', '10.0.0.0/8,,172.16.0.0/12', '10.0.0.1/8', '10.0.0.0/33']
  for (const text of malformedLists) {
    it(`refuses ${JSON.stringify(text)} with InvalidUserCidr.Malformed`, () => {
      assert.throws(() => assertUserCidrs(text), malformed)
    })
  }

  for (const text of ['100.64.0.0/10', '10.0.0.0/8,100.100.0.0/16', '100.0.0.0/8']) {
    it(`refuses ${text}, touching the cloud-service block, with OperationDenied.CidrInExcludeCidrs`, () => {
      assert.throws(() => assertUserCidrs(text), { name: 'DomainError', code: 'OperationDenied.CidrInExcludeCidrs' })
    })
  }
})
