import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { choosePage, decodeNextToken, encodeNextToken, type PagingLimits } from '../../../src/domain/paging.js'

const badToken = { name: 'DomainError', code: 'InValidParameter.NextToken' }
const invalid = { name: 'DomainError', code: 'InvalidParameter' }
const tokenOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

describe('encodeNextToken / decodeNextToken', () => {
  it('gives back the cursor it was made from', () => {
    const cursor = { createdAt: '2026-03-01T10:00:00.000Z', id: 'eni-abc' }
    assert.deepEqual(decodeNextToken(encodeNextToken(cursor)), cursor)
  })

  it('round-trips any pair of strings, lone surrogates included (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (createdAt, id) => {
        assert.deepEqual(decodeNextToken(encodeNextToken({ createdAt, id })), { createdAt, id })
      }),
    )
  })

  it('makes tokens of URL-safe characters only (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (createdAt, id) => {
        assert.match(encodeNextToken({ createdAt, id }), /^[A-Za-z0-9_-]+$/)
      }),
    )
  })

  it('makes different tokens for different cursors', () => {
    assert.notEqual(encodeNextToken({ createdAt: 'a', id: 'b' }), encodeNextToken({ createdAt: 'a', id: 'c' }))
    assert.notEqual(encodeNextToken({ createdAt: 'a,b', id: '' }), encodeNextToken({ createdAt: 'a', id: 'b' }))
  })

  const garbage: Array<[string, string]> = [
    ['the empty string', ''],
    ['text that is not base64', '!!!'],
    ['base64 of text that is not JSON', Buffer.from('not json').toString('base64url')],
    ['base64 of a JSON object', tokenOf({ createdAt: 'a', id: 'b' })],
    ['base64 of a JSON string', tokenOf('a')],
    ['base64 of JSON null', tokenOf(null)],
    ['base64 of an empty array', tokenOf([])],
    ['base64 of a one-item array', tokenOf(['a'])],
    ['base64 of a three-item array', tokenOf(['a', 'b', 'c'])],
    ['base64 of an array with a number', tokenOf(['a', 1])],
    ['base64 of an array with null first', tokenOf([null, 'b'])],
  ]
  for (const [what, token] of garbage) {
    it(`refuses ${what} with InValidParameter.NextToken`, () => {
      assert.throws(() => decodeNextToken(token), badToken)
    })
  }

  it('refuses arbitrary text with InValidParameter.NextToken (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (token) => {
        assert.throws(() => decodeNextToken(token), badToken)
      }),
    )
  })

  it('refuses arbitrary JSON that is not a pair of strings (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        fc.pre(!(Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')))
        assert.throws(() => decodeNextToken(tokenOf(value)), badToken)
      }),
    )
  })
})

describe('choosePage', () => {
  const limits: PagingLimits = { tokenDefault: 10, tokenMin: 10, tokenMax: 500, pageDefault: 10, pageMax: 100 }
  const cursor = { createdAt: '2026-03-01T10:00:00.000Z', id: 'eni-abc' }

  it('uses page paging with page 1 and the default size when nothing is given', () => {
    assert.deepEqual(choosePage({}, limits), { style: 'page', size: 10, number: 1 })
  })

  it('uses token paging with the default size when only an empty NextToken is given', () => {
    assert.deepEqual(choosePage({ nextToken: '' }, limits), { style: 'token', size: 10 })
  })

  it('uses token paging from the decoded cursor when a NextToken is given', () => {
    assert.deepEqual(choosePage({ nextToken: encodeNextToken(cursor) }, limits), { style: 'token', size: 10, after: cursor })
  })

  it('uses token paging when MaxResults is given, even with page parameters', () => {
    assert.deepEqual(choosePage({ maxResults: 50, pageNumber: 3, pageSize: 20 }, limits), { style: 'token', size: 50 })
  })

  it('ignores page parameters out of range in token paging', () => {
    assert.deepEqual(choosePage({ maxResults: 20, pageNumber: 0, pageSize: 100000 }, limits), { style: 'token', size: 20 })
  })

  it('clamps MaxResults below the minimum up to it', () => {
    assert.equal(choosePage({ maxResults: 1 }, limits).size, 10)
    assert.equal(choosePage({ maxResults: 0 }, limits).size, 10)
    assert.equal(choosePage({ maxResults: -5 }, limits).size, 10)
  })

  it('clamps MaxResults above the maximum down to it', () => {
    assert.equal(choosePage({ maxResults: 501 }, limits).size, 500)
    assert.equal(choosePage({ maxResults: 1_000_000 }, limits).size, 500)
  })

  it('keeps MaxResults at the bounds', () => {
    assert.equal(choosePage({ maxResults: 10 }, limits).size, 10)
    assert.equal(choosePage({ maxResults: 500 }, limits).size, 500)
  })

  it('always yields a token size within the limits (property)', () => {
    fc.assert(
      fc.property(fc.integer(), (maxResults) => {
        const { size } = choosePage({ maxResults }, limits)
        assert.ok(size >= limits.tokenMin && size <= limits.tokenMax)
        if (maxResults >= limits.tokenMin && maxResults <= limits.tokenMax) assert.equal(size, maxResults)
      }),
    )
  })

  it('refuses a malformed NextToken with InValidParameter.NextToken', () => {
    assert.throws(() => choosePage({ nextToken: 'garbage' }, limits), badToken)
    assert.throws(() => choosePage({ maxResults: 20, nextToken: 'garbage' }, limits), badToken)
  })

  it('takes the page number and size given', () => {
    assert.deepEqual(choosePage({ pageNumber: 3, pageSize: 25 }, limits), { style: 'page', size: 25, number: 3 })
  })

  it('accepts a page size of 1 and of the maximum', () => {
    assert.equal(choosePage({ pageSize: 1 }, limits).size, 1)
    assert.equal(choosePage({ pageSize: 100 }, limits).size, 100)
  })

  for (const pageSize of [0, -1, 101, 1.5, Number.NaN]) {
    it(`refuses PageSize ${pageSize} with InvalidParameter`, () => {
      assert.throws(() => choosePage({ pageSize }, limits), { ...invalid, message: /PageSize must be between 1 and 100/ })
    })
  }

  for (const pageNumber of [0, -1, 2.5, Number.NaN]) {
    it(`refuses PageNumber ${pageNumber} with InvalidParameter`, () => {
      assert.throws(() => choosePage({ pageNumber }, limits), { ...invalid, message: /PageNumber/ })
    })
  }

  it('accepts any page number from 1 up', () => {
    assert.deepEqual(choosePage({ pageNumber: 1_000_000 }, limits), { style: 'page', size: 10, number: 1_000_000 })
  })

  it('checks the page number before the page size', () => {
    assert.throws(() => choosePage({ pageNumber: 0, pageSize: 0 }, limits), { ...invalid, message: /PageNumber/ })
  })
})
