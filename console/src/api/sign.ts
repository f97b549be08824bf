/**
 * ACS3-HMAC-SHA256 in the browser, with WebCrypto. A deliberate copy of `signAcs3` in
 * src/api/aliyun/signature.ts, which needs node:crypto: the same canonical request, so a unit test
 * (test/console/api-sign.test.ts) checks both produce the same headers for a fixed date and nonce.
 * No imports, so that test can load this file under Node as well.
 */

export interface BrowserSigningInput {
  method: string
  /** Exactly what the browser will send as `host` (the page's `location.host`): it is signed. */
  host: string
  path: string
  query: Record<string, string>
  action: string
  version: string
  accessKeyId: string
  secret: string
  date?: Date
  nonce?: string
}

export interface BrowserSignedRequest {
  /** Path plus canonical query string. */
  url: string
  /** Every header to send, `host` included (fetch leaves it out: the browser sets the same value). */
  headers: Record<string, string>
}

const ALGORITHM = 'ACS3-HMAC-SHA256'
const encoder = new TextEncoder()

export async function signRequest(input: BrowserSigningInput): Promise<BrowserSignedRequest> {
  const hashedPayload = await sha256Hex('')
  const headers: Record<string, string> = {
    accept: 'application/json',
    host: input.host,
    'x-acs-action': input.action,
    'x-acs-version': input.version,
    'x-acs-date': formatTimestamp(input.date ?? new Date()),
    'x-acs-signature-nonce': input.nonce ?? randomHex(32),
    'x-acs-content-sha256': hashedPayload,
  }
  const signedHeaders = Object.keys(headers)
    .filter((name) => name === 'host' || name.startsWith('x-acs-'))
    .sort()
    .map((name): [string, string] => [name, (headers[name] ?? '').trim()])
  const query = canonicalQuery(Object.entries(input.query))
  const canonicalRequest = [
    input.method,
    input.path,
    query,
    signedHeaders.map(([name, value]) => `${name}:${value}\n`).join(''),
    signedHeaders.map(([name]) => name).join(';'),
    hashedPayload,
  ].join('\n')
  const stringToSign = `${ALGORITHM}\n${await sha256Hex(canonicalRequest)}`
  const signature = await hmacSha256Hex(input.secret, stringToSign)
  const names = signedHeaders.map(([name]) => name).join(';')
  headers['authorization'] = `${ALGORITHM} Credential=${input.accessKeyId},SignedHeaders=${names},Signature=${signature}`
  return { url: query === '' ? input.path : `${input.path}?${query}`, headers }
}

/** RFC 3986: `encodeURIComponent` leaves `! ' ( ) *` raw, the signature scheme does not. */
function percentEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/** Sorted by key comparing UTF-16 code units (stable, so repeated keys keep their order). */
function canonicalQuery(pairs: ReadonlyArray<readonly [string, string]>): string {
  return [...pairs]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${percentEncode(key)}=${percentEncode(value)}`)
    .join('&')
}

function formatTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`
}

function hex(buffer: ArrayBuffer): string {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

function randomHex(bytes: number): string {
  return hex(crypto.getRandomValues(new Uint8Array(bytes)).buffer)
}

async function sha256Hex(text: string): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', encoder.encode(text)))
}

async function hmacSha256Hex(secret: string, text: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  return hex(await crypto.subtle.sign('HMAC', key, encoder.encode(text)))
}
