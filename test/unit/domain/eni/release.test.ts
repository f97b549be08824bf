import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { releaseOutcome } from '../../../../src/domain/eni/release.js'

describe('releaseOutcome', () => {
  it('deletes the primary ENI with its instance', () => {
    assert.equal(releaseOutcome({ type: 'Primary', deleteOnRelease: false }), 'delete')
  })

  it('follows DeleteOnRelease for a secondary ENI', () => {
    assert.equal(releaseOutcome({ type: 'Secondary', deleteOnRelease: true }), 'delete')
    assert.equal(releaseOutcome({ type: 'Secondary', deleteOnRelease: false }), 'detach')
  })
})
