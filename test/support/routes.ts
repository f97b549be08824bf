/**
 * Short readers and writers of route tables and route entries over the official VPC SDK, for the
 * route suites.
 */
import assert from 'node:assert/strict'
import { latestRevision } from '../../src/service/change-log.js'
import { plain } from './network.js'
import { REGION, sdkError, Vpc, type TestServer, type VpcClient } from './server.js'

export type RouteFields = ConstructorParameters<typeof Vpc.CreateRouteEntryRequest>[0]
export type RouteListFields = ConstructorParameters<typeof Vpc.DescribeRouteEntryListRequest>[0]
export type TableListFields = ConstructorParameters<typeof Vpc.DescribeRouteTableListRequest>[0]

export type ListedRoute = NonNullable<
  NonNullable<NonNullable<Awaited<ReturnType<VpcClient['describeRouteEntryList']>>['body']>['routeEntrys']>['routeEntry']
>[number]

/** The VPC's system route table, as DescribeVpcs names it. */
export async function routeTableOf(vpc: VpcClient, vpcId: string): Promise<string> {
  const { body } = await vpc.describeVpcs(new Vpc.DescribeVpcsRequest({ regionId: REGION, vpcId }))
  const id = body?.vpcs?.vpc?.[0]?.routerTableIds?.routerTableIds?.[0]
  assert.ok(id, `${vpcId} should have a route table`)
  return id
}

export async function createRoute(vpc: VpcClient, fields: RouteFields): Promise<string> {
  const { body } = await vpc.createRouteEntry(new Vpc.CreateRouteEntryRequest({ regionId: REGION, ...fields }))
  assert.ok(body?.routeEntryId)
  return body.routeEntryId
}

/** One page of DescribeRouteEntryList (100 routes unless told otherwise) with its NextToken. */
export async function routePage(vpc: VpcClient, routeTableId: string, fields: RouteListFields = {}) {
  const { body } = await vpc.describeRouteEntryList(
    new Vpc.DescribeRouteEntryListRequest({ regionId: REGION, routeTableId, maxResult: 100, ...fields }),
  )
  return { routes: body?.routeEntrys?.routeEntry ?? [], nextToken: body?.nextToken ?? '', totalCount: body?.totalCount }
}

export async function listRoutes(vpc: VpcClient, routeTableId: string, fields: RouteListFields = {}): Promise<ListedRoute[]> {
  return (await routePage(vpc, routeTableId, fields)).routes
}

/** `[destination, type, next-hop type, next-hop ID]` of every route of the table, in listing order. */
export async function routeSummary(vpc: VpcClient, routeTableId: string, fields: RouteListFields = {}): Promise<string[][]> {
  return (await listRoutes(vpc, routeTableId, fields)).map((r) => [
    r.destinationCidrBlock ?? '',
    r.type ?? '',
    r.nextHops?.nextHop?.[0]?.nextHopType ?? '',
    r.nextHops?.nextHop?.[0]?.nextHopId ?? '',
  ])
}

export async function listTables(vpc: VpcClient, fields: TableListFields = {}) {
  const { body } = await vpc.describeRouteTableList(new Vpc.DescribeRouteTableListRequest({ regionId: REGION, pageSize: 50, ...fields }))
  return body?.routerTableList?.routerTableListType ?? []
}

/**
 * Asserts a refused call's code and HTTP status, and that it changed nothing: the routes of the
 * table as the caller sees them, and the change log (no change recorded at all).
 */
export async function refusedRouteChange(
  server: TestServer,
  vpc: VpcClient,
  routeTableId: string,
  call: () => Promise<unknown>,
  code: string,
  status: number,
): Promise<void> {
  const snapshot = async () => plain({ routes: await listRoutes(vpc, routeTableId), revision: await latestRevision(server.deps.store.db) })
  const before = await snapshot()
  const err = await sdkError(call())
  assert.equal(err.code, code, err.message)
  assert.equal(err.statusCode, status)
  assert.deepEqual(await snapshot(), before)
}
