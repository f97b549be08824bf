import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import RPCClient from '@alicloud/pop-core'
import { DIALECTS, Ecs, sdkError, startServer, stopPostgres, type TestServer } from '../support/server.js'

after(stopPostgres)

type Request = ConstructorParameters<typeof Ecs.DescribeInstanceTypesRequest>[0]

for (const dialect of DIALECTS) {
  describe(`DescribeInstanceTypes (${dialect})`, () => {
    let server: TestServer
    before(async () => {
      server = await startServer({ dialect })
    })
    after(() => server.close())

    const describeTypes = async (request: Request = {}) => {
      const response = await server.account.ecs.describeInstanceTypes(new Ecs.DescribeInstanceTypesRequest(request))
      return { nextToken: response.body?.nextToken ?? '', types: response.body?.instanceTypes?.instanceType ?? [] }
    }
    const ids = async (request: Request) => (await describeTypes(request)).types.map((t) => t.instanceTypeId)

    /** A raw V1 request, for values the SDK's typed models cannot send. */
    const raw = (params: Record<string, string>) =>
      new RPCClient({
        accessKeyId: server.account.accessKeyId,
        accessKeySecret: server.account.accessKeySecret,
        endpoint: `http://${server.endpoint}`,
        apiVersion: '2014-05-26',
      }).request('DescribeInstanceTypes', params, { method: 'POST' })

    it('lists the whole catalogue in id order, with every network field of a type', async () => {
      const { types, nextToken } = await describeTypes()
      assert.equal(nextToken, '')
      const all = types.map((t) => t.instanceTypeId ?? '')
      assert.deepEqual(all, [...server.deps.catalog.map((t) => t.instanceTypeId)].sort())
      const g7 = types.find((t) => t.instanceTypeId === 'ecs.g7.large')
      const expected = server.deps.catalog.find((t) => t.instanceTypeId === 'ecs.g7.large')
      assert.ok(g7 !== undefined && expected !== undefined)
      assert.deepEqual(
        {
          family: g7.instanceTypeFamily,
          cpu: g7.cpuCoreCount,
          memory: g7.memorySize,
          category: g7.instanceCategory,
          arch: g7.cpuArchitecture,
          eni: g7.eniQuantity,
          eniTotal: g7.eniTotalQuantity,
          ips: g7.eniPrivateIpAddressQuantity,
          ipv6: g7.eniIpv6AddressQuantity,
          primaryQueues: g7.primaryEniQueueNumber,
          secondaryQueues: g7.secondaryEniQueueNumber,
          maxQueues: g7.maximumQueueNumberPerEni,
          totalQueues: g7.totalEniQueueQuantity,
          trunk: g7.eniTrunkSupported,
          rx: g7.instanceBandwidthRx,
          tx: g7.instanceBandwidthTx,
          ppsRx: g7.instancePpsRx,
          ppsTx: g7.instancePpsTx,
          cards: g7.networkCardQuantity,
          cardIndexes: g7.networkCards?.networkCardInfo?.map((c) => c.networkCardIndex),
        },
        {
          family: expected.instanceTypeFamily,
          cpu: expected.cpuCoreCount,
          memory: expected.memorySize,
          category: expected.instanceCategory,
          arch: expected.cpuArchitecture,
          eni: expected.eniQuantity,
          eniTotal: expected.eniTotalQuantity,
          ips: expected.eniPrivateIpAddressQuantity,
          ipv6: expected.eniIpv6AddressQuantity,
          primaryQueues: expected.primaryEniQueueNumber,
          secondaryQueues: expected.secondaryEniQueueNumber,
          maxQueues: expected.maximumQueueNumberPerEni,
          totalQueues: expected.totalEniQueueQuantity,
          trunk: expected.eniTrunkSupported,
          rx: expected.instanceBandwidthRx,
          tx: expected.instanceBandwidthTx,
          ppsRx: expected.instancePpsRx,
          ppsTx: expected.instancePpsTx,
          cards: expected.networkCardQuantity,
          cardIndexes: Array.from({ length: expected.networkCardQuantity }, (_, i) => i),
        },
      )
    })

    it('filters by type ids, family, families, category and architecture', async () => {
      assert.deepEqual(await ids({ instanceTypes: ['ecs.g7.large', 'ecs.c7.large', 'ecs.nope.large'] }), ['ecs.c7.large', 'ecs.g7.large'])
      assert.deepEqual(await ids({ instanceTypeFamily: 'ecs.g6' }), ['ecs.g6.large', 'ecs.g6.xlarge'])
      assert.deepEqual(await ids({ instanceTypeFamilies: ['ecs.c7', 'ecs.r7'] }), ['ecs.c7.large', 'ecs.c7.xlarge', 'ecs.r7.large'])
      assert.deepEqual(await ids({ instanceCategory: 'Memory-optimized' }), ['ecs.r7.large'])
      assert.deepEqual(await ids({ cpuArchitecture: 'ARM' }), ['ecs.g8y.large', 'ecs.g8y.xlarge'])
    })

    it('returns only types meeting every minimum and maximum', async () => {
      const found = await describeTypes({ minimumEniQuantity: 4, minimumEniPrivateIpAddressQuantity: 15, maximumCpuCoreCount: 4 })
      assert.ok(found.types.length > 0)
      for (const t of found.types) {
        assert.ok((t.eniQuantity ?? 0) >= 4 && (t.eniPrivateIpAddressQuantity ?? 0) >= 15 && (t.cpuCoreCount ?? 99) <= 4, t.instanceTypeId)
      }
      const expected = server.deps.catalog
        .filter((t) => t.eniQuantity >= 4 && t.eniPrivateIpAddressQuantity >= 15 && t.cpuCoreCount <= 4)
        .map((t) => t.instanceTypeId)
        .sort()
      assert.deepEqual(
        found.types.map((t) => t.instanceTypeId),
        expected,
      )
      assert.deepEqual(await ids({ minimumCpuCoreCount: 16, minimumMemorySize: 64 }), ['ecs.g7.4xlarge'])
      assert.deepEqual(await ids({ minimumEniQuantity: 1000 }), [])
    })

    it('takes a fractional memory bound', async () => {
      const body = (await raw({ MaximumMemorySize: '1.5' })) as { InstanceTypes: { InstanceType: { InstanceTypeId: string }[] } }
      assert.deepEqual(
        body.InstanceTypes.InstanceType.map((t) => t.InstanceTypeId),
        ['ecs.t5-lc1m1.small'],
      )
    })

    it('pages with MaxResults and NextToken, each type exactly once', async () => {
      const seen: string[] = []
      let token: string | undefined
      let pages = 0
      do {
        const page = await describeTypes(token === undefined ? { maxResults: 5 } : { maxResults: 5, nextToken: token })
        assert.ok(page.types.length <= 5)
        seen.push(...page.types.map((t) => t.instanceTypeId ?? ''))
        token = page.nextToken === '' ? undefined : page.nextToken
        pages++
      } while (token !== undefined)
      assert.equal(pages, Math.ceil(server.deps.catalog.length / 5))
      assert.deepEqual(seen, [...server.deps.catalog.map((t) => t.instanceTypeId)].sort())
    })

    it('pages the filtered list, not the catalogue', async () => {
      const first = await describeTypes({ instanceTypeFamily: 'ecs.g7', maxResults: 3 })
      assert.deepEqual(
        first.types.map((t) => t.instanceTypeId),
        ['ecs.g7.2xlarge', 'ecs.g7.4xlarge', 'ecs.g7.large'],
      )
      assert.notEqual(first.nextToken, '')
      const second = await describeTypes({ instanceTypeFamily: 'ecs.g7', maxResults: 3, nextToken: first.nextToken })
      assert.deepEqual(
        second.types.map((t) => t.instanceTypeId),
        ['ecs.g7.xlarge'],
      )
      assert.equal(second.nextToken, '')
    })

    it('caps MaxResults at 100', async () => {
      const config = {
        instanceTypes: {
          types: Array.from({ length: 120 }, (_, i) => ({
            ...server.deps.catalog.find((t) => t.instanceTypeId === 'ecs.g7.large'),
            instanceTypeId: `ecs.x${String(i).padStart(3, '0')}.large`,
            instanceTypeFamily: `ecs.x${String(i).padStart(3, '0')}`,
          })),
        },
      }
      const big = await startServer({ dialect, config })
      try {
        const response = await big.account.ecs.describeInstanceTypes(new Ecs.DescribeInstanceTypesRequest({ maxResults: 1600 }))
        assert.equal(response.body?.instanceTypes?.instanceType?.length, 100)
        assert.notEqual(response.body?.nextToken ?? '', '')
        const unasked = await big.account.ecs.describeInstanceTypes(new Ecs.DescribeInstanceTypesRequest({}))
        assert.equal(unasked.body?.instanceTypes?.instanceType?.length, 100)
      } finally {
        await big.close()
      }
    })

    it('refuses a NextToken it did not make with InValidParameter.NextToken', async () => {
      const err = await sdkError(describeTypes({ nextToken: 'not-a-token' }))
      assert.equal(err.code, 'InValidParameter.NextToken')
      assert.equal(err.statusCode, 400)
    })

    it('refuses more than 10 InstanceTypes.N with InvalidParameter', async () => {
      const many = Array.from({ length: 11 }, (_, i) => `ecs.g7.size${i}`)
      const err = await sdkError(describeTypes({ instanceTypes: many }))
      assert.equal(err.code, 'InvalidParameter')
      assert.equal(err.statusCode, 400)
    })

    it('refuses malformed numeric filters with InvalidParameter', async () => {
      for (const params of <Record<string, string>[]>[{ MinimumEniQuantity: 'three' }, { MinimumMemorySize: '-1' }, { MaxResults: '1e3' }, { MinimumCpuCoreCount: '-2' }]) {
        const err = (await sdkError(raw(params))) as { code: string }
        assert.equal(err.code, 'InvalidParameter', JSON.stringify(params))
      }
    })
  })
}
