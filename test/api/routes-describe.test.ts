import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createEni, Network, runInstance } from '../support/network.js'
import { createRoute, listRoutes, listTables, routePage, routeTableOf, type RouteListFields, type TableListFields } from '../support/routes.js'
import { DIALECTS, REGION, sdkError, startServer, stopPostgres, Vpc, type TestAccount, type TestServer } from '../support/server.js'

after(stopPostgres)

for (const dialect of DIALECTS) {
  describe(`route listings (${dialect})`, () => {
    let server: TestServer
    let account: TestAccount
    let nets: Network[]
    let tableIds: string[]
    let vSwitch: { id: string; cidr: string }
    let instanceId: string
    let eniId: string
    let routeIds: string[]

    // One account, three VPCs; the first holds a vSwitch, an instance, an ENI and six custom routes.
    before(async () => {
      server = await startServer({ dialect })
      account = server.account
      nets = [await Network.create(account, '198.18'), await Network.create(account, '198.19'), await Network.create(account, '10.0')]
      tableIds = await Promise.all(nets.map((n) => routeTableOf(account.vpc, n.vpcId)))
      const net = nets[0] as Network
      vSwitch = await net.vSwitch()
      const securityGroupId = await net.securityGroup()
      instanceId = await runInstance(account.ecs, { vSwitchId: vSwitch.id, securityGroupId })
      eniId = await createEni(account.ecs, { vSwitchId: vSwitch.id, securityGroupId })
      routeIds = []
      for (let i = 0; i < 6; i++) {
        routeIds.push(
          await createRoute(account.vpc, {
            routeTableId: tableIds[0],
            destinationCidrBlock: `172.16.${i}.0/24`,
            ...(i % 2 === 0 ? { nextHopId: instanceId } : { nextHopType: 'NetworkInterface', nextHopId: eniId }),
            routeEntryName: `route-${i}`,
          }),
        )
      }
    })
    after(() => server.close())

    const table0 = () => tableIds[0] as string

    describe('DescribeRouteTableList', () => {
      it('shows each VPC’s system table as the model expects', async () => {
        const tables = await listTables(account.vpc)
        assert.deepEqual(
          tables.map((t) => t.routeTableId),
          tableIds,
        )
        const [first] = tables
        assert.ok(first)
        const { body } = await account.vpc.describeVpcs(new Vpc.DescribeVpcsRequest({ regionId: REGION, vpcId: nets[0]?.vpcId }))
        const vpc = body?.vpcs?.vpc?.[0]
        assert.deepEqual(
          [
            first.vpcId,
            first.routerId,
            first.routerType,
            first.routeTableType,
            first.status,
            first.associateType,
            first.routeTableName,
            first.description,
            first.ownerId,
            first.resourceGroupId,
            first.routePropagationEnable,
            first.creationTime,
          ],
          [vpc?.vpcId, vpc?.VRouterId, 'VRouter', 'System', 'Available', 'VSwitch', '', '', Number(account.accountId), '', false, vpc?.creationTime],
        )
        assert.deepEqual(first.vSwitchIds?.vSwitchId, [vSwitch.id])
        assert.deepEqual(first.gatewayIds?.gatewayIds, [])
        assert.deepEqual(first.tags?.tag, [])
      })

      const filters: Array<[string, (ids: string[]) => TableListFields, (ids: string[]) => string[]]> = [
        ['VpcId', () => ({ vpcId: nets[1]?.vpcId }), (ids) => [ids[1] as string]],
        ['RouteTableId', (ids) => ({ routeTableId: ids[2] }), (ids) => [ids[2] as string]],
        ['RouteTableType System', () => ({ routeTableType: 'System' }), (ids) => ids],
        ['RouteTableType Custom', () => ({ routeTableType: 'Custom' }), () => []],
        ['RouterType VRouter', () => ({ routerType: 'VRouter' }), (ids) => ids],
        ['RouterType VBR', () => ({ routerType: 'VBR' }), () => []],
        ['RouteTableName', () => ({ routeTableName: 'named' }), () => []],
        ['ResourceGroupId', () => ({ resourceGroupId: 'rg-acfm000' }), () => []],
        ['Tag', () => ({ tag: [new Vpc.DescribeRouteTableListRequestTag({ key: 'k', value: 'v' })] }), () => []],
        ['an unknown VpcId', () => ({ vpcId: 'vpc-nothere' }), () => []],
      ]
      for (const [what, fields, expected] of filters) {
        it(`filters by ${what}`, async () => {
          assert.deepEqual(
            (await listTables(account.vpc, fields(tableIds))).map((t) => t.routeTableId),
            expected(tableIds),
          )
        })
      }

      it('filters by RouterId', async () => {
        const [first] = await listTables(account.vpc)
        assert.deepEqual(
          (await listTables(account.vpc, { routerId: first?.routerId })).map((t) => t.routeTableId),
          [table0()],
        )
      })

      it('pages by number with TotalCount', async () => {
        const { body } = await account.vpc.describeRouteTableList(new Vpc.DescribeRouteTableListRequest({ regionId: REGION, pageSize: 2, pageNumber: 2 }))
        assert.deepEqual([body?.totalCount, body?.pageNumber, body?.pageSize], [3, 2, 2])
        assert.deepEqual(
          body?.routerTableList?.routerTableListType?.map((t) => t.routeTableId),
          [tableIds[2]],
        )
      })

      it('shows nothing of another account', async () => {
        const other = await server.addAccount('describe-tables-other')
        assert.deepEqual(await listTables(other.vpc), [])
        assert.deepEqual(await listTables(other.vpc, { routeTableId: table0() }), [])
      })

      const refusals: Array<[string, TableListFields, string, number]> = [
        ['a missing RegionId', { regionId: undefined }, 'MissingParameter', 400],
        ['a region not served', { regionId: 'cn-beijing' }, 'InvalidRegionId.NotFound', 404],
        ['a PageSize of 51', { pageSize: 51 }, 'InvalidParameter', 400],
        ['a PageNumber of 0', { pageNumber: 0 }, 'InvalidParameter', 400],
        ['an unknown RouterType', { routerType: 'Router' }, 'InvalidParameter', 400],
        ['an unknown RouteTableType', { routeTableType: 'Main' }, 'InvalidParameter', 400],
      ]
      for (const [what, fields, code, status] of refusals) {
        it(`refuses ${what} with ${code} (${status})`, async () => {
          const err = await sdkError(account.vpc.describeRouteTableList(new Vpc.DescribeRouteTableListRequest({ regionId: REGION, ...fields })))
          assert.deepEqual([err.code, err.statusCode], [code, status], err.message)
        })
      }
    })

    describe('DescribeRouteEntryList', () => {
      const destinations = async (fields: RouteListFields) => (await listRoutes(account.vpc, table0(), fields)).map((r) => r.destinationCidrBlock)

      it('lists system routes first, then custom ones, in creation order', async () => {
        assert.deepEqual(await destinations({}), ['100.64.0.0/10', vSwitch.cidr, ...[0, 1, 2, 3, 4, 5].map((i) => `172.16.${i}.0/24`)])
      })

      const filters: Array<[string, () => RouteListFields, () => string[]]> = [
        ['RouteEntryType Custom', () => ({ routeEntryType: 'Custom' }), () => [0, 1, 2, 3, 4, 5].map((i) => `172.16.${i}.0/24`)],
        ['RouteEntryType System', () => ({ routeEntryType: 'System' }), () => ['100.64.0.0/10', vSwitch.cidr]],
        ['RouteEntryType BGP', () => ({ routeEntryType: 'BGP' }), () => []],
        ['RouteEntryId', () => ({ routeEntryId: routeIds[3] }), () => ['172.16.3.0/24']],
        ['RouteEntryName', () => ({ routeEntryName: 'route-4' }), () => ['172.16.4.0/24']],
        ['DestinationCidrBlock', () => ({ destinationCidrBlock: '172.16.2.0/24' }), () => ['172.16.2.0/24']],
        ['DestinationCidrBlock with host bits', () => ({ destinationCidrBlock: '172.16.2.9/24' }), () => ['172.16.2.0/24']],
        ['DestCidrBlockList', () => ({ destCidrBlockList: ['172.16.1.0/24', '100.64.0.0/10', 'junk'] }), () => ['100.64.0.0/10', '172.16.1.0/24']],
        ['DestinationCidrBlock and DestCidrBlockList', () => ({ destinationCidrBlock: '172.16.1.0/24', destCidrBlockList: ['172.16.0.0/24'] }), () => []],
        ['NextHopId of an instance', () => ({ nextHopId: instanceId }), () => ['172.16.0.0/24', '172.16.2.0/24', '172.16.4.0/24']],
        ['NextHopType NetworkInterface', () => ({ nextHopType: 'NetworkInterface' }), () => ['172.16.1.0/24', '172.16.3.0/24', '172.16.5.0/24']],
        ['NextHopType NatGateway', () => ({ nextHopType: 'NatGateway' }), () => []],
        ['NextHopType and NextHopId together', () => ({ nextHopType: 'Instance', nextHopId: eniId }), () => []],
        ['IpVersion ipv4', () => ({ ipVersion: 'IPv4' }), () => ['100.64.0.0/10', vSwitch.cidr, ...[0, 1, 2, 3, 4, 5].map((i) => `172.16.${i}.0/24`)]],
        ['IpVersion ipv6', () => ({ ipVersion: 'ipv6' }), () => []],
        ['ServiceType', () => ({ serviceType: 'TR' }), () => []],
      ]
      for (const [what, fields, expected] of filters) {
        it(`filters by ${what}`, async () => {
          assert.deepEqual(await destinations(fields()), expected())
        })
      }

      it('pages by MaxResult and NextToken, each route once, the last page without a token', async () => {
        const seen: string[] = []
        let nextToken: string | undefined
        let pages = 0
        do {
          const page = await routePage(account.vpc, table0(), { maxResult: 3, ...(nextToken === undefined ? {} : { nextToken }) })
          assert.ok(page.routes.length <= 3)
          seen.push(...page.routes.map((r) => r.routeEntryId ?? ''))
          assert.equal(page.totalCount, 8)
          nextToken = page.nextToken === '' ? undefined : page.nextToken
          pages++
        } while (nextToken !== undefined)
        assert.equal(pages, 3)
        assert.deepEqual(
          seen,
          (await listRoutes(account.vpc, table0())).map((r) => r.routeEntryId),
        )
      })

      // Runs after the tests that count the table's routes: it adds four, for twelve in all.
      it('gives 10 routes by default, with a NextToken for the rest', async () => {
        for (const i of [6, 7, 8, 9]) {
          await createRoute(account.vpc, { routeTableId: table0(), destinationCidrBlock: `172.16.${i}.0/24`, nextHopId: instanceId })
        }
        const { body } = await account.vpc.describeRouteEntryList(new Vpc.DescribeRouteEntryListRequest({ regionId: REGION, routeTableId: table0() }))
        assert.equal(body?.routeEntrys?.routeEntry?.length, 10)
        assert.notEqual(body?.nextToken ?? '', '')
      })

      it('shows another VPC’s table with its own routes only', async () => {
        assert.deepEqual(
          (await listRoutes(account.vpc, tableIds[2] as string)).map((r) => r.destinationCidrBlock),
          ['100.64.0.0/10'],
        )
      })

      const refusals: Array<[string, () => RouteListFields, string, number]> = [
        ['a missing RegionId', () => ({ regionId: undefined }), 'MissingParameter', 400],
        ['a region not served', () => ({ regionId: 'cn-beijing' }), 'InvalidRegionId.NotFound', 404],
        ['a missing RouteTableId', () => ({ routeTableId: undefined }), 'MissingParameter', 400],
        ['an unknown route table', () => ({ routeTableId: 'vtb-nothere' }), 'InvalidRouteTable.NotFound', 400],
        ['a NextToken it did not hand out', () => ({ nextToken: 'bogus' }), 'IllegalParam.NextToken', 400],
        ['an unknown RouteEntryType', () => ({ routeEntryType: 'Static' }), 'IllegalParam.RouteEntryType', 400],
        ['an unknown IpVersion', () => ({ ipVersion: 'ipv5' }), 'IllegalParam.IpVersion', 400],
        ['a RouteEntryId with RouteEntryType System', () => ({ routeEntryType: 'System', routeEntryId: routeIds[0] }), 'OperationFailed.FilterParamUnderWrongRouteType', 400],
        ['an unknown NextHopType', () => ({ nextHopType: 'Host' }), 'InvalidNextHopType', 400],
        ['21 DestCidrBlockList blocks', () => ({ destCidrBlockList: Array.from({ length: 21 }, (_, i) => `10.${i}.0.0/16`) }), 'InvalidParameter', 400],
      ]
      for (const [what, fields, code, status] of refusals) {
        it(`refuses ${what} with ${code} (${status})`, async () => {
          const err = await sdkError(
            account.vpc.describeRouteEntryList(new Vpc.DescribeRouteEntryListRequest({ regionId: REGION, routeTableId: table0(), ...fields() })),
          )
          assert.deepEqual([err.code, err.statusCode], [code, status], err.message)
        })
      }

      it('answers another account’s table as if it did not exist', async () => {
        const other = await server.addAccount('describe-routes-other')
        const err = await sdkError(other.vpc.describeRouteEntryList(new Vpc.DescribeRouteEntryListRequest({ regionId: REGION, routeTableId: table0() })))
        assert.deepEqual([err.code, err.statusCode], ['InvalidRouteTable.NotFound', 400])
      })
    })
  })
}
