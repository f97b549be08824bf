import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { DomainError } from '../../domain/errors.js'
import { percentEncode } from './percent-encode.js'

/**
 * Request authentication of the RPC dialect (spec §1.4–§1.6), kept free of I/O: the plugin looks up
 * the secret, checks the clock skew and records the nonce, in the order parse → credentials →
 * timestamp → signature → nonce. The signers at the end are the same canonicalisation run from the
 * client side, for our own CLI, console and tests.
 */

/** A request as the transport hands it over: header names lowercase, query and form already decoded. */
export interface IncomingRequest {
  method: string
  path: string
  query: Array<[string, string]>
  form: Array<[string, string]>
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

export interface CredentialClaim {
  scheme: 'acs3' | 'v1'
  accessKeyId: string
  timestamp: Date
  nonce: string
  action: string
  version: string
  /** The action's input: V3's query and form body as sent; V1's minus the signature-protocol parameters. */
  params: Array<[string, string]>
  format: 'json' | 'xml'
  /** Recomputes the signature with `secret`; constant-time, so safe to call with any looked-up key. */
  verify(secret: string): boolean
}

export function readCredentialClaim(req: IncomingRequest): CredentialClaim {
  const authorization = headerValue(req.headers, 'authorization')
  if (authorization?.startsWith('ACS3-')) return readAcs3Claim(req, authorization)
  if ([...req.query, ...req.form].some(([key]) => key === 'Signature')) return readV1Claim(req)
  if (authorization !== undefined) {
    // ROA's `acs AK:signature` and opt-in ACS4 would land here; neither is part of this dialect.
    throw new DomainError('IncompleteSignature', 'The Authorization header uses an unsupported scheme.')
  }
  throw new DomainError(
    'MissingParameter',
    'The request is not signed: it has neither an ACS3 Authorization header nor a Signature parameter.',
  )
}

export function assertTimestampFresh(timestamp: Date, now: Date, skewMs: number): void {
  if (Math.abs(now.getTime() - timestamp.getTime()) > skewMs) {
    const [sent, server, seconds] = [formatTimestamp(timestamp), formatTimestamp(now), Math.round(skewMs / 1000)]
    throw new DomainError('InvalidTimeStamp.Expired', `The request time ${sent} is more than ${seconds} s from the server time ${server}.`)
  }
}

// ---------------------------------------------------------------------------------------------
// ACS3-HMAC-SHA256 (the SDKs' default)

const ACS3_ALGORITHM = 'ACS3-HMAC-SHA256'
const ACS3_AUTHORIZATION = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/
/** Without these in SignedHeaders a captured signature could be replayed with another action, date or body. */
const ACS3_REQUIRED_SIGNED_HEADERS = [
  'host',
  'x-acs-action',
  'x-acs-version',
  'x-acs-date',
  'x-acs-signature-nonce',
  'x-acs-content-sha256',
]

function readAcs3Claim(req: IncomingRequest, authorization: string): CredentialClaim {
  const algorithm = authorization.split(' ', 1)[0]
  if (algorithm !== ACS3_ALGORITHM) {
    throw new DomainError('IncompleteSignature', `The signature algorithm ${algorithm} is not supported.`)
  }
  const match = ACS3_AUTHORIZATION.exec(authorization)
  if (match === null) throw new DomainError('IncompleteSignature', 'The Authorization header is malformed.')
  const [, accessKeyId = '', signedHeaderList = '', signature = ''] = match

  const requiredHeader = (name: string): string => {
    const value = headerValue(req.headers, name)
    if (value === undefined || value === '') {
      throw new DomainError('MissingParameter', `The required header ${name} is missing.`)
    }
    return value
  }
  const action = requiredHeader('x-acs-action')
  const version = requiredHeader('x-acs-version')
  const date = requiredHeader('x-acs-date')
  const nonce = requiredHeader('x-acs-signature-nonce')

  const names = signedHeaderList.split(';')
  for (const required of ACS3_REQUIRED_SIGNED_HEADERS) {
    if (!names.includes(required)) {
      throw new DomainError('IncompleteSignature', `SignedHeaders must include ${required}.`)
    }
  }
  const signedHeaders = names.map((name): [string, string] => {
    const value = headerValue(req.headers, name)
    if (value === undefined) {
      throw new DomainError('IncompleteSignature', `The signed header ${name} is not in the request.`)
    }
    return [name, value]
  })
  const claimedPayloadHash = headerValue(req.headers, 'x-acs-content-sha256') ?? ''
  const timestamp = parseTimestamp(date, 'x-acs-date')

  return {
    scheme: 'acs3',
    accessKeyId,
    timestamp,
    nonce,
    action,
    version,
    params: [...req.query, ...req.form],
    format: 'json',
    verify(secret) {
      // The header is signed, but only the bytes received say what the body was: hash them ourselves
      // and sign with that, so a body swapped under an intact header cannot pass.
      const hashedPayload = sha256Hex(req.body)
      if (!equalInConstantTime(claimedPayloadHash, hashedPayload)) return false
      const { method, path, query } = req
      const canonical = acs3CanonicalRequest({ method, path, query, signedHeaders, hashedPayload })
      return equalInConstantTime(acs3Signature(canonical, secret), signature)
    },
  }
}

export interface Acs3CanonicalParts {
  method: string
  path: string
  /** Decoded query pairs; form-body parameters are covered by the payload hash instead. */
  query: ReadonlyArray<readonly [string, string]>
  /** Lowercase name and canonical value, in SignedHeaders order. */
  signedHeaders: ReadonlyArray<readonly [string, string]>
  hashedPayload: string
}

export function acs3CanonicalRequest(parts: Acs3CanonicalParts): string {
  // Every header line ends with "\n" and the parts are joined with "\n" too, so an empty line
  // separates the headers from the SignedHeaders list; the SDK signs exactly that.
  const headerLines = parts.signedHeaders.map(([name, value]) => `${name}:${value}\n`).join('')
  const headerNames = parts.signedHeaders.map(([name]) => name).join(';')
  const { method, path, query, hashedPayload } = parts
  return [method, path, canonicalQuery(query), headerLines, headerNames, hashedPayload].join('\n')
}

function acs3Signature(canonicalRequest: string, secret: string): string {
  const stringToSign = `${ACS3_ALGORITHM}\n${sha256Hex(canonicalRequest)}`
  return createHmac('sha256', secret).update(stringToSign).digest('hex')
}

// ---------------------------------------------------------------------------------------------
// V1 HMAC-SHA1 (pop-core, and the generated SDKs with signatureAlgorithm "v2")

/** Signature-protocol parameters: signed, but not input to the action. */
const V1_PROTOCOL_PARAMS = new Set([
  'AccessKeyId',
  'Signature',
  'SignatureMethod',
  'SignatureVersion',
  'SignatureNonce',
  'Timestamp',
  'Format',
  'Action',
  'Version',
  'SecurityToken',
  'SignatureType',
])

function readV1Claim(req: IncomingRequest): CredentialClaim {
  // pop-core's POST form puts everything in the body, openapi-core's V1 mode everything in the
  // query; the signature covers the union either way.
  const all = [...req.query, ...req.form]
  const param = (name: string): string | undefined => {
    const values = all.filter(([key]) => key === name)
    // With two values, which one was meant is a guess; refuse rather than pick one.
    if (values.length > 1) throw new DomainError('InvalidParameter', `The parameter ${name} is given more than once.`)
    return values[0]?.[1]
  }
  const required = (name: string): string => {
    const value = param(name)
    if (value === undefined || value === '') {
      throw new DomainError('MissingParameter', `The input parameter "${name}" that is mandatory is not supplied.`)
    }
    return value
  }
  const signature = required('Signature')
  const accessKeyId = required('AccessKeyId')
  const timestampText = required('Timestamp')
  const nonce = required('SignatureNonce')
  const action = required('Action')
  const version = required('Version')
  if (param('SignatureMethod') !== 'HMAC-SHA1') {
    throw new DomainError('InvalidParameter', 'The specified SignatureMethod is not supported; use HMAC-SHA1.')
  }
  if (param('SignatureVersion') !== '1.0') {
    throw new DomainError('InvalidParameter', 'The specified SignatureVersion is not supported; use 1.0.')
  }
  // The reference defaults to XML when Format is absent, but every SDK sends it and we prefer JSON.
  const format = param('Format')?.toLowerCase() === 'xml' ? 'xml' : 'json'
  const timestamp = parseTimestamp(timestampText, 'Timestamp')
  const signed = all.filter(([key]) => key !== 'Signature')

  return {
    scheme: 'v1',
    accessKeyId,
    timestamp,
    nonce,
    action,
    version,
    params: all.filter(([key]) => !V1_PROTOCOL_PARAMS.has(key)),
    format,
    verify: (secret) => equalInConstantTime(v1Signature(req.method, signed, secret), signature),
  }
}

function v1Signature(method: string, params: ReadonlyArray<readonly [string, string]>, secret: string): string {
  // The path is always "/" in the RPC style and both SDKs sign that constant, not the request path.
  const stringToSign = `${method}&${percentEncode('/')}&${percentEncode(canonicalQuery(params))}`
  return createHmac('sha1', `${secret}&`).update(stringToSign).digest('base64')
}

// ---------------------------------------------------------------------------------------------
// Shared canonicalisation

/**
 * `key=value` pairs sorted by key, both encoded, joined by `&`. V1 and V3 agree on this. The V3 SDK
 * leaves keys unencoded, which changes nothing because its keys are `[A-Za-z0-9.]`. The sort is stable
 * so a repeated key keeps its wire order, and it compares UTF-16 code units like the SDKs'
 * `Array.prototype.sort` (hence `Tag.10` before `Tag.2`).
 */
export function canonicalQuery(pairs: ReadonlyArray<readonly [string, string]>): string {
  return [...pairs]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${percentEncode(key)}=${percentEncode(value)}`)
    .join('&')
}

/** Several values of one header are trimmed, sorted and joined with "," — the ACS3 canonical form. */
function headerValue(headers: IncomingRequest['headers'], name: string): string | undefined {
  const raw = headers[name]
  if (raw === undefined) return undefined
  const values = typeof raw === 'string' ? [raw] : raw
  return values.map((v) => v.trim()).sort().join(',')
}

function parseTimestamp(text: string, name: string): Date {
  const date = new Date(text)
  // Date accepts many shapes and rolls 2024-02-31 over to March; only the exact
  // YYYY-MM-DDThh:mm:ssZ form the SDKs send survives the round trip.
  if (Number.isNaN(date.getTime()) || formatTimestamp(date) !== text) {
    throw new DomainError('InvalidTimeStamp.Format', `The ${name} "${text}" is not a UTC time of the form YYYY-MM-DDThh:mm:ssZ.`)
  }
  return date
}

function formatTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`
}

function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex')
}

function equalInConstantTime(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

// ---------------------------------------------------------------------------------------------
// Client side

export interface SignedRequest {
  /** Path plus query string, e.g. `/?RegionId=cn-hangzhou`. */
  url: string
  headers: Record<string, string>
}

export interface SigningInput {
  query: Record<string, string>
  action: string
  version: string
  accessKeyId: string
  secret: string
  /** Defaults to now. */
  date?: Date
  /** Defaults to fresh random hex, as long as the imitated SDK's. */
  nonce?: string
  /** V1 only: the response format asked for; JSON unless XML (spec §1.5). */
  format?: 'JSON' | 'XML'
}

export interface Acs3SigningInput extends SigningInput {
  method: string
  /** Exactly what the `host` header will carry (with `:port` when not the default): it is signed. */
  host: string
  path: string
  headers?: Record<string, string>
  body?: Buffer
}

/**
 * Signs like openapi-core's V3 mode: every `host`, `content-type` and `x-acs-*` header is signed,
 * names sorted. The query goes on the wire in canonical form; the SDK writes it with
 * `querystring.stringify` instead, which decodes to the same pairs.
 */
export function signAcs3(input: Acs3SigningInput): SignedRequest {
  const hashedPayload = sha256Hex(input.body ?? Buffer.alloc(0))
  const headers: Record<string, string> = { accept: 'application/json' }
  for (const [name, value] of Object.entries(input.headers ?? {})) headers[name.toLowerCase()] = value
  Object.assign(headers, {
    host: input.host,
    'x-acs-action': input.action,
    'x-acs-version': input.version,
    'x-acs-date': formatTimestamp(input.date ?? new Date()),
    // openapi-core sends 64 hex characters.
    'x-acs-signature-nonce': input.nonce ?? randomBytes(32).toString('hex'),
    'x-acs-content-sha256': hashedPayload,
  })
  const signedHeaders = Object.keys(headers)
    .filter((name) => name === 'host' || name === 'content-type' || name.startsWith('x-acs-'))
    .sort()
    .map((name): [string, string] => [name, (headers[name] ?? '').trim()])
  const query = Object.entries(input.query)
  const signature = acs3Signature(
    acs3CanonicalRequest({ method: input.method, path: input.path, query, signedHeaders, hashedPayload }),
    input.secret,
  )
  const names = signedHeaders.map(([name]) => name).join(';')
  headers['authorization'] = `${ACS3_ALGORITHM} Credential=${input.accessKeyId},SignedHeaders=${names},Signature=${signature}`
  return { url: withQuery(input.path, canonicalQuery(query)), headers }
}

/**
 * Signs a GET like pop-core: protocol parameters merged in, all sorted and RFC 3986-encoded, the
 * Signature appended last. Given the same timestamp and nonce the URL is byte-identical to pop-core's.
 * V1 signs no header, so `headers` is empty.
 */
export function signV1(input: SigningInput): SignedRequest {
  const params: Array<[string, string]> = Object.entries({
    ...input.query,
    Action: input.action,
    Version: input.version,
    Format: input.format ?? 'JSON',
    Timestamp: formatTimestamp(input.date ?? new Date()),
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    // pop-core sends 32 hex characters.
    SignatureNonce: input.nonce ?? randomBytes(16).toString('hex'),
    AccessKeyId: input.accessKeyId,
  })
  const signature = v1Signature('GET', params, input.secret)
  return { url: withQuery('/', `${canonicalQuery(params)}&Signature=${percentEncode(signature)}`), headers: {} }
}

function withQuery(path: string, query: string): string {
  return query === '' ? path : `${path}?${query}`
}
