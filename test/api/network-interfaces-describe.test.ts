import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { performance } from 'node:perf_hooks'
import { parseIpv4 } from '../../src/domain/ipam/ipv4.js'
import { describeNetworkInterfaces, type DescribeInput } from '../../src/service/network-interfaces/describe.js'
import { DIALECTS, Ecs, REGION, sdkError, startServer, stopPostgres, type TestServer } from '../support/server.js'
import { attach, createEni, Network, runInstance } from '../support/network.js'

after(stopPostgres)

type DescribeFields = ConstructorParameters<typeof Ecs.DescribeNetworkInterfacesRequest>[0]

for (const dialect of DIALECTS) {
  describe(`DescribeNetworkInterfaces (${dialect})`, () => {
    let server: TestServer
    let net: Network
    // A small world every filter test reads: two vSwitches, two groups, an instance, tagged ENIs.
    const w = {} as {
      vswA: { id: string; base: string }
      vswB: { id: string; base: string }
      sg1: string
      sg2: string
      instanceId: string
      primary: string
      plain: string
      tagged: string
      named: string
      attached: string
      inB: string
    }

    before(async () => {
      server = await startServer({ dialect })
      net = await Network.create(server.account)
      w.vswA = await net.vSwitch()
      w.vswB = await net.vSwitch()
      w.sg1 = await net.securityGroup()
      w.sg2 = await net.securityGroup()
      const inA = { vSwitchId: w.vswA.id, securityGroupId: w.sg1 }
      w.instanceId = await runInstance(net.ecs, inA)
      w.plain = await createEni(net.ecs, { ...inA, primaryIpAddress: `${w.vswA.base}.100`, privateIpAddress: [`${w.vswA.base}.101`] })
      w.tagged = await createEni(net.ecs, {
        ...inA,
        tag: [new Ecs.CreateNetworkInterfaceRequestTag({ key: 'env', value: 'prod' }), new Ecs.CreateNetworkInterfaceRequestTag({ key: 'team', value: 'net' })],
      })
      w.named = await createEni(net.ecs, { vSwitchId: w.vswA.id, securityGroupIds: [w.sg2], networkInterfaceName: 'named-one', resourceGroupId: 'rg-x' })
      w.attached = await createEni(net.ecs, { ...inA, tag: [new Ecs.CreateNetworkInterfaceRequestTag({ key: 'env', value: 'dev' })] })
      await attach(net.ecs, w.attached, w.instanceId)
      w.inB = await createEni(net.ecs, { vSwitchId: w.vswB.id, securityGroupId: w.sg2 })
      const { body } = await net.ecs.describeNetworkInterfaces(
        new Ecs.DescribeNetworkInterfacesRequest({ regionId: REGION, instanceId: w.instanceId, type: 'Primary' }),
      )
      w.primary = body?.networkInterfaceSets?.networkInterfaceSet?.[0]?.networkInterfaceId ?? ''
    })
    after(() => server.close())

    async function ids(fields: DescribeFields): Promise<string[]> {
      const { body } = await net.ecs.describeNetworkInterfaces(new Ecs.DescribeNetworkInterfacesRequest({ regionId: REGION, pageSize: 100, ...fields }))
      return (body?.networkInterfaceSets?.networkInterfaceSet ?? []).map((e) => e.networkInterfaceId ?? '').sort()
    }
    const sorted = (...values: string[]) => [...values].sort()

    it('lists every ENI of the caller in the region, primary ENIs included', async () => {
      assert.deepEqual(await ids({}), sorted(w.primary, w.plain, w.tagged, w.named, w.attached, w.inB))
    })

    it('filters by VPC, vSwitch, instance, type and status', async () => {
      assert.equal((await ids({ vpcId: net.vpcId })).length, 6)
      assert.deepEqual(await ids({ vpcId: 'vpc-doesnotexist' }), [])
      assert.deepEqual(await ids({ vSwitchId: w.vswB.id }), [w.inB])
      assert.deepEqual(await ids({ instanceId: w.instanceId }), sorted(w.primary, w.attached))
      assert.deepEqual(await ids({ type: 'Primary' }), [w.primary])
      assert.deepEqual(await ids({ type: 'Secondary', status: 'InUse' }), [w.attached])
      assert.deepEqual(await ids({ status: 'Available' }), sorted(w.plain, w.tagged, w.named, w.inB))
    })

    it('filters by ids (ORed), name and resource group', async () => {
      assert.deepEqual(await ids({ networkInterfaceId: [w.plain, w.inB, 'eni-doesnotexist'] }), sorted(w.plain, w.inB))
      assert.deepEqual(await ids({ networkInterfaceName: 'named-one' }), [w.named])
      assert.deepEqual(await ids({ resourceGroupId: 'rg-x' }), [w.named])
    })

    it('matches PrimaryIpAddress on primary addresses and PrivateIpAddress.N on secondary ones only', async () => {
      assert.deepEqual(await ids({ primaryIpAddress: `${w.vswA.base}.100` }), [w.plain])
      assert.deepEqual(await ids({ primaryIpAddress: `${w.vswA.base}.101` }), [])
      assert.deepEqual(await ids({ privateIpAddress: [`${w.vswA.base}.101`] }), [w.plain])
      assert.deepEqual(await ids({ privateIpAddress: [`${w.vswA.base}.100`] }), [])
    })

    it('matches SecurityGroupId on secondary ENIs only', async () => {
      assert.deepEqual(await ids({ securityGroupId: w.sg1 }), sorted(w.plain, w.tagged, w.attached))
      assert.deepEqual(await ids({ securityGroupId: w.sg2 }), sorted(w.named, w.inB))
    })

    it('matches every Tag.N, a tag without value matching any value', async () => {
      const tag = (key: string, value?: string) => new Ecs.DescribeNetworkInterfacesRequestTag({ key, value })
      assert.deepEqual(await ids({ tag: [tag('env', 'prod')] }), [w.tagged])
      assert.deepEqual(await ids({ tag: [tag('env')] }), sorted(w.tagged, w.attached))
      assert.deepEqual(await ids({ tag: [tag('env', 'prod'), tag('team', 'net')] }), [w.tagged])
      assert.deepEqual(await ids({ tag: [tag('env', 'prod'), tag('team', 'other')] }), [])
    })

    it('matches nothing managed by another service and nothing by IPv6 address, which no ENI has', async () => {
      assert.equal((await ids({ serviceManaged: false })).length, 6)
      assert.deepEqual(await ids({ serviceManaged: true }), [])
      assert.deepEqual(await ids({ ipv6Address: ['2001:db8::1'] }), [])
    })

    it('ANDs all filters', async () => {
      assert.deepEqual(await ids({ vSwitchId: w.vswA.id, securityGroupId: w.sg1, status: 'Available' }), sorted(w.plain, w.tagged))
      assert.deepEqual(await ids({ vSwitchId: w.vswB.id, securityGroupId: w.sg1 }), [])
    })

    it('pages by token: MaxResults clamped to at least 10, NextToken walking every ENI once', async () => {
      const { body } = await net.ecs.describeNetworkInterfaces(new Ecs.DescribeNetworkInterfacesRequest({ regionId: REGION, maxResults: 1 }))
      assert.equal(body?.networkInterfaceSets?.networkInterfaceSet?.length, 6, 'MaxResults below 10 counts as 10')
      assert.equal(body?.nextToken, '')
      const extra = await net.vSwitch()
      for (let i = 0; i < 15; i++) await createEni(net.ecs, { vSwitchId: extra.id, securityGroupId: w.sg1 })
      const seen: string[] = []
      let nextToken: string | undefined
      let pages = 0
      do {
        const page = await net.ecs.describeNetworkInterfaces(
          new Ecs.DescribeNetworkInterfacesRequest({ regionId: REGION, vSwitchId: extra.id, maxResults: 10, nextToken }),
        )
        seen.push(...(page.body?.networkInterfaceSets?.networkInterfaceSet ?? []).map((e) => e.networkInterfaceId ?? ''))
        nextToken = page.body?.nextToken || undefined
        pages++
      } while (nextToken !== undefined)
      assert.equal(pages, 2)
      assert.equal(seen.length, 15)
      assert.equal(new Set(seen).size, 15)
    })

    it('pages by number with a total count', async () => {
      const all = await ids({ vpcId: net.vpcId })
      const { body } = await net.ecs.describeNetworkInterfaces(
        new Ecs.DescribeNetworkInterfacesRequest({ regionId: REGION, vpcId: net.vpcId, pageNumber: 2, pageSize: 4 }),
      )
      assert.equal(body?.totalCount, all.length)
      assert.equal(body?.pageNumber, 2)
      assert.equal(body?.pageSize, 4)
      assert.equal(body?.networkInterfaceSets?.networkInterfaceSet?.length, Math.min(4, all.length - 4))
    })

    it('answers no match with an empty list, and shows nothing of another account', async () => {
      assert.deepEqual(await ids({ networkInterfaceName: 'nobody' }), [])
      const other = await server.addAccount(`describe-${dialect}`)
      const { body } = await other.ecs.describeNetworkInterfaces(new Ecs.DescribeNetworkInterfacesRequest({ regionId: REGION }))
      assert.deepEqual(body?.networkInterfaceSets?.networkInterfaceSet, [])
      assert.equal(body?.totalCount, 0)
    })

    it('refuses malformed filters and paging', async () => {
      const cases: Array<[DescribeFields, string, number]> = [
        [{ type: 'Trunk' }, 'InvalidParameter', 400],
        [{ status: 'Broken' }, 'InvalidParameter', 400],
        [{ networkInterfaceId: Array.from({ length: 101 }, (_, i) => `eni-${i}`) }, 'InvalidParameter', 400],
        [{ privateIpAddress: Array.from({ length: 101 }, (_, i) => `10.0.0.${i}`) }, 'InvalidParameter', 400],
        [{ primaryIpAddress: '10.0.0' }, 'InvalidPrivateIpAddress.Malformed', 400],
        [{ pageSize: 1001 }, 'InvalidParameter', 400],
        [{ nextToken: 'not-a-token' }, 'InValidParameter.NextToken', 400],
        [{ regionId: 'xx-nowhere-1' }, 'InvalidRegionId.NotFound', 404],
      ]
      for (const [fields, code, status] of cases) {
        const err = await sdkError(net.ecs.describeNetworkInterfaces(new Ecs.DescribeNetworkInterfacesRequest({ regionId: REGION, ...fields })))
        assert.equal(err.code, code, JSON.stringify(fields))
        assert.equal(err.statusCode, status)
      }
    })
  })

  describe(`DescribeNetworkInterfaces over 10,000 ENIs (${dialect})`, () => {
    const COUNT = 10_000
    let server: TestServer
    let net: Network
    let vSwitch: { id: string; base: string }
    before(async () => {
      server = await startServer({ dialect })
      net = await Network.create(server.account)
      vSwitch = await net.vSwitch({ mask: 16 })
      await seedEnis(server, net, vSwitch.id, COUNT)
    })
    after(() => server.close())

    const input = (fields: Partial<DescribeInput>): DescribeInput => ({
      regionId: REGION,
      networkInterfaceIds: [],
      privateIpAddresses: [],
      tags: [],
      ...fields,
    })

    /** The best of a few runs of one service call, in ms: the cost of the SQL, not of a cold cache. */
    async function bestOf(run: () => Promise<unknown>): Promise<number> {
      let best = Infinity
      for (let i = 0; i < 5; i++) {
        const start = performance.now()
        await run()
        best = Math.min(best, performance.now() - start)
      }
      return best
    }

    it('serves a first, a deep and a filtered page in a few milliseconds', async () => {
      const caller = { accountId: server.account.accountId, requestId: 'bench' }
      const first = await describeNetworkInterfaces(server.deps, caller, input({ maxResults: 100 }))
      assert.equal(first.items.length, 100)
      assert.notEqual(first.nextToken, '')
      let token = first.nextToken
      for (let i = 0; i < 50; i++) token = (await describeNetworkInterfaces(server.deps, caller, input({ maxResults: 100, nextToken: token }))).nextToken
      const timings = {
        first: await bestOf(() => describeNetworkInterfaces(server.deps, caller, input({ maxResults: 100 }))),
        deep: await bestOf(() => describeNetworkInterfaces(server.deps, caller, input({ maxResults: 100, nextToken: token }))),
        byAddress: await bestOf(() => describeNetworkInterfaces(server.deps, caller, input({ primaryIpAddress: seededAddress(vSwitch.base, 9_876) }))),
        pageNumber: await bestOf(() => describeNetworkInterfaces(server.deps, caller, input({ pageNumber: 90, pageSize: 100 }))),
      }
      const found = await describeNetworkInterfaces(server.deps, caller, input({ primaryIpAddress: seededAddress(vSwitch.base, 9_876) }))
      assert.equal(found.items.length, 1)
      for (const [name, ms] of Object.entries(timings)) assert.ok(ms < 60, `${name} page took ${ms.toFixed(1)} ms`)
    })

    it('walks all 10,000 by token through the SDK, each exactly once', async () => {
      const seen = new Set<string>()
      let nextToken: string | undefined
      do {
        const { body } = await net.ecs.describeNetworkInterfaces(
          new Ecs.DescribeNetworkInterfacesRequest({ regionId: REGION, vSwitchId: vSwitch.id, maxResults: 500, nextToken }),
        )
        for (const eni of body?.networkInterfaceSets?.networkInterfaceSet ?? []) seen.add(eni.networkInterfaceId ?? '')
        nextToken = body?.nextToken || undefined
      } while (nextToken !== undefined)
      assert.equal(seen.size, COUNT)
    })
  })
}

/** The primary address of the n-th seeded ENI in the /16 whose first two octets are `base`'s. */
function seededAddress(base: string, n: number): string {
  const [a, b] = base.split('.')
  return `${a}.${b}.${Math.floor((n + 1) / 256)}.${(n + 1) % 256}`
}

/**
 * Writes `count` ENIs straight into the store (creating them one API call at a time would take
 * minutes): same rows as CreateNetworkInterface makes, one address each.
 */
async function seedEnis(server: TestServer, net: Network, vSwitchId: string, count: number): Promise<void> {
  const db = server.deps.store.db
  const { cidr_block } = await db.selectFrom('vswitches').select('cidr_block').where('id', '=', vSwitchId).executeTakeFirstOrThrow()
  const base = cidr_block.split('/')[0] ?? ''
  const group = await net.securityGroup()
  const batch = 500
  for (let start = 0; start < count; start += batch) {
    const rows = Array.from({ length: Math.min(batch, count - start) }, (_, i) => start + i)
    const id = (n: number) => `eni-seed${String(n).padStart(16, '0')}`
    await db
      .insertInto('enis')
      .values(
        rows.map((n) => ({
          id: id(n),
          account_id: server.account.accountId,
          region_id: REGION,
          vpc_id: net.vpcId,
          vswitch_id: vSwitchId,
          type: 'Secondary',
          status: 'Available',
          instance_id: null,
          device_index: null,
          mac: `02:00:00:${((n >> 16) & 0xff).toString(16).padStart(2, '0')}:${((n >> 8) & 0xff).toString(16).padStart(2, '0')}:${(n & 0xff).toString(16).padStart(2, '0')}`,
          name: '',
          description: '',
          queue_number: null,
          delete_on_release: 0,
          source_dest_check: 0,
          resource_group_id: '',
          created_at: new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString(),
        })),
      )
      .execute()
    await db
      .insertInto('private_ips')
      .values(rows.map((n) => ({ vswitch_id: vSwitchId, address: parseIpv4(seededAddress(base, n)), eni_id: id(n), is_primary: 1 })))
      .execute()
    await db
      .insertInto('eni_security_groups')
      .values(rows.map((n) => ({ eni_id: id(n), security_group_id: group, position: 0 })))
      .execute()
  }
}
