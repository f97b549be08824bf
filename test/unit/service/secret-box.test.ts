import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { secretBox } from '../../../src/service/secret-box.js'

const key = randomBytes(32)
const box = secretBox(key)

/** Replaces part `index` of a sealed secret (`v1.iv.tag.body`) with `change(bytes)`. */
function tamper(sealed: string, index: 1 | 2 | 3, change: (bytes: Buffer) => Buffer): string {
  const parts = sealed.split('.')
  parts[index] = change(Buffer.from(parts[index] ?? '', 'base64')).toString('base64')
  return parts.join('.')
}

const flipFirstBit = (bytes: Buffer) => {
  const copy = Buffer.from(bytes)
  copy[0] = (copy[0] ?? 0) ^ 1
  return copy
}

describe('secretBox', () => {
  it('opens what it sealed', () => {
    assert.equal(box.open(box.seal('tF3kQ9xLmR2vW8yZ1aB4cD6eG7hJ0n')), 'tF3kQ9xLmR2vW8yZ1aB4cD6eG7hJ0n')
  })

  it('round-trips the empty string and Unicode text', () => {
    for (const text of ['', '密钥-秘密', 'émoji 😀 𠀀', '\u0000\n\t']) assert.equal(box.open(box.seal(text)), text)
  })

  it('round-trips any well-formed string (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        assert.equal(box.open(box.seal(text)), text)
      }),
    )
  })

  it('writes version 1, a 12-byte IV, a 16-byte tag and the ciphertext, dot-separated in base64', () => {
    const parts = box.seal('secret').split('.')
    assert.equal(parts.length, 4)
    assert.equal(parts[0], 'v1')
    assert.equal(Buffer.from(parts[1] ?? '', 'base64').length, 12)
    assert.equal(Buffer.from(parts[2] ?? '', 'base64').length, 16)
    assert.equal(Buffer.from(parts[3] ?? '', 'base64').length, 'secret'.length)
  })

  it('does not show the plaintext in the sealed form', () => {
    const sealed = box.seal('tF3kQ9xLmR2vW8yZ1aB4cD6eG7hJ0n')
    assert.ok(!sealed.includes('tF3kQ9xLmR2vW8yZ1aB4cD6eG7hJ0n'))
    assert.ok(!Buffer.from(sealed.split('.')[3] ?? '', 'base64').toString('utf8').includes('tF3k'))
  })

  it('draws a fresh IV for each seal, so one secret seals differently every time', () => {
    const sealed = Array.from({ length: 50 }, () => box.seal('same secret'))
    assert.equal(new Set(sealed.map((s) => s.split('.')[1])).size, 50)
    assert.equal(new Set(sealed).size, 50)
    for (const s of sealed) assert.equal(box.open(s), 'same secret')
  })

  it('opens with another box made from the same key', () => {
    assert.equal(secretBox(Buffer.from(key)).open(box.seal('shared')), 'shared')
  })

  it('refuses to open with another key', () => {
    const sealed = box.seal('secret')
    assert.throws(() => secretBox(randomBytes(32)).open(sealed))
  })

  for (const [part, index] of [['IV', 1], ['tag', 2], ['ciphertext', 3]] as const) {
    it(`detects a changed bit in the ${part}`, () => {
      assert.throws(() => box.open(tamper(box.seal('secret'), index, flipFirstBit)))
    })
  }

  it('detects a truncated tag', () => {
    const sealed = box.seal('secret')
    for (const length of [4, 8, 12, 15]) {
      assert.throws(() => box.open(tamper(sealed, 2, (tag) => tag.subarray(0, length))), `tag cut to ${length} bytes`)
    }
  })

  it('detects a truncated or extended ciphertext', () => {
    const sealed = box.seal('secret')
    assert.throws(() => box.open(tamper(sealed, 3, (body) => body.subarray(0, body.length - 1))))
    assert.throws(() => box.open(tamper(sealed, 3, (body) => Buffer.concat([body, Buffer.from([0])]))))
  })

  it('detects parts swapped between two sealed secrets', () => {
    const [a, b] = [box.seal('first'), box.seal('other')].map((s) => s.split('.'))
    assert.throws(() => box.open([a?.[0], a?.[1], a?.[2], b?.[3]].join('.')))
    assert.throws(() => box.open([a?.[0], b?.[1], a?.[2], a?.[3]].join('.')))
  })

  it('detects any single changed byte of the ciphertext (property)', () => {
    const sealed = box.seal('a secret long enough to pick bytes from')
    const length = Buffer.from(sealed.split('.')[3] ?? '', 'base64').length
    fc.assert(
      fc.property(fc.integer({ min: 0, max: length - 1 }), fc.integer({ min: 1, max: 255 }), (at, xor) => {
        const changed = tamper(sealed, 3, (body) => {
          const copy = Buffer.from(body)
          copy[at] = (copy[at] ?? 0) ^ xor
          return copy
        })
        assert.throws(() => box.open(changed))
      }),
    )
  })

  for (const sealed of ['', 'v1', 'v1.a.b', 'v2.AAAA.AAAA.AAAA', 'plain secret']) {
    it(`refuses the unrecognised form ${JSON.stringify(sealed)}`, () => {
      assert.throws(() => box.open(sealed), { message: 'unrecognised sealed secret' })
    })
  }

  for (const length of [0, 16, 31, 33, 64]) {
    it(`refuses a master key of ${length} bytes`, () => {
      assert.throws(() => secretBox(randomBytes(length)), { message: 'the master key must be 32 bytes' })
    })
  }
})
