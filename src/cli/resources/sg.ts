import { Option, type Command } from 'commander'
import { UsageError } from './exit-codes.js'
import { exactlyOne, need, noun, positiveInteger, repeatable, verb, withMax, withTags, type CommandContext, type Tags } from './command.js'
import { actionOutcome, cell, column, itemOutcome, listOutcome, show, type Column, type Item } from './output.js'
import { listAll, only } from './paging.js'

// DescribeSecurityGroups: MaxResults up to 100; DescribeSecurityGroupAttribute 10–1000 rules.
const GROUP_PAGE = 100
const RULE_PAGE = 1000

const GROUP_COLUMNS: Column[] = [
  column('SecurityGroupId'),
  column('Name', 'SecurityGroupName'),
  column('VpcId'),
  column('Type', 'SecurityGroupType'),
  column('Rules', 'RuleCount'),
  column('Members', 'EcsCount'),
  column('Description'),
]

/** The far side of a rule: the source of an inbound one, the destination of an outbound one. */
const peer = (item: Item) => {
  const side = cell(item, 'Direction') === 'egress' ? 'Dest' : 'Source'
  return cell(item, `${side}GroupId`) || cell(item, `${side}CidrIp`)
}

const RULE_COLUMNS: Column[] = [
  column('SecurityGroupRuleId'),
  column('Direction'),
  column('Policy'),
  column('Priority'),
  column('Protocol', 'IpProtocol'),
  column('PortRange'),
  { header: 'Peer', value: peer },
  column('Description'),
]

function groups(ctx: CommandContext, filters: Record<string, string | undefined>, max?: number): Promise<Item[]> {
  return listAll(
    ctx,
    { product: 'ecs', action: 'DescribeSecurityGroups', params: { RegionId: ctx.regionId, ...filters }, items: 'SecurityGroups.SecurityGroup', paging: 'token', pageSize: GROUP_PAGE },
    max,
  )
}

interface RuleOptions {
  egress?: boolean
  protocol?: string
  port?: string
  cidr?: string
  group?: string
  policy?: string
  priority?: number
  description?: string
}

/** One rule as `Permissions.1.*`: the peer is the source of an inbound rule, the destination of an outbound one. */
function permission(o: RuleOptions) {
  const side = o.egress === true ? 'Dest' : 'Source'
  return {
    IpProtocol: need(o.protocol, '--protocol'),
    PortRange: o.port,
    [`${side}CidrIp`]: o.cidr,
    [`${side}GroupId`]: o.group,
    Policy: o.policy,
    Priority: o.priority,
    Description: o.description,
  }
}

/**
 * Rule IDs split by the action that revokes them: the API has one per direction, and a script that
 * read the IDs from `sg rules` should not have to say which is which. An ID the group lacks goes
 * with the inbound ones, so the API names it in its refusal.
 */
async function ruleIdsByDirection(ctx: CommandContext, groupId: string, ids: string[]): Promise<Array<{ egress: boolean; ids: string[] }>> {
  const rules = await listAll(ctx, {
    product: 'ecs',
    action: 'DescribeSecurityGroupAttribute',
    params: { RegionId: ctx.regionId, SecurityGroupId: groupId, Direction: 'egress' },
    items: 'Permissions.Permission',
    paging: 'token',
    pageSize: RULE_PAGE,
  })
  const egress = new Set(rules.map((rule) => cell(rule, 'SecurityGroupRuleId')))
  return [
    { egress: false, ids: ids.filter((ruleId) => !egress.has(ruleId)) },
    { egress: true, ids: ids.filter((ruleId) => egress.has(ruleId)) },
  ].filter((batch) => batch.ids.length > 0)
}

function ruleOptions(command: Command, required: boolean): Command {
  const req = required ? ' (required)' : ''
  return command
    .option('--egress', 'an outbound rule (default: inbound)')
    .option('--protocol <proto>', `tcp, udp, icmp or all${req}`)
    .option('--port <from/to>', 'port range, e.g. 22/22 (-1/-1 for icmp and all)')
    .option('--cidr <block>', 'the peer block: source of an inbound rule, destination of an outbound one')
    .option('--group <sg-id>', 'or the peer security group')
    .addOption(new Option('--policy <policy>', 'accept or drop (default: accept)').choices(['accept', 'drop']))
    .option('--priority <n>', '1 (first) to 100', positiveInteger('--priority'))
    .option('--description <text>', 'Description')
}

interface GroupCreateOptions { vpc?: string; name?: string; description?: string; type?: string; tag?: Tags; clientToken?: string }
interface MemberOptions { instance?: string; eni?: string }

function membership(sg: Command, name: string, action: string, describe: string, sentence: string): void {
  verb<MemberOptions>(sg, name, describe, async (ctx, [id = ''], o) => {
    const [option, target] = exactlyOne({ '--instance': o.instance, '--eni': o.eni })
    const body = await ctx.client.call('ecs', action, {
      RegionId: ctx.regionId,
      SecurityGroupId: id,
      [option === '--eni' ? 'NetworkInterfaceId' : 'InstanceId']: target,
    })
    return actionOutcome(body, `${target} ${sentence} ${id}.`)
  })
    .argument('<sg-id>')
    .option('--instance <instance-id>', "the instance (its primary ENI)")
    .option('--eni <eni-id>', 'or the ENI')
}

export function registerSgCommands(program: Command): void {
  const sg = noun(program, 'sg', 'security groups and their rules')
  withMax(
    verb<{ id?: string[]; vpc?: string; name?: string; type?: string; max?: number }>(sg, 'list', 'list security groups', async (ctx, _args, o) => {
      const items = await groups(
        ctx,
        { SecurityGroupIds: o.id === undefined ? undefined : JSON.stringify(o.id), VpcId: o.vpc, SecurityGroupName: o.name, SecurityGroupType: o.type },
        o.max,
      )
      return listOutcome(items, 'SecurityGroupId', GROUP_COLUMNS)
    }),
  )
    .option('--id <ids>', 'only these groups (repeatable or comma-separated)', repeatable)
    .option('--vpc <vpc-id>', 'only groups of this VPC')
    .option('--name <name>', 'only groups of this name')
    .option('--type <type>', 'only normal or enterprise groups')
  verb(sg, 'show', 'show one security group', async (ctx, [id = '']) =>
    itemOutcome(only(await groups(ctx, { SecurityGroupId: id }), 'InvalidSecurityGroupId.NotFound', 'security group', id), GROUP_COLUMNS),
  ).argument('<sg-id>')
  withMax(
    verb<{ direction: string; max?: number }>(sg, 'rules', "list a group's rules", async (ctx, [id = ''], o) => {
      const items = await listAll(
        ctx,
        {
          product: 'ecs',
          action: 'DescribeSecurityGroupAttribute',
          params: { RegionId: ctx.regionId, SecurityGroupId: id, Direction: o.direction },
          items: 'Permissions.Permission',
          paging: 'token',
          pageSize: RULE_PAGE,
        },
        o.max,
      )
      return listOutcome(items, 'SecurityGroupRuleId', RULE_COLUMNS)
    })
      .argument('<sg-id>')
      .addOption(new Option('--direction <direction>', 'which rules').choices(['ingress', 'egress', 'all']).default('all')),
  )
  withTags(
    verb<GroupCreateOptions>(sg, 'create', 'create a security group (prints its ID with --output text)', async (ctx, _args, o) => {
      const body = await ctx.client.call('ecs', 'CreateSecurityGroup', {
        RegionId: ctx.regionId,
        VpcId: o.vpc,
        SecurityGroupName: o.name,
        Description: o.description,
        SecurityGroupType: o.type,
        Tag: o.tag,
        ClientToken: o.clientToken,
      })
      return actionOutcome(body, `Created security group ${show(body.SecurityGroupId)}.`, [show(body.SecurityGroupId)])
    }),
  )
    .option('--vpc <vpc-id>', 'its VPC')
    .option('--name <name>', 'SecurityGroupName')
    .option('--description <text>', 'Description')
    .option('--type <type>', 'normal (default) or enterprise')
    .option('--client-token <token>', 'makes a retried create idempotent')
  verb(sg, 'delete', 'delete a security group no ENI is in', async (ctx, [id = '']) => {
    const body = await ctx.client.call('ecs', 'DeleteSecurityGroup', { RegionId: ctx.regionId, SecurityGroupId: id })
    return actionOutcome(body, `Deleted ${id}.`)
  }).argument('<sg-id>')
  ruleOptions(
    verb<RuleOptions>(sg, 'authorize', 'add a rule', async (ctx, [id = ''], o) => {
      if (o.cidr !== undefined && o.group !== undefined) throw new UsageError('give --cidr or --group, not both')
      const body = await ctx.client.call('ecs', o.egress === true ? 'AuthorizeSecurityGroupEgress' : 'AuthorizeSecurityGroup', {
        RegionId: ctx.regionId,
        SecurityGroupId: id,
        Permissions: [permission(o)],
      })
      const traffic = o.port === undefined ? `${o.protocol}` : `${o.protocol} ${o.port}`
      return actionOutcome(body, `Authorized ${o.egress === true ? 'egress' : 'ingress'} ${traffic} in ${id}.`)
    }).argument('<sg-id>'),
    true,
  )
  ruleOptions(
    verb<RuleOptions & { rule?: string[] }>(sg, 'revoke', 'remove rules, by ID (--rule) or by their fields', async (ctx, [id = ''], o) => {
      const byFields = o.protocol !== undefined
      if ((o.rule === undefined) === !byFields) throw new UsageError('give --rule IDs, or the rule by --protocol and its other fields')
      const batches =
        o.rule === undefined
          ? [{ egress: o.egress === true, fields: { Permissions: [permission(o)] } }]
          : (await ruleIdsByDirection(ctx, id, o.rule)).map(({ egress, ids }) => ({ egress, fields: { SecurityGroupRuleId: ids } }))
      let body: Item = {}
      for (const batch of batches) {
        body = await ctx.client.call('ecs', batch.egress ? 'RevokeSecurityGroupEgress' : 'RevokeSecurityGroup', {
          RegionId: ctx.regionId,
          SecurityGroupId: id,
          ...batch.fields,
        })
      }
      return actionOutcome(body, `Revoked ${o.rule?.join(', ') ?? 'the rule'} in ${id}.`)
    })
      .argument('<sg-id>')
      .option('--rule <sgr-id>', 'rule IDs as sg rules lists them, either direction (repeatable or comma-separated)', repeatable),
    false,
  )
  verb<{ innerAccess?: string }>(sg, 'modify', "change whether a group's members reach each other", async (ctx, [id = ''], o) => {
    const body = await ctx.client.call('ecs', 'ModifySecurityGroupPolicy', {
      RegionId: ctx.regionId,
      SecurityGroupId: id,
      InnerAccessPolicy: need(o.innerAccess, '--inner-access'),
    })
    return actionOutcome(body, `${id}: inner access ${o.innerAccess}.`)
  })
    .argument('<sg-id>')
    .addOption(new Option('--inner-access <policy>', 'Accept or Drop (required)').choices(['Accept', 'Drop']))
  membership(sg, 'join', 'JoinSecurityGroup', 'put an instance or an ENI in a group', 'joined')
  membership(sg, 'leave', 'LeaveSecurityGroup', 'take an instance or an ENI out of a group', 'left')
}
