import { performance } from 'node:perf_hooks'
import { ip, run } from '../../agent/linux/command.js'
import { namedNamespaces } from '../../agent/linux/netns.js'
import { ApiClient, ApiError, ApiUnreachable, type ApiCredentials } from '../api-client.js'
import { Cleanup, describeEip, describeEni, describeError, type MadeResource } from './cleanup.js'
import { TrafficTools, type StreamSummary, type TrafficProcess } from './processes.js'
import { msSince, Timeline } from './timeline.js'

export interface DemoOptions {
  credentials: ApiCredentials
  /** The region to play in; its zone is the one a host of the prefix serves. */
  regionId: string
  /** The prefix of the `openeni up` (or agents) whose sandboxed hosts run the instances. */
  prefix: string
  /** Leave the resources for the console instead of removing them. */
  keep: boolean
}

/** The addresses of the story: the project's test and demo range, never anything else. */
const VPC_CIDR = '198.18.0.0/16'
const BUSINESS_CIDR = '198.18.1.0/24'
const MANAGEMENT_CIDR = '198.18.2.0/24'
/** The one service port the group lets in, one it does not (a server listens there all the same), and the probes' UDP echo. */
const ALLOWED_PORT = 8080
const BLOCKED_PORT = 9090
const PROBE_PORT = 7000
/** The probes send a datagram every 10 ms, so a gap is measured to about that. */
const PROBE_INTERVAL_MS = 10
/** How long a connection that the group drops is given before it counts as blocked. */
const BLOCKED_TIMEOUT_MS = 2_000
const POLL_MS = 20

export interface TrafficCheck {
  name: string
  from: string
  to: string
  expected: 'pass' | 'blocked'
  actual: 'pass' | 'blocked'
  ok: boolean
  /** What the server said ("primary LOCAL REMOTE"), when it answered. */
  answer: string | null
}

export interface StreamResult extends StreamSummary {
  target: string
}

export interface DemoResult {
  ok: boolean
  regionId: string
  zoneId: string
  hostId: string
  resources: {
    vpcId: string
    vSwitches: { business: string; management: string }
    securityGroupId: string
    instances: { primary: string; standby: string }
    networkInterface: { id: string; mac: string; addresses: string[] }
    eips: { allocationId: string; ipAddress: string; privateIpAddress: string }[]
  }
  checks: TrafficCheck[]
  hotplug: StreamResult & { networkInterfaceId: string; device: string; attachMs: number; detachMs: number }
  failover: { gapMs: number; lost: number; detachMs: number; attachMs: number; streams: StreamResult[] }
  cleanup: { kept: boolean; removed: MadeResource[]; failed: { resource: MadeResource; error: string }[]; namespacesLeft: string[] }
  timeline: Timeline['entries']
  durationMs: number
}

/** A step that failed: its name and the cause (an API error keeps its code). */
export class DemoStepError extends Error {
  constructor(
    readonly step: string,
    override readonly cause: unknown,
  ) {
    super(`${step}: ${describeError(cause)}`)
  }
}

/** Why the demo cannot run here, said plainly. */
export class DemoPrecondition extends Error {
  constructor(
    message: string,
    /** The API's code, when the API's answer is what is missing. */
    readonly code?: string,
  ) {
    super(message)
  }
}

/** Ctrl-C (or SIGTERM) during the story: it stops at the next wait and cleans up. */
export class Interrupted extends Error {
  constructor(signal: string) {
    super(`interrupted by ${signal}`)
  }
}

interface InstanceInfo {
  id: string
  namespace: string
  address: string
}

/**
 * The product's story on the real data plane of a running `openeni up`: a VPC with a business and a
 * management vSwitch, two instances, an ENI with two addresses each behind its own EIP, a group
 * that lets one port in, traffic checks, a hot-plug under traffic and a failover of the ENI to the
 * standby instance, each narrated with what it measured. Everything made is removed at the end,
 * on failure too, unless `keep`.
 */
export async function runDemo(options: DemoOptions, narrate: (line: string) => void): Promise<DemoResult> {
  const t = new Timeline(narrate)
  const api = new ApiClient(options.credentials)
  const place = await preconditions(api, options.regionId, options.prefix)
  const { regionId: RegionId, zoneId } = place
  t.say('info', `OpenENI at ${options.credentials.endpoint}, region ${RegionId}, zone ${zoneId}; hosts of prefix ${options.prefix} on this machine: ${place.hosts.join(', ')}`)

  const cleanup = new Cleanup(api, RegionId)
  const tools = new TrafficTools()
  let interrupted: string | undefined
  const onSignal = (signal: NodeJS.Signals) => {
    // A second Ctrl-C means now: leave the resources (their IDs were narrated) and go.
    if (interrupted !== undefined) {
      tools.killAll()
      process.exit(130)
    }
    interrupted = signal
    t.say('info', `${signal}: stopping at the next step and cleaning up (again to leave at once, leaving what was made)`)
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  const checkpoint = () => {
    if (interrupted !== undefined) throw new Interrupted(interrupted)
  }
  const waitFor = async (what: string, check: () => Promise<boolean>, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs
    while (!(await check())) {
      checkpoint()
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`)
      await new Promise((r) => setTimeout(r, POLL_MS))
    }
  }
  const step = async <T>(name: string, body: () => Promise<T>): Promise<T> => {
    checkpoint()
    try {
      return await body()
    } catch (err) {
      if (err instanceof Interrupted || err instanceof DemoStepError || err instanceof DemoPrecondition) throw err
      throw new DemoStepError(name, err)
    }
  }
  const eniStatus = async (id: string) => (await describeEni(api, RegionId, id))?.Status
  const eipStatus = async (id: string) => (await describeEip(api, RegionId, id))?.Status
  /** Attaches or detaches, and answers the milliseconds until the host confirmed (the ENI's new status). */
  const plug = async (action: 'AttachNetworkInterface' | 'DetachNetworkInterface', eniId: string, instanceId: string) => {
    const began = performance.now()
    await api.call('ecs', action, { RegionId, NetworkInterfaceId: eniId, InstanceId: instanceId })
    const settled = action === 'AttachNetworkInterface' ? 'InUse' : 'Available'
    await waitFor(`${eniId} ${settled}`, async () => (await eniStatus(eniId)) === settled)
    return msSince(began)
  }

  const result: Partial<DemoResult> & { checks: TrafficCheck[] } = { regionId: RegionId, zoneId, checks: [] }
  let failure: unknown
  try {
    // 1. The network.
    const vpcId = await step('create the VPC', async () => {
      const { VpcId } = await api.call<{ VpcId: string }>('vpc', 'CreateVpc', { RegionId, CidrBlock: VPC_CIDR, VpcName: 'openeni-demo' })
      cleanup.add({ kind: 'VPC', id: VpcId, role: 'the demo VPC' })
      return VpcId
    })
    const vSwitch = (role: string, cidr: string) =>
      step(`create the ${role} vSwitch`, async () => {
        const { VSwitchId } = await api.call<{ VSwitchId: string }>('vpc', 'CreateVSwitch', {
          RegionId, VpcId: vpcId, ZoneId: zoneId, CidrBlock: cidr, VSwitchName: `demo-${role}`,
        })
        cleanup.add({ kind: 'vSwitch', id: VSwitchId, role })
        return VSwitchId
      })
    const business = await vSwitch('business', BUSINESS_CIDR)
    const management = await vSwitch('management', MANAGEMENT_CIDR)
    t.say('ok', `VPC ${vpcId} ${VPC_CIDR} with vSwitches business ${business} ${BUSINESS_CIDR} and management ${management} ${MANAGEMENT_CIDR}`)

    // 2. The group.
    const groupId = await step('create the security group', async () => {
      const { SecurityGroupId } = await api.call<{ SecurityGroupId: string }>('ecs', 'CreateSecurityGroup', {
        RegionId, VpcId: vpcId, SecurityGroupName: 'demo-one-port',
      })
      cleanup.add({ kind: 'SecurityGroup', id: SecurityGroupId, role: 'lets in one port' })
      const rule = (protocol: string, port: number) => ({
        IpProtocol: protocol, PortRange: `${port}/${port}`, SourceCidrIp: '0.0.0.0/0', Policy: 'accept', Priority: '1',
      })
      await api.call('ecs', 'AuthorizeSecurityGroup', { RegionId, SecurityGroupId, Permissions: [rule('tcp', ALLOWED_PORT), rule('udp', PROBE_PORT)] })
      return SecurityGroupId
    })
    t.say('ok', `security group ${groupId} lets in only TCP ${ALLOWED_PORT} (the service) and UDP ${PROBE_PORT} (the demo's probes), from anywhere; nothing else gets in`)

    // 3. Two instances, each a namespace on the host.
    const began = performance.now()
    const [primary, standby] = await step('run the instances', () =>
      Promise.all(
        (['primary', 'standby'] as const).map(async (role): Promise<InstanceInfo> => {
          const body = await api.call<{ InstanceIdSets: { InstanceIdSet: string[] } }>('ecs', 'RunInstances', {
            RegionId, ZoneId: zoneId, VSwitchId: business, SecurityGroupId: groupId, InstanceType: 'ecs.g7.large', ImageId: 'debian_12', InstanceName: `demo-${role}`,
          })
          const id = body.InstanceIdSets.InstanceIdSet[0] ?? ''
          cleanup.add({ kind: 'Instance', id, role })
          await waitFor(`${id} Running`, async () => (await describeInstance(api, RegionId, id))?.Status === 'Running')
          let namespace: string | undefined
          await waitFor(`a namespace for ${id}`, async () => (namespace = await instanceNamespace(options.prefix, id)) !== undefined, 15_000).catch(() => {
            throw new DemoPrecondition(
              `${id} is Running but no namespace of prefix ${options.prefix} holds it on this machine: the server acknowledges without a data plane (none), or its host runs elsewhere or under another --prefix`,
            )
          })
          const address = (await describeInstance(api, RegionId, id))?.VpcAttributes.PrivateIpAddress.IpAddress[0] ?? ''
          return { id, namespace: namespace!, address }
        }),
      ),
    )
    result.hostId = primary!.namespace.split('@')[1] ?? ''
    t.say('ok', `instances primary ${primary!.id} (${primary!.address}) and standby ${standby!.id} (${standby!.address}) Running in the business vSwitch after ${msSince(began)} ms, each a network namespace on host ${result.hostId}`)

    // 4. The ENI with two addresses, each behind its own EIP.
    const eni = await step('create the ENI', async () => {
      const body = await api.call<{ NetworkInterfaceId: string; MacAddress: string; PrivateIpSets: { PrivateIpSet: { PrivateIpAddress: string; Primary: boolean }[] } }>(
        'ecs', 'CreateNetworkInterface',
        { RegionId, VSwitchId: management, SecurityGroupId: groupId, SecondaryPrivateIpAddressCount: 1, NetworkInterfaceName: 'demo-failover' },
      )
      cleanup.add({ kind: 'NetworkInterface', id: body.NetworkInterfaceId, role: 'moves on failover' })
      const addresses = [...body.PrivateIpSets.PrivateIpSet].sort((a, b) => Number(b.Primary) - Number(a.Primary)).map((ip) => ip.PrivateIpAddress)
      return { id: body.NetworkInterfaceId, mac: body.MacAddress, addresses }
    })
    t.say('ok', `secondary ENI ${eni.id} (${eni.mac}) in the management vSwitch with private IPs ${eni.addresses.join(' and ')}`)
    const eips = await step('allocate and bind the EIPs', async () => {
      const bound: DemoResult['resources']['eips'] = []
      for (const [i, privateIpAddress] of eni.addresses.entries()) {
        const { AllocationId, EipAddress } = await api.call<{ AllocationId: string; EipAddress: string }>('vpc', 'AllocateEipAddress', { RegionId, Name: `demo-eip${i + 1}` })
        cleanup.add({ kind: 'EIP', id: AllocationId, role: `EIP${i + 1} ${EipAddress} → ${privateIpAddress}` })
        await api.call('vpc', 'AssociateEipAddress', { RegionId, AllocationId, InstanceId: eni.id, InstanceType: 'NetworkInterface', PrivateIpAddress: privateIpAddress })
        bound.push({ allocationId: AllocationId, ipAddress: EipAddress, privateIpAddress })
      }
      return bound
    })
    t.say('ok', `EIPs ${eips.map((e, i) => `EIP${i + 1} ${e.ipAddress} → ${e.privateIpAddress}`).join(', ')}`)
    result.resources = {
      vpcId, vSwitches: { business, management }, securityGroupId: groupId,
      instances: { primary: primary!.id, standby: standby!.id }, networkInterface: eni, eips,
    }

    const attachMs = await step('attach the ENI to the primary', () => plug('AttachNetworkInterface', eni.id, primary!.id))
    const device = await step('find the ENI in the primary', async () => {
      await waitFor('the EIPs InUse', async () => (await Promise.all(eips.map((e) => eipStatus(e.allocationId)))).every((s) => s === 'InUse'))
      return deviceHolding(primary!.namespace, eni.addresses)
    })
    t.say('ok', `ENI attached to primary: InUse ${attachMs} ms after the call; the kernel shows ${device} in ${primary!.id} with ${eni.addresses.join(' and ')}`)

    // 5. Servers in both instances: TCP on both ports everywhere, the UDP echo on each instance's own
    // address and the ENI's, which the standby holds only once the ENI moves to it.
    const publicNs = `${options.prefix}@public`
    await step('start the servers', async () => {
      for (const instance of [primary!, standby!]) {
        await run('ip', ['netns', 'exec', instance.namespace, 'sysctl', '-q', '-w', 'net.ipv4.ip_nonlocal_bind=1'])
      }
      await Promise.all(
        ([['primary', primary!], ['standby', standby!]] as const).map(([tag, instance]) =>
          tools.serve(instance.namespace, tag, [
            `tcp:${ALLOWED_PORT}`, `tcp:${BLOCKED_PORT}`,
            ...[instance.address, ...eni.addresses].map((a) => `udp:${a}:${PROBE_PORT}`),
          ]),
        ),
      )
      await waitFor(`the public network ${publicNs}`, async () => (await namedNamespaces()).includes(publicNs))
    })
    t.say('info', `servers in both instances answer with their name: TCP ${ALLOWED_PORT} and ${BLOCKED_PORT}, UDP echo ${PROBE_PORT}`)

    // 6. What the group lets in from the Internet, and what it does not.
    const [eip1, eip2] = [eips[0]!, eips[1]!]
    const listensLocally = await step('check the blocked port listens', () => tools.connect(primary!.namespace, eip1.privateIpAddress, BLOCKED_PORT, 2_000))
    const checks = await step('check traffic from the public network', () =>
      Promise.all([
        publicCheck(tools, 'EIP1', publicNs, eip1, ALLOWED_PORT, 'pass'),
        publicCheck(tools, 'EIP2', publicNs, eip2, ALLOWED_PORT, 'pass'),
        publicCheck(tools, 'EIP1', publicNs, eip1, BLOCKED_PORT, 'blocked'),
      ]),
    )
    result.checks.push(...checks)
    for (const check of checks) {
      const seen = check.answer === null ? `no answer in ${BLOCKED_TIMEOUT_MS / 1000} s` : `answered "${check.answer}"`
      const why = check.expected === 'pass' ? 'the group allows it' : `the group drops it, though a server listens there (${listensLocally === null ? 'it did not answer inside the instance either' : 'it answers inside the instance'})`
      t.say(check.ok ? 'ok' : 'fail', `public → ${check.name} ${check.to}: ${seen}; ${check.ok ? 'as expected' : `expected ${check.expected}`}: ${why}`)
    }

    // 7. Hot-plug under traffic: another ENI comes and goes on the primary; eth0 loses nothing.
    const stage: Stage = { api, regionId: RegionId, tools, cleanup, waitFor, plug }
    const hotplug = await step('hot-plug an ENI under traffic', () => hotplugUnderTraffic(stage, primary!, standby!, { vSwitchId: business, groupId }))
    result.hotplug = hotplug
    t.say(
      hotplug.lost === 0 ? 'ok' : 'fail',
      `hot-plug: ${hotplug.networkInterfaceId} plugged into primary as ${hotplug.device} (InUse in ${hotplug.attachMs} ms) and unplugged (Available in ${hotplug.detachMs} ms); ` +
        `${hotplug.lost} of ${hotplug.sent} datagrams lost on the other interface (${hotplug.target}, every ${PROBE_INTERVAL_MS} ms; largest gap ${hotplug.maxGapMs} ms)`,
    )

    // 8. Failover: the ENI, its addresses and EIPs move to the standby under traffic.
    const failover = await step('fail the ENI over to the standby', () => failOverUnderTraffic(stage, eni.id, eips, primary!, standby!, publicNs))
    result.failover = failover
    const answeredBy = failover.streams.every((s) => s.runs.map((r) => r.tag).join(' then ') === 'primary then standby')
    t.say(
      answeredBy ? 'ok' : 'fail',
      `failover: ${eni.id} detached from primary (Available in ${failover.detachMs} ms) and attached to standby (InUse in ${failover.attachMs} ms); ` +
        `EIP1 and EIP2 answered by ${failover.streams[0]!.runs.map((r) => r.tag).join(' then ')}; largest gap in replies ${failover.gapMs} ms ` +
        `(${failover.streams.map((s, i) => `EIP${i + 1} ${s.maxGapMs} ms, ${s.lost} of ${s.sent} lost`).join('; ')})`,
    )
    const after = await step('check the service after the failover', () => publicCheck(tools, 'EIP1 after the failover', publicNs, eip1, ALLOWED_PORT, 'pass'))
    result.checks.push(after)
    t.say(after.ok ? 'ok' : 'fail', `public → EIP1 ${after.to} after the failover: ${after.answer === null ? 'no answer' : `answered "${after.answer}"`}`)
    result.ok = result.checks.every((c) => c.ok) && hotplug.lost === 0 && answeredBy
  } catch (err) {
    failure = err
    result.ok = false
  } finally {
    await tools.stopAll()
  }

  if (failure !== undefined) {
    t.say('fail', failure instanceof DemoStepError ? `${failure.step} failed: ${describeError(failure.cause)}` : describeError(failure))
  }
  try {
    // Still listening: a first Ctrl-C now lets the cleanup finish, a second leaves at once.
    result.cleanup = await finish(t, cleanup, options, options.keep)
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
  result.timeline = t.entries
  result.durationMs = Math.round(t.seconds() * 1000)
  if (failure !== undefined) throw Object.assign(failure instanceof Error ? failure : new Error(String(failure)), { result })
  return result as DemoResult
}

/** What the story's chapters share: the API, the traffic tools, the cleanup list, and plugging that waits for the host. */
interface Stage {
  api: ApiClient
  regionId: string
  tools: TrafficTools
  cleanup: Cleanup
  waitFor(what: string, check: () => Promise<boolean>, timeoutMs?: number): Promise<void>
  /** Attaches or detaches, and answers the milliseconds until the host confirmed. */
  plug(action: 'AttachNetworkInterface' | 'DetachNetworkInterface', eniId: string, instanceId: string): Promise<number>
}

/** While the standby streams to the primary's eth0, a new ENI is plugged into the primary and unplugged, then deleted. */
async function hotplugUnderTraffic(
  { api, regionId: RegionId, tools, cleanup, waitFor, plug }: Stage,
  primary: InstanceInfo,
  standby: InstanceInfo,
  where: { vSwitchId: string; groupId: string },
): Promise<DemoResult['hotplug']> {
  const target = `standby → primary's eth0 ${primary.address}:${PROBE_PORT}`
  const stream = await startStream(tools, standby.namespace, primary.address, 'primary')
  const { NetworkInterfaceId: id } = await api.call<{ NetworkInterfaceId: string }>('ecs', 'CreateNetworkInterface', {
    RegionId, VSwitchId: where.vSwitchId, SecurityGroupId: where.groupId, NetworkInterfaceName: 'demo-hotplug',
  })
  cleanup.add({ kind: 'NetworkInterface', id, role: 'hot-plugged' })
  const address = (await describeEni(api, RegionId, id))?.PrivateIpAddress ?? ''
  const attachMs = await plug('AttachNetworkInterface', id, primary.id)
  const device = await deviceHolding(primary.namespace, [address])
  const detachMs = await plug('DetachNetworkInterface', id, primary.id)
  const gone = async () => (await deviceHolding(primary.namespace, [address]).catch(() => undefined)) === undefined
  await waitFor(`${device} gone from the primary`, gone, 10_000)
  await api.call('ecs', 'DeleteNetworkInterface', { RegionId, NetworkInterfaceId: id })
  cleanup.forget(id)
  // Answers to the last datagrams sent during the unplug still count.
  await new Promise((r) => setTimeout(r, 300))
  return { target, ...(await stream.stopStream()), networkInterfaceId: id, device, attachMs, detachMs }
}

/** While the public network streams to both EIPs, the ENI moves from the primary to the standby; the gap is the longest wait for a reply. */
async function failOverUnderTraffic(
  { tools, plug }: Stage,
  eniId: string,
  eips: DemoResult['resources']['eips'],
  primary: InstanceInfo,
  standby: InstanceInfo,
  publicNs: string,
): Promise<DemoResult['failover']> {
  const streams = await Promise.all(
    eips.map(async (e, i) => ({ target: `public → EIP${i + 1} ${e.ipAddress}:${PROBE_PORT}`, stream: await startStream(tools, publicNs, e.ipAddress, 'primary') })),
  )
  const detachMs = await plug('DetachNetworkInterface', eniId, primary.id)
  const attachMs = await plug('AttachNetworkInterface', eniId, standby.id)
  await Promise.all(streams.map(({ stream }) => stream.printed('first standby', 10_000)))
  await new Promise((r) => setTimeout(r, 300))
  const results: StreamResult[] = await Promise.all(streams.map(async ({ target, stream }) => ({ target, ...(await stream.stopStream()) })))
  return {
    gapMs: Math.max(...results.map((s) => s.maxGapMs)),
    lost: results.reduce((sum, s) => sum + s.lost, 0),
    detachMs,
    attachMs,
    streams: results,
  }
}

/** Removes what the demo made (or, with --keep, lists it), then waits for its namespaces to go. */
async function finish(t: Timeline, cleanup: Cleanup, options: DemoOptions, keep: boolean): Promise<DemoResult['cleanup']> {
  if (keep) {
    t.say('info', `kept for the console (--keep): ${cleanup.made.map((r) => `${r.kind} ${r.id} (${r.role})`).join(', ')}`)
    return { kept: true, removed: [], failed: [], namespacesLeft: [] }
  }
  const began = performance.now()
  const instances = cleanup.made.filter((r) => r.kind === 'Instance' || r.kind === 'VPC').map((r) => r.id)
  const { removed, failed } = await cleanup.run()
  // The host's agent removes the instances' namespaces and the VPC's router once they are gone from its state.
  const ours = async () => (await namedNamespaces()).filter((n) => n.startsWith(`${options.prefix}@`) && instances.some((id) => n.endsWith(`@${id}`)))
  const deadline = Date.now() + 15_000
  let left = await ours()
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100))
    left = await ours()
  }
  for (const { resource, error } of failed) t.say('fail', `could not remove ${resource.kind} ${resource.id}: ${error}`)
  if (left.length > 0) t.say('fail', `namespaces still there: ${left.join(', ')}`)
  t.say(failed.length === 0 && left.length === 0 ? 'ok' : 'fail', `cleaned up: ${removed.length} resources removed and their namespaces gone in ${msSince(began)} ms`)
  return { kept: false, removed, failed, namespacesLeft: left }
}

/** The zone to play in (the zone of a host of the prefix, when its ID says which), or why the demo cannot run. */
async function preconditions(api: ApiClient, regionId: string, prefix: string): Promise<{ regionId: string; zoneId: string; hosts: string[] }> {
  if (process.getuid?.() !== 0) {
    throw new DemoPrecondition('openeni demo needs root: it runs its servers and probes inside the instances\' network namespaces, as openeni exec does')
  }
  let zones: string[]
  try {
    const body = await api.call<{ Zones: { Zone: { ZoneId: string }[] } }>('ecs', 'DescribeZones', { RegionId: regionId, Verbose: false })
    zones = body.Zones.Zone.map((z) => z.ZoneId)
  } catch (err) {
    if (err instanceof ApiUnreachable) throw new DemoPrecondition(`${err.message}; is openeni up running there?`)
    if (err instanceof ApiError) throw new DemoPrecondition(`the API refused: ${err.code}: ${err.message}`, err.code)
    throw err
  }
  const hosts = (await namedNamespaces())
    .filter((n) => n.startsWith(`${prefix}@`) && n.split('@').length === 2)
    .map((n) => n.slice(prefix.length + 1))
    .filter((h) => h !== 'public' && h !== 'underlay')
  if (hosts.length === 0) {
    throw new DemoPrecondition(
      `no host of prefix ${prefix} runs on this machine, so nothing would carry the demo's packets: start openeni up as root (not --no-agent, and not the none data plane), or give its --prefix`,
    )
  }
  // `openeni up` names its host local-ZONE; hosts of `openeni agent` may be named anyhow.
  const zoneId = zones.find((z) => hosts.some((h) => h.endsWith(`-${z}`))) ?? zones[0]
  if (zoneId === undefined) throw new DemoPrecondition(`region ${regionId} has no zones`)
  return { regionId, zoneId, hosts }
}

interface InstanceItem {
  Status: string
  VpcAttributes: { PrivateIpAddress: { IpAddress: string[] } }
}

async function describeInstance(api: ApiClient, regionId: string, instanceId: string): Promise<InstanceItem | undefined> {
  const body = await api.call<{ Instances: { Instance: InstanceItem[] } }>('ecs', 'DescribeInstances', { RegionId: regionId, InstanceIds: JSON.stringify([instanceId]) })
  return body.Instances.Instance[0]
}

async function instanceNamespace(prefix: string, instanceId: string): Promise<string | undefined> {
  return (await namedNamespaces()).find((n) => n.startsWith(`${prefix}@`) && n.endsWith(`@${instanceId}`))
}

/** The interface in `namespace` that holds every one of `addresses`, as the kernel shows it. */
async function deviceHolding(namespace: string, addresses: readonly string[]): Promise<string> {
  const links = JSON.parse(await ip(namespace, ['-j', '-4', 'addr', 'show'])) as { ifname: string; addr_info: { local: string }[] }[]
  const found = links.find((l) => addresses.every((a) => l.addr_info.some((i) => i.local === a)))
  if (found === undefined) throw new Error(`no interface in ${namespace} holds ${addresses.join(' and ')}`)
  return found.ifname
}

/**
 * A TCP connection from the public network to an EIP. An allowed one gets a few tries, since the
 * first packets may beat the EIP's route; a blocked one gets one try of BLOCKED_TIMEOUT_MS.
 */
async function publicCheck(
  tools: TrafficTools,
  name: string,
  publicNs: string,
  eip: { ipAddress: string; privateIpAddress: string },
  port: number,
  expected: 'pass' | 'blocked',
): Promise<TrafficCheck> {
  const tries = expected === 'pass' ? 4 : 1
  let answer: string | null = null
  for (let i = 0; i < tries && answer === null; i++) answer = await tools.connect(publicNs, eip.ipAddress, port, expected === 'pass' ? 1_500 : BLOCKED_TIMEOUT_MS)
  const actual = answer === null ? 'blocked' : 'pass'
  return { name, from: 'public network', to: `${eip.ipAddress}:${port} (${eip.privateIpAddress})`, expected, actual, ok: actual === expected, answer }
}

/** A UDP stream to ADDRESS's echo, once the instance tagged `firstTag` answers it. */
async function startStream(tools: TrafficTools, namespace: string, address: string, firstTag: string): Promise<TrafficProcess> {
  const stream = tools.start(namespace, ['stream', address, String(PROBE_PORT), String(PROBE_INTERVAL_MS), '60'])
  await stream.printed(`first ${firstTag}`, 10_000)
  return stream
}
