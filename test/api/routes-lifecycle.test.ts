import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { KyselyPlugin } from 'kysely'
import { vpcRouteTables } from '../../src/store/repositories/route-entries.js'
import { attach, createEni, detach, mustDescribeEni, Network, runInstance } from '../support/network.js'
import { createRoute, listRoutes, listTables, refusedRouteChange, routeTableOf } from '../support/routes.js'
import { DIALECTS, Ecs, REGION, sdkError, startServer, stopPostgres, Vpc, ZONE_B, type TestAccount, type TestServer } from '../support/server.js'

after(stopPostgres)

const ROUTE_QUOTA = 5

/** An account with a VPC, a zone-A vSwitch, a group and a Running instance on host none-cn-hangzhou-a. */
interface Fixture {
  account: TestAccount
  net: Network
  tableId: string
  vSwitchId: string
  securityGroupId: string
  instanceId: string
}

const deleteInstance = (account: TestAccount, instanceId: string) =>
  account.ecs.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId, force: true }))

const deleteEni = (account: TestAccount, networkInterfaceId: string) =>
  account.ecs.deleteNetworkInterface(new Ecs.DeleteNetworkInterfaceRequest({ regionId: REGION, networkInterfaceId }))

async function primaryEniOf(account: TestAccount, instanceId: string): Promise<{ id: string; address: string }> {
  const { body } = await account.ecs.describeNetworkInterfaces(
    new Ecs.DescribeNetworkInterfacesRequest({ regionId: REGION, instanceId, type: 'Primary' }),
  )
  const eni = body?.networkInterfaceSets?.networkInterfaceSet?.[0]
  assert.ok(eni?.networkInterfaceId && eni.privateIpAddress)
  return { id: eni.networkInterfaceId, address: eni.privateIpAddress }
}

for (const dialect of DIALECTS) {
  describe(`routes and the resources they lead to (${dialect})`, () => {
    let server: TestServer
    let accounts = 0
    before(async () => {
      server = await startServer({ dialect, config: { quotas: { default: { customRoutesPerTable: ROUTE_QUOTA } } } })
    })
    after(() => server.close())

    async function fresh(): Promise<Fixture> {
      const account = await server.addAccount(`lifecycle-${++accounts}`)
      const net = await Network.create(account)
      const vSwitchId = (await net.vSwitch()).id
      const securityGroupId = await net.securityGroup()
      const instanceId = await runInstance(account.ecs, { vSwitchId, securityGroupId })
      return { account, net, tableId: await routeTableOf(account.vpc, net.vpcId), vSwitchId, securityGroupId, instanceId }
    }

    /** The custom routes of the fixture's VPC as its hosts read them. */
    async function hostView(f: Fixture) {
      const routes = (await vpcRouteTables(server.deps.store.db, [f.net.vpcId])).get(f.net.vpcId)
      assert.ok(routes)
      return routes.customRoutes.map((r) => [r.destinationCidrBlock, r.nextHopType, r.nextHopId, r.nextHop])
    }

    describe('next hops resolved for hosts', () => {
      it('leads a route to an instance through its primary ENI, on its host', async () => {
        const f = await fresh()
        await createRoute(f.account.vpc, { routeTableId: f.tableId, destinationCidrBlock: '10.0.0.0/8', nextHopId: f.instanceId })
        const primary = await primaryEniOf(f.account, f.instanceId)
        assert.deepEqual(await hostView(f), [
          ['10.0.0.0/8', 'Instance', f.instanceId, { eniId: primary.id, privateIpAddress: primary.address, instanceId: f.instanceId, hostId: 'none-cn-hangzhou-a' }],
        ])
      })

      it('follows an ENI detached from instance A and attached to instance B, on another host', async () => {
        const f = await fresh()
        const regional = await f.net.vSwitch({ zoneId: null })
        const inB = (await f.net.vSwitch({ zoneId: ZONE_B })).id
        const instanceB = await runInstance(f.account.ecs, { vSwitchId: inB, securityGroupId: f.securityGroupId })
        const eniId = await createEni(f.account.ecs, { vSwitchId: regional.id, securityGroupId: f.securityGroupId })
        const address = (await mustDescribeEni(f.account.ecs, eniId)).privateIpAddress ?? ''
        await createRoute(f.account.vpc, { routeTableId: f.tableId, destinationCidrBlock: '10.0.0.0/8', nextHopType: 'NetworkInterface', nextHopId: eniId })
        const seen = (instanceId: string | null, hostId: string | null) => [
          ['10.0.0.0/8', 'NetworkInterface', eniId, { eniId, privateIpAddress: address, instanceId, hostId }],
        ]

        assert.deepEqual(await hostView(f), seen(null, null))
        await attach(f.account.ecs, eniId, f.instanceId)
        assert.deepEqual(await hostView(f), seen(f.instanceId, 'none-cn-hangzhou-a'))
        await detach(f.account.ecs, eniId, f.instanceId)
        assert.deepEqual(await hostView(f), seen(null, null))
        await attach(f.account.ecs, eniId, instanceB)
        assert.deepEqual(await hostView(f), seen(instanceB, 'none-cn-hangzhou-b'))
        // The API still names the ENI: the route never held a host or an address.
        assert.deepEqual(
          (await listRoutes(f.account.vpc, f.tableId, { routeEntryType: 'Custom' })).map((r) => r.nextHops?.nextHop?.[0]?.nextHopId),
          [eniId],
        )
      })

      it('gives the system routes of every VPC asked for, in one query', async () => {
        const f = await fresh()
        const second = await Network.create(f.account, '198.19')
        const vSwitch = await second.vSwitch()
        await createRoute(f.account.vpc, { routeTableId: f.tableId, destinationCidrBlock: '10.0.0.0/8', nextHopId: f.instanceId })
        let queries = 0
        const counter: KyselyPlugin = {
          transformQuery: (args) => {
            queries++
            return args.node
          },
          transformResult: async (args) => args.result,
        }
        const view = await vpcRouteTables(server.deps.store.db.withPlugin(counter), [f.net.vpcId, second.vpcId, 'vpc-nothere'])
        assert.equal(queries, 1)
        assert.deepEqual([...view.keys()].sort(), [f.net.vpcId, second.vpcId].sort())
        assert.deepEqual(view.get(second.vpcId), {
          vpcId: second.vpcId,
          routeTableId: await routeTableOf(f.account.vpc, second.vpcId),
          systemRoutes: [
            { routeEntryId: view.get(second.vpcId)?.systemRoutes[0]?.routeEntryId, destinationCidrBlock: '100.64.0.0/10', nextHopType: 'service', vSwitchId: null },
            { routeEntryId: view.get(second.vpcId)?.systemRoutes[1]?.routeEntryId, destinationCidrBlock: vSwitch.cidr, nextHopType: 'local', vSwitchId: vSwitch.id },
          ],
          customRoutes: [],
        })
        assert.equal(view.get(f.net.vpcId)?.customRoutes.length, 1)
        assert.deepEqual((await vpcRouteTables(server.deps.store.db, [])).size, 0)
      })
    })

    describe('DeleteVpc', () => {
      it('refuses while custom routes exist with DependencyViolation.RouteEntry (400), then takes the system table along', async () => {
        const f = await fresh()
        const routeId = await createRoute(f.account.vpc, { routeTableId: f.tableId, destinationCidrBlock: '10.0.0.0/8', nextHopId: f.instanceId })
        await refusedRouteChange(
          server,
          f.account.vpc,
          f.tableId,
          () => f.account.vpc.deleteVpc(new Vpc.DeleteVpcRequest({ vpcId: f.net.vpcId })),
          'DependencyViolation.RouteEntry',
          400,
        )
        await f.account.vpc.deleteRouteEntry(new Vpc.DeleteRouteEntryRequest({ routeEntryId: routeId }))
        const err = await sdkError(f.account.vpc.deleteVpc(new Vpc.DeleteVpcRequest({ vpcId: f.net.vpcId })))
        assert.equal(err.code, 'DependencyViolation.Instance')
        await deleteInstance(f.account, f.instanceId)
        await f.account.ecs.deleteSecurityGroup(new Ecs.DeleteSecurityGroupRequest({ regionId: REGION, securityGroupId: f.securityGroupId }))
        await f.account.vpc.deleteVSwitch(new Vpc.DeleteVSwitchRequest({ vSwitchId: f.vSwitchId }))
        await f.account.vpc.deleteVpc(new Vpc.DeleteVpcRequest({ vpcId: f.net.vpcId }))

        assert.deepEqual(await listTables(f.account.vpc), [])
        const db = server.deps.store.db
        assert.deepEqual(await db.selectFrom('route_tables').select('id').where('vpc_id', '=', f.net.vpcId).execute(), [])
        assert.deepEqual(await db.selectFrom('route_entries').select('id').where('vpc_id', '=', f.net.vpcId).execute(), [])
        const events = await db.selectFrom('changes').select('event').where('resource_id', '=', f.tableId).orderBy('revision').execute()
        assert.deepEqual(
          events.map((e) => e.event),
          ['RouteTableCreated', 'RouteTableDeleted'],
        )
        const describeErr = await sdkError(f.account.vpc.describeRouteEntryList(new Vpc.DescribeRouteEntryListRequest({ regionId: REGION, routeTableId: f.tableId })))
        assert.equal(describeErr.code, 'InvalidRouteTable.NotFound')
      })
    })

    describe('DeleteInstance', () => {
      it('refuses while a route leads to the instance with DependencyViolation.RouteEntry (400)', async () => {
        const f = await fresh()
        await createRoute(f.account.vpc, { routeTableId: f.tableId, destinationCidrBlock: '10.0.0.0/8', nextHopId: f.instanceId })
        await refusedRouteChange(server, f.account.vpc, f.tableId, () => deleteInstance(f.account, f.instanceId), 'DependencyViolation.RouteEntry', 400)
      })

      it('refuses while a route leads to its primary ENI, or to a secondary that goes with it', async () => {
        const f = await fresh()
        const primary = await primaryEniOf(f.account, f.instanceId)
        const routeId = await createRoute(f.account.vpc, { routeTableId: f.tableId, destinationCidrBlock: '10.0.0.0/8', nextHopType: 'NetworkInterface', nextHopId: primary.id })
        await refusedRouteChange(server, f.account.vpc, f.tableId, () => deleteInstance(f.account, f.instanceId), 'DependencyViolation.RouteEntry', 400)
        await f.account.vpc.deleteRouteEntry(new Vpc.DeleteRouteEntryRequest({ routeEntryId: routeId }))

        const doomed = await createEni(f.account.ecs, { vSwitchId: f.vSwitchId, securityGroupId: f.securityGroupId, deleteOnRelease: true })
        await attach(f.account.ecs, doomed, f.instanceId)
        await createRoute(f.account.vpc, { routeTableId: f.tableId, destinationCidrBlock: '10.0.0.0/8', nextHopType: 'NetworkInterface', nextHopId: doomed })
        await refusedRouteChange(server, f.account.vpc, f.tableId, () => deleteInstance(f.account, f.instanceId), 'DependencyViolation.RouteEntry', 400)
      })

      it('lets it go when the route leads to a secondary ENI that stays: the route follows the ENI, now on no host', async () => {
        const f = await fresh()
        const kept = await createEni(f.account.ecs, { vSwitchId: f.vSwitchId, securityGroupId: f.securityGroupId })
        await attach(f.account.ecs, kept, f.instanceId)
        await createRoute(f.account.vpc, { routeTableId: f.tableId, destinationCidrBlock: '10.0.0.0/8', nextHopType: 'NetworkInterface', nextHopId: kept })
        await deleteInstance(f.account, f.instanceId)
        assert.equal((await mustDescribeEni(f.account.ecs, kept)).status, 'Available')
        const [route] = await hostView(f)
        assert.deepEqual(route?.slice(0, 3), ['10.0.0.0/8', 'NetworkInterface', kept])
        assert.deepEqual([(route?.[3] as { instanceId: string | null }).instanceId, (route?.[3] as { hostId: string | null }).hostId], [null, null])
      })
    })

    describe('DeleteNetworkInterface', () => {
      it('refuses while a route leads to the ENI with DependencyViolation.RouteEntry (400), and deletes it once the route is gone', async () => {
        const f = await fresh()
        const eniId = await createEni(f.account.ecs, { vSwitchId: f.vSwitchId, securityGroupId: f.securityGroupId })
        const routeId = await createRoute(f.account.vpc, { routeTableId: f.tableId, destinationCidrBlock: '10.0.0.0/8', nextHopType: 'NetworkInterface', nextHopId: eniId })
        await refusedRouteChange(server, f.account.vpc, f.tableId, () => deleteEni(f.account, eniId), 'DependencyViolation.RouteEntry', 400)
        assert.equal((await mustDescribeEni(f.account.ecs, eniId)).status, 'Available')
        await f.account.vpc.deleteRouteEntry(new Vpc.DeleteRouteEntryRequest({ routeEntryId: routeId }))
        await deleteEni(f.account, eniId)
      })
    })

    describe('tenancy', () => {
      it("treats another account's tables, routes and next hops as nonexistent", async () => {
        const a = await fresh()
        const routeId = await createRoute(a.account.vpc, { routeTableId: a.tableId, destinationCidrBlock: '10.0.0.0/8', nextHopId: a.instanceId })
        const aEni = await createEni(a.account.ecs, { vSwitchId: a.vSwitchId, securityGroupId: a.securityGroupId })
        const b = await fresh()
        const { vpc } = b.account
        const cases: Array<[() => Promise<unknown>, string, number]> = [
          [() => vpc.createRouteEntry(new Vpc.CreateRouteEntryRequest({ routeTableId: a.tableId, destinationCidrBlock: '10.1.0.0/16', nextHopId: a.instanceId })), 'InvalidRouteTableId.NotFound', 404],
          [() => vpc.createRouteEntry(new Vpc.CreateRouteEntryRequest({ routeTableId: b.tableId, destinationCidrBlock: '10.1.0.0/16', nextHopId: a.instanceId })), 'InvalidNextHopId.NotFound', 404],
          [
            () => vpc.createRouteEntry(new Vpc.CreateRouteEntryRequest({ routeTableId: b.tableId, destinationCidrBlock: '10.1.0.0/16', nextHopType: 'NetworkInterface', nextHopId: aEni })),
            'InvalidNetworkInterface.NotFound',
            404,
          ],
          [() => vpc.deleteRouteEntry(new Vpc.DeleteRouteEntryRequest({ routeEntryId: routeId })), 'InvalidRouteEntryId.NotFound', 400],
          [() => vpc.deleteRouteEntry(new Vpc.DeleteRouteEntryRequest({ routeTableId: a.tableId, destinationCidrBlock: '10.0.0.0/8' })), 'InvalidRouteTableId.NotFound', 404],
          [() => vpc.describeRouteEntryList(new Vpc.DescribeRouteEntryListRequest({ regionId: REGION, routeTableId: a.tableId })), 'InvalidRouteTable.NotFound', 400],
        ]
        for (const [call, code, status] of cases) {
          await refusedRouteChange(server, a.account.vpc, a.tableId, call, code, status)
        }
        assert.deepEqual(
          (await listTables(vpc)).map((t) => t.routeTableId),
          [b.tableId],
        )
      })
    })

    describe('concurrency', () => {
      const outcome = (p: Promise<unknown>) =>
        p.then(
          () => 'ok',
          (err: { code?: string }) => err.code ?? 'error',
        )
      const tally = (outcomes: string[]) => Object.fromEntries([...new Set(outcomes)].sort().map((o) => [o, outcomes.filter((x) => x === o).length]))

      it(`keeps the quota of ${ROUTE_QUOTA} custom routes under simultaneous creates`, async () => {
        const f = await fresh()
        const outcomes = await Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            outcome(f.account.vpc.createRouteEntry(new Vpc.CreateRouteEntryRequest({ routeTableId: f.tableId, destinationCidrBlock: `10.${i}.0.0/16`, nextHopId: f.instanceId }))),
          ),
        )
        assert.deepEqual(tally(outcomes), { QuotaExceeded: 12 - ROUTE_QUOTA, ok: ROUTE_QUOTA })
        assert.equal((await listRoutes(f.account.vpc, f.tableId, { routeEntryType: 'Custom' })).length, ROUTE_QUOTA)
      })

      it('creates one route per destination under simultaneous creates', async () => {
        const f = await fresh()
        const outcomes = await Promise.all(
          Array.from({ length: 8 }, () =>
            outcome(f.account.vpc.createRouteEntry(new Vpc.CreateRouteEntryRequest({ routeTableId: f.tableId, destinationCidrBlock: '10.0.0.0/8', nextHopId: f.instanceId }))),
          ),
        )
        assert.deepEqual(tally(outcomes), { 'InvalidCIDRBlock.Duplicate': 7, ok: 1 })
      })

      it('never both creates a route to an instance and deletes the instance', async () => {
        for (let round = 0; round < 4; round++) {
          const f = await fresh()
          const [created, deleted] = await Promise.all([
            outcome(f.account.vpc.createRouteEntry(new Vpc.CreateRouteEntryRequest({ routeTableId: f.tableId, destinationCidrBlock: '10.0.0.0/8', nextHopId: f.instanceId }))),
            outcome(deleteInstance(f.account, f.instanceId)),
          ])
          assert.ok(
            (created === 'ok' && deleted === 'DependencyViolation.RouteEntry') || (created === 'InvalidNextHopId.NotFound' && deleted === 'ok'),
            `${created} / ${deleted}`,
          )
        }
      })
    })
  })
}
