import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import RPCClient from '@alicloud/pop-core'
import { signAcs3, signV1 } from '../../src/api/aliyun/signature.js'
import { clientsFor, DIALECTS, Ecs, REGION, sdkError, startServer, stopPostgres, Vpc, type TestServer } from '../support/server.js'

after(stopPostgres)

/** Sends a request our own signer made, so tests control nonce, date and secret exactly. */
async function send(server: TestServer, signed: { url: string; headers: Record<string, string> }, method = 'POST') {
  const response = await fetch(`http://${server.endpoint}${signed.url}`, { method, headers: signed.headers })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

function acs3(server: TestServer, overrides: Partial<Parameters<typeof signAcs3>[0]> = {}) {
  return signAcs3({
    method: 'POST',
    host: server.endpoint,
    path: '/',
    query: {},
    action: 'DescribeRegions',
    version: '2014-05-26',
    accessKeyId: server.account.accessKeyId,
    secret: server.account.accessKeySecret,
    ...overrides,
  })
}

for (const dialect of DIALECTS) {
  describe(`authentication (${dialect})`, () => {
    let server: TestServer
    before(async () => {
      server = await startServer({ dialect })
    })
    after(() => server.close())

    it('accepts the ACS3-HMAC-SHA256 signature of the official SDK', async () => {
      const response = await server.account.ecs.describeRegions(new Ecs.DescribeRegionsRequest({}))
      assert.equal(response.statusCode, 200)
      assert.match(response.body?.requestId ?? '', /^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/)
    })

    it('accepts the V1 HMAC-SHA1 signature of pop-core, by GET and by POST form', async () => {
      const client = new RPCClient({
        accessKeyId: server.account.accessKeyId,
        accessKeySecret: server.account.accessKeySecret,
        endpoint: `http://${server.endpoint}`,
        apiVersion: '2014-05-26',
      })
      const viaGet = (await client.request('DescribeRegions', {})) as { RequestId: string; Regions: unknown }
      assert.ok(viaGet.RequestId)
      assert.ok(viaGet.Regions)
      const viaPost = (await client.request('DescribeRegions', { AcceptLanguage: 'en-US' }, { method: 'POST' })) as {
        RequestId: string
      }
      assert.ok(viaPost.RequestId)
    })

    it('answers XML to a V1 request that asks for it, JSON otherwise', async () => {
      const signed = signV1({
        query: {},
        action: 'DescribeRegions',
        version: '2014-05-26',
        accessKeyId: server.account.accessKeyId,
        secret: server.account.accessKeySecret,
        format: 'XML',
      })
      const response = await fetch(`http://${server.endpoint}${signed.url}`)
      assert.equal(response.status, 200)
      assert.match(response.headers.get('content-type') ?? '', /^text\/xml/)
      const text = await response.text()
      assert.match(text, /^<\?xml version="1.0" encoding="UTF-8"\?><DescribeRegionsResponse><RequestId>[0-9A-F-]{36}<\/RequestId>/)
      assert.match(text, /<Regions><Region>.*<RegionId>cn-hangzhou<\/RegionId>/)
    })

    it('refuses a wrong secret with SignatureDoesNotMatch', async () => {
      const { ecs } = clientsFor(server.endpoint, server.account.accessKeyId, 'not-the-secret')
      const err = await sdkError(ecs.describeRegions(new Ecs.DescribeRegionsRequest({})))
      assert.equal(err.code, 'SignatureDoesNotMatch')
      assert.equal(err.statusCode, 400)
    })

    it('refuses an unknown access key with InvalidAccessKeyId.NotFound', async () => {
      const { ecs } = clientsFor(server.endpoint, 'LTAI-nobody', 'whatever')
      const err = await sdkError(ecs.describeRegions(new Ecs.DescribeRegionsRequest({})))
      assert.equal(err.code, 'InvalidAccessKeyId.NotFound')
      assert.equal(err.statusCode, 404)
    })

    it('refuses a timestamp more than 15 minutes off, either way', async () => {
      for (const offset of [-16 * 60_000, 16 * 60_000]) {
        const { status, body } = await send(server, acs3(server, { date: new Date(Date.now() + offset) }))
        assert.equal(status, 400)
        assert.equal(body.Code, 'InvalidTimeStamp.Expired')
      }
      const { status } = await send(server, acs3(server, { date: new Date(Date.now() - 14 * 60_000) }))
      assert.equal(status, 200)
    })

    it('refuses a nonce reused within the window, once the first use verified', async () => {
      const nonce = 'a'.repeat(64)
      const wrong = await send(server, acs3(server, { nonce, secret: 'wrong' }))
      assert.equal(wrong.body.Code, 'SignatureDoesNotMatch')
      // The failed attempt did not burn the nonce.
      const first = await send(server, acs3(server, { nonce }))
      assert.equal(first.status, 200)
      const replay = await send(server, acs3(server, { nonce }))
      assert.equal(replay.status, 400)
      assert.equal(replay.body.Code, 'SignatureNonceUsed')
    })

    it('refuses a replayed mutation, which changes nothing the second time', async () => {
      const nonce = 'b'.repeat(64)
      const create = () => acs3(server, { nonce, action: 'CreateVpc', version: '2016-04-28', query: { RegionId: REGION, CidrBlock: '198.18.0.0/16', VpcName: 'replayed' } })
      const first = await send(server, create())
      assert.equal(first.status, 200, JSON.stringify(first.body))
      const replay = await send(server, create())
      assert.equal(replay.body.Code, 'SignatureNonceUsed')
      const vpcs = await server.account.vpc.describeVpcs(new Vpc.DescribeVpcsRequest({ regionId: REGION, vpcName: 'replayed' }))
      assert.equal(vpcs.body?.vpcs?.vpc?.length, 1)
    })

    it('spends the nonce of a refused request, so its replay is refused as a replay', async () => {
      const nonce = 'c'.repeat(64)
      const bad = () => acs3(server, { nonce, action: 'CreateVpc', version: '2016-04-28', query: { RegionId: REGION, CidrBlock: 'not-a-cidr' } })
      const first = await send(server, bad())
      assert.equal(first.body.Code, 'InvalidParameter')
      const replay = await send(server, bad())
      assert.equal(replay.body.Code, 'SignatureNonceUsed')
    })

    it('refuses a body that does not match its signed hash', async () => {
      const signed = acs3(server)
      const response = await fetch(`http://${server.endpoint}${signed.url}`, {
        method: 'POST',
        headers: { ...signed.headers, 'content-type': 'application/octet-stream' },
        body: 'tampered',
      })
      assert.equal(response.status, 400)
      assert.equal(((await response.json()) as { Code: string }).Code, 'SignatureDoesNotMatch')
    })

    it('refuses a tampered parameter', async () => {
      const signed = acs3(server, { query: { RegionId: REGION } })
      const { status, body } = await send(server, { ...signed, url: signed.url.replace(REGION, 'cn-beijing') })
      assert.equal(status, 400)
      assert.equal(body.Code, 'SignatureDoesNotMatch')
    })

    it('refuses a request without any signature, naming what is missing', async () => {
      const response = await fetch(`http://${server.endpoint}/?Action=DescribeRegions&Version=2014-05-26`)
      assert.equal(response.status, 400)
      const body = (await response.json()) as Record<string, string>
      assert.equal(body.Code, 'MissingParameter')
      assert.ok(body.RequestId)
      assert.ok(body.Message)
    })

    it('refuses an unknown action or version with InvalidAction.NotFound', async () => {
      for (const [action, version] of [
        ['MakeCoffee', '2014-05-26'],
        ['DescribeRegions', '2099-01-01'],
      ] as const) {
        const { status, body } = await send(server, acs3(server, { action, version }))
        assert.equal(status, 404)
        assert.equal(body.Code, 'InvalidAction.NotFound')
        assert.equal(typeof body.RequestId, 'string')
        assert.equal(typeof body.Message, 'string')
      }
    })
  })
}
