import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assertEniRuleTotals } from '../../../../src/domain/security-group/eni-rule-total.js'

describe('assertEniRuleTotals', () => {
  const counts = new Map([
    ['sg-1', 600],
    ['sg-2', 400],
    ['sg-3', 1],
  ])

  it('lets an ENI have exactly the limit over its groups', () => {
    assertEniRuleTotals(new Map([['eni-a', ['sg-1', 'sg-2']]]), counts, 1000)
  })

  it('refuses one rule more with AclLimitExceed, naming the ENI', () => {
    assert.throws(() => assertEniRuleTotals(new Map([['eni-a', ['sg-1', 'sg-2', 'sg-3']]]), counts, 1000), {
      code: 'AclLimitExceed',
      message: /eni-a.*1001/,
    })
  })

  it('checks every ENI given and counts an unknown group as empty', () => {
    const memberships = new Map([
      ['eni-b', ['sg-3', 'sg-none']],
      ['eni-a', ['sg-1', 'sg-2', 'sg-3']],
    ])
    assert.throws(() => assertEniRuleTotals(memberships, counts, 1000), { message: /eni-a/ })
    assertEniRuleTotals(new Map([['eni-b', ['sg-3', 'sg-none']]]), counts, 1)
  })
})
