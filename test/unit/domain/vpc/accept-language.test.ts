import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assertAcceptLanguage } from '../../../../src/domain/vpc/accept-language.js'

describe('assertAcceptLanguage', () => {
  it('accepts every documented language, and none at all', () => {
    for (const language of ['zh-CN', 'zh-TW', 'en-US', 'ja', 'fr', 'de', 'ko', undefined]) assertAcceptLanguage(language)
  })

  it('refuses another with InvalidAcceptLanguage.NotFound', () => {
    for (const language of ['xx', 'en', 'EN-US']) {
      assert.throws(() => assertAcceptLanguage(language), { code: 'InvalidAcceptLanguage.NotFound' })
    }
  })
})
