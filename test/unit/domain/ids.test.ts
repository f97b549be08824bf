import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import {
  newAccessKeyPair,
  newAccountId,
  newId,
  newMac,
  newRequestId,
  type IdPrefix,
} from '../../../src/domain/ids.js'
import type { Random } from '../../../src/domain/random.js'

/** Hands out the given bytes in order, round and round. */
function scripted(bytes: readonly number[]): Random & { drawn: number } {
  let next = 0
  return {
    drawn: 0,
    bytes(count) {
      this.drawn += count
      return Uint8Array.from({ length: count }, () => bytes[next++ % bytes.length] ?? 0)
    },
  }
}

/** Bytes 0, 1, …, 255, 0, 1, … */
const everyByte = () => scripted(Array.from({ length: 256 }, (_, i) => i))

/**
 * How many of the 256 byte values turn into each character, read from the first character drawn
 * after a byte `b` (a rejected `b` is followed by 0). Equal counts mean uniform bytes give
 * uniformly distributed characters; rejected bytes land in `rejected`.
 */
function preimages(firstChar: (random: Random) => string, rejectedChar: string): { perChar: Map<string, number>; rejected: number[] } {
  const perChar = new Map<string, number>()
  const rejected: number[] = []
  for (let b = 0; b < 256; b++) {
    const withZero = firstChar(scripted([b, 0]))
    const alone = b === 0 ? withZero : firstChar(scripted([b, 1]))
    if (withZero === rejectedChar && alone !== rejectedChar) {
      rejected.push(b)
      continue
    }
    perChar.set(withZero, (perChar.get(withZero) ?? 0) + 1)
  }
  return { perChar, rejected }
}

/** Pearson's chi-square statistic of `text` against the uniform distribution over `alphabet`. */
function chiSquare(text: string, alphabet: string): number {
  const seen = counts(text)
  const expected = text.length / alphabet.length
  return [...alphabet].reduce((sum, ch) => sum + ((seen.get(ch) ?? 0) - expected) ** 2 / expected, 0)
}

/** A small deterministic generator (xorshift32), so the same seed gives the same identifiers. */
function seeded(seed: number): Random {
  let state = seed >>> 0 || 1
  return {
    bytes(count) {
      return Uint8Array.from({ length: count }, () => {
        state ^= state << 13
        state >>>= 0
        state ^= state >>> 17
        state ^= state << 5
        state >>>= 0
        return state & 0xff
      })
    },
  }
}

const crypto: Random = { bytes: (count) => randomBytes(count) }
const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz'
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const PREFIXES: IdPrefix[] = ['eni', 'i', 'sg', 'vpc', 'vsw', 'vrt', 'vtb', 'rte', 'eip', 'sgr', 'rg']

function counts(text: string): Map<string, number> {
  const out = new Map<string, number>()
  for (const ch of text) out.set(ch, (out.get(ch) ?? 0) + 1)
  return out
}

describe('newId', () => {
  for (const prefix of PREFIXES) {
    it(`makes ${prefix}- followed by 20 characters of [0-9a-z]`, () => {
      assert.match(newId(prefix, crypto), new RegExp(`^${prefix}-[0-9a-z]{20}$`))
    })
  }

  it('maps each byte below the rejection limit to the alphabet by remainder', () => {
    assert.equal(newId('eni', everyByte()), `eni-${BASE36.slice(0, 20)}`)
    assert.equal(newId('sg', scripted([36, 37, 71])), 'sg-01z01z01z01z01z01z01')
  })

  it('skips bytes from 252 up, which would favour the first four characters', () => {
    assert.equal(newId('vpc', scripted([252, 253, 254, 255, 35])), `vpc-${'z'.repeat(20)}`)
  })

  it('draws again when a whole batch is rejected', () => {
    const random = scripted([...Array<number>(40).fill(255), 1])
    assert.equal(newId('i', random), `i-${'1'.repeat(20)}`)
    assert.ok(random.drawn > 40)
  })

  it('is deterministic for a deterministic Random', () => {
    assert.equal(newId('eni', seeded(42)), newId('eni', seeded(42)))
    assert.notEqual(newId('eni', seeded(42)), newId('eni', seeded(43)))
  })

  it('maps the 252 accepted byte values onto the 36 characters 7 times each, so uniform bytes give uniform characters', () => {
    const { perChar, rejected } = preimages((random) => newId('eni', random).charAt(4), '0')
    assert.deepEqual(rejected, [252, 253, 254, 255])
    assert.equal(perChar.size, 36)
    for (const ch of BASE36) assert.equal(perChar.get(ch), 7, ch)
  })

  it('spreads the characters of many ids evenly over the alphabet', () => {
    const random = seeded(20260301)
    const text = Array.from({ length: 2000 }, () => newId('eni', random).slice(4)).join('')
    // 35 degrees of freedom: 70 is exceeded by chance about once in 2,000 runs.
    assert.ok(chiSquare(text, BASE36) < 70, `chi-square ${chiSquare(text, BASE36)}`)
  })

  it('only ever uses [0-9a-z] whatever the bytes (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 64 }), (bytes) => {
        fc.pre(bytes.some((b) => b < 252))
        assert.match(newId('eni', scripted(bytes)), /^eni-[0-9a-z]{20}$/)
      }),
    )
  })
})

describe('newMac', () => {
  it("starts with Alibaba's OUI 00:16:3e and takes the next three bytes, lowercase and zero-padded", () => {
    assert.equal(newMac(scripted([0x0a, 0xbc, 0xff])), '00:16:3e:0a:bc:ff')
    assert.equal(newMac(scripted([0, 1, 2])), '00:16:3e:00:01:02')
  })

  it('always has the shape of a MAC under 00:16:3e (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1 }), (seed) => {
        assert.match(newMac(seeded(seed)), /^00:16:3e(:[0-9a-f]{2}){3}$/)
      }),
    )
  })
})

describe('newRequestId', () => {
  const UUID_V4 = /^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/

  it('is an uppercase UUID of version 4 and RFC 4122 variant', () => {
    assert.match(newRequestId(crypto), UUID_V4)
  })

  it('sets the version and variant bits whatever the bytes', () => {
    assert.equal(newRequestId(scripted([0xff])), 'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF')
    assert.equal(newRequestId(scripted([0x00])), '00000000-0000-4000-8000-000000000000')
  })

  it('keeps every other bit of the random bytes', () => {
    const bytes = Array.from({ length: 16 }, (_, i) => i * 17)
    assert.equal(newRequestId(scripted(bytes)), '00112233-4455-4677-8899-AABBCCDDEEFF')
  })

  it('always matches the version 4 UUID shape (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
        assert.match(newRequestId(scripted([...bytes])), UUID_V4)
      }),
    )
  })
})

describe('newAccountId', () => {
  it('is 16 decimal digits starting with 1', () => {
    assert.match(newAccountId(crypto), /^1[0-9]{15}$/)
  })

  it('skips bytes from 250 up and maps the rest by remainder', () => {
    assert.equal(newAccountId(scripted([250, 255, 13])), `1${'3'.repeat(15)}`)
  })

  it('maps the 250 accepted byte values onto the 10 digits 25 times each', () => {
    const { perChar, rejected } = preimages((random) => newAccountId(random).charAt(1), '0')
    assert.deepEqual(rejected, [250, 251, 252, 253, 254, 255])
    for (const digit of '0123456789') assert.equal(perChar.get(digit), 25, digit)
  })
})

describe('newAccessKeyPair', () => {
  it('makes an AccessKeyId of LTAI and 20 alphanumerics and a secret of 30 alphanumerics', () => {
    const { accessKeyId, accessKeySecret } = newAccessKeyPair(crypto)
    assert.match(accessKeyId, /^LTAI[A-Za-z0-9]{20}$/)
    assert.match(accessKeySecret, /^[A-Za-z0-9]{30}$/)
  })

  it('draws the id before the secret', () => {
    const { accessKeyId, accessKeySecret } = newAccessKeyPair(scripted([0]))
    assert.equal(accessKeyId, `LTAI${'A'.repeat(20)}`)
    assert.equal(accessKeySecret, 'A'.repeat(30))
  })

  it('skips bytes from 248 up, which would favour the first characters', () => {
    const { accessKeySecret } = newAccessKeyPair(scripted([248, 255, 61]))
    assert.equal(accessKeySecret, '9'.repeat(30))
  })

  it('maps the 248 accepted byte values onto the 62 characters 4 times each', () => {
    const { perChar, rejected } = preimages((random) => newAccessKeyPair(random).accessKeyId.charAt(4), 'A')
    assert.deepEqual(rejected, [248, 249, 250, 251, 252, 253, 254, 255])
    assert.equal(perChar.size, 62)
    for (const ch of ALPHANUMERIC) assert.equal(perChar.get(ch), 4, ch)
  })

  it('spreads the characters of many keys evenly over the alphabet', () => {
    const random = seeded(7)
    const text = Array.from({ length: 1000 }, () => {
      const pair = newAccessKeyPair(random)
      return pair.accessKeyId.slice(4) + pair.accessKeySecret
    }).join('')
    // 61 degrees of freedom: 110 is exceeded by chance about once in 10,000 runs.
    assert.ok(chiSquare(text, ALPHANUMERIC) < 110, `chi-square ${chiSquare(text, ALPHANUMERIC)}`)
  })

  it('gives different pairs for different seeds', () => {
    assert.notDeepEqual(newAccessKeyPair(seeded(1)), newAccessKeyPair(seeded(2)))
    assert.deepEqual(newAccessKeyPair(seeded(7)), newAccessKeyPair(seeded(7)))
  })
})
