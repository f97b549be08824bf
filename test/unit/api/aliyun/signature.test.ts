import assert from 'node:assert/strict'
import { createHash, createHmac } from 'node:crypto'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import Ecs from '@alicloud/ecs20140526'
import { $OpenApiUtil } from '@alicloud/openapi-core'
import RPCClient from '@alicloud/pop-core'
import { parseFormBody, parseRawQuery } from '../../../../src/api/aliyun/percent-encode.js'
import {
  acs3CanonicalRequest,
  assertTimestampFresh,
  canonicalQuery,
  readCredentialClaim,
  signAcs3,
  signV1,
  type Acs3SigningInput,
  type IncomingRequest,
  type SignedRequest,
  type SigningInput,
} from '../../../../src/api/aliyun/signature.js'
import { DomainError, type ErrorCode } from '../../../../src/domain/errors.js'

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
const AK = 'testid'
const SECRET = 'testsecret'
const DESCRIPTION = 'a b*c(测试)~'

/** What a transport would build from the raw request line, headers and body. */
function incoming(
  method: string,
  url: string,
  headers: IncomingHttpHeaders | Record<string, string>,
  body: Buffer = Buffer.alloc(0),
): IncomingRequest {
  const q = url.indexOf('?')
  const isForm = String(headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')
  return {
    method,
    path: q === -1 ? url : url.slice(0, q),
    query: q === -1 ? [] : parseRawQuery(url.slice(q + 1)),
    form: isForm ? parseFormBody(body) : [],
    headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value])),
    body,
  }
}

function fromSigned(method: string, signed: SignedRequest, body?: Buffer): IncomingRequest {
  return incoming(method, signed.url, signed.headers, body)
}

function withCode(code: ErrorCode, messageIncludes?: string) {
  return (err: unknown) =>
    err instanceof DomainError && err.code === code && (messageIncludes === undefined || err.message.includes(messageIncludes))
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex')

/** `s` with `from` replaced, failing the test if `from` is not there (a no-op tampering proves nothing). */
function rewrite(s: string, from: string, to: string): string {
  assert.ok(s.includes(from), `${from} not in ${s}`)
  return s.replace(from, to)
}

describe('ACS3-HMAC-SHA256 test vector (spec §1.4)', () => {
  const rawQuery = 'Description=a%20b*c&RegionId=cn-hangzhou&SecurityGroupIds.1=sg-test1&VSwitchId=vsw-test1'
  const signedHeaders: Array<[string, string]> = [
    ['host', 'localhost:8080'],
    ['x-acs-action', 'CreateNetworkInterface'],
    ['x-acs-content-sha256', EMPTY_SHA256],
    ['x-acs-date', '2024-01-01T00:00:00Z'],
    ['x-acs-signature-nonce', 'nonce-0001'],
    ['x-acs-version', '2014-05-26'],
  ]
  const signature = '61d3dd04704803f9cf2acd1cf38a1eaa0cce82651594e47fbe326e847711663f'

  it('builds the canonical query line', () => {
    assert.equal(
      canonicalQuery(parseRawQuery(rawQuery)),
      'Description=a%20b%2Ac&RegionId=cn-hangzhou&SecurityGroupIds.1=sg-test1&VSwitchId=vsw-test1',
    )
  })

  it('hashes the canonical request', () => {
    const canonical = acs3CanonicalRequest({
      method: 'POST',
      path: '/',
      query: parseRawQuery(rawQuery),
      signedHeaders,
      hashedPayload: EMPTY_SHA256,
    })
    assert.equal(sha256(canonical), '869d41b70a387e86cd21cd68dd5081de025cc4f66505e4e35423c0a542a7fb43')
  })

  it('accepts the signature with the right secret only', () => {
    const names = signedHeaders.map(([name]) => name).join(';')
    const authorization = `ACS3-HMAC-SHA256 Credential=${AK},SignedHeaders=${names},Signature=${signature}`
    const req = incoming('POST', `/?${rawQuery}`, { ...Object.fromEntries(signedHeaders), authorization })
    const { verify, ...fields } = readCredentialClaim(req)
    assert.deepEqual(fields, {
      scheme: 'acs3',
      accessKeyId: AK,
      timestamp: new Date('2024-01-01T00:00:00Z'),
      nonce: 'nonce-0001',
      action: 'CreateNetworkInterface',
      version: '2014-05-26',
      params: parseRawQuery(rawQuery),
      format: 'json',
    })
    assert.equal(verify(SECRET), true)
    assert.equal(verify('othersecret'), false)
  })

  it('is what signAcs3 produces', () => {
    const signed = signAcs3({
      method: 'POST',
      host: 'localhost:8080',
      path: '/',
      query: { Description: 'a b*c', RegionId: 'cn-hangzhou', 'SecurityGroupIds.1': 'sg-test1', VSwitchId: 'vsw-test1' },
      action: 'CreateNetworkInterface',
      version: '2014-05-26',
      accessKeyId: AK,
      secret: SECRET,
      date: new Date('2024-01-01T00:00:00Z'),
      nonce: 'nonce-0001',
    })
    assert.equal(signed.headers['authorization']?.endsWith(`,Signature=${signature}`), true)
    assert.equal(signed.url, '/?Description=a%20b%2Ac&RegionId=cn-hangzhou&SecurityGroupIds.1=sg-test1&VSwitchId=vsw-test1')
  })
})

describe('V1 HMAC-SHA1 test vector (spec §1.5)', () => {
  const params: Record<string, string> = {
    AccessKeyId: AK,
    Action: 'DescribeRegions',
    Format: 'JSON',
    RegionId: 'cn-hangzhou',
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: 'nonce-0001',
    SignatureVersion: '1.0',
    Timestamp: '2024-01-01T00:00:00Z',
    Version: '2014-05-26',
  }
  const signature = 'L5ONj1eW9iXV1gQZ+zo7Cv3taFY='

  it('accepts the signature with the right secret only', () => {
    const query = new URLSearchParams({ ...params, Signature: signature }).toString()
    const { verify, ...fields } = readCredentialClaim(incoming('GET', `/?${query}`, { host: 'localhost:8080' }))
    assert.deepEqual(fields, {
      scheme: 'v1',
      accessKeyId: AK,
      timestamp: new Date('2024-01-01T00:00:00Z'),
      nonce: 'nonce-0001',
      action: 'DescribeRegions',
      version: '2014-05-26',
      params: [['RegionId', 'cn-hangzhou']],
      format: 'json',
    })
    assert.equal(verify(SECRET), true)
    assert.equal(verify('othersecret'), false)
  })

  it('is what signV1 produces', () => {
    const signed = signV1({
      query: { RegionId: 'cn-hangzhou' },
      action: 'DescribeRegions',
      version: '2014-05-26',
      accessKeyId: AK,
      secret: SECRET,
      date: new Date('2024-01-01T00:00:00Z'),
      nonce: 'nonce-0001',
    })
    assert.equal(
      signed.url,
      '/?AccessKeyId=testid&Action=DescribeRegions&Format=JSON&RegionId=cn-hangzhou&SignatureMethod=HMAC-SHA1' +
        '&SignatureNonce=nonce-0001&SignatureVersion=1.0&Timestamp=2024-01-01T00%3A00%3A00Z&Version=2014-05-26' +
        '&Signature=L5ONj1eW9iXV1gQZ%2Bzo7Cv3taFY%3D',
    )
  })
})

/** Values that differ between querystring.stringify, encodeURIComponent, RFC 3986 and form encoding. */
const AWKWARD_QUERY: Record<string, string> = {
  RegionId: 'cn-hangzhou',
  Description: DESCRIPTION,
  NetworkInterfaceName: "eni 名字+plus*star~tilde'!%&=#?/",
  Empty: '',
  'Tag.1.Key': 'k 1',
  'Tag.3.Key': 'k+3',
  ...Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`SecurityGroupIds.${i + 1}`, `sg-${i + 1}`])),
}

const SIGNING: SigningInput = {
  query: AWKWARD_QUERY,
  action: 'CreateNetworkInterface',
  version: '2014-05-26',
  accessKeyId: AK,
  secret: SECRET,
}

function acs3(overrides: Partial<Acs3SigningInput> = {}): SignedRequest {
  return signAcs3({ ...SIGNING, method: 'POST', host: 'openeni.local:8080', path: '/', ...overrides })
}

function v1(overrides: Partial<SigningInput> = {}): SignedRequest {
  return signV1({ ...SIGNING, ...overrides })
}

describe('ACS3 round trip', () => {
  it('verifies what signAcs3 signs, with awkward characters, gaps and ten-plus indices', () => {
    const claim = readCredentialClaim(fromSigned('POST', acs3()))
    assert.equal(claim.verify(SECRET), true)
    assert.deepEqual(Object.fromEntries(claim.params), AWKWARD_QUERY)
  })

  it('sorts by code unit, so index 10 comes before index 2', () => {
    const line = canonicalQuery([
      ['SecurityGroupIds.2', 'b'],
      ['SecurityGroupIds.10', 'a'],
      ['SecurityGroupIds.1', 'c'],
    ])
    assert.equal(line, 'SecurityGroupIds.1=c&SecurityGroupIds.10=a&SecurityGroupIds.2=b')
  })

  it('keeps repeated keys, in wire order', () => {
    assert.equal(
      canonicalQuery([
        ['b', '2'],
        ['a', '1'],
        ['b', '1'],
      ]),
      'a=1&b=2&b=1',
    )
  })

  it('rejects a wrong secret', () => {
    assert.equal(readCredentialClaim(fromSigned('POST', acs3())).verify('testsecreT'), false)
  })

  const tamperings: Array<[string, (signed: SignedRequest) => IncomingRequest]> = [
    ['a changed query value', (s) => incoming('POST', rewrite(s.url, 'RegionId=cn-hangzhou', 'RegionId=cn-beijing'), s.headers)],
    ['an appended second value for a signed key', (s) => incoming('POST', `${s.url}&RegionId=cn-beijing`, s.headers)],
    ['a plus turned into a space', (s) => incoming('POST', rewrite(s.url, 'k%2B3', 'k%203'), s.headers)],
    ['a changed method', (s) => fromSigned('GET', s)],
    ['a changed signed header', (s) => incoming('POST', s.url, { ...s.headers, 'x-acs-action': 'DeleteNetworkInterface' })],
  ]
  for (const [what, tamper] of tamperings) {
    it(`rejects ${what}`, () => {
      assert.equal(readCredentialClaim(tamper(acs3())).verify(SECRET), false)
    })
  }

  it('ignores unsigned headers', () => {
    const signed = acs3()
    const req = fromSigned('POST', { ...signed, headers: { ...signed.headers, 'user-agent': 'curl', accept: '*/*' } })
    assert.equal(readCredentialClaim(req).verify(SECRET), true)
  })

  it('covers a form body through the payload hash and returns its parameters', () => {
    const body = Buffer.from('ClientToken=tok%2B1&Extra=a+b')
    const headers = { 'content-type': 'application/x-www-form-urlencoded' }
    const signed = acs3({ query: { RegionId: 'cn-hangzhou' }, body, headers })
    assert.match(signed.headers['authorization'] ?? '', /SignedHeaders=content-type;host;/)
    const claim = readCredentialClaim(fromSigned('POST', signed, body))
    assert.equal(claim.verify(SECRET), true)
    assert.deepEqual(claim.params, [
      ['RegionId', 'cn-hangzhou'],
      ['ClientToken', 'tok+1'],
      ['Extra', 'a b'],
    ])
  })

  it('rejects a body swapped under the signed hash header', () => {
    const body = Buffer.from('ClientToken=tok1')
    const signed = acs3({ body, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    assert.equal(readCredentialClaim(fromSigned('POST', signed, Buffer.from('ClientToken=tok2'))).verify(SECRET), false)
  })

  it('rejects a hash header rewritten to match a swapped body', () => {
    const swapped = Buffer.from('ClientToken=tok2')
    const signed = acs3({ body: Buffer.from('ClientToken=tok1') })
    const headers = { ...signed.headers, 'x-acs-content-sha256': sha256(swapped) }
    assert.equal(readCredentialClaim(fromSigned('POST', { ...signed, headers }, swapped)).verify(SECRET), false)
  })

  it('rejects a body sent with the empty-body hash', () => {
    const signed = acs3()
    assert.equal(signed.headers['x-acs-content-sha256'], EMPTY_SHA256)
    assert.equal(readCredentialClaim(fromSigned('POST', signed, Buffer.from('x=1'))).verify(SECRET), false)
  })

  it('rejects a hash header that does not describe the body, even under a valid signature', () => {
    // A client that signs the true body hash while advertising another one in the header.
    const body = Buffer.from('x=1')
    const headers: Record<string, string> = {
      host: 'h',
      'x-acs-action': 'CreateVpc',
      'x-acs-version': '2016-04-28',
      'x-acs-date': '2024-01-01T00:00:00Z',
      'x-acs-signature-nonce': 'n-1',
      'x-acs-content-sha256': EMPTY_SHA256,
    }
    const names = Object.keys(headers).sort()
    const canonical = acs3CanonicalRequest({
      method: 'POST',
      path: '/',
      query: [],
      signedHeaders: names.map((name) => [name, headers[name] ?? '']),
      hashedPayload: sha256(body),
    })
    const signature = createHmac('sha256', SECRET).update(`ACS3-HMAC-SHA256\n${sha256(canonical)}`).digest('hex')
    headers['authorization'] = `ACS3-HMAC-SHA256 Credential=${AK},SignedHeaders=${names.join(';')},Signature=${signature}`
    assert.equal(readCredentialClaim(incoming('POST', '/', headers, body)).verify(SECRET), false)
  })

  it('canonicalises a header sent twice as its sorted, trimmed values', () => {
    const signed = acs3({ headers: { 'x-acs-extra': 'a,b' } })
    const req = fromSigned('POST', signed)
    req.headers['x-acs-extra'] = [' b', 'a ']
    assert.equal(readCredentialClaim(req).verify(SECRET), true)
  })
})

describe('ACS3 malformed requests', () => {
  const signed = acs3({ date: new Date('2024-01-01T00:00:00Z'), nonce: 'n-1' })
  const authorization = signed.headers['authorization'] ?? ''
  const withHeaders = (headers: Record<string, string | undefined>) =>
    readCredentialClaim(incoming('POST', signed.url, { ...signed.headers, ...headers }))

  it('names an unsupported algorithm', () => {
    assert.throws(
      () => withHeaders({ authorization: rewrite(authorization, 'ACS3-HMAC-SHA256', 'ACS3-HMAC-SM3') }),
      withCode('IncompleteSignature', 'ACS3-HMAC-SM3'),
    )
  })

  it('refuses a malformed Authorization header', () => {
    const malformed = withCode('IncompleteSignature')
    assert.throws(() => withHeaders({ authorization: rewrite(authorization, ',Signature=', ',Sig=') }), malformed)
    assert.throws(() => withHeaders({ authorization: `${authorization}0` }), malformed)
    assert.throws(() => withHeaders({ authorization: authorization.toUpperCase() }), malformed)
  })

  it('refuses another Authorization scheme', () => {
    assert.throws(() => withHeaders({ authorization: `acs ${AK}:c2lnbmF0dXJl` }), withCode('IncompleteSignature'))
  })

  it('requires the essential headers in SignedHeaders', () => {
    const dropped = rewrite(authorization, 'x-acs-content-sha256;', '')
    assert.throws(() => withHeaders({ authorization: dropped }), withCode('IncompleteSignature', 'x-acs-content-sha256'))
  })

  it('refuses a signed header that is not in the request', () => {
    const listed = rewrite(authorization, 'x-acs-version', 'x-acs-version;x-acs-zzz')
    assert.throws(() => withHeaders({ authorization: listed }), withCode('IncompleteSignature', 'x-acs-zzz'))
  })

  for (const header of ['x-acs-action', 'x-acs-version', 'x-acs-date', 'x-acs-signature-nonce']) {
    it(`names a missing ${header}`, () => {
      assert.throws(() => withHeaders({ [header]: undefined }), withCode('MissingParameter', header))
    })
  }

  it('refuses an unparsable x-acs-date', () => {
    const dates = ['2024-01-01 00:00:00', '2024-01-01T00:00:00.000Z', '2024-02-31T00:00:00Z', 'Mon, 01 Jan 2024 00:00:00 GMT']
    for (const date of dates) {
      assert.throws(() => withHeaders({ 'x-acs-date': date }), withCode('InvalidTimeStamp.Format'), date)
    }
  })

  it('asks for a signature when there is none', () => {
    const unsigned = incoming('POST', '/?RegionId=cn-hangzhou', { host: 'h' })
    assert.throws(() => readCredentialClaim(unsigned), withCode('MissingParameter', 'Signature'))
  })
})

describe('V1 round trip', () => {
  it('verifies what signV1 signs and strips the protocol parameters', () => {
    const claim = readCredentialClaim(fromSigned('GET', v1()))
    assert.equal(claim.scheme, 'v1')
    assert.equal(claim.verify(SECRET), true)
    assert.deepEqual(Object.fromEntries(claim.params), AWKWARD_QUERY)
  })

  it('rejects a wrong secret, a changed value, an added parameter and a changed method', () => {
    const signed = v1()
    assert.equal(readCredentialClaim(fromSigned('GET', signed)).verify('wrong'), false)
    assert.equal(readCredentialClaim(incoming('GET', rewrite(signed.url, 'sg-11', 'sg-12'), {})).verify(SECRET), false)
    assert.equal(readCredentialClaim(incoming('GET', `${signed.url}&DryRun=true`, {})).verify(SECRET), false)
    assert.equal(readCredentialClaim(fromSigned('POST', signed)).verify(SECRET), false)
  })

  for (const name of ['Signature', 'AccessKeyId', 'Timestamp', 'SignatureNonce', 'Action', 'Version']) {
    it(`names a missing ${name}`, () => {
      const url = v1().url.replace(new RegExp(`([?&])${name}=[^&]*`), '$1')
      assert.throws(() => readCredentialClaim(incoming('GET', url, {})), withCode('MissingParameter', name))
    })
  }

  it('refuses an unknown SignatureMethod or SignatureVersion', () => {
    const claimAfter = (from: string, to: string) => () => readCredentialClaim(incoming('GET', rewrite(v1().url, from, to), {}))
    assert.throws(claimAfter('HMAC-SHA1', 'HMAC-SHA256'), withCode('InvalidParameter', 'SignatureMethod'))
    assert.throws(claimAfter('SignatureVersion=1.0', 'SignatureVersion=2.0'), withCode('InvalidParameter', 'SignatureVersion'))
  })

  it('refuses a protocol parameter given twice', () => {
    const twice = incoming('GET', `${v1().url}&AccessKeyId=other`, {})
    assert.throws(() => readCredentialClaim(twice), withCode('InvalidParameter', 'AccessKeyId'))
  })

  it('refuses an unparsable Timestamp', () => {
    const url = v1().url.replace(/Timestamp=[^&]*/, 'Timestamp=2024-13-01T00%3A00%3A00Z')
    assert.throws(() => readCredentialClaim(incoming('GET', url, {})), withCode('InvalidTimeStamp.Format'))
  })

  it('answers XML only when Format says so, in any case', () => {
    const withFormat = (format: string) =>
      readCredentialClaim(incoming('GET', rewrite(v1().url, 'Format=JSON', `Format=${format}`), {})).format
    assert.equal(withFormat('xml'), 'xml')
    assert.equal(withFormat('XML'), 'xml')
    assert.equal(withFormat('json'), 'json')
    assert.equal(withFormat('anything'), 'json')
  })
})

describe('assertTimestampFresh', () => {
  const now = new Date('2024-01-01T00:15:00Z')
  const skew = 15 * 60 * 1000

  it('accepts a timestamp up to the skew away, either side', () => {
    assertTimestampFresh(new Date('2024-01-01T00:00:00Z'), now, skew)
    assertTimestampFresh(new Date('2024-01-01T00:30:00Z'), now, skew)
  })

  it('refuses one further away, either side', () => {
    assert.throws(() => assertTimestampFresh(new Date('2023-12-31T23:59:59Z'), now, skew), withCode('InvalidTimeStamp.Expired'))
    assert.throws(() => assertTimestampFresh(new Date('2024-01-01T00:30:01Z'), now, skew), withCode('InvalidTimeStamp.Expired'))
  })
})

interface Captured {
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: Buffer
}

describe('requests from the official SDKs', () => {
  const captured: Captured[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      captured.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) })
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"RequestId":"x"}')
    })
  })
  let endpoint = ''

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    endpoint = `127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  after(async () => {
    // pop-core keeps connections alive; close them or the server never stops.
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })

  async function capture(send: () => Promise<unknown>): Promise<IncomingRequest> {
    captured.length = 0
    await send()
    assert.equal(captured.length, 1)
    const [c] = captured as [Captured]
    return incoming(c.method, c.url, c.headers, c.body)
  }

  const ecsClient = (signatureAlgorithm?: string) =>
    new Ecs.default(
      new $OpenApiUtil.Config({
        accessKeyId: AK,
        accessKeySecret: SECRET,
        endpoint,
        protocol: 'http',
        regionId: 'cn-hangzhou',
        signatureAlgorithm,
      }),
    )
  const createEni = (client: InstanceType<typeof Ecs.default>) =>
    client.createNetworkInterface(
      new Ecs.CreateNetworkInterfaceRequest({
        regionId: 'cn-hangzhou',
        vSwitchId: 'vsw-1',
        description: DESCRIPTION,
        networkInterfaceName: "eni 名字+plus!'",
        securityGroupIds: Array.from({ length: 11 }, (_, i) => `sg-${i + 1}`),
        tag: [new Ecs.CreateNetworkInterfaceRequestTag({ key: 'k 1', value: 'v+1' })],
      }),
    )

  /** The claim an SDK request must yield: right identity, decoded parameters, our secret and no other. */
  function assertAccepted(req: IncomingRequest, scheme: 'acs3' | 'v1') {
    const claim = readCredentialClaim(req)
    assert.equal(claim.scheme, scheme)
    assert.equal(claim.accessKeyId, AK)
    assert.equal(claim.action, 'CreateNetworkInterface')
    assert.equal(claim.version, '2014-05-26')
    assert.equal(claim.format, 'json')
    const params = Object.fromEntries(claim.params)
    assert.equal(params['Description'], DESCRIPTION)
    assert.equal(params['NetworkInterfaceName'], "eni 名字+plus!'")
    assert.equal(params['SecurityGroupIds.11'], 'sg-11')
    assert.equal(params['Tag.1.Key'], 'k 1')
    assert.equal(params['Tag.1.Value'], 'v+1')
    assert.equal(claim.verify(SECRET), true)
    assert.equal(claim.verify('wrongsecret'), false)
  }

  it('accepts @alicloud/ecs20140526 in its default ACS3 mode', async () => {
    assertAccepted(await capture(() => createEni(ecsClient())), 'acs3')
  })

  it('signs like @alicloud/ecs20140526 given the same date and nonce', async () => {
    const req = await capture(() => createEni(ecsClient()))
    const signed = signAcs3({
      method: 'POST',
      host: endpoint,
      path: '/',
      query: Object.fromEntries(req.query),
      headers: { 'x-acs-credentials-provider': String(req.headers['x-acs-credentials-provider']) },
      action: 'CreateNetworkInterface',
      version: '2014-05-26',
      accessKeyId: AK,
      secret: SECRET,
      date: readCredentialClaim(req).timestamp,
      nonce: String(req.headers['x-acs-signature-nonce']),
    })
    assert.equal(signed.headers['authorization'], req.headers['authorization'])
  })

  it('accepts @alicloud/ecs20140526 in its V1 mode (signatureAlgorithm "v2")', async () => {
    const req = await capture(() => createEni(ecsClient('v2')))
    assert.equal(req.headers['authorization'], undefined)
    assertAccepted(req, 'v1')
  })

  const popClient = () =>
    new RPCClient({ accessKeyId: AK, accessKeySecret: SECRET, endpoint: `http://${endpoint}`, apiVersion: '2014-05-26' })
  const popParams = {
    RegionId: 'cn-hangzhou',
    Description: DESCRIPTION,
    NetworkInterfaceName: "eni 名字+plus!'",
    SecurityGroupIds: Array.from({ length: 11 }, (_, i) => `sg-${i + 1}`),
    Tag: [{ Key: 'k 1', Value: 'v+1' }],
  }

  it('accepts @alicloud/pop-core GET', async () => {
    const req = await capture(() => popClient().request('CreateNetworkInterface', popParams))
    assert.equal(req.method, 'GET')
    assertAccepted(req, 'v1')
  })

  it('signs like @alicloud/pop-core GET, byte for byte, given the same timestamp and nonce', async () => {
    const req = await capture(() => popClient().request('CreateNetworkInterface', popParams))
    const claim = readCredentialClaim(req)
    const signed = signV1({
      query: Object.fromEntries(claim.params),
      action: claim.action,
      version: claim.version,
      accessKeyId: AK,
      secret: SECRET,
      date: claim.timestamp,
      nonce: claim.nonce,
    })
    assert.equal(signed.url, captured[0]?.url)
  })

  it('accepts @alicloud/pop-core POST with a form body', async () => {
    const req = await capture(() => popClient().request('CreateNetworkInterface', popParams, { method: 'POST' }))
    assert.equal(req.method, 'POST')
    assert.deepEqual(req.query, [])
    assertAccepted(req, 'v1')
  })
})
