import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createEni, Network, runInstance } from '../support/network.js'
import { createRoute, listRoutes, listTables, refusedRouteChange, routeSummary, routeTableOf, type RouteFields } from '../support/routes.js'
import { DIALECTS, Ecs, REGION, sdkError, startServer, stopPostgres, Vpc, ZONE_A, ZONE_B, type TestAccount, type TestServer } from '../support/server.js'

after(stopPostgres)

const OTHER_REGION = 'cn-shanghai'
const ROUTE_QUOTA = 4

const CONFIG = {
  regions: [
    { id: REGION, zones: [{ id: ZONE_A }, { id: ZONE_B }] },
    { id: OTHER_REGION, zones: [{ id: `${OTHER_REGION}-a` }] },
  ],
  quotas: { default: { customRoutesPerTable: ROUTE_QUOTA } },
}

/** An account with a VPC 198.18.0.0/16, its vSwitch 198.18.0.0/24, a group, an instance and a spare ENI. */
interface Fixture {
  account: TestAccount
  net: Network
  tableId: string
  vSwitch: { id: string; cidr: string }
  instanceId: string
  eniId: string
}

for (const dialect of DIALECTS) {
  describe(`route entries (${dialect})`, () => {
    let server: TestServer
    let accounts = 0
    before(async () => {
      server = await startServer({ dialect, config: CONFIG })
    })
    after(() => server.close())

    async function fresh(): Promise<Fixture> {
      const account = await server.addAccount(`routes-${++accounts}`)
      const net = await Network.create(account)
      const vSwitch = await net.vSwitch()
      const securityGroupId = await net.securityGroup()
      const instanceId = await runInstance(account.ecs, { vSwitchId: vSwitch.id, securityGroupId })
      const eniId = await createEni(account.ecs, { vSwitchId: vSwitch.id, securityGroupId })
      return { account, net, tableId: await routeTableOf(account.vpc, net.vpcId), vSwitch, instanceId, eniId }
    }

    /** CreateRouteEntry of 10.0.0.0/8 through the fixture's instance, changed by `fields`, must be refused. */
    const refusedCreate = (f: Fixture, fields: RouteFields, code: string, status: number) =>
      refusedRouteChange(
        server,
        f.account.vpc,
        f.tableId,
        () =>
          f.account.vpc.createRouteEntry(
            new Vpc.CreateRouteEntryRequest({ regionId: REGION, routeTableId: f.tableId, destinationCidrBlock: '10.0.0.0/8', nextHopId: f.instanceId, ...fields }),
          ),
        code,
        status,
      )

    describe('system routes', () => {
      it('gives a new VPC the system route table CreateVpc names, routing 100.64.0.0/10 to the cloud’s services', async () => {
        const account = await server.addAccount(`routes-${++accounts}`)
        const { body } = await account.vpc.createVpc(new Vpc.CreateVpcRequest({ regionId: REGION, cidrBlock: '198.18.0.0/16' }))
        assert.match(body?.routeTableId ?? '', /^vtb-[0-9a-z]{20}$/)
        const [table] = await listTables(account.vpc)
        assert.ok(table)
        assert.deepEqual(
          [table.routeTableId, table.vpcId, table.routerId, table.routerType, table.routeTableType, table.status, table.associateType],
          [body?.routeTableId, body?.vpcId, body?.VRouterId, 'VRouter', 'System', 'Available', 'VSwitch'],
        )
        const [route, ...others] = await listRoutes(account.vpc, body?.routeTableId ?? '')
        assert.deepEqual(others, [])
        assert.ok(route)
        assert.match(route.routeEntryId ?? '', /^rte-[0-9a-z]{20}$/)
        assert.deepEqual(
          [route.destinationCidrBlock, route.type, route.origin, route.status, route.ipVersion, route.routeTableId],
          ['100.64.0.0/10', 'System', 'SystemCreate', 'Available', 'ipv4', body?.routeTableId],
        )
        assert.deepEqual(
          route.nextHops?.nextHop?.map((h) => [h.nextHopType, h.nextHopId]),
          [['service', '']],
        )
      })

      it('adds a local route per vSwitch block and removes it with the vSwitch', async () => {
        const account = await server.addAccount(`routes-${++accounts}`)
        const net = await Network.create(account)
        const tableId = await routeTableOf(account.vpc, net.vpcId)
        const first = await net.vSwitch()
        const second = await net.vSwitch({ zoneId: null })
        assert.deepEqual(await routeSummary(account.vpc, tableId), [
          ['100.64.0.0/10', 'System', 'service', ''],
          [first.cidr, 'System', 'local', ''],
          [second.cidr, 'System', 'local', ''],
        ])
        assert.deepEqual((await listTables(account.vpc))[0]?.vSwitchIds?.vSwitchId, [first.id, second.id])
        await account.vpc.deleteVSwitch(new Vpc.DeleteVSwitchRequest({ vSwitchId: first.id }))
        assert.deepEqual(await routeSummary(account.vpc, tableId), [
          ['100.64.0.0/10', 'System', 'service', ''],
          [second.cidr, 'System', 'local', ''],
        ])
        assert.deepEqual((await listTables(account.vpc))[0]?.vSwitchIds?.vSwitchId, [second.id])
      })

      it('records each system route in the change log, naming its VPC', async () => {
        const account = await server.addAccount(`routes-${++accounts}`)
        const net = await Network.create(account)
        const vSwitch = await net.vSwitch()
        await account.vpc.deleteVSwitch(new Vpc.DeleteVSwitchRequest({ vSwitchId: vSwitch.id }))
        const changes = await server.deps.store.db
          .selectFrom('changes')
          .select(['resource_type', 'event', 'payload'])
          .where('account_id', '=', account.accountId)
          .where('resource_type', 'in', ['RouteTable', 'RouteEntry'])
          .orderBy('revision')
          .execute()
        assert.deepEqual(
          changes.map((c) => {
            const payload = JSON.parse(c.payload) as { vpcId: string; destinationCidrBlock?: string }
            return [c.resource_type, c.event, payload.vpcId, payload.destinationCidrBlock ?? '']
          }),
          [
            ['RouteTable', 'RouteTableCreated', net.vpcId, ''],
            ['RouteEntry', 'RouteEntryCreated', net.vpcId, '100.64.0.0/10'],
            ['RouteEntry', 'RouteEntryCreated', net.vpcId, vSwitch.cidr],
            ['RouteEntry', 'RouteEntryDeleted', net.vpcId, vSwitch.cidr],
          ],
        )
      })

      it('refuses a vSwitch block covering a custom route destination with InvalidCidrBlock.Overlapped (400)', async () => {
        const f = await fresh()
        await createRoute(f.account.vpc, { routeTableId: f.tableId, destinationCidrBlock: '198.18.9.0/24', nextHopId: f.instanceId })
        for (const cidrBlock of ['198.18.9.0/24', '198.18.8.0/23']) {
          const err = await sdkError(f.account.vpc.createVSwitch(new Vpc.CreateVSwitchRequest({ vpcId: f.net.vpcId, zoneId: ZONE_A, cidrBlock })))
          assert.deepEqual([err.code, err.statusCode], ['InvalidCidrBlock.Overlapped', 400])
        }
        // A vSwitch inside a route's destination is fine: its own, longer route wins for its block.
        await createRoute(f.account.vpc, { routeTableId: f.tableId, destinationCidrBlock: '198.18.64.0/18', nextHopId: f.instanceId })
        await f.account.vpc.createVSwitch(new Vpc.CreateVSwitchRequest({ vpcId: f.net.vpcId, zoneId: ZONE_A, cidrBlock: '198.18.65.0/24' }))
      })
    })

    describe('CreateRouteEntry', () => {
      it('creates an Available custom route to an instance, the default next-hop type', async () => {
        const f = await fresh()
        const id = await createRoute(f.account.vpc, {
          routeTableId: f.tableId,
          destinationCidrBlock: '10.0.0.0/8',
          nextHopId: f.instanceId,
          routeEntryName: 'to-dc',
          description: 'through the VPN box',
        })
        assert.match(id, /^rte-[0-9a-z]{20}$/)
        const [route] = await listRoutes(f.account.vpc, f.tableId, { routeEntryId: id })
        assert.ok(route)
        assert.deepEqual(
          [route.destinationCidrBlock, route.type, route.origin, route.status, route.routeEntryName, route.description, route.ipVersion, route.serviceType],
          ['10.0.0.0/8', 'Custom', 'CustomCreate', 'Available', 'to-dc', 'through the VPN box', 'ipv4', ''],
        )
        assert.deepEqual(
          route.nextHops?.nextHop?.map((h) => [h.nextHopType, h.nextHopId]),
          [['Instance', f.instanceId]],
        )
        assert.match(route.gmtModified ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
      })

      it('routes to a network interface, attached or not, primary or secondary', async () => {
        const f = await fresh()
        const { body } = await f.account.ecs.describeNetworkInterfaces(
          new Ecs.DescribeNetworkInterfacesRequest({ regionId: REGION, instanceId: f.instanceId }),
        )
        const primaryEniId = body?.networkInterfaceSets?.networkInterfaceSet?.[0]?.networkInterfaceId ?? ''
        await createRoute(f.account.vpc, { routeTableId: f.tableId, destinationCidrBlock: '10.1.0.0/16', nextHopType: 'NetworkInterface', nextHopId: f.eniId })
        await createRoute(f.account.vpc, { routeTableId: f.tableId, destinationCidrBlock: '10.2.0.0/16', nextHopType: 'NetworkInterface', nextHopId: primaryEniId })
        assert.deepEqual(await routeSummary(f.account.vpc, f.tableId, { routeEntryType: 'Custom' }), [
          ['10.1.0.0/16', 'Custom', 'NetworkInterface', f.eniId],
          ['10.2.0.0/16', 'Custom', 'NetworkInterface', primaryEniId],
        ])
      })

      it('reads a bare address as its /32 and clears host bits, and takes RegionId left out', async () => {
        const f = await fresh()
        await f.account.vpc.createRouteEntry(
          new Vpc.CreateRouteEntryRequest({ routeTableId: f.tableId, destinationCidrBlock: '203.0.113.7', nextHopId: f.instanceId }),
        )
        await createRoute(f.account.vpc, { routeTableId: f.tableId, destinationCidrBlock: '10.9.8.7/16', nextHopId: f.instanceId })
        assert.deepEqual(
          (await routeSummary(f.account.vpc, f.tableId, { routeEntryType: 'Custom' })).map(([destination]) => destination),
          ['203.0.113.7/32', '10.9.0.0/16'],
        )
      })

      it('accepts a destination containing the vSwitch blocks, such as a default route', async () => {
        const f = await fresh()
        await createRoute(f.account.vpc, { routeTableId: f.tableId, destinationCidrBlock: '0.0.0.0/0', nextHopId: f.instanceId })
        await createRoute(f.account.vpc, { routeTableId: f.tableId, destinationCidrBlock: '198.18.0.0/16', nextHopId: f.instanceId })
        assert.equal((await listRoutes(f.account.vpc, f.tableId, { routeEntryType: 'Custom' })).length, 2)
      })

      it('records the route in the change log, naming the VPC and the next hop', async () => {
        const f = await fresh()
        const id = await createRoute(f.account.vpc, { routeTableId: f.tableId, destinationCidrBlock: '10.0.0.0/8', nextHopId: f.instanceId })
        const change = await server.deps.store.db.selectFrom('changes').selectAll().where('resource_id', '=', id).executeTakeFirstOrThrow()
        assert.deepEqual([change.resource_type, change.event, change.account_id, change.region_id], ['RouteEntry', 'RouteEntryCreated', f.account.accountId, REGION])
        assert.deepEqual(JSON.parse(change.payload), {
          vpcId: f.net.vpcId,
          routeTableId: f.tableId,
          destinationCidrBlock: '10.0.0.0/8',
          type: 'Custom',
          nextHopType: 'Instance',
          nextHopId: f.instanceId,
          status: 'Available',
        })
      })

      it('answers a retry with the same ClientToken with the same route, creating one', async () => {
        const f = await fresh()
        const fields: RouteFields = { routeTableId: f.tableId, destinationCidrBlock: '10.0.0.0/8', nextHopId: f.instanceId, clientToken: 'rte-token' }
        const first = await createRoute(f.account.vpc, fields)
        assert.equal(await createRoute(f.account.vpc, fields), first)
        assert.equal((await listRoutes(f.account.vpc, f.tableId, { routeEntryType: 'Custom' })).length, 1)
        await refusedCreate(f, { ...fields, destinationCidrBlock: '10.1.0.0/16' }, 'IdempotentParameterMismatch', 400)
      })

      it('answers DryRun with DryRunOperation and creates nothing; a bad dry run gets the real error', async () => {
        const f = await fresh()
        await refusedCreate(f, { dryRun: true }, 'DryRunOperation', 400)
        await refusedCreate(f, { dryRun: true, destinationCidrBlock: f.vSwitch.cidr }, 'InvalidCidrBlock', 400)
      })

      const hop = (nextHopType: string, nextHopId: string) => new Vpc.CreateRouteEntryRequestNextHopList({ nextHopType, nextHopId })
      const refusals: Array<[string, (f: Fixture) => RouteFields, string, number]> = [
        ['a missing RouteTableId', () => ({ routeTableId: undefined }), 'MissingParameter', 400],
        ['a missing DestinationCidrBlock', () => ({ destinationCidrBlock: undefined }), 'MissingParameter', 400],
        ['an unknown route table', () => ({ routeTableId: 'vtb-nothere' }), 'InvalidRouteTableId.NotFound', 404],
        ['a region not served', () => ({ regionId: 'cn-beijing' }), 'InvalidRegionId.NotFound', 404],
        ['another region than the table’s', () => ({ regionId: OTHER_REGION }), 'InvalidRouteTableId.NotFound', 404],
        ['a malformed destination', () => ({ destinationCidrBlock: '10.0.0.0/33' }), 'InvalidCidrBlock.Malformed', 400],
        ['a prefix list destination', () => ({ destinationCidrBlock: 'pl-abc' }), 'ResourceNotFound.PrefixList', 400],
        ['an IPv6 destination', () => ({ destinationCidrBlock: '2001:db8::/32' }), 'OperationDenied.VpcIpv6NotEnabled', 400],
        ['the cloud-service block', () => ({ destinationCidrBlock: '100.64.0.0/10' }), 'InvalidDestinationCidrBlock', 400],
        ['a block inside the cloud-service block', () => ({ destinationCidrBlock: '100.100.0.0/16' }), 'InvalidDestinationCidrBlock', 400],
        ['a loopback destination', () => ({ destinationCidrBlock: '127.0.0.1' }), 'InvalidDestinationCidrBlock', 400],
        ['a vSwitch block', (f) => ({ destinationCidrBlock: f.vSwitch.cidr }), 'InvalidCidrBlock', 400],
        ['an address inside a vSwitch block', () => ({ destinationCidrBlock: '198.18.0.20' }), 'InvalidCidrBlock', 400],
        ['no next hop at all', () => ({ nextHopId: undefined }), 'InvalidNexthopTypeAndList.BothNull', 400],
        ['a NextHopType without NextHopId', () => ({ nextHopType: 'Instance', nextHopId: undefined }), 'MissingParameter', 400],
        ['an unknown NextHopType', () => ({ nextHopType: 'Host' }), 'InvalidNextHopType', 400],
        ['a HaVip next hop', () => ({ nextHopType: 'HaVip', nextHopId: 'havip-x' }), 'OperationDenied.NextHopTypeNotPermitted', 400],
        ['a NAT gateway next hop', () => ({ nextHopType: 'NatGateway', nextHopId: 'ngw-x' }), 'OperationDenied.NextHopTypeNotPermitted', 400],
        ['NextHopList beside NextHopId', () => ({ nextHopList: [hop('RouterInterface', 'ri-1'), hop('RouterInterface', 'ri-2')] }), 'InvalidNexthopTypeAndList.BothNotNull', 400],
        ['a NextHopList of one', () => ({ nextHopId: undefined, nextHopList: [hop('RouterInterface', 'ri-1')] }), 'InvalidNexthopListSize', 400],
        ['ECMP over instances', (f) => ({ nextHopId: undefined, nextHopList: [hop('Instance', f.instanceId), hop('Instance', f.instanceId)] }), 'OperationDenied.NextHopTypeNotPermitted', 400],
        ['ECMP over router interfaces', () => ({ nextHopId: undefined, nextHopList: [hop('RouterInterface', 'ri-1'), hop('RouterInterface', 'ri-2')] }), 'InvalidRouterInterface', 400],
        ['an unknown instance', () => ({ nextHopId: 'i-nothere' }), 'InvalidNextHopId.NotFound', 404],
        ['an ENI named as an instance', (f) => ({ nextHopId: f.eniId }), 'InvalidNextHopId.NotFound', 404],
        ['an unknown ENI', () => ({ nextHopType: 'NetworkInterface', nextHopId: 'eni-nothere' }), 'InvalidNetworkInterface.NotFound', 404],
        ['a name of 129 characters', () => ({ routeEntryName: 'x'.repeat(129) }), 'InvalidRouteEntryName.Malformed', 400],
        ['a description starting with http://', () => ({ description: 'http://x' }), 'InvalidDescription.Malformed', 400],
      ]
      for (const [what, fields, code, status] of refusals) {
        it(`refuses ${what} with ${code} (${status}) and changes nothing`, async () => {
          const f = await fresh()
          await refusedCreate(f, fields(f), code, status)
        })
      }

      it('refuses next hops of another VPC of the account with the reference’s codes', async () => {
        const f = await fresh()
        const other = await Network.create(f.account, '198.19')
        const vSwitchId = (await other.vSwitch()).id
        const securityGroupId = await other.securityGroup()
        const instanceId = await runInstance(f.account.ecs, { vSwitchId, securityGroupId })
        const eniId = await createEni(f.account.ecs, { vSwitchId, securityGroupId })
        await refusedCreate(f, { nextHopId: instanceId }, 'OperationFailed.InstanceDismatchCurrentVpc', 404)
        await refusedCreate(f, { nextHopType: 'NetworkInterface', nextHopId: eniId }, 'Mismatch.EniIdAndRouteTableId', 400)
      })

      it('refuses a destination the table already routes with InvalidCIDRBlock.Duplicate (400)', async () => {
        const f = await fresh()
        await createRoute(f.account.vpc, { routeTableId: f.tableId, destinationCidrBlock: '10.0.0.0/8', nextHopId: f.instanceId })
        await refusedCreate(f, { destinationCidrBlock: '10.1.2.3/8', nextHopType: 'NetworkInterface', nextHopId: f.eniId }, 'InvalidCIDRBlock.Duplicate', 400)
      })

      it(`refuses a route beyond the table's quota (${ROUTE_QUOTA} here) with QuotaExceeded (400)`, async () => {
        const f = await fresh()
        for (let i = 0; i < ROUTE_QUOTA; i++) {
          await createRoute(f.account.vpc, { routeTableId: f.tableId, destinationCidrBlock: `10.${i}.0.0/16`, nextHopId: f.instanceId })
        }
        await refusedCreate(f, { destinationCidrBlock: '10.99.0.0/16' }, 'QuotaExceeded', 400)
      })

      it('refuses a VPC that is not Available with IncorrectVpcStatus (400)', async () => {
        const f = await fresh()
        await server.deps.store.db.updateTable('vpcs').set({ status: 'Pending' }).where('id', '=', f.net.vpcId).execute()
        await refusedCreate(f, {}, 'IncorrectVpcStatus', 400)
      })
    })

    describe('DeleteRouteEntry', () => {
      async function withRoute(): Promise<Fixture & { routeId: string }> {
        const f = await fresh()
        const routeId = await createRoute(f.account.vpc, { routeTableId: f.tableId, destinationCidrBlock: '10.0.0.0/8', nextHopId: f.instanceId })
        return { ...f, routeId }
      }

      const remove = (f: Fixture, fields: ConstructorParameters<typeof Vpc.DeleteRouteEntryRequest>[0]) =>
        f.account.vpc.deleteRouteEntry(new Vpc.DeleteRouteEntryRequest({ regionId: REGION, ...fields }))

      it('deletes a custom route by its ID, at once, recording it', async () => {
        const f = await withRoute()
        await remove(f, { routeEntryId: f.routeId })
        assert.deepEqual(await listRoutes(f.account.vpc, f.tableId, { routeEntryType: 'Custom' }), [])
        const events = await server.deps.store.db.selectFrom('changes').select('event').where('resource_id', '=', f.routeId).orderBy('revision').execute()
        assert.deepEqual(
          events.map((e) => e.event),
          ['RouteEntryCreated', 'RouteEntryDeleted'],
        )
      })

      it('deletes a custom route by table and destination, with or without its next hop, and without RegionId', async () => {
        const f = await withRoute()
        await createRoute(f.account.vpc, { routeTableId: f.tableId, destinationCidrBlock: '203.0.113.7', nextHopType: 'NetworkInterface', nextHopId: f.eniId })
        await remove(f, { routeTableId: f.tableId, destinationCidrBlock: '10.0.0.0/8', nextHopId: f.instanceId })
        await f.account.vpc.deleteRouteEntry(new Vpc.DeleteRouteEntryRequest({ routeTableId: f.tableId, destinationCidrBlock: '203.0.113.7' }))
        assert.deepEqual(await listRoutes(f.account.vpc, f.tableId, { routeEntryType: 'Custom' }), [])
      })

      it('answers DryRun with DryRunOperation and keeps the route', async () => {
        const f = await withRoute()
        await refusedRouteChange(server, f.account.vpc, f.tableId, () => remove(f, { routeEntryId: f.routeId, dryRun: true }), 'DryRunOperation', 400)
      })

      const ri = (id: string) => new Vpc.DeleteRouteEntryRequestNextHopList({ nextHopType: 'RouterInterface', nextHopId: id })
      const refusals: Array<[string, (f: Fixture & { routeId: string }) => ConstructorParameters<typeof Vpc.DeleteRouteEntryRequest>[0], string, number]> = [
        ['no route named at all', () => ({}), 'MissingParameter', 400],
        ['a table without destination', (f) => ({ routeTableId: f.tableId }), 'MissingParameter', 400],
        ['a destination without table', () => ({ destinationCidrBlock: '10.0.0.0/8' }), 'MissingParameter', 400],
        ['RouteEntryId beside RouteTableId', (f) => ({ routeEntryId: f.routeId, routeTableId: f.tableId }), 'ParamExclusive.RouteEntryIdAndRouteTableIdOrDestCidrBlock', 400],
        ['NextHopId beside NextHopList', (f) => ({ routeEntryId: f.routeId, nextHopId: f.instanceId, nextHopList: [ri('a'), ri('b')] }), 'ParamExclusive.NextHopIdAndList', 400],
        ['a NextHopList of one', (f) => ({ routeEntryId: f.routeId, nextHopList: [ri('a')] }), 'InvalidNextHopList.Size', 400],
        ['ECMP next hops of a route that has one', (f) => ({ routeTableId: f.tableId, destinationCidrBlock: '10.0.0.0/8', nextHopList: [ri('a'), ri('b')] }), 'InvalidRouteEntry.NotFound', 400],
        ['an unknown route ID', () => ({ routeEntryId: 'rte-nothere' }), 'InvalidRouteEntryId.NotFound', 400],
        ['a route ID in another region', (f) => ({ routeEntryId: f.routeId, regionId: OTHER_REGION }), 'InvalidRouteEntryId.NotFound', 400],
        ['an unknown table', () => ({ routeTableId: 'vtb-nothere', destinationCidrBlock: '10.0.0.0/8' }), 'InvalidRouteTableId.NotFound', 404],
        ['a destination the table does not route', (f) => ({ routeTableId: f.tableId, destinationCidrBlock: '10.0.0.0/9' }), 'InvalidRouteEntry.NotFound', 400],
        ['another next hop than the route’s', (f) => ({ routeTableId: f.tableId, destinationCidrBlock: '10.0.0.0/8', nextHopId: f.eniId }), 'InvalidRouteEntry.NotFound', 400],
        ['a malformed destination', (f) => ({ routeTableId: f.tableId, destinationCidrBlock: '10.0.0.0/99' }), 'InvalidCidrBlock.Malformed', 400],
        ['a vSwitch’s system route', (f) => ({ routeTableId: f.tableId, destinationCidrBlock: f.vSwitch.cidr }), 'OperationDenied', 400],
        ['the cloud-service system route', (f) => ({ routeTableId: f.tableId, destinationCidrBlock: '100.64.0.0/10' }), 'OperationDenied', 400],
      ]
      for (const [what, fields, code, status] of refusals) {
        it(`refuses ${what} with ${code} (${status}) and changes nothing`, async () => {
          const f = await withRoute()
          await refusedRouteChange(server, f.account.vpc, f.tableId, () => remove(f, fields(f)), code, status)
        })
      }

      it('refuses a system route named by its ID with OperationDenied (400)', async () => {
        const f = await withRoute()
        const [system] = await listRoutes(f.account.vpc, f.tableId, { routeEntryType: 'System' })
        await refusedRouteChange(server, f.account.vpc, f.tableId, () => remove(f, { routeEntryId: system?.routeEntryId }), 'OperationDenied', 400)
      })

      it('refuses a route that is not Available with IncorrectStatus.VpcRouteEntry (400)', async () => {
        const f = await withRoute()
        await server.deps.store.db.updateTable('route_entries').set({ status: 'Pending' }).where('id', '=', f.routeId).execute()
        await refusedRouteChange(server, f.account.vpc, f.tableId, () => remove(f, { routeEntryId: f.routeId }), 'IncorrectStatus.VpcRouteEntry', 400)
      })
    })
  })
}
