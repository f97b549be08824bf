import type { Command } from 'commander'
import { UsageError } from './exit-codes.js'
import { exactlyOne, need, noun, positiveInteger, repeatable, verb, waitable, withMax, withTags, type CommandContext, type Tags } from './command.js'
import { actionOutcome, cell, column, itemsAt, itemOutcome, listOutcome, show, type Column, type Item } from './output.js'
import { listAll, only } from './paging.js'

// DescribeEipAddresses: pages of at most 100.
const EIP_PAGE = 100

const EIP_COLUMNS: Column[] = [
  column('AllocationId'),
  column('IpAddress'),
  column('Name'),
  column('Status'),
  column('BandwidthMbps', 'Bandwidth'),
  column('ChargeType', 'InternetChargeType'),
  column('BoundTo', 'InstanceType'),
  column('InstanceId'),
  column('PrivateIp', 'PrivateIpAddress'),
]

const MONITOR_COLUMNS: Column[] = [
  column('TimeStamp'),
  column('RxBytes', 'EipRX'),
  column('TxBytes', 'EipTX'),
  column('FlowBytes', 'EipFlow'),
  column('Bandwidth', 'EipBandwidth'),
  column('Packets', 'EipPackets'),
]

function eips(ctx: CommandContext, filters: Record<string, string | undefined>, max?: number): Promise<Item[]> {
  return listAll(
    ctx,
    { product: 'vpc', action: 'DescribeEipAddresses', params: { RegionId: ctx.regionId, ...filters }, items: 'EipAddresses.EipAddress', paging: 'page', pageSize: EIP_PAGE },
    max,
  )
}

async function eipStatus(ctx: CommandContext, id: string): Promise<string> {
  return cell(only(await eips(ctx, { AllocationId: id }), 'InvalidAllocationId.NotFound', 'EIP', id), 'Status')
}

interface EipListOptions { id?: string[]; ip?: string[]; status?: string; instance?: string; boundTo?: string; name?: string; max?: number }

interface AllocateOptions {
  bandwidth?: number
  chargeType?: string
  instanceChargeType?: string
  pricingCycle?: string
  period?: number
  isp?: string
  name?: string
  description?: string
  ip?: string
  zone?: string
  tag?: Tags
  clientToken?: string
}

interface AssociateOptions { instance?: string; eni?: string; privateIp?: string; clientToken?: string }

export function registerEipCommands(program: Command): void {
  const eip = noun(program, 'eip', 'elastic IP addresses: allocate, associate with an instance or ENI, release')
  withMax(
    verb<EipListOptions>(eip, 'list', 'list EIPs', async (ctx, _args, o) => {
      const items = await eips(
        ctx,
        {
          AllocationId: o.id?.join(','),
          EipAddress: o.ip?.join(','),
          Status: o.status,
          AssociatedInstanceId: o.instance,
          AssociatedInstanceType: o.boundTo,
          EipName: o.name,
        },
        o.max,
      )
      return listOutcome(items, 'AllocationId', EIP_COLUMNS)
    }),
  )
    .option('--id <ids>', 'only these EIPs (repeatable or comma-separated)', repeatable)
    .option('--ip <ips>', 'only these addresses (repeatable or comma-separated)', repeatable)
    .option('--status <status>', 'only EIPs in this status (Available, Associating, InUse, Unassociating)')
    .option('--instance <id>', 'only the EIP bound to this instance or ENI')
    .option('--bound-to <type>', 'only EIPs bound to this kind: EcsInstance or NetworkInterface')
    .option('--name <name>', 'only EIPs of this name')
  verb(eip, 'show', 'show one EIP', async (ctx, [id = '']) =>
    itemOutcome(only(await eips(ctx, { AllocationId: id }), 'InvalidAllocationId.NotFound', 'EIP', id), EIP_COLUMNS),
  ).argument('<eip-id>')
  withTags(
    verb<AllocateOptions>(eip, 'allocate', 'allocate an EIP (prints its allocation ID with --output text)', async (ctx, _args, o) => {
      const body = await ctx.client.call('vpc', 'AllocateEipAddress', {
        RegionId: ctx.regionId,
        Bandwidth: o.bandwidth,
        InternetChargeType: o.chargeType,
        InstanceChargeType: o.instanceChargeType,
        PricingCycle: o.pricingCycle,
        Period: o.period,
        ISP: o.isp,
        Name: o.name,
        Description: o.description,
        IpAddress: o.ip,
        Zone: o.zone,
        Tag: o.tag,
        ClientToken: o.clientToken,
      })
      return actionOutcome(body, `Allocated ${show(body.AllocationId)} (${show(body.EipAddress)}).`, [show(body.AllocationId)])
    }),
  )
    .option('--bandwidth <mbps>', 'its bandwidth cap in Mbit/s (default 5)', positiveInteger('--bandwidth'))
    .option('--charge-type <type>', 'PayByTraffic or PayByBandwidth')
    .option('--instance-charge-type <type>', 'PostPaid or PrePaid')
    .option('--pricing-cycle <cycle>', 'with PrePaid: Month or Year')
    .option('--period <n>', 'with PrePaid: how many cycles', positiveInteger('--period'))
    .option('--isp <isp>', 'the line type, e.g. BGP')
    .option('--name <name>', 'Name')
    .option('--description <text>', 'Description')
    .option('--ip <address>', 'this address from the pool')
    .option('--zone <zone-id>', 'Zone')
    .option('--client-token <token>', 'makes a retried allocation idempotent')
  waitable(
    verb<AssociateOptions>(eip, 'associate', 'bind an EIP to an instance (its primary address) or to an ENI', async (ctx, [id = ''], o) => {
      const [option, target] = exactlyOne({ '--instance': o.instance, '--eni': o.eni })
      if (o.privateIp !== undefined && option !== '--eni') throw new UsageError('--private-ip goes with --eni')
      const body = await ctx.client.call('vpc', 'AssociateEipAddress', {
        RegionId: ctx.regionId,
        AllocationId: id,
        InstanceId: target,
        InstanceType: option === '--eni' ? 'NetworkInterface' : 'EcsInstance',
        PrivateIpAddress: o.privateIp,
        ClientToken: o.clientToken,
      })
      await ctx.settle({ label: `${id} to be InUse`, target: 'InUse', transitional: ['Associating'], state: () => eipStatus(ctx, id) })
      return actionOutcome(body, `Associating ${id} with ${target}.`)
    })
      .argument('<eip-id>')
      .option('--instance <instance-id>', 'bind to this instance')
      .option('--eni <eni-id>', 'or to this ENI')
      .option('--private-ip <ip>', "with --eni: this one of the ENI's addresses (default: its primary)")
      .option('--client-token <token>', 'makes a retried call idempotent'),
    'the EIP is InUse',
  )
  waitable(
    verb<{ clientToken?: string }>(eip, 'unassociate', 'unbind an EIP', async (ctx, [id = ''], o) => {
      const body = await ctx.client.call('vpc', 'UnassociateEipAddress', { RegionId: ctx.regionId, AllocationId: id, ClientToken: o.clientToken })
      await ctx.settle({ label: `${id} to be Available`, target: 'Available', transitional: ['Unassociating'], state: () => eipStatus(ctx, id) })
      return actionOutcome(body, `Unassociating ${id}.`)
    })
      .argument('<eip-id>')
      .option('--client-token <token>', 'makes a retried call idempotent'),
    'the EIP is Available',
  )
  verb<{ bandwidth?: number; name?: string; description?: string }>(eip, 'modify', "change an EIP's bandwidth, name or description", async (ctx, [id = ''], o) => {
    if (o.bandwidth === undefined && o.name === undefined && o.description === undefined) throw new UsageError('nothing to change: give --bandwidth, --name or --description')
    const body = await ctx.client.call('vpc', 'ModifyEipAddressAttribute', {
      RegionId: ctx.regionId,
      AllocationId: id,
      Bandwidth: o.bandwidth,
      Name: o.name,
      Description: o.description,
    })
    return actionOutcome(body, `Modified ${id}.`)
  })
    .argument('<eip-id>')
    .option('--bandwidth <mbps>', 'the new bandwidth cap in Mbit/s', positiveInteger('--bandwidth'))
    .option('--name <name>', 'Name ("" clears it)')
    .option('--description <text>', 'Description ("" clears it)')
  verb(eip, 'release', 'release an unbound EIP', async (ctx, [id = '']) => {
    const body = await ctx.client.call('vpc', 'ReleaseEipAddress', { RegionId: ctx.regionId, AllocationId: id })
    return actionOutcome(body, `Released ${id}.`)
  }).argument('<eip-id>')
  verb<{ from?: string; to?: string; period?: number }>(eip, 'monitor', "an EIP's traffic over a period", async (ctx, [id = ''], o) => {
    const body = await ctx.client.call('vpc', 'DescribeEipMonitorData', {
      RegionId: ctx.regionId,
      AllocationId: id,
      StartTime: need(o.from, '--from'),
      EndTime: need(o.to, '--to'),
      Period: o.period,
    })
    return listOutcome(itemsAt(body, 'EipMonitorDatas.EipMonitorData'), 'TimeStamp', MONITOR_COLUMNS)
  })
    .argument('<eip-id>')
    .option('--from <time>', 'start, e.g. 2026-11-01T00:00Z (required)')
    .option('--to <time>', 'end (required)')
    .option('--period <seconds>', '60, 300, 900 or 3600', positiveInteger('--period'))
}
