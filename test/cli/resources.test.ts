import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ChildProcess } from 'node:child_process'
import { isolatedCliEnv, listeningOn, runCli, type RunResult, spawnCli, waitHealthy } from '../support/cli.js'

type Json = Record<string, any>

/** `minutes` from now, to the minute, as DescribeEipMonitorData takes times. */
const minute = (minutes: number) => `${new Date(Date.now() + minutes * 60_000).toISOString().slice(0, 16)}Z`

/**
 * The resource commands against a real `openeni server` process with the none data plane, so every
 * asynchronous action settles at once. The server is started without a key, so it makes the
 * bootstrap account and saves it as the profile `default` in this file's config: every command
 * below runs on that profile alone.
 */
describe('openeni resource commands', () => {
  const root = mkdtempSync(join(tmpdir(), 'openeni-cli-resources-'))
  const config = join(root, 'cli', 'config.yaml')
  const env = isolatedCliEnv(config)
  let server: ChildProcess
  let serverOut = ''
  let endpoint: string

  const cli = (...args: string[]) => runCli(args, env)
  const ok = async (...args: string[]): Promise<RunResult> => {
    const result = await cli(...args)
    assert.equal(result.code, 0, `openeni ${args.join(' ')}: ${result.stderr}`)
    return result
  }
  const json = async (...args: string[]): Promise<any> => JSON.parse((await ok(...args, '--output', 'json')).stdout)
  const text = async (...args: string[]): Promise<string[]> => (await ok(...args, '--output', 'text')).stdout.split('\n').filter((l) => l !== '')
  const one = async (...args: string[]): Promise<string> => {
    const lines = await text(...args)
    assert.equal(lines.length, 1, `openeni ${args.join(' ')}: ${lines.join('|')}`)
    return lines[0]!
  }
  /** The first line of a table and the row starting with `id`, split into columns. */
  const row = (table: string, id: string) => {
    const lines = table.split('\n')
    const line = lines.find((l) => l.startsWith(`${id} `))
    assert.ok(line, `no row for ${id} in\n${table}`)
    return { header: lines[0]!.split(/\s{2,}/), cells: line.split(/\s{2,}/) }
  }
  const fails = async (code: number, args: string[], stderr: RegExp) => {
    const result = await cli(...args)
    assert.equal(result.code, code, `openeni ${args.join(' ')}: ${result.stdout}${result.stderr}`)
    assert.match(result.stderr, stderr)
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace')
    return result
  }

  let vpcId: string
  let routeTableId: string
  let vSwitchId: string
  let web: string
  let db: string
  let instanceId: string
  let eniId: string
  let spareEniId: string
  let secondary: string

  before(async () => {
    server = spawnCli(['server', '--listen', '127.0.0.1:0', '--data', join(root, 'data'), '--dataplane', 'none', '--log-level', 'warn'], env)
    server.stdout?.on('data', (d: Buffer) => (serverOut += d.toString()))
    endpoint = await listeningOn(server)
    await waitHealthy(endpoint)
  })
  after(async () => {
    server.kill('SIGTERM')
    await new Promise((resolve) => (server.exitCode !== null ? resolve(null) : server.on('close', resolve)))
    rmSync(root, { recursive: true, force: true })
  })

  it('saves the bootstrap key as the profile default, readable by its owner only', async () => {
    assert.match(serverOut, /Saved as the CLI profile "default"/)
    assert.equal(statSync(config).mode & 0o777, 0o600)
    assert.equal(statSync(join(root, 'cli')).mode & 0o777, 0o700)
    const secret = /AccessKeySecret:\s+(\S+)/.exec(serverOut)?.[1] ?? ''
    assert.ok(readFileSync(config, 'utf8').includes(secret))
    const profile = await json('profile', 'show')
    assert.equal(profile.Endpoint, endpoint)
    assert.equal(profile.AccessKeyId, /AccessKeyId:\s+(\S+)/.exec(serverOut)?.[1])
    assert.ok(!JSON.stringify(profile).includes(secret), 'the secret is masked')
  })

  it('creates a VPC, a vSwitch and security groups, printing new IDs for scripts', async () => {
    const vpc = await json('vpc', 'create', '--cidr-block', '198.18.0.0/16', '--name', 'cli-vpc', '--tag', 'team=net')
    assert.deepEqual(Object.keys(vpc).sort(), ['RouteTableId', 'VRouterId', 'VpcId'])
    vpcId = vpc.VpcId
    routeTableId = vpc.RouteTableId
    ;[vSwitchId, web, db] = await Promise.all([
      one('vswitch', 'create', '--vpc', vpcId, '--cidr-block', '198.18.1.0/24', '--zone', 'cn-hangzhou-a', '--name', 'cli-vsw'),
      one('sg', 'create', '--vpc', vpcId, '--name', 'web'),
      one('sg', 'create', '--vpc', vpcId, '--name', 'db', '--description', 'databases'),
    ])
    assert.match(vSwitchId, /^vsw-/)
    assert.match(web, /^sg-/)
    const [vpcs, vpcTable, vSwitch, vSwitchTable, groups, tables, regions, zones, types] = await Promise.all([
      json('vpc', 'list'),
      ok('vpc', 'show', vpcId),
      json('vswitch', 'show', vSwitchId),
      ok('vswitch', 'list', '--vpc', vpcId),
      text('sg', 'list', '--vpc', vpcId),
      json('route', 'tables', '--vpc', vpcId),
      text('region', 'list'),
      json('zone', 'list'),
      json('instance-type', 'list', '--type', 'ecs.g7.large'),
    ])
    const listed = (vpcs as Json[]).find((v) => v.VpcId === vpcId)
    assert.equal(listed?.CidrBlock, '198.18.0.0/16')
    assert.deepEqual(listed?.Tags, { Tag: [{ Key: 'team', Value: 'net' }] })
    assert.match(vpcTable.stdout, /^CidrBlock\s+198\.18\.0\.0\/16$/m)
    assert.match(vpcTable.stdout, /^Name\s+cli-vpc$/m)
    assert.equal(vSwitch.CidrBlock, '198.18.1.0/24')
    assert.equal(vSwitch.RequestId, undefined)
    const { header, cells } = row(vSwitchTable.stdout, vSwitchId)
    assert.deepEqual(header, ['VSwitchId', 'Name', 'VpcId', 'Zone', 'CidrBlock', 'FreeIps', 'Status'])
    assert.deepEqual([cells[1], cells[2], cells[3], cells[4], cells[6]], ['cli-vsw', vpcId, 'cn-hangzhou-a', '198.18.1.0/24', 'Available'])
    assert.deepEqual(groups.sort(), [web, db].sort())
    assert.deepEqual((tables as Json[]).map((t) => t.RouteTableId), [routeTableId])
    assert.ok(regions.includes('cn-hangzhou'))
    assert.deepEqual((zones as Json[]).map((z) => z.ZoneId), ['cn-hangzhou-a', 'cn-hangzhou-b'])
    assert.equal((types as Json[])[0]?.InstanceTypeId, 'ecs.g7.large')
  })

  it('authorizes, lists, modifies and revokes security group rules', async () => {
    await Promise.all([
      ok('sg', 'authorize', web, '--protocol', 'tcp', '--port', '22/22', '--cidr', '10.0.0.0/8', '--description', 'ssh'),
      ok('sg', 'authorize', db, '--protocol', 'tcp', '--port', '5432/5432', '--group', web, '--priority', '5'),
      ok('sg', 'authorize', web, '--egress', '--protocol', 'all', '--port', '-1/-1', '--cidr', '192.0.2.0/24', '--policy', 'drop'),
      fails(2, ['sg', 'authorize', web, '--port', '22/22'], /--protocol is required/),
      fails(1, ['sg', 'authorize', web, '--protocol', 'tcp', '--port', '99999/1', '--cidr', '10.0.0.0/8'], /^Error: InvalidParam\.PortRange: .*\(RequestId [0-9A-F-]+\)$/m),
    ])
    const rules: Json[] = await json('sg', 'rules', web)
    assert.deepEqual(
      rules.map((r) => [r.Direction, r.IpProtocol, r.PortRange, r.SourceCidrIp || r.DestCidrIp, r.Policy]).sort(),
      [
        ['egress', 'ALL', '-1/-1', '192.0.2.0/24', 'Drop'],
        ['ingress', 'TCP', '22/22', '10.0.0.0/8', 'Accept'],
      ],
    )
    const dbRules = (await ok('sg', 'rules', db, '--direction', 'ingress')).stdout.trimEnd().split('\n')
    assert.equal(dbRules.length, 2)
    const dbRule = { header: dbRules[0]!.split(/\s{2,}/), cells: dbRules[1]!.split(/\s{2,}/) }
    assert.deepEqual(dbRule.header, ['SecurityGroupRuleId', 'Direction', 'Policy', 'Priority', 'Protocol', 'PortRange', 'Peer', 'Description'])
    assert.deepEqual(dbRule.cells.slice(1, 7), ['ingress', 'Accept', '5', 'TCP', '5432/5432', web])
    const egress = rules.find((r) => r.Direction === 'egress')!
    await Promise.all([
      ok('sg', 'revoke', web, '--rule', egress.SecurityGroupRuleId),
      ok('sg', 'revoke', db, '--protocol', 'tcp', '--port', '5432/5432', '--group', web, '--priority', '5'),
      ok('sg', 'modify', db, '--inner-access', 'Drop'),
    ])
    const [after, dbGroup] = await Promise.all([json('sg', 'list', '--vpc', vpcId), json('sg', 'show', db)])
    assert.deepEqual(
      (after as Json[]).map((g) => [g.SecurityGroupId, g.RuleCount]).sort(),
      [[web, 1], [db, 0]].sort(),
    )
    assert.equal(dbGroup.Description, 'databases')
  })

  it('runs an instance and creates, attaches, modifies and readdresses ENIs', async () => {
    instanceId = await one('instance', 'run', '--type', 'ecs.g7.large', '--image', 'debian_12', '--vswitch', vSwitchId, '--sg', web, '--name', 'app', '--wait')
    assert.match(instanceId, /^i-/)
    let created: Json
    ;[eniId, created] = await Promise.all([
      one('eni', 'create', '--vswitch', vSwitchId, '--sg', `${web},${db}`, '--secondary-count', '1', '--name', 'data'),
      json('eni', 'create', '--vswitch', vSwitchId, '--sg', web, '--primary-ip', '198.18.1.200', '--description', 'spare'),
    ])
    spareEniId = created.NetworkInterfaceId
    assert.equal(created.PrivateIpAddress, '198.18.1.200')
    assert.equal(created.RequestId, undefined)

    const attached = await ok('eni', 'attach', eniId, '--instance', instanceId, '--wait')
    assert.match(attached.stdout, new RegExp(`Attaching ${eniId} to ${instanceId}`))
    const shown = await json('eni', 'show', eniId)
    assert.deepEqual([shown.Status, shown.InstanceId, shown.Attachment.DeviceIndex], ['InUse', instanceId, 1])
    assert.deepEqual(shown.SecurityGroupIds.SecurityGroupId.sort(), [web, db].sort())

    const assigned = await text('eni', 'assign-ips', eniId, '--count', '2')
    assert.equal(assigned.length, 2)
    secondary = assigned[1]!
    await Promise.all([
      ok('eni', 'unassign-ips', eniId, '--ip', assigned[0]!),
      ok('eni', 'modify', eniId, '--description', 'changed', '--sg', web),
      fails(2, ['eni', 'attach', spareEniId], /--instance is required/),
    ])
    const [modified, available, tab, instances, instanceTable] = await Promise.all([
      json('eni', 'show', eniId),
      text('eni', 'list', '--vswitch', vSwitchId, '--status', 'Available'),
      ok('instance', 'enis', instanceId),
      json('instance', 'list', '--vpc', vpcId),
      ok('instance', 'show', instanceId),
    ])
    assert.equal(modified.Description, 'changed')
    assert.deepEqual(modified.SecurityGroupIds.SecurityGroupId, [web])
    const addresses = (modified.PrivateIpSets.PrivateIpSet as Json[]).map((ip) => ip.PrivateIpAddress)
    assert.equal(addresses.length, 3)
    assert.ok(addresses.includes(assigned[1]) && !addresses.includes(assigned[0]))
    assert.deepEqual(available, [spareEniId])
    const lines = tab.stdout.trimEnd().split('\n')
    assert.equal(lines.length, 3)
    assert.deepEqual(lines[0]!.split(/\s{2,}/), ['Device', 'NetworkInterfaceId', 'Type', 'Status', 'Mac', 'PrivateIps', 'Eips', 'SecurityGroups', 'VSwitchId'])
    assert.match(lines[1]!, /^0\s+eni-\S+\s+Primary\s+InUse\s+00:16:3e:/)
    assert.match(lines[2]!, new RegExp(`^1\\s+${eniId}\\s+Secondary\\s+InUse\\s+\\S+\\s+${addresses.join(',')}\\s`))
    assert.deepEqual((instances as Json[]).map((i) => [i.InstanceId, i.InstanceName, i.Status]), [[instanceId, 'app', 'Running']])
    assert.match(instanceTable.stdout, /^Status\s+Running$/m)
    assert.match(instanceTable.stdout, /^Enis\s+2$/m)
  })

  it('stops, starts and reboots an instance, waiting for each', async () => {
    const stop = await ok('instance', 'stop', instanceId, '--wait')
    assert.match(stop.stdout, /Stopping/)
    assert.deepEqual(await text('instance', 'list', '--status', 'Stopped'), [instanceId])
    await ok('instance', 'start', instanceId, '--wait', '--timeout', '10')
    await ok('instance', 'reboot', instanceId, '--wait')
    assert.deepEqual(await text('instance', 'list', '--status', 'Running', '--vpc', vpcId), [instanceId])
  })

  it('allocates, associates, modifies, unassociates and releases EIPs', async () => {
    const allocated = await json('eip', 'allocate', '--bandwidth', '5', '--name', 'front')
    assert.deepEqual(Object.keys(allocated).sort(), ['AllocationId', 'EipAddress', 'ResourceGroupId'])
    const eip = allocated.AllocationId as string
    await Promise.all([
      ok('eip', 'associate', eip, '--instance', instanceId, '--wait'),
      fails(2, ['eip', 'associate', eip, '--instance', instanceId, '--eni', eniId], /exactly one of --instance, --eni/),
      fails(2, ['eip', 'associate', eip, '--instance', instanceId, '--private-ip', '198.18.1.9'], /--private-ip goes with --eni/),
    ])
    const [bound, table] = await Promise.all([json('eip', 'show', eip), ok('eip', 'list', '--instance', instanceId)])
    assert.deepEqual([bound.Status, bound.InstanceId, bound.InstanceType, bound.Name], ['InUse', instanceId, 'EcsInstance', 'front'])
    assert.deepEqual(row(table.stdout, eip).cells.slice(1, 4), [allocated.EipAddress, 'front', 'InUse'])
    await ok('eip', 'unassociate', eip, '--wait')
    await ok('eip', 'modify', eip, '--bandwidth', '10', '--description', 'resized')
    await ok('eip', 'associate', eip, '--eni', eniId, '--private-ip', secondary, '--wait')
    const [onEni, tab, monitor] = await Promise.all([
      json('eip', 'show', eip),
      ok('instance', 'enis', instanceId),
      json('eip', 'monitor', eip, '--from', minute(-10), '--to', minute(0)),
    ])
    assert.deepEqual([onEni.Status, onEni.InstanceId, onEni.PrivateIpAddress, onEni.Bandwidth], ['InUse', eniId, secondary, '10'])
    assert.match(tab.stdout, new RegExp(`${allocated.EipAddress.replace(/\./g, '\\.')}→${secondary.replace(/\./g, '\\.')}`))
    assert.ok((monitor as Json[]).every((point) => point.EipFlow === 0))
    await ok('eip', 'unassociate', eip, '--wait')
    await ok('eip', 'release', eip)
    const gone = await fails(1, ['eip', 'show', eip, '--output', 'json'], /^Error: InvalidAllocationId\.NotFound: /m)
    assert.equal(JSON.parse(gone.stdout).Code, 'InvalidAllocationId.NotFound')
  })

  it('puts an ENI in a group and takes it out, and manages custom routes', async () => {
    await ok('sg', 'join', db, '--eni', eniId)
    assert.deepEqual((await json('eni', 'show', eniId)).SecurityGroupIds.SecurityGroupId.sort(), [web, db].sort())
    await ok('sg', 'leave', db, '--eni', eniId)
    assert.deepEqual(await text('eni', 'list', '--sg', db), [])

    const route = await one('route', 'create', '--table', routeTableId, '--destination', '10.9.0.0/16', '--next-hop', instanceId, '--name', 'to-app')
    assert.match(route, /^rte-/)
    const table = await ok('route', 'list', '--vpc', vpcId, '--type', 'Custom')
    assert.deepEqual(row(table.stdout, route).cells.slice(1, 6), [routeTableId, '10.9.0.0/16', 'Custom', 'Instance', instanceId])
    await fails(2, ['route', 'delete'], /the route entry ID, or --table and --destination/)
    await ok('route', 'delete', '--table', routeTableId, '--destination', '10.9.0.0/16')
    const routes: Json[] = await json('route', 'list', '--table', routeTableId)
    assert.ok(routes.length > 0 && routes.every((r) => r.Type === 'System'))
  })

  it('reports refusals with the API code, exit 1, and a JSON error with --output json', async () => {
    const [text1, json1] = await Promise.all([
      fails(1, ['eni', 'show', 'eni-nothere'], /^Error: InvalidEniId\.NotFound: .* \(RequestId [0-9A-F-]+\)$/m),
      fails(1, ['eni', 'delete', eniId, '--output', 'json'], /^Error: \S+: /m),
    ])
    assert.equal(text1.stdout, '')
    const error = JSON.parse(json1.stdout) as Json
    assert.deepEqual(Object.keys(error).sort(), ['Code', 'Message', 'RequestId'])
    assert.match(error.RequestId, /^[0-9A-F-]+$/)
    await Promise.all([
      fails(2, ['eni', 'list', '--output', 'yaml'], /Allowed choices are table, json, text/),
      fails(2, ['eni', 'attach'], /missing required argument/),
    ])
  })

  it('limits a list with --max and deletes what it made, waiting for the instance to go', async () => {
    assert.equal((await json('eni', 'list', '--max', '1')).length, 1)
    await ok('eni', 'detach', eniId, '--instance', instanceId, '--wait')
    assert.deepEqual((await text('eni', 'list', '--vswitch', vSwitchId, '--status', 'Available')).sort(), [eniId, spareEniId].sort())
    await Promise.all([ok('eni', 'delete', eniId), ok('eni', 'delete', spareEniId)])
    await ok('instance', 'delete', instanceId, '--force', '--wait')
    await fails(1, ['instance', 'show', instanceId], /^Error: InvalidInstanceId\.NotFound: /m)
    await Promise.all([ok('vswitch', 'delete', vSwitchId), ok('sg', 'delete', web), ok('sg', 'delete', db)])
    await ok('vpc', 'delete', vpcId)
  })
})
