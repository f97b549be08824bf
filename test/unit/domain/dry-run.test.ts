import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { answerDryRun } from '../../../src/domain/dry-run.js'

describe('answerDryRun', () => {
  it('answers DryRunOperation for a dry run', () => {
    assert.throws(() => answerDryRun(true), { code: 'DryRunOperation' })
  })

  it('lets a real request through', () => {
    answerDryRun(false)
    answerDryRun(undefined)
  })
})
