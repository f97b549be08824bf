import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assertSecurityGroupDeletable, assertSecurityGroupUnreferenced } from '../../../../src/domain/security-group/delete.js'

describe('assertSecurityGroupDeletable', () => {
  it('lets a group without members go', () => {
    assertSecurityGroupDeletable({ id: 'sg-1' }, 0)
  })

  it('refuses a group with members with DependencyViolation', () => {
    assert.throws(() => assertSecurityGroupDeletable({ id: 'sg-1' }, 1), { code: 'DependencyViolation', message: /sg-1/ })
  })
})

describe('assertSecurityGroupUnreferenced', () => {
  it('lets a group no other group names as peer go', () => {
    assertSecurityGroupUnreferenced({ id: 'sg-1' }, [])
  })

  it('refuses a group named by another group with DependencyViolation, naming that group', () => {
    assert.throws(() => assertSecurityGroupUnreferenced({ id: 'sg-1' }, ['sg-2']), { code: 'DependencyViolation', message: /sg-2/ })
  })
})
