import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseCidr } from '../../../../src/domain/ipam/cidr.js'
import { parseCanonicalCidr } from '../../../../src/domain/network/canonical-cidr.js'

describe('parseCanonicalCidr', () => {
  it('returns a canonical block parsed', () => {
    assert.deepEqual(parseCanonicalCidr('10.0.0.0/8', 'InvalidParameter'), parseCidr('10.0.0.0/8'))
  })

  it('refuses host bits under the caller\'s code, naming the canonical block', () => {
    assert.throws(() => parseCanonicalCidr('10.0.0.1/8', 'InvalidUserCidr.Malformed'), {
      name: 'DomainError',
      code: 'InvalidUserCidr.Malformed',
      message: /10\.0\.0\.0\/8/,
    })
  })

  it('reports a malformed block under the caller\'s code', () => {
    assert.throws(() => parseCanonicalCidr('10.0.0.0/40', 'InvalidParameter'), {
      name: 'DomainError',
      code: 'InvalidParameter',
    })
  })
})
