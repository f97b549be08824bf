import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { eipDescriptionRule, eipNameRule } from '../../../../src/domain/eip/naming.js'
import { validateText } from '../../../../src/domain/naming.js'

describe('eipNameRule', () => {
  it('takes an empty name or up to 128 name characters starting with a letter', () => {
    for (const name of ['', 'web', 'web-1.prod_a:b', 'Ω-edge', 'a'.repeat(128)]) assert.equal(validateText(eipNameRule, name), name)
  })

  it('refuses the rest with InvalidEipAddressName.Malformed', () => {
    for (const name of ['1web', '-web', 'web server', 'a'.repeat(129), 'http://x', 'web/1']) {
      assert.throws(() => validateText(eipNameRule, name), { code: 'InvalidEipAddressName.Malformed' }, name)
    }
  })
})

describe('eipDescriptionRule', () => {
  it('takes any text up to 256 characters not starting with a URL scheme', () => {
    assert.equal(validateText(eipDescriptionRule, ''), '')
    assert.equal(validateText(eipDescriptionRule, 'the front door, v2'), 'the front door, v2')
    assert.throws(() => validateText(eipDescriptionRule, 'x'.repeat(257)), { code: 'InvalidDescription.Malformed' })
    assert.throws(() => validateText(eipDescriptionRule, 'https://x'), { code: 'InvalidDescription.Malformed' })
  })
})
