import type { Command } from 'commander'
import { UsageError } from './exit-codes.js'
import { need, noun, positiveInteger, verb, withMax, withTags, type CommandContext, type Tags } from './command.js'
import { actionOutcome, cell, column, itemOutcome, listOutcome, pick, show, type Column, type Item } from './output.js'
import { listAll, only } from './paging.js'

// DescribeVpcs, DescribeVSwitches and DescribeRouteTableList take pages of at most 50.
const VPC_PAGE = 50
// DescribeRouteEntryList: MaxResult 1–100.
const ROUTE_PAGE = 100

const VPC_COLUMNS: Column[] = [
  column('VpcId'),
  column('Name', 'VpcName'),
  column('CidrBlock'),
  column('Status'),
  column('Default', 'IsDefault'),
  column('RouteTable', 'RouterTableIds.RouterTableIds'),
  column('VSwitches', 'VSwitchIds.VSwitchId'),
]

const VSWITCH_COLUMNS: Column[] = [
  column('VSwitchId'),
  column('Name', 'VSwitchName'),
  column('VpcId'),
  column('Zone', 'ZoneId'),
  column('CidrBlock'),
  column('FreeIps', 'AvailableIpAddressCount'),
  column('Status'),
]

const ROUTE_TABLE_COLUMNS: Column[] = [
  column('RouteTableId'),
  column('Name', 'RouteTableName'),
  column('Type', 'RouteTableType'),
  column('VpcId'),
  column('VSwitches', 'VSwitchIds.VSwitchId'),
  column('Status'),
]

const nextHops = (path: 'NextHopType' | 'NextHopId') => (item: Item) => {
  const hops = pick(item, 'NextHops.NextHop')
  return Array.isArray(hops) ? hops.map((hop) => cell(hop, path)).join(',') : ''
}

const ROUTE_COLUMNS: Column[] = [
  column('RouteEntryId'),
  column('RouteTableId'),
  column('Destination', 'DestinationCidrBlock'),
  column('Type'),
  { header: 'NextHopType', value: nextHops('NextHopType') },
  { header: 'NextHop', value: nextHops('NextHopId') },
  column('Status'),
  column('Name', 'RouteEntryName'),
]

function vpcs(ctx: CommandContext, filters: Record<string, string | boolean | undefined>, max?: number) {
  return listAll(ctx, { product: 'vpc', action: 'DescribeVpcs', params: { RegionId: ctx.regionId, ...filters }, items: 'Vpcs.Vpc', paging: 'page', pageSize: VPC_PAGE }, max)
}

function vSwitches(ctx: CommandContext, filters: Record<string, string | boolean | undefined>, max?: number) {
  return listAll(
    ctx,
    { product: 'vpc', action: 'DescribeVSwitches', params: { RegionId: ctx.regionId, ...filters }, items: 'VSwitches.VSwitch', paging: 'page', pageSize: VPC_PAGE },
    max,
  )
}

function routeTables(ctx: CommandContext, filters: Record<string, string | undefined>, max?: number) {
  return listAll(
    ctx,
    {
      product: 'vpc',
      action: 'DescribeRouteTableList',
      params: { RegionId: ctx.regionId, ...filters },
      items: 'RouterTableList.RouterTableListType',
      paging: 'page',
      pageSize: VPC_PAGE,
    },
    max,
  )
}

function routeEntries(ctx: CommandContext, tableId: string, filters: Record<string, string | undefined>, max?: number) {
  return listAll(
    ctx,
    {
      product: 'vpc',
      action: 'DescribeRouteEntryList',
      params: { RegionId: ctx.regionId, RouteTableId: tableId, ...filters },
      items: 'RouteEntrys.RouteEntry',
      paging: 'route-token',
      pageSize: ROUTE_PAGE,
    },
    max,
  )
}

interface VpcListOptions { id?: string; name?: string; default?: boolean; max?: number }
interface VpcCreateOptions { cidrBlock?: string; userCidr?: string; name?: string; description?: string; tag?: Tags; clientToken?: string; dryRun?: boolean }

function registerVpc(program: Command): void {
  const vpc = noun(program, 'vpc', 'VPCs: private networks, each with its router and system route table')
  withMax(verb<VpcListOptions>(vpc, 'list', 'list VPCs', async (ctx, _args, o) => {
    const items = await vpcs(ctx, { VpcId: o.id, VpcName: o.name, IsDefault: o.default }, o.max)
    return listOutcome(items, 'VpcId', VPC_COLUMNS)
  }))
    .option('--id <ids>', 'only these VPCs (comma-separated)')
    .option('--name <name>', 'only VPCs of this name')
    .option('--default', 'only the default VPC')
  verb(vpc, 'show', 'show one VPC', async (ctx, [id = '']) => itemOutcome(only(await vpcs(ctx, { VpcId: id }), 'InvalidVpcId.NotFound', 'VPC', id), VPC_COLUMNS)).argument('<vpc-id>')
  withTags(
    verb<VpcCreateOptions>(vpc, 'create', 'create a VPC (prints its ID with --output text)', async (ctx, _args, o) => {
      const body = await ctx.client.call('vpc', 'CreateVpc', {
        RegionId: ctx.regionId,
        CidrBlock: o.cidrBlock,
        UserCidr: o.userCidr,
        VpcName: o.name,
        Description: o.description,
        Tag: o.tag,
        ClientToken: o.clientToken,
        DryRun: o.dryRun,
      })
      return actionOutcome(body, `Created VPC ${show(body.VpcId)} (router ${show(body.VRouterId)}, route table ${show(body.RouteTableId)}).`, [show(body.VpcId)])
    }),
  )
    .option('--cidr-block <cidr>', 'the VPC block, e.g. 198.18.0.0/16')
    .option('--user-cidr <cidrs>', 'user CIDR blocks (comma-separated)')
    .option('--name <name>', 'VpcName')
    .option('--description <text>', 'Description')
    .option('--client-token <token>', 'makes a retried create idempotent')
    .option('--dry-run', 'only check the request')
  verb(vpc, 'delete', 'delete a VPC (its vSwitches must be gone)', async (ctx, [id = '']) => {
    const body = await ctx.client.call('vpc', 'DeleteVpc', { RegionId: ctx.regionId, VpcId: id })
    return actionOutcome(body, `Deleted VPC ${id}.`)
  }).argument('<vpc-id>')
}

interface VSwitchListOptions { vpc?: string; zone?: string; name?: string; id?: string; max?: number }
interface VSwitchCreateOptions { vpc?: string; zone?: string; cidrBlock?: string; cidrMask?: number; name?: string; description?: string; tag?: Tags; clientToken?: string }

function registerVSwitch(program: Command): void {
  const vswitch = noun(program, 'vswitch', 'vSwitches: subnets of a VPC, in a zone or regional')
  withMax(verb<VSwitchListOptions>(vswitch, 'list', 'list vSwitches', async (ctx, _args, o) => {
    const items = await vSwitches(ctx, { VpcId: o.vpc, ZoneId: o.zone, VSwitchName: o.name, VSwitchId: o.id }, o.max)
    return listOutcome(items, 'VSwitchId', VSWITCH_COLUMNS)
  }))
    .option('--vpc <vpc-id>', 'only vSwitches of this VPC')
    .option('--zone <zone-id>', 'only vSwitches of this zone')
    .option('--name <name>', 'only vSwitches of this name')
    .option('--id <vsw-id>', 'only this vSwitch')
  verb(vswitch, 'show', 'show one vSwitch', async (ctx, [id = '']) =>
    itemOutcome(only(await vSwitches(ctx, { VSwitchId: id }), 'InvalidVSwitchId.NotFound', 'vSwitch', id), VSWITCH_COLUMNS),
  ).argument('<vsw-id>')
  withTags(
    verb<VSwitchCreateOptions>(vswitch, 'create', 'create a vSwitch (prints its ID with --output text)', async (ctx, _args, o) => {
      if (o.cidrBlock === undefined && o.cidrMask === undefined) throw new UsageError('give --cidr-block, or --cidr-mask to let the VPC choose one')
      const body = await ctx.client.call('vpc', 'CreateVSwitch', {
        RegionId: ctx.regionId,
        VpcId: need(o.vpc, '--vpc'),
        ZoneId: o.zone,
        CidrBlock: o.cidrBlock,
        CidrMask: o.cidrMask,
        VSwitchName: o.name,
        Description: o.description,
        Tag: o.tag,
        ClientToken: o.clientToken,
      })
      return actionOutcome(body, `Created vSwitch ${show(body.VSwitchId)}.`, [show(body.VSwitchId)])
    }),
  )
    .option('--vpc <vpc-id>', 'the VPC (required)')
    .option('--zone <zone-id>', 'its zone (default: regional, usable from every zone)')
    .option('--cidr-block <cidr>', 'its block, inside the VPC')
    .option('--cidr-mask <len>', 'or only the prefix length, the block chosen by the VPC', positiveInteger('--cidr-mask'))
    .option('--name <name>', 'VSwitchName')
    .option('--description <text>', 'Description')
    .option('--client-token <token>', 'makes a retried create idempotent')
  verb(vswitch, 'delete', 'delete a vSwitch (its ENIs must be gone)', async (ctx, [id = '']) => {
    const body = await ctx.client.call('vpc', 'DeleteVSwitch', { RegionId: ctx.regionId, VSwitchId: id })
    return actionOutcome(body, `Deleted vSwitch ${id}.`)
  }).argument('<vsw-id>')
}

interface RouteListOptions { table?: string; vpc?: string; destination?: string; type?: string; nextHop?: string; max?: number }
interface RouteCreateOptions { table?: string; destination?: string; nextHopType?: string; nextHop?: string; name?: string; description?: string; clientToken?: string }
interface RouteDeleteOptions { table?: string; destination?: string; nextHop?: string }

function registerRoute(program: Command): void {
  const route = noun(program, 'route', "routes of a VPC's route tables")
  withMax(verb<{ vpc?: string; id?: string; max?: number }>(route, 'tables', 'list route tables', async (ctx, _args, o) => {
    const items = await routeTables(ctx, { VpcId: o.vpc, RouteTableId: o.id }, o.max)
    return listOutcome(items, 'RouteTableId', ROUTE_TABLE_COLUMNS)
  }))
    .option('--vpc <vpc-id>', 'only route tables of this VPC')
    .option('--id <vtb-id>', 'only this route table')
  withMax(verb<RouteListOptions>(route, 'list', "list the routes of a route table, or of every table of a VPC (or of all VPCs)", async (ctx, _args, o) => {
    const filters = { DestinationCidrBlock: o.destination, RouteEntryType: o.type, NextHopId: o.nextHop }
    const tables = o.table !== undefined ? [o.table] : (await routeTables(ctx, { VpcId: o.vpc })).map((t) => cell(t, 'RouteTableId'))
    const items: Item[] = []
    for (const table of tables) {
      const left = o.max === undefined ? undefined : o.max - items.length
      if (left === 0) break
      items.push(...(await routeEntries(ctx, table, filters, left)))
    }
    return listOutcome(items, 'RouteEntryId', ROUTE_COLUMNS)
  }))
    .option('--table <vtb-id>', 'the route table')
    .option('--vpc <vpc-id>', "without --table: every table of this VPC")
    .option('--destination <cidr>', 'only routes to this block')
    .option('--type <type>', 'only routes of this type (System, Custom)')
    .option('--next-hop <id>', 'only routes through this next hop')
  verb<RouteCreateOptions>(route, 'create', 'add a custom route (prints its ID with --output text)', async (ctx, _args, o) => {
    const body = await ctx.client.call('vpc', 'CreateRouteEntry', {
      RegionId: ctx.regionId,
      RouteTableId: need(o.table, '--table'),
      DestinationCidrBlock: need(o.destination, '--destination'),
      NextHopType: o.nextHopType,
      NextHopId: need(o.nextHop, '--next-hop'),
      RouteEntryName: o.name,
      Description: o.description,
      ClientToken: o.clientToken,
    })
    return actionOutcome(body, `Created route ${show(body.RouteEntryId)}.`, [show(body.RouteEntryId)])
  })
    .option('--table <vtb-id>', 'the route table (required)')
    .option('--destination <cidr>', 'the destination block (required)')
    .option('--next-hop <id>', 'the next hop: an instance or ENI ID (required)')
    .option('--next-hop-type <type>', 'Instance or NetworkInterface (default: Instance)')
    .option('--name <name>', 'RouteEntryName')
    .option('--description <text>', 'Description')
    .option('--client-token <token>', 'makes a retried create idempotent')
  verb<RouteDeleteOptions>(route, 'delete', 'delete a custom route, by ID or by table and destination', async (ctx, [id], o) => {
    if (id === undefined && (o.table === undefined || o.destination === undefined)) {
      throw new UsageError('give the route entry ID, or --table and --destination')
    }
    const body = await ctx.client.call('vpc', 'DeleteRouteEntry', {
      RegionId: ctx.regionId,
      RouteEntryId: id,
      RouteTableId: o.table,
      DestinationCidrBlock: o.destination,
      NextHopId: o.nextHop,
    })
    return actionOutcome(body, `Deleted route ${id ?? `to ${o.destination} in ${o.table}`}.`)
  })
    .argument('[rte-id]')
    .option('--table <vtb-id>', 'the route table')
    .option('--destination <cidr>', 'the destination block')
    .option('--next-hop <id>', 'the next hop, when several routes share the destination')
}

export function registerNetworkCommands(program: Command): void {
  registerVpc(program)
  registerVSwitch(program)
  registerRoute(program)
}
