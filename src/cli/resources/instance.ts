import type { Command } from 'commander'
import { need, noun, positiveInteger, repeatable, verb, waitable, withMax, withTags, type CommandContext, type Tags } from './command.js'
import { ENI_TAB_COLUMNS, enisByDevice } from './eni.js'
import { actionOutcome, cell, column, itemOutcome, itemsAt, listOutcome, show, type Column, type Item } from './output.js'
import { listAll, only } from './paging.js'

// DescribeInstances: MaxResults up to 100; DescribeInstanceTypes the same.
const INSTANCE_PAGE = 100

const INSTANCE_COLUMNS: Column[] = [
  column('InstanceId'),
  column('Name', 'InstanceName'),
  column('Status'),
  column('Type', 'InstanceType'),
  column('Zone', 'ZoneId'),
  column('VSwitchId', 'VpcAttributes.VSwitchId'),
  column('PrivateIp', 'VpcAttributes.PrivateIpAddress.IpAddress'),
  column('Eip', 'EipAddress.IpAddress'),
  { header: 'Enis', value: (item) => String(itemsAt(item, 'NetworkInterfaces.NetworkInterface').length) },
]

const INSTANCE_TYPE_COLUMNS: Column[] = [
  column('InstanceTypeId'),
  column('Family', 'InstanceTypeFamily'),
  column('Cpu', 'CpuCoreCount'),
  column('MemoryGiB', 'MemorySize'),
  column('Enis', 'EniQuantity'),
  column('IpsPerEni', 'EniPrivateIpAddressQuantity'),
  column('QueuesPerEni', 'MaximumQueueNumberPerEni'),
  column('BandwidthRxKbps', 'InstanceBandwidthRx'),
]

/** The states a power action passes through, and where it ends (spec §7). */
const INSTANCE_TRANSITIONAL = ['Pending', 'Starting', 'Stopping']

function instances(ctx: CommandContext, filters: Record<string, string | boolean | undefined>, max?: number): Promise<Item[]> {
  return listAll(
    ctx,
    { product: 'ecs', action: 'DescribeInstances', params: { RegionId: ctx.regionId, ...filters }, items: 'Instances.Instance', paging: 'token', pageSize: INSTANCE_PAGE },
    max,
  )
}

/** The instance's status, `Deleted` once DescribeInstances no longer knows it. */
async function instanceStatus(ctx: CommandContext, id: string): Promise<string> {
  const [item] = await instances(ctx, { InstanceIds: JSON.stringify([id]) })
  return item === undefined ? 'Deleted' : cell(item, 'Status')
}

function settleInstance(ctx: CommandContext, id: string, target: string, transitional = INSTANCE_TRANSITIONAL) {
  return ctx.settle({ label: `${id} to be ${target}`, target, transitional, state: () => instanceStatus(ctx, id) })
}

const jsonIds = (ids: string[] | undefined) => (ids === undefined ? undefined : JSON.stringify(ids))

interface InstanceListOptions {
  id?: string[]
  vpc?: string
  vswitch?: string
  zone?: string
  sg?: string
  type?: string
  name?: string
  status?: string
  privateIp?: string[]
  eip?: string[]
  max?: number
}

interface RunOptions {
  type?: string
  image?: string
  vswitch?: string
  sg?: string[]
  zone?: string
  privateIp?: string
  amount?: number
  name?: string
  hostName?: string
  description?: string
  queueNumber?: number
  deletionProtection?: boolean
  tag?: Tags
  clientToken?: string
}

/** A power action (`start`, `stop`, `reboot`): no RegionId, the ID names the instance (spec §5.13). */
function powerVerb(instance: Command, name: string, action: string, target: string, past: string): void {
  waitable(
    verb(instance, name, `${name} an instance`, async (ctx, [id = '']) => {
      const body = await ctx.client.call('ecs', action, { InstanceId: id })
      await settleInstance(ctx, id, target)
      return actionOutcome(body, `${past} ${id}.`)
    }).argument('<instance-id>'),
    `the instance is ${target}`,
  )
}

function registerInstance(program: Command): void {
  const instance = noun(program, 'instance', 'instances: the machines ENIs attach to')
  withMax(
    verb<InstanceListOptions>(instance, 'list', 'list instances', async (ctx, _args, o) => {
      const items = await instances(
        ctx,
        {
          InstanceIds: jsonIds(o.id),
          VpcId: o.vpc,
          VSwitchId: o.vswitch,
          ZoneId: o.zone,
          SecurityGroupId: o.sg,
          InstanceType: o.type,
          InstanceName: o.name,
          Status: o.status,
          PrivateIpAddresses: jsonIds(o.privateIp),
          EipAddresses: jsonIds(o.eip),
        },
        o.max,
      )
      return listOutcome(items, 'InstanceId', INSTANCE_COLUMNS)
    }),
  )
    .option('--id <ids>', 'only these instances (repeatable or comma-separated)', repeatable)
    .option('--vpc <vpc-id>', 'only instances in this VPC')
    .option('--vswitch <vsw-id>', 'only instances on this vSwitch')
    .option('--zone <zone-id>', 'only instances in this zone')
    .option('--sg <sg-id>', 'only instances in this security group')
    .option('--type <type>', 'only instances of this type')
    .option('--name <name>', 'only instances of this name')
    .option('--status <status>', 'only instances in this status (Pending, Running, Starting, Stopping, Stopped)')
    .option('--private-ip <ips>', 'only instances with these private addresses', repeatable)
    .option('--eip <ips>', 'only instances with these EIP addresses', repeatable)
  verb(instance, 'show', 'show one instance', async (ctx, [id = '']) =>
    itemOutcome(only(await instances(ctx, { InstanceIds: JSON.stringify([id]) }), 'InvalidInstanceId.NotFound', 'instance', id), INSTANCE_COLUMNS),
  ).argument('<instance-id>')
  verb(instance, 'enis', "an instance's ENIs by device index, primary first, with MAC, addresses, EIPs and groups", async (ctx, [id = '']) => {
    const items = await enisByDevice(ctx, id)
    // An instance without ENIs does not exist: every instance has its primary one.
    if (items.length === 0) only(await instances(ctx, { InstanceIds: JSON.stringify([id]) }), 'InvalidInstanceId.NotFound', 'instance', id)
    return listOutcome(items, 'NetworkInterfaceId', ENI_TAB_COLUMNS)
  }).argument('<instance-id>')
  waitable(
    withTags(
      verb<RunOptions>(instance, 'run', 'launch instances (prints their IDs with --output text)', async (ctx, _args, o) => {
        const body = await ctx.client.call('ecs', 'RunInstances', {
          RegionId: ctx.regionId,
          InstanceType: need(o.type, '--type'),
          ImageId: need(o.image, '--image'),
          VSwitchId: o.vswitch,
          SecurityGroupIds: o.sg,
          ZoneId: o.zone,
          PrivateIpAddress: o.privateIp,
          Amount: o.amount,
          InstanceName: o.name,
          HostName: o.hostName,
          Description: o.description,
          NetworkInterfaceQueueNumber: o.queueNumber,
          DeletionProtection: o.deletionProtection,
          Tag: o.tag,
          ClientToken: o.clientToken,
        })
        const ids = itemsAt(body, 'InstanceIdSets.InstanceIdSet').map(show)
        for (const id of ids) await settleInstance(ctx, id, 'Running')
        return actionOutcome(body, `Launched ${ids.join(', ')}.`, ids)
      }),
    ),
    'the instances are Running',
  )
    .option('--type <instance-type>', 'the instance type, e.g. ecs.g7.large (required)')
    .option('--image <image-id>', 'the image, e.g. debian_12 (required)')
    .option('--vswitch <vsw-id>', "the primary ENI's vSwitch")
    .option('--sg <sg-id>', "the primary ENI's security groups (repeatable or comma-separated)", repeatable)
    .option('--zone <zone-id>', 'the zone (default: the vSwitch\'s)')
    .option('--private-ip <ip>', "the primary ENI's address")
    .option('--amount <n>', 'how many instances', positiveInteger('--amount'))
    .option('--name <name>', 'InstanceName')
    .option('--host-name <name>', 'HostName')
    .option('--description <text>', 'Description')
    .option('--queue-number <n>', "the primary ENI's queue count", positiveInteger('--queue-number'))
    .option('--deletion-protection', 'refuse DeleteInstance until turned off')
    .option('--client-token <token>', 'makes a retried run idempotent')
  powerVerb(instance, 'start', 'StartInstance', 'Running', 'Starting')
  powerVerb(instance, 'stop', 'StopInstance', 'Stopped', 'Stopping')
  powerVerb(instance, 'reboot', 'RebootInstance', 'Running', 'Rebooting')
  waitable(
    verb<{ force?: boolean }>(instance, 'delete', 'delete an instance (Stopped, or Running with --force)', async (ctx, [id = ''], o) => {
      const body = await ctx.client.call('ecs', 'DeleteInstance', { InstanceId: id, Force: o.force })
      // Until it is gone it may show any status; only its disappearance ends the wait.
      await settleInstance(ctx, id, 'Deleted', ['Pending', 'Starting', 'Running', 'Stopping', 'Stopped'])
      return actionOutcome(body, `Deleting ${id}.`)
    })
      .argument('<instance-id>')
      .option('--force', 'delete it even while Running'),
    'the instance is gone',
  )
}

interface InstanceTypeListOptions { type?: string[]; family?: string; minEnis?: number; minIps?: number; max?: number }

function registerCatalog(program: Command): void {
  const instanceType = noun(program, 'instance-type', 'the instance-type catalogue')
  withMax(
    verb<InstanceTypeListOptions>(instanceType, 'list', 'list instance types', async (ctx, _args, o) => {
      const items = await listAll(
        ctx,
        {
          product: 'ecs',
          action: 'DescribeInstanceTypes',
          params: { InstanceTypes: o.type, InstanceTypeFamily: o.family, MinimumEniQuantity: o.minEnis, MinimumEniPrivateIpAddressQuantity: o.minIps },
          items: 'InstanceTypes.InstanceType',
          paging: 'token',
          pageSize: INSTANCE_PAGE,
        },
        o.max,
      )
      return listOutcome(items, 'InstanceTypeId', INSTANCE_TYPE_COLUMNS)
    }),
  )
    .option('--type <types>', 'only these types (repeatable or comma-separated)', repeatable)
    .option('--family <family>', 'only this family, e.g. ecs.g7')
    .option('--min-enis <n>', 'only types taking at least this many ENIs', positiveInteger('--min-enis'))
    .option('--min-ips <n>', 'only types taking at least this many addresses per ENI', positiveInteger('--min-ips'))

  const region = noun(program, 'region', 'the regions this deployment serves')
  verb(region, 'list', 'list regions', async (ctx) => {
    const body = await ctx.client.call('ecs', 'DescribeRegions', {})
    return listOutcome(itemsAt(body, 'Regions.Region'), 'RegionId', [column('RegionId'), column('Name', 'LocalName'), column('Status')])
  })
  const zone = noun(program, 'zone', 'the zones of a region')
  verb(zone, 'list', 'list the zones of the region (--region)', async (ctx) => {
    const body = await ctx.client.call('ecs', 'DescribeZones', { RegionId: ctx.regionId, Verbose: false })
    return listOutcome(itemsAt(body, 'Zones.Zone'), 'ZoneId', [column('ZoneId'), column('Name', 'LocalName'), column('Type', 'ZoneType')])
  })
}

export function registerInstanceCommands(program: Command): void {
  registerInstance(program)
  registerCatalog(program)
}
