import type { Command } from 'commander'
import { UsageError } from './exit-codes.js'
import { booleanArgument, need, noun, positiveInteger, repeatable, verb, waitable, withMax, withTags, type CommandContext, type Tags } from './command.js'
import { actionOutcome, cell, column, itemOutcome, itemsAt, listOutcome, pick, show, type Column, type Item } from './output.js'
import { listAll } from './paging.js'

// DescribeNetworkInterfaces: MaxResults 10–500.
const ENI_PAGE = 500

/** Every address of the ENI, the primary first as the API lists it. */
const addresses = (item: Item) => itemsAt(item, 'PrivateIpSets.PrivateIpSet').map((ip) => cell(ip, 'PrivateIpAddress')).join(',')

/** The EIPs on its addresses, as `EIP→private`. */
const eips = (item: Item) =>
  itemsAt(item, 'PrivateIpSets.PrivateIpSet')
    .filter((ip) => pick(ip, 'AssociatedPublicIp.PublicIpAddress') !== undefined)
    .map((ip) => `${cell(ip, 'AssociatedPublicIp.PublicIpAddress')}→${cell(ip, 'PrivateIpAddress')}`)
    .join(',')

const ENI_COLUMNS: Column[] = [
  column('NetworkInterfaceId'),
  column('Name', 'NetworkInterfaceName'),
  column('Status'),
  column('Type'),
  column('InstanceId'),
  column('Device', 'Attachment.DeviceIndex'),
  column('VSwitchId'),
  column('Mac', 'MacAddress'),
  { header: 'PrivateIps', value: addresses },
  { header: 'Eips', value: eips },
  column('SecurityGroups', 'SecurityGroupIds.SecurityGroupId'),
]

/** `instance enis`: what a console's network-interfaces tab shows. */
export const ENI_TAB_COLUMNS: Column[] = [
  column('Device', 'Attachment.DeviceIndex'),
  column('NetworkInterfaceId'),
  column('Type'),
  column('Status'),
  column('Mac', 'MacAddress'),
  { header: 'PrivateIps', value: addresses },
  { header: 'Eips', value: eips },
  column('SecurityGroups', 'SecurityGroupIds.SecurityGroupId'),
  column('VSwitchId'),
]

function enis(ctx: CommandContext, filters: Record<string, string | string[] | undefined>, max?: number): Promise<Item[]> {
  return listAll(
    ctx,
    {
      product: 'ecs',
      action: 'DescribeNetworkInterfaces',
      params: { RegionId: ctx.regionId, ...filters },
      items: 'NetworkInterfaceSets.NetworkInterfaceSet',
      paging: 'token',
      pageSize: ENI_PAGE,
    },
    max,
  )
}

/** The instance's ENIs by device index: the primary (device 0) first. */
export async function enisByDevice(ctx: CommandContext, instanceId: string): Promise<Item[]> {
  const items = await enis(ctx, { InstanceId: instanceId })
  const device = (item: Item) => Number(pick(item, 'Attachment.DeviceIndex') ?? (cell(item, 'Type') === 'Primary' ? 0 : Number.MAX_SAFE_INTEGER))
  return items.sort((a, b) => device(a) - device(b))
}

async function describeEni(ctx: CommandContext, id: string): Promise<Item> {
  return ctx.client.call('ecs', 'DescribeNetworkInterfaceAttribute', { RegionId: ctx.regionId, NetworkInterfaceId: id })
}

function settleEni(ctx: CommandContext, id: string, target: string, transitional: string[]) {
  return ctx.settle({ label: `${id} to be ${target}`, target, transitional, state: async () => cell(await describeEni(ctx, id), 'Status') })
}

interface EniListOptions {
  id?: string[]
  vpc?: string
  vswitch?: string
  instance?: string
  type?: string
  status?: string
  name?: string
  primaryIp?: string
  privateIp?: string[]
  sg?: string
  max?: number
}

interface EniCreateOptions {
  vswitch?: string
  sg?: string[]
  primaryIp?: string
  privateIp?: string[]
  secondaryCount?: number
  name?: string
  description?: string
  queueNumber?: number
  deleteOnRelease?: boolean
  sourceDestCheck?: boolean
  tag?: Tags
  clientToken?: string
}

interface EniModifyOptions {
  name?: string
  description?: string
  sg?: string[]
  queueNumber?: number
  deleteOnRelease?: boolean
  sourceDestCheck?: boolean
}

interface AttachmentMove {
  target: string
  transitional: string
  doing: string
  preposition: string
}

/** `attach` and `detach`: the same parameters (spec §5.5, §5.6), each settling in its own state. */
function attachmentVerb(eni: Command, name: string, description: string, action: string, move: AttachmentMove): void {
  waitable(
    verb<{ instance?: string }>(eni, name, description, async (ctx, [id = ''], o) => {
      const instance = need(o.instance, '--instance')
      const body = await ctx.client.call('ecs', action, { RegionId: ctx.regionId, NetworkInterfaceId: id, InstanceId: instance })
      await settleEni(ctx, id, move.target, [move.transitional])
      return actionOutcome(body, `${move.doing} ${id} ${move.preposition} ${instance}.`)
    })
      .argument('<eni-id>')
      .option('--instance <instance-id>', 'the instance (required)'),
    `the ENI is ${move.target}`,
  )
}

export function registerEniCommands(program: Command): void {
  const eni = noun(program, 'eni', 'elastic network interfaces: create, attach, detach, addresses')
  withMax(
    verb<EniListOptions>(eni, 'list', 'list ENIs', async (ctx, _args, o) => {
      const items = await enis(
        ctx,
        {
          NetworkInterfaceId: o.id,
          VpcId: o.vpc,
          VSwitchId: o.vswitch,
          InstanceId: o.instance,
          Type: o.type,
          Status: o.status,
          NetworkInterfaceName: o.name,
          PrimaryIpAddress: o.primaryIp,
          PrivateIpAddress: o.privateIp,
          SecurityGroupId: o.sg,
        },
        o.max,
      )
      return listOutcome(items, 'NetworkInterfaceId', ENI_COLUMNS)
    }),
  )
    .option('--id <ids>', 'only these ENIs (repeatable or comma-separated)', repeatable)
    .option('--vpc <vpc-id>', 'only ENIs in this VPC')
    .option('--vswitch <vsw-id>', 'only ENIs on this vSwitch')
    .option('--instance <instance-id>', 'only ENIs attached to this instance')
    .option('--type <type>', 'only Primary or Secondary ENIs')
    .option('--status <status>', 'only ENIs in this status (Available, Attaching, InUse, Detaching, …)')
    .option('--name <name>', 'only ENIs of this name')
    .option('--primary-ip <ip>', 'only the ENI with this primary address')
    .option('--private-ip <ips>', 'only ENIs holding these addresses (repeatable or comma-separated)', repeatable)
    .option('--sg <sg-id>', 'only ENIs in this security group')
  verb(eni, 'show', 'show one ENI', async (ctx, [id = '']) => itemOutcome(await describeEni(ctx, id), ENI_COLUMNS)).argument('<eni-id>')
  withTags(
    verb<EniCreateOptions>(eni, 'create', 'create a secondary ENI (prints its ID with --output text)', async (ctx, _args, o) => {
      const body = await ctx.client.call('ecs', 'CreateNetworkInterface', {
        RegionId: ctx.regionId,
        VSwitchId: need(o.vswitch, '--vswitch'),
        SecurityGroupIds: need(o.sg, '--sg'),
        PrimaryIpAddress: o.primaryIp,
        PrivateIpAddress: o.privateIp,
        SecondaryPrivateIpAddressCount: o.secondaryCount,
        NetworkInterfaceName: o.name,
        Description: o.description,
        QueueNumber: o.queueNumber,
        DeleteOnRelease: o.deleteOnRelease,
        SourceDestCheck: o.sourceDestCheck,
        Tag: o.tag,
        ClientToken: o.clientToken,
      })
      const id = show(body.NetworkInterfaceId)
      return actionOutcome(body, `Created ENI ${id} (${show(body.PrivateIpAddress)}).`, [id])
    }),
  )
    .option('--vswitch <vsw-id>', 'its vSwitch (required)')
    .option('--sg <sg-id>', 'its security groups, 1 to 5 (required; repeatable or comma-separated)', repeatable)
    .option('--primary-ip <ip>', 'its primary address (default: the next free one)')
    .option('--private-ip <ips>', 'secondary addresses (repeatable or comma-separated)', repeatable)
    .option('--secondary-count <n>', 'or this many secondary addresses, chosen for it', positiveInteger('--secondary-count'))
    .option('--name <name>', 'NetworkInterfaceName')
    .option('--description <text>', 'Description')
    .option('--queue-number <n>', 'its queue count', positiveInteger('--queue-number'))
    .option('--delete-on-release <bool>', 'delete it with its instance (true|false)', booleanArgument('--delete-on-release'))
    .option('--source-dest-check <bool>', 'drop traffic not from or to its addresses (true|false)', booleanArgument('--source-dest-check'))
    .option('--client-token <token>', 'makes a retried create idempotent')
  verb(eni, 'delete', 'delete an Available ENI', async (ctx, [id = '']) => {
    const body = await ctx.client.call('ecs', 'DeleteNetworkInterface', { RegionId: ctx.regionId, NetworkInterfaceId: id })
    return actionOutcome(body, `Deleted ${id}.`)
  }).argument('<eni-id>')
  attachmentVerb(eni, 'attach', 'attach an ENI to an instance', 'AttachNetworkInterface', {
    target: 'InUse',
    transitional: 'Attaching',
    doing: 'Attaching',
    preposition: 'to',
  })
  attachmentVerb(eni, 'detach', 'detach a secondary ENI from its instance', 'DetachNetworkInterface', {
    target: 'Available',
    transitional: 'Detaching',
    doing: 'Detaching',
    preposition: 'from',
  })
  verb<EniModifyOptions>(eni, 'modify', "change an ENI's name, description, groups, queues or flags", async (ctx, [id = ''], o) => {
    const changes = {
      NetworkInterfaceName: o.name,
      Description: o.description,
      SecurityGroupId: o.sg,
      QueueNumber: o.queueNumber,
      DeleteOnRelease: o.deleteOnRelease,
      SourceDestCheck: o.sourceDestCheck,
    }
    if (Object.values(changes).every((v) => v === undefined)) throw new UsageError('nothing to change: give at least one option')
    const body = await ctx.client.call('ecs', 'ModifyNetworkInterfaceAttribute', { RegionId: ctx.regionId, NetworkInterfaceId: id, ...changes })
    return actionOutcome(body, `Modified ${id}.`)
  })
    .argument('<eni-id>')
    .option('--name <name>', 'NetworkInterfaceName')
    .option('--description <text>', 'Description')
    .option('--sg <sg-id>', 'replace its security groups (repeatable or comma-separated)', repeatable)
    .option('--queue-number <n>', 'its queue count', positiveInteger('--queue-number'))
    .option('--delete-on-release <bool>', 'true|false', booleanArgument('--delete-on-release'))
    .option('--source-dest-check <bool>', 'true|false', booleanArgument('--source-dest-check'))
  verb<{ ip?: string[]; count?: number }>(eni, 'assign-ips', 'add secondary addresses (prints them with --output text)', async (ctx, [id = ''], o) => {
    if (o.ip === undefined && o.count === undefined) throw new UsageError('give --ip or --count')
    const body = await ctx.client.call('ecs', 'AssignPrivateIpAddresses', {
      RegionId: ctx.regionId,
      NetworkInterfaceId: id,
      PrivateIpAddress: o.ip,
      SecondaryPrivateIpAddressCount: o.count,
    })
    const assigned = itemsAt(body, 'AssignedPrivateIpAddressesSet.PrivateIpSet.PrivateIpAddress').map(show)
    return actionOutcome(body, `Assigned ${assigned.join(', ')} to ${id}.`, assigned)
  })
    .argument('<eni-id>')
    .option('--ip <ips>', 'these addresses (repeatable or comma-separated)', repeatable)
    .option('--count <n>', 'or this many, chosen for it', positiveInteger('--count'))
  verb<{ ip?: string[] }>(eni, 'unassign-ips', 'remove secondary addresses', async (ctx, [id = ''], o) => {
    const ips = need(o.ip, '--ip')
    const body = await ctx.client.call('ecs', 'UnassignPrivateIpAddresses', { RegionId: ctx.regionId, NetworkInterfaceId: id, PrivateIpAddress: ips })
    return actionOutcome(body, `Unassigned ${ips.join(', ')} from ${id}.`)
  })
    .argument('<eni-id>')
    .option('--ip <ips>', 'the addresses (required; repeatable or comma-separated)', repeatable)
}
