import type { Random } from './random.js'

const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz'

export type IdPrefix = 'eni' | 'i' | 'sg' | 'vpc' | 'vsw' | 'vrt' | 'vtb' | 'rte' | 'eip' | 'sgr' | 'rg'

/** `<prefix>-<20 chars of [0-9a-z]>`, the shape of the cloud's IDs (spec §3.1); clients treat it as opaque. */
export function newId(prefix: IdPrefix, random: Random): string {
  return `${prefix}-${randomString(random, 20, BASE36)}`
}

/** A MAC under Alibaba's OUI 00:16:3e (spec §3.2); uniqueness is the store's constraint, not luck. */
export function newMac(random: Random): string {
  const [a = 0, b = 0, c = 0] = random.bytes(3)
  return ['00', '16', '3e', a, b, c].map((x) => (typeof x === 'number' ? x.toString(16).padStart(2, '0') : x)).join(':')
}

/** Request IDs are uppercase UUIDs, as the SDKs expect to print them. */
export function newRequestId(random: Random): string {
  const b = random.bytes(16)
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('').toUpperCase()
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/** Account IDs are 16 decimal digits, like Alibaba Cloud UIDs (ENI `OwnerId`). */
export function newAccountId(random: Random): string {
  return `1${randomString(random, 15, '0123456789')}`
}

/** `LTAI` + 20 alphanumerics, the look of an Alibaba AccessKeyId; the secret is 30 alphanumerics. */
export function newAccessKeyPair(random: Random): { accessKeyId: string; accessKeySecret: string } {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
  return {
    accessKeyId: `LTAI${randomString(random, 20, alphabet)}`,
    accessKeySecret: randomString(random, 30, alphabet),
  }
}

function randomString(random: Random, length: number, alphabet: string): string {
  // Rejection sampling keeps every character equally likely for any alphabet size.
  const limit = 256 - (256 % alphabet.length)
  let out = ''
  while (out.length < length) {
    for (const byte of random.bytes(length * 2)) {
      if (byte < limit && out.length < length) out += alphabet[byte % alphabet.length]
    }
  }
  return out
}
