import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { assertTags, matchesTags, type Tag } from '../../../src/domain/tags.js'

const badKey = { name: 'DomainError', code: 'InvalidTagKey.Malformed' }
const badValue = { name: 'DomainError', code: 'InvalidTagValue.Malformed' }
/** A CJK ideograph outside the Basic Multilingual Plane: one character, two UTF-16 units. */
const WIDE = '𠀀'

const tags = (count: number): Tag[] => Array.from({ length: count }, (_, i) => ({ key: `k${i}`, value: `v${i}` }))

describe('assertTags', () => {
  it('accepts no tags', () => {
    assert.deepEqual(assertTags([]), [])
  })

  it('returns the tags in order, as a copy', () => {
    const given = [{ key: 'env', value: 'dev' }, { key: 'team', value: '' }]
    const result = assertTags(given)
    assert.deepEqual(result, given)
    assert.notEqual(result, given)
  })

  it('accepts 20 tags and refuses 21 with QuotaExceed.Tags', () => {
    assert.equal(assertTags(tags(20)).length, 20)
    assert.throws(() => assertTags(tags(21)), { name: 'DomainError', code: 'QuotaExceed.Tags', message: /At most 20/ })
  })

  it('takes another limit when given', () => {
    assert.equal(assertTags(tags(3), 3).length, 3)
    assert.throws(() => assertTags(tags(4), 3), { name: 'DomainError', code: 'QuotaExceed.Tags', message: /At most 3/ })
  })

  it('counts the tags before looking at them', () => {
    const many = [...tags(20), { key: '', value: '' }]
    assert.throws(() => assertTags(many), { name: 'DomainError', code: 'QuotaExceed.Tags' })
  })

  it('accepts keys of 1 and of 128 characters, counting a supplementary-plane character as one', () => {
    assert.equal(assertTags([{ key: 'k', value: '' }]).length, 1)
    assert.equal(assertTags([{ key: 'k'.repeat(128), value: '' }]).length, 1)
    assert.equal(assertTags([{ key: WIDE.repeat(128), value: '' }]).length, 1)
  })

  it('refuses an empty key with InvalidTagKey.Malformed', () => {
    assert.throws(() => assertTags([{ key: '', value: 'v' }]), badKey)
  })

  it('refuses a key of 129 characters with InvalidTagKey.Malformed', () => {
    assert.throws(() => assertTags([{ key: 'k'.repeat(129), value: '' }]), badKey)
    assert.throws(() => assertTags([{ key: WIDE.repeat(129), value: '' }]), badKey)
  })

  for (const key of ['aliyun', 'aliyunTag', 'ALIYUN:x', 'acs:ecs', 'ACS:x', 'http://x', 'https://x', 'HTTPS://x']) {
    it(`refuses the reserved key ${JSON.stringify(key)} with InvalidTagKey.Malformed`, () => {
      assert.throws(() => assertTags([{ key, value: 'v' }]), badKey)
    })
  }

  it('accepts keys that only contain the reserved words later on', () => {
    for (const key of ['my-aliyun', 'x acs:', 'acs', 'see http://x', 'ali']) {
      assert.equal(assertTags([{ key, value: '' }]).length, 1)
    }
  })

  it('accepts an empty value and values up to 128 characters, counting a supplementary-plane character as one', () => {
    assert.equal(assertTags([{ key: 'k', value: '' }]).length, 1)
    assert.equal(assertTags([{ key: 'k', value: 'v'.repeat(128) }]).length, 1)
    assert.equal(assertTags([{ key: 'k', value: WIDE.repeat(128) }]).length, 1)
  })

  it('refuses a value of 129 characters with InvalidTagValue.Malformed', () => {
    assert.throws(() => assertTags([{ key: 'k', value: 'v'.repeat(129) }]), badValue)
    assert.throws(() => assertTags([{ key: 'k', value: WIDE.repeat(129) }]), badValue)
  })

  for (const value of ['http://x', 'https://x', 'Http://x']) {
    it(`refuses the value ${JSON.stringify(value)} with InvalidTagValue.Malformed`, () => {
      assert.throws(() => assertTags([{ key: 'k', value }]), badValue)
    })
  }

  it('accepts aliyun and acs: at the start of a value', () => {
    assert.equal(assertTags([{ key: 'k', value: 'aliyun acs:x' }]).length, 1)
  })

  it('refuses a key given twice with Duplicate.TagKey', () => {
    assert.throws(() => assertTags([{ key: 'env', value: 'a' }, { key: 'team', value: 'b' }, { key: 'env', value: 'c' }]), {
      name: 'DomainError',
      code: 'Duplicate.TagKey',
      message: /"env"/,
    })
  })

  it('treats keys differing only in case as different keys', () => {
    assert.equal(assertTags([{ key: 'env', value: '' }, { key: 'Env', value: '' }]).length, 2)
  })

  it('accepts every set of up to 20 distinct plain keys (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9]{0,20}$/), { maxLength: 20 }),
        fc.string({ maxLength: 128 }),
        (keys, value) => {
          fc.pre(keys.every((k) => !k.startsWith('aliyun')) && !/^https?:\/\//i.test(value))
          const given = keys.map((key) => ({ key, value }))
          assert.deepEqual(assertTags(given), given)
        },
      ),
    )
  })
})

describe('matchesTags', () => {
  const resource: Tag[] = [{ key: 'env', value: 'prod' }, { key: 'team', value: 'net' }]

  it('matches every resource when the filter is empty', () => {
    assert.equal(matchesTags([], []), true)
    assert.equal(matchesTags(resource, []), true)
  })

  it('matches when every filter tag is carried with its value', () => {
    assert.equal(matchesTags(resource, [{ key: 'env', value: 'prod' }]), true)
    assert.equal(matchesTags(resource, [{ key: 'env', value: 'prod' }, { key: 'team', value: 'net' }]), true)
  })

  it('does not match when one filter tag has another value', () => {
    assert.equal(matchesTags(resource, [{ key: 'env', value: 'prod' }, { key: 'team', value: 'web' }]), false)
  })

  it('does not match when a filter key is missing', () => {
    assert.equal(matchesTags(resource, [{ key: 'owner' }]), false)
    assert.equal(matchesTags([], [{ key: 'env', value: 'prod' }]), false)
  })

  it('matches any value when the filter gives only the key', () => {
    assert.equal(matchesTags(resource, [{ key: 'env' }]), true)
    assert.equal(matchesTags([{ key: 'env', value: '' }], [{ key: 'env' }]), true)
  })

  it('tells an empty filter value from an absent one', () => {
    assert.equal(matchesTags(resource, [{ key: 'env', value: '' }]), false)
    assert.equal(matchesTags([{ key: 'env', value: '' }], [{ key: 'env', value: '' }]), true)
  })

  it('compares keys and values case-sensitively', () => {
    assert.equal(matchesTags(resource, [{ key: 'Env' }]), false)
    assert.equal(matchesTags(resource, [{ key: 'env', value: 'Prod' }]), false)
  })

  it('always matches a resource against its own tags (property)', () => {
    const tag = fc.record({ key: fc.string(), value: fc.string() })
    fc.assert(
      fc.property(fc.array(tag), fc.array(tag), (own, other) => {
        assert.equal(matchesTags([...own, ...other], own), true)
        assert.equal(matchesTags(own, own.map(({ key }) => ({ key }))), true)
      }),
    )
  })
})
