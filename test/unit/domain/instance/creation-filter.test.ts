import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { creationWindow } from '../../../../src/domain/instance/creation-filter.js'

describe('creationWindow', () => {
  it('bounds creation times by whole minutes, both ends included', () => {
    assert.deepEqual(
      creationWindow([
        { key: 'CreationStartTime', value: '2026-11-22T10:05Z' },
        { key: 'CreationEndTime', value: '2026-11-22T10:07Z' },
      ]),
      { createdFrom: '2026-11-22T10:05:00.000Z', createdTo: '2026-11-22T10:07:59.999Z' },
    )
    assert.deepEqual(creationWindow([]), {})
  })

  it('refuses an unknown key with InvalidFilterKey.NotFound', () => {
    assert.throws(() => creationWindow([{ key: 'ExpiredStartTime', value: '2026-11-22T10:05Z' }]), { code: 'InvalidFilterKey.NotFound' })
  })

  it('refuses a value that is not a real minute with InvalidFilterValue', () => {
    for (const value of ['2026-11-22T10:05:00Z', '2026-11-22', '2026-02-30T10:05Z', '2026-11-22T25:00Z', '']) {
      assert.throws(() => creationWindow([{ key: 'CreationStartTime', value }]), { code: 'InvalidFilterValue' }, value)
    }
  })
})
