import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import {
  assertHostName,
  assertText,
  descriptionRule,
  eniDescriptionRule,
  eniNameRule,
  instanceNameRule,
  securityGroupNameRule,
  validateText,
  vpcDescriptionRule,
  vpcNameRule,
  vSwitchDescriptionRule,
  vSwitchNameRule,
  type TextRule,
} from '../../../src/domain/naming.js'

/** A CJK ideograph outside the Basic Multilingual Plane: one code point, two UTF-16 units, a letter. */
const WIDE_LETTER = '𠀀'
const refusedWith = (code: string) => ({ name: 'DomainError', code })

const rules: Array<{ name: string; rule: TextRule; code: string; min: number; max: number; letterFirst: boolean; names: boolean }> = [
  { name: 'eniNameRule', rule: eniNameRule, code: 'InvalidParams.NetworkInterfaceName', min: 2, max: 128, letterFirst: true, names: true },
  { name: 'eniDescriptionRule', rule: eniDescriptionRule, code: 'InvalidParameter', min: 2, max: 256, letterFirst: false, names: false },
  { name: 'securityGroupNameRule', rule: securityGroupNameRule, code: 'InvalidSecurityGroupName.Malformed', min: 2, max: 128, letterFirst: true, names: true },
  { name: 'descriptionRule', rule: descriptionRule, code: 'InvalidDescription.Malformed', min: 2, max: 256, letterFirst: false, names: false },
  { name: 'instanceNameRule', rule: instanceNameRule, code: 'InvalidInstanceName.Malformed', min: 2, max: 128, letterFirst: true, names: true },
  { name: 'vpcNameRule', rule: vpcNameRule, code: 'InvalidVpcName.Malformed', min: 1, max: 128, letterFirst: false, names: true },
  { name: 'vpcDescriptionRule', rule: vpcDescriptionRule, code: 'InvalidVpcDiscription.Malformed', min: 1, max: 256, letterFirst: false, names: false },
  { name: 'vSwitchNameRule', rule: vSwitchNameRule, code: 'InvalidVSwitchName.Malformed', min: 1, max: 128, letterFirst: false, names: true },
  { name: 'vSwitchDescriptionRule', rule: vSwitchDescriptionRule, code: 'InvalidVSwitchDiscription.Malformed', min: 1, max: 256, letterFirst: false, names: false },
]

for (const { name, rule, code, min, max, letterFirst, names } of rules) {
  describe(name, () => {
    const refused = refusedWith(code)

    it(`carries the code ${code} and the bounds ${min}–${max}`, () => {
      assert.equal(rule.code, code)
      assert.equal(rule.min, min)
      assert.equal(rule.max, max)
      assert.equal(rule.letterFirst, letterFirst)
      assert.equal(rule.charset, names ? 'name' : 'any')
    })

    it(`accepts exactly ${min} and exactly ${max} code points, counting a supplementary-plane letter as one`, () => {
      assert.equal(assertText(rule, WIDE_LETTER.repeat(min)), WIDE_LETTER.repeat(min))
      assert.equal(assertText(rule, WIDE_LETTER.repeat(max)), WIDE_LETTER.repeat(max))
      assert.equal(assertText(rule, 'a'.repeat(max)), 'a'.repeat(max))
    })

    it(`refuses ${min - 1} and ${max + 1} code points with ${code}`, () => {
      assert.throws(() => assertText(rule, WIDE_LETTER.repeat(min - 1)), refused)
      assert.throws(() => assertText(rule, WIDE_LETTER.repeat(max + 1)), refused)
      assert.throws(() => assertText(rule, 'a'.repeat(max + 1)), { ...refused, message: new RegExp(`${min} to ${max} characters`) })
    })

    it('refuses the empty string', () => {
      assert.throws(() => assertText(rule, ''), refused)
    })

    for (const prefix of ['http://', 'https://', 'HTTP://', 'Https://']) {
      it(`refuses a value starting with ${prefix}`, () => {
        assert.throws(() => assertText(rule, `${prefix}example.com`), { ...refused, message: /http:\/\/ or https:\/\// })
      })
    }

    it('accepts a value that starts with http but not with http://', () => {
      for (const value of ['httpd-01', 'https-proxy', 'http:8080']) assert.equal(assertText(rule, value), value)
    })

    if (!names) {
      it('accepts http:// anywhere but at the start', () => {
        for (const value of ['see http://example.com', 'xhttps://a']) assert.equal(assertText(rule, value), value)
      })
    }

    if (letterFirst) {
      it('accepts a first character that is a Latin, Chinese or other Unicode letter', () => {
        for (const value of ['web-1', '网卡一号', 'Ωmega', 'éclair', `${WIDE_LETTER}1`]) assert.equal(assertText(rule, value), value)
      })

      for (const value of ['1web', '_web', '-web', '.web', ':web', ' web', '１号', '😀web']) {
        it(`refuses ${JSON.stringify(value)}, which does not start with a letter`, () => {
          assert.throws(() => assertText(rule, value), { ...refused, message: /start with a letter/ })
        })
      }
    } else {
      it('accepts a first character that is not a letter', () => {
        for (const value of ['1st', '-x', '_x', '.x']) assert.equal(assertText(rule, value), value)
      })
    }

    if (names) {
      it('accepts Unicode letters and digits, colons, underscores, periods and hyphens', () => {
        for (const value of ['a1:b_c.d-ef', 'Zone:cn-hangzhou_g.1', '专有网络2', 'a٣']) assert.equal(assertText(rule, value), value)
      })

      for (const ch of [' ', '/', '@', '#', '!', ',', '(', '\t', '\n', '😀', '\u0301']) {
        it(`refuses the character ${JSON.stringify(ch)}`, () => {
          assert.throws(() => assertText(rule, `ab${ch}c`), { ...refused, message: /may contain only/ })
        })
      }

      it('accepts every string built from the allowed characters that starts with a letter (property)', () => {
        const allowed = fc.constantFrom(...'aZ9é网٣:_.-'.split(''))
        fc.assert(
          fc.property(fc.constantFrom('a', 'Z', '网', 'é'), fc.array(allowed, { minLength: 1, maxLength: 100 }), (first, rest) => {
            const value = first + rest.join('')
            assert.equal(assertText(rule, value), value)
          }),
        )
      })
    } else {
      it('accepts any character after the start', () => {
        for (const value of ['a/b@c#d!', '说明：第一条。', 'tab\there', 'emoji 😀', '<b>&amp;</b>']) {
          assert.equal(assertText(rule, value), value)
        }
      })
    }

    it('never throws anything but its own code (property)', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (value) => {
          try {
            assert.equal(assertText(rule, value), value)
          } catch (err) {
            assert.equal((err as { code?: unknown }).code, code)
          }
        }),
      )
    })
  })
}

describe('validateText', () => {
  it('leaves an absent value absent', () => {
    assert.equal(validateText(eniNameRule, undefined), undefined)
  })

  it('returns a valid value unchanged', () => {
    assert.equal(validateText(eniNameRule, 'web'), 'web')
  })

  it('refuses an invalid value with the rule code', () => {
    assert.throws(() => validateText(eniNameRule, '1web'), refusedWith('InvalidParams.NetworkInterfaceName'))
    assert.throws(() => validateText(vpcNameRule, ''), refusedWith('InvalidVpcName.Malformed'))
  })
})

describe('assertText with a rule that allows an empty value', () => {
  const optional: TextRule = { min: 0, max: 4, letterFirst: true, charset: 'name', code: 'InvalidParameter', what: 'label' }

  it('accepts the empty string without applying the letter-first rule', () => {
    assert.equal(assertText(optional, ''), '')
  })

  it('still applies the other rules to a non-empty value', () => {
    assert.throws(() => assertText(optional, '1'), refusedWith('InvalidParameter'))
    assert.throws(() => assertText(optional, 'abcde'), refusedWith('InvalidParameter'))
  })
})

describe('assertHostName', () => {
  const malformed = refusedWith('InvalidHostName.Malformed')

  it('accepts letters, digits, hyphens inside segments and single periods between them', () => {
    for (const value of ['ab', 'web-01', 'a.b', 'node1.cluster-a.local', '12', 'A-B.C-D', '1.2.3.4']) {
      assert.equal(assertHostName(value), value)
    }
  })

  it('accepts exactly 2 and exactly 64 characters', () => {
    assert.equal(assertHostName('a1'), 'a1')
    const longest = `${'a'.repeat(31)}.${'b'.repeat(32)}`
    assert.equal(longest.length, 64)
    assert.equal(assertHostName(longest), longest)
    assert.equal(assertHostName('h'.repeat(64)), 'h'.repeat(64))
  })

  it('refuses 1 and 65 characters', () => {
    assert.throws(() => assertHostName('a'), malformed)
    assert.throws(() => assertHostName('h'.repeat(65)), malformed)
  })

  it('refuses the empty string', () => {
    assert.throws(() => assertHostName(''), malformed)
  })

  for (const value of ['.ab', 'ab.', 'a..b', '-ab', 'ab-', 'a.-b', 'a-.b', 'a_b', 'a b', 'ab/c', 'wëb', '网卡', 'http://a']) {
    it(`refuses ${JSON.stringify(value)}`, () => {
      assert.throws(() => assertHostName(value), malformed)
    })
  }

  it('accepts any dot-joined segments of alphanumerics with inner hyphens within 2–64 characters (property)', () => {
    const alnum = fc.constantFrom(...'abcXYZ019'.split(''))
    const segment = fc
      .tuple(alnum, fc.array(fc.constantFrom(...'ab9-'.split('')), { maxLength: 6 }), alnum)
      .map(([first, inner, last]) => first + inner.join('') + last)
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 8 }), (segments) => {
        const value = segments.join('.')
        fc.pre(value.length <= 64)
        assert.equal(assertHostName(value), value)
      }),
    )
  })
})
