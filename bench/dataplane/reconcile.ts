/**
 * Figure 4: a loaded host. INSTANCES instances of a small type (one secondary ENI each at launch,
 * so twice as many ENIs) are created through the API while the host's agent is stopped; the
 * host's kernel state is then removed, and a fresh agent is timed from its start until the API
 * shows every instance Running and every ENI InUse; then one periodic pass on that unchanged
 * state. Then single changes on the quiet loaded host — an ENI attached to an instance, a rule
 * added to the group of every ENI — each timed from the API call returning to the kernel showing
 * it (the kernel's own notification, seen by `ip monitor` or `nft monitor`), with where the agent's pass spent its time.
 *
 * Baselines from the same run, by hand under the bench's prefix: the same namespaces, veth pairs
 * (MAC, address, up, default route) and a bridge made with one `ip -batch` of `netns add`, one
 * `ip -batch` on the host for every pair and one `ip -n NS -batch` per namespace, one after another
 * (no firewall, caps, router or ARP announcements); on that loaded hand-made host, one more pair
 * plugged as the agent would (two `ip -batch`); the agent's own firewall text for this host loaded
 * by hand with `nft -f`, and one rule added to it with `nft add rule`.
 */
import { firewallOf } from '../../src/agent/linux/firewall.js'
import { cleanupPrefix } from '../../src/agent/linux/apply.js'
import { ip, run } from '../../src/agent/linux/command.js'
import { attach, createEni } from '../../test/support/network.js'
import { authorize } from '../../test/support/security-group-rules.js'
import { Ecs, REGION } from '../../test/support/server.js'
import { breakdownOf, medianBreakdown, passFor, type Breakdown } from './breakdown.js'
import { benchMac } from './hand.js'
import { BENCH_PREFIX, log, monotonicMs, stopIfInterrupted, until } from './harness.js'
import { watchEvents } from './probe.js'
import { benchProgram } from './spawn-log.js'
import { freshAgent, type TimedAgent } from './timed-agent.js'
import { eniFacts, startWorld, type EniFacts, type World } from './world.js'

/** A small type: one queue per ENI, room for a third ENI for the attach changes. */
const SMALL_TYPE = 'ecs.t6-c1m1.large'

export interface ChangeSamples {
  /** From the API call returning to the kernel showing the change, ms. */
  latency: number[]
  /** The pass that realised each change, and the wait for it from the call returning. */
  breakdowns: Breakdown[]
}

export interface ReconcileResult {
  instances: number
  enis: number
  /** Creating them through the API (RunInstances, 100 at a time). */
  createSeconds: number
  /** Fresh agent started → the API shows every instance Running and every ENI InUse. */
  coldConverged: number
  /** The fresh agent's first pass that applied something (its wait runs from the agent's start). */
  coldPass: Breakdown | undefined
  coldBaseline: { total: number; netnsAdd: number; hostBatch: number; namespaceBatches: number }
  /** The periodic pass (every 2 s) on an unchanged desired state, at this size; and whether it planned nothing. */
  resync: Breakdown | undefined
  resyncPlannedNothing: boolean
  changes: Record<'ENI attached' | 'rule added', ChangeSamples>
  /** The same kind of change by hand on a loaded hand-made host, ms from the start of the command to the kernel showing it. */
  handPlug: number[]
  handFirewallReload: number[]
  handRuleAdd: number[]
}

export async function measureReconcile(instances: number, wantedChanges: number): Promise<ReconcileResult> {
  const enis = instances * 2
  // One change per instance at the most: each takes a third ENI.
  const changes = Math.min(wantedChanges, instances)
  // Room for every ENI, the extra ones and the reserved addresses: the smallest such vSwitch.
  const mask = Math.min(24, 32 - Math.ceil(Math.log2(enis + changes + 8)))
  const world = await startWorld(
    {
      quotas: { default: { secondaryEnis: instances + changes + 10 } },
      instanceTypes: { types: [{ instanceTypeId: SMALL_TYPE, eniQuantity: 3, eniTotalQuantity: 3, totalEniQueueQuantity: 3 }] },
    },
    mask,
  )
  const ecs = world.net.ecs
  await world.agent.stop()

  const created = monotonicMs()
  const instanceIds: string[] = []
  while (instanceIds.length < instances) {
    // The host takes instances while it has reported in the last 30 s; the agent is stopped, so say it is alive.
    await world.agent.client.report({ instances: [], enis: [] })
    const { body } = await ecs.runInstances(
      new Ecs.RunInstancesRequest({
        regionId: REGION,
        imageId: 'debian_12',
        instanceType: SMALL_TYPE,
        vSwitchId: world.vSwitch.id,
        securityGroupId: world.group,
        amount: Math.min(100, instances - instanceIds.length),
        networkInterface: [new Ecs.RunInstancesRequestNetworkInterface({ instanceType: 'Secondary', vSwitchId: world.vSwitch.id, securityGroupId: world.group })],
      }),
    )
    instanceIds.push(...(body?.instanceIdSets?.instanceIdSet ?? []))
  }
  const extra: EniFacts[] = []
  for (let c = 0; c < changes; c++) extra.push(await eniFacts(ecs, await createEni(ecs, { vSwitchId: world.vSwitch.id, securityGroupId: world.group })))
  const createSeconds = (monotonicMs() - created) / 1000
  log(`reconcile ${instances}: ${instances} instances, ${enis} ENIs created through the API in ${createSeconds.toFixed(1)} s`)
  await cleanupPrefix(world.sandbox.prefix)

  stopIfInterrupted()
  const desired = await world.agent.client.desiredState()
  if (!desired.changed) throw new Error('no desired state')
  const baseline = await coldByHand(instances, changes, firewallOf(desired.state, world.agent.names).text)
  log(`reconcile ${instances}: by hand in ${(baseline.cold.total / 1000).toFixed(1)} s`)

  stopIfInterrupted()
  const agent = await freshAgent(world.sandbox, 'host-a')
  const start = monotonicMs()
  agent.start()
  await until('every instance Running and every ENI InUse', () => converged(world, instances, enis), 100, 60_000 + 200 * enis)
  // This poll runs in the agent's process, whose every program start holds the event loop for a
  // couple of milliseconds: while the agent reads thousands of namespaces again after its report,
  // the poll comes seconds late. Only a report settles the host, so the last one before is when.
  const seenAt = monotonicMs()
  const coldConverged = (agent.reported.filter((t) => t <= seenAt).at(-1) ?? seenAt) - start
  // The pass reports before it reads the kernel again, and is recorded only then.
  const applied = () => agent.passes.find((p) => p.timings !== undefined && !p.timings.empty)
  await until('the cold pass recorded', async () => applied() !== undefined, 20, 60_000 + 100 * enis)
  const coldPass = applied()
  log(`reconcile ${instances}: a fresh agent converged in ${(coldConverged / 1000).toFixed(1)} s`)

  // A periodic pass on an unchanged desired state: what every resync costs at this size.
  const settled = monotonicMs()
  const resyncs = () => agent.passes.filter((p) => p.answeredAt > settled && !p.changed)
  await until('a periodic pass', async () => resyncs().length >= 1, 100, 300_000)
  const idle = resyncs()

  const result: ReconcileResult = {
    instances,
    enis,
    createSeconds,
    coldConverged,
    coldPass: coldPass === undefined ? undefined : breakdownOf(coldPass, start, coldConverged),
    coldBaseline: baseline.cold,
    resync: medianBreakdown(idle.map((p) => breakdownOf(p, Number.NaN))),
    resyncPlannedNothing: idle.every((p) => p.timings === undefined || p.timings.empty),
    changes: { 'ENI attached': samples(), 'rule added': samples() },
    handPlug: baseline.plug,
    handFirewallReload: baseline.reload,
    handRuleAdd: baseline.ruleAdd,
  }
  const names = agent.names
  for (let c = 0; c < changes; c++) {
    stopIfInterrupted()
    const instanceId = instanceIds[spread(c, changes, instanceIds.length)]!
    const namespace = names.instanceNamespace(instanceId)
    const eni = extra[c]!
    // Shown: the ENI's address on its interface; the firewall's digest set changed.
    const address = { argv: ['ip', '-n', namespace, 'monitor', 'address'], needle: ` ${eni.ip}/` }
    await timeChange(agent, result.changes['ENI attached'], () => attach(ecs, eni.id, instanceId), address)
    // The agent's transaction changes the digest set's element with the rest.
    const digest = { argv: ['ip', 'netns', 'exec', names.hostNamespace!, 'nft', 'monitor'], needle: ` ${names.prefix}-filter digest ` }
    const permission = { ipProtocol: 'tcp', portRange: `${20_000 + c}/${20_000 + c}`, sourceCidrIp: `198.19.200.${c + 1}/32`, policy: 'accept', priority: '1' }
    await timeChange(agent, result.changes['rule added'], () => authorize(ecs, world.group, [permission]), digest)
    log(`reconcile ${instances}: change ${c + 1}/${changes}: ENI attached in ${last(result.changes['ENI attached'])} ms, rule added in ${last(result.changes['rule added'])} ms`)
  }
  const closing = monotonicMs()
  await world.close()
  log(`reconcile ${instances}: sandbox removed in ${((monotonicMs() - closing) / 1000).toFixed(1)} s`)
  return result
}

const samples = (): ChangeSamples => ({ latency: [], breakdowns: [] })
/** Change c of `changes` goes to an instance of its own, spread over the `instances`. */
const spread = (c: number, changes: number, instances: number) => Math.floor((c * instances) / changes)
const last = (s: ChangeSamples) => (s.latency[s.latency.length - 1] ?? Number.NaN).toFixed(0)

/**
 * Once the host is quiet — a periodic pass since the last change, and the agent waiting on its
 * long-poll — runs the API call while a monitor of the kernel's notifications (`ip monitor`,
 * `nft monitor`, subscribed before the call) waits for the change; records the latency and the pass.
 */
async function timeChange(agent: TimedAgent, into: ChangeSamples, call: () => Promise<unknown>, shown: { argv: string[]; needle: string }): Promise<void> {
  // A pass that falls back to a full read takes about 25 ms per ENI here: leave room for several.
  const timeout = 60_000 + 100 * (agent.passes[agent.passes.length - 1]?.enis ?? 0)
  // Otherwise a change that follows a long pass at once (the refresh after a plug takes seconds
  // at 1,000 ENIs) finds the last resync over 2 s old and is read as one: measured apart, as the periodic pass.
  const after = monotonicMs()
  await until('a periodic pass, then the long-poll', async () => agent.polling && agent.passes.some((p) => !p.changed && p.answeredAt > after), 5, timeout)
  const { seen } = await watchEvents(shown.argv, shown.needle, timeout)
  const start = monotonicMs()
  await call()
  const returned = monotonicMs()
  const latency = (await seen) - returned
  into.latency.push(latency)
  into.breakdowns.push(breakdownOf(await passFor(agent, start, timeout), returned, latency))
}

async function converged(world: World, instances: number, enis: number): Promise<boolean> {
  const db = world.sandbox.server.deps.store.db
  const running = await db.selectFrom('instances').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'Running').executeTakeFirstOrThrow()
  const inUse = await db.selectFrom('enis').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'InUse').executeTakeFirstOrThrow()
  return Number(running.n) >= instances && Number(inUse.n) >= enis
}

// The bench's own reads of the kernel run `ip`/`nft` by absolute path, so the spawn log leaves them out.
const IP = benchProgram('ip')

/** `nft` by hand, as an operator runs it in a namespace. */
const nft = (namespace: string, args: readonly string[], input?: string) => run('ip', ['netns', 'exec', namespace, 'nft', ...args], input)

async function addressesOf(namespace: string, device: string): Promise<string[]> {
  const out = await run(IP, ['-n', namespace, '-j', 'addr', 'show', 'dev', device]).catch(() => '[]')
  return (JSON.parse(out || '[]') as { addr_info?: { local: string }[] }[]).flatMap((l) => (l.addr_info ?? []).map((a) => a.local))
}

/** The hand-made baselines (see the module's comment); everything under `BENCH_PREFIX@cold`, removed before returning. */
async function coldByHand(instances: number, changes: number, firewall: string) {
  const host = `${BENCH_PREFIX}@cold`
  const namespace = (n: number) => `${host}@i${n}`
  // Addresses in 198.19.64.0/18, inside the bench's own namespaces only.
  const address = (k: number) => `198.19.${64 + (k >> 8)}.${k & 255}`
  const t0 = monotonicMs()
  await ip(null, ['-batch', '-'], [host, ...Array.from({ length: instances }, (_, n) => namespace(n))].map((ns) => `netns add ${ns}`).join('\n') + '\n')
  const t1 = monotonicMs()
  const hostLines = ['link set lo up', 'link add br0 type bridge', 'link set br0 up']
  for (let n = 0; n < instances; n++) {
    for (const e of [0, 1]) {
      const port = `v${n}x${e}`
      hostLines.push(`link add ${port} type veth peer name eth${e} netns ${namespace(n)} address ${benchMac(2 * n + e + 0x1000)}`, `link set ${port} master br0`, `link set ${port} up`)
    }
  }
  await ip(host, ['-batch', '-'], `${hostLines.join('\n')}\n`)
  const t2 = monotonicMs()
  for (let n = 0; n < instances; n++) {
    const lines = ['link set lo up']
    for (const e of [0, 1]) lines.push(`address add ${address(2 * n + e + 1)}/18 dev eth${e}`, `link set eth${e} up`)
    lines.push('route replace default via 198.19.127.254 dev eth0')
    await ip(namespace(n), ['-batch', '-'], `${lines.join('\n')}\n`)
  }
  const t3 = monotonicMs()
  const cold = { total: t3 - t0, netnsAdd: t1 - t0, hostBatch: t2 - t1, namespaceBatches: t3 - t2 }

  const plug: number[] = []
  const reload: number[] = []
  const ruleAdd: number[] = []
  const chain = /chain (p_[0-9a-f]+_in) \{/.exec(firewall)?.[1]
  const prefix = /table inet (\S+) \{/.exec(firewall)?.[1]
  for (let c = 0; c < changes; c++) {
    const n = spread(c, changes, instances)
    const ipAddress = address(2 * instances + c + 1)
    let start = monotonicMs()
    await ip(host, ['-batch', '-'], `link add w${c} type veth peer name eth2 netns ${namespace(n)} address ${benchMac(0x8000 + c)}\nlink set w${c} master br0\nlink set w${c} up\n`)
    await ip(namespace(n), ['-batch', '-'], `address add ${ipAddress}/18 dev eth2\nlink set eth2 up\n`)
    await until('eth2 by hand', async () => (await addressesOf(namespace(n), 'eth2')).includes(ipAddress), 2)
    plug.push(monotonicMs() - start)
    await ip(host, ['link', 'del', `w${c}`])

    start = monotonicMs()
    await nft(host, ['-f', '-'], firewall)
    reload.push(monotonicMs() - start)
    if (chain !== undefined && prefix !== undefined) {
      start = monotonicMs()
      await nft(host, ['add', 'rule', 'inet', prefix, chain, 'tcp', 'dport', String(20_000 + c), 'ip', 'saddr', `198.19.200.${c + 1}`, 'accept'])
      ruleAdd.push(monotonicMs() - start)
    }
  }
  await ip(null, ['-batch', '-'], [...Array.from({ length: instances }, (_, n) => namespace(n)), host].map((ns) => `netns del ${ns}`).join('\n') + '\n')
  return { cold, plug, reload, ruleAdd }
}
