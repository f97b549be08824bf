import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseFormBody, parseRawQuery, percentEncode } from '../../../../src/api/aliyun/percent-encode.js'
import { DomainError } from '../../../../src/domain/errors.js'

const invalidParameter = (err: unknown) => err instanceof DomainError && err.code === 'InvalidParameter'

describe('percentEncode', () => {
  it('leaves only the RFC 3986 unreserved characters raw', () => {
    assert.equal(percentEncode('AZaz09-_.~'), 'AZaz09-_.~')
    assert.equal(percentEncode("!'()*"), '%21%27%28%29%2A')
    assert.equal(percentEncode(' +/:=&%'), '%20%2B%2F%3A%3D%26%25')
  })

  it('encodes UTF-8 bytes with upper-case hex', () => {
    assert.equal(percentEncode('测试'), '%E6%B5%8B%E8%AF%95')
  })
})

describe('parseRawQuery', () => {
  it('decodes keys and values in wire order and keeps repeated keys', () => {
    assert.deepEqual(parseRawQuery('b=2&%41ction=x%20y&b=3'), [
      ['b', '2'],
      ['Action', 'x y'],
      ['b', '3'],
    ])
  })

  it('keeps a plus as a plus', () => {
    assert.deepEqual(parseRawQuery('a=1+2&b=%2B'), [
      ['a', '1+2'],
      ['b', '+'],
    ])
  })

  it('reads a key without "=" as an empty value and splits at the first "="', () => {
    assert.deepEqual(parseRawQuery('Description&x=a=b'), [
      ['Description', ''],
      ['x', 'a=b'],
    ])
  })

  it('skips empty segments', () => {
    assert.deepEqual(parseRawQuery(''), [])
    assert.deepEqual(parseRawQuery('&a=1&&'), [['a', '1']])
  })

  it('decodes the raw characters querystring.stringify leaves alone', () => {
    assert.deepEqual(parseRawQuery("d=a%20b*c(%E6%B5%8B%E8%AF%95)~'!"), [['d', "a b*c(测试)~'!"]])
  })

  it('rejects malformed escapes as InvalidParameter instead of throwing URIError', () => {
    assert.throws(() => parseRawQuery('a=%zz'), invalidParameter)
    assert.throws(() => parseRawQuery('a=%E6%B5'), invalidParameter)
    assert.throws(() => parseRawQuery('%=1'), invalidParameter)
    assert.throws(() => parseRawQuery('a=%FF'), invalidParameter)
  })
})

describe('parseFormBody', () => {
  it('reads a raw plus as a space, as the form media type says', () => {
    assert.deepEqual(parseFormBody(Buffer.from('a=1+2&b=%2B&c=%20')), [
      ['a', '1 2'],
      ['b', '+'],
      ['c', ' '],
    ])
  })

  it('decodes the body pop-core writes', () => {
    const body = 'Description=a%20b%2Ac%28%E6%B5%8B%E8%AF%95%29~&Signature=HP2uR5a%2Fzn3KBVBspb2SQKTvw6c%3D'
    assert.deepEqual(parseFormBody(Buffer.from(body)), [
      ['Description', 'a b*c(测试)~'],
      ['Signature', 'HP2uR5a/zn3KBVBspb2SQKTvw6c='],
    ])
  })

  it('rejects malformed escapes as InvalidParameter', () => {
    assert.throws(() => parseFormBody(Buffer.from('a=%G1')), invalidParameter)
  })
})
