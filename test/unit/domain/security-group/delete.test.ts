import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assertSecurityGroupDeletable } from '../../../../src/domain/security-group/delete.js'

describe('assertSecurityGroupDeletable', () => {
  it('lets a group without members go', () => {
    assertSecurityGroupDeletable({ id: 'sg-1' }, 0)
  })

  it('refuses a group with members with DependencyViolation', () => {
    assert.throws(() => assertSecurityGroupDeletable({ id: 'sg-1' }, 1), { code: 'DependencyViolation', message: /sg-1/ })
  })
})
