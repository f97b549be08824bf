import { after, before, describe, it, type TestContext } from 'node:test'
import assert from 'node:assert/strict'
import { isEmpty, type Plan } from '../../src/agent/plan.js'
import { backlogDrops, dataplaneUnavailable, eniStatus, instanceStatus, PROBE, Sandbox, waitFor, type ProbeProcess, type StreamSummary } from '../support/dataplane.js'
import { allocateEip, associateEip, mustDescribeEip } from '../support/eips.js'
import { addressesOf, attach, createEni, detach, mustDescribeEni, Network, runInstance } from '../support/network.js'
import { Ecs, REGION, ZONE_A, ZONE_B } from '../support/server.js'

/** A generous bound on a failover's gap in a test on a shared machine; the 100 ms aim is the benchmark's. */
const GAP_BOUND_MS = 5_000

describe('continuous traffic across ENI hot-plug, failover between instances, hosts and zones, and agent restarts', { skip: dataplaneUnavailable() }, () => {
  let sandbox: Sandbox
  let net: Network
  let vSwitchId: string
  let group: string
  let xGroup: string
  /** Instance IDs and primary addresses by name: c (the client), a and b on host-a, d on host-b. */
  const on: Record<string, string> = {}
  const ip: Record<string, string> = {}
  /** ENI X, the one that fails over: its primary and secondary address, MAC and EIP. */
  let x: string
  let xPrimary: string
  let xSecondary: string
  let eip: { allocationId: string; ipAddress: string }

  const launch = async (name: string, zoneId: string) => {
    const id = await runInstance(net.ecs, { vSwitchId, securityGroupId: group, zoneId })
    await waitFor(`${name} Running`, async () => (await instanceStatus(net.ecs, id)) === 'Running')
    const { body } = await net.ecs.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION, instanceIds: JSON.stringify([id]) }))
    ip[name] = body?.instances?.instance?.[0]?.vpcAttributes?.privateIpAddress?.ipAddress?.[0] ?? ''
    on[name] = id
  }
  /** The instance's IPv4 addresses, as its kernel shows them, by interface. */
  const addressesIn = async (name: string) => {
    const links = JSON.parse(await sandbox.exec(on[name]!, ['ip', '-j', '-4', 'addr', 'show'])) as { ifname: string; addr_info: { local: string }[] }[]
    return new Map(links.map((l) => [l.ifname, l.addr_info.map((a) => a.local)]))
  }
  /** Detaches the ENI from one instance and attaches it to another, each step confirmed by the host. */
  const move = async (eni: string, from: string, to: string) => {
    await detach(net.ecs, eni, on[from]!)
    await waitFor(`${eni} Available`, async () => (await eniStatus(net.ecs, eni)) === 'Available')
    await attach(net.ecs, eni, on[to]!)
    await waitFor(`${eni} InUse on ${to}`, async () => (await eniStatus(net.ecs, eni)) === 'InUse')
  }
  /**
   * Streams by name, each a datagram every 10 ms from the client instance (or the public network)
   * to an echo server, which tags its answers with its instance's name.
   */
  const streams = async (targets: Record<string, [from: string, address: string]>) => {
    const started: [string, ProbeProcess][] = []
    const dropsBefore = await backlogDrops()
    for (const [what, [from, address]] of Object.entries(targets)) {
      const where = from === 'public' ? `${sandbox.prefix}@public` : on[from]!
      started.push([what, await sandbox.startProbe(where, ['stream', address, '7000', '10', '90'])])
    }
    return {
      /** Waits until every stream gets answers from the instance named `tag`. */
      answeredBy: (tag: string, timeoutMs = 10_000) =>
        Promise.all(started.map(([what, probe]) => probe.printed(`first ${tag}`, timeoutMs).catch((err: Error) => assert.fail(`${what}: ${err.message}`)))),
      /** Each stream's summary, and how many packets the machine's input backlog dropped meanwhile. */
      stop: async () => {
        const summaries = await Promise.all(started.map(async ([what, probe]) => [what, await probe.stopStream()] as const))
        return { summaries, backlogDropped: (await backlogDrops()) - dropsBefore }
      },
    }
  }
  /**
   * No datagram lost, unless the machine's input backlog dropped at least as many packets meanwhile:
   * that is another test's flood filling the queue every veth shares, not anything the agent did.
   */
  const assertLossless = (what: string, s: StreamSummary, backlogDropped: number) =>
    assert.ok(s.lost === 0 || s.lost <= backlogDropped, `${what}: ${s.lost} lost while the machine's backlog dropped ${backlogDropped} packets`)
  /** What one datagram to `address` gets back ("TAG ask"), or null when nothing answers within a second. */
  const ask = (from: string, address: string, port: number) =>
    sandbox.exec(on[from]!, [process.execPath, PROBE, 'ask', address, String(port), '1000']).then((s) => s.trim(), () => null)
  const report = (t: TestContext, what: string, s: StreamSummary, backlogDropped: number) =>
    t.diagnostic(
      `${what}: ${s.sent} sent, ${s.received} answered, ${s.lost} lost, largest gap between answers ${s.maxGapMs} ms, ` +
        `answered by ${s.runs.map((r) => `${r.tag}×${r.answers}`).join(' then ')}` +
        (backlogDropped > 0 ? ` (the machine's input backlog dropped ${backlogDropped} packets meanwhile)` : ''),
    )

  before(async () => {
    sandbox = await Sandbox.start()
    await sandbox.host('host-a', ZONE_A)
    await sandbox.host('host-b', ZONE_B)
    net = await Network.create(sandbox.server.account)
    // Regional: its ENIs attach to instances of any zone, which is how an ENI fails over across zones.
    vSwitchId = (await net.vSwitch({ zoneId: null })).id
    group = await net.securityGroup()
    // X's own group lets UDP 7000 in from anywhere and nothing else, unlike the instances' group.
    xGroup = await net.securityGroup()
    await net.ecs.authorizeSecurityGroup(new Ecs.AuthorizeSecurityGroupRequest({
      regionId: REGION, securityGroupId: xGroup,
      permissions: [new Ecs.AuthorizeSecurityGroupRequestPermissions({ ipProtocol: 'udp', portRange: '7000/7000', sourceCidrIp: '0.0.0.0/0', priority: '1', policy: 'accept' })],
    }))
    // One host per zone: c, a and b land on host-a, d on host-b.
    await launch('c', ZONE_A)
    await launch('a', ZONE_A)
    await launch('b', ZONE_A)
    await launch('d', ZONE_B)

    x = await createEni(net.ecs, { vSwitchId, securityGroupId: xGroup, secondaryPrivateIpAddressCount: 1 })
    const described = await mustDescribeEni(net.ecs, x)
    xPrimary = described.privateIpAddress ?? ''
    xSecondary = addressesOf(described).find((a) => a !== xPrimary) ?? ''
    assert.ok(xPrimary !== '' && xSecondary !== '')
    eip = await allocateEip(net.vpc, { bandwidth: '10' })
    await associateEip(net.vpc, { allocationId: eip.allocationId, instanceId: x, instanceType: 'NetworkInterface' })

    // Each of a, b and d answers with its name on its own address and on X's, which it holds
    // only while X is attached to it (a program in the instance may bind an address it will get).
    for (const name of ['a', 'b', 'd']) {
      await sandbox.exec(on[name]!, ['sysctl', '-q', '-w', 'net.ipv4.ip_nonlocal_bind=1'])
      await sandbox.startProbe(on[name]!, ['echo', name, ...[ip[name]!, xPrimary, xSecondary].flatMap((a) => [`${a}:7000`, `${a}:7001`])])
    }
  })
  after(async () => {
    await sandbox?.close()
  })

  it('hot-plugging and unplugging a secondary ENI loses no packet on eth0', async (t) => {
    const probe = await streams({ 'c → a\'s eth0 across the plug and unplug': ['c', ip.a!] })
    await probe.answeredBy('a')
    const y = await createEni(net.ecs, { vSwitchId, securityGroupId: group })
    const yAddress = (await mustDescribeEni(net.ecs, y)).privateIpAddress ?? ''
    await attach(net.ecs, y, on.a!)
    await waitFor('the new ENI InUse', async () => (await eniStatus(net.ecs, y)) === 'InUse')
    await waitFor('the new ENI answers', () => sandbox.pings(on.c!, yAddress), 10_000)
    await detach(net.ecs, y, on.a!)
    await waitFor('the new ENI Available', async () => (await eniStatus(net.ecs, y)) === 'Available')
    await assert.rejects(sandbox.exec(on.a!, ['ip', 'link', 'show', 'eth1']), 'eth1 is gone')
    await new Promise((r) => setTimeout(r, 300))
    const { summaries, backlogDropped } = await probe.stop()
    const [what, summary] = summaries[0]!
    report(t, what, summary, backlogDropped)
    assert.ok(summary.sent >= 50, `the probe ran through the change (${summary.sent} sent)`)
    assertLossless(what, summary, backlogDropped)
    assert.deepEqual(summary.runs.map((r) => r.tag), ['a'])
  })

  it('an ENI moved to another instance on the host is answered there, keeping its MAC, addresses, groups and EIP', async (t) => {
    await attach(net.ecs, x, on.a!)
    await waitFor('X InUse on a', async () => (await eniStatus(net.ecs, x)) === 'InUse')
    await waitFor('its EIP InUse', async () => (await mustDescribeEip(net.vpc, eip.allocationId)).status === 'InUse')
    const before = await mustDescribeEni(net.ecs, x)
    const probes = await streams({
      'X\'s primary address, a → b on host-a': ['c', xPrimary],
      'X\'s secondary address, a → b on host-a': ['c', xSecondary],
      'X\'s EIP from the public network, a → b on host-a': ['public', eip.ipAddress],
    })
    await probes.answeredBy('a')
    await move(x, 'a', 'b')
    await probes.answeredBy('b')
    await new Promise((r) => setTimeout(r, 300))
    const moved = await probes.stop()
    for (const [what, s] of moved.summaries) {
      report(t, what, s, moved.backlogDropped)
      // Answers from a, then from b, never from a again.
      assert.deepEqual(s.runs.map((r) => r.tag), ['a', 'b'], what)
      assert.ok(s.maxGapMs < GAP_BOUND_MS, `${what}: a gap of ${s.maxGapMs} ms`)
    }

    const after = await mustDescribeEni(net.ecs, x)
    assert.equal(after.instanceId, on.b)
    assert.equal(after.macAddress, before.macAddress)
    assert.deepEqual(addressesOf(after), addressesOf(before))
    assert.deepEqual(after.securityGroupIds?.securityGroupId, [xGroup])
    const onA = [...(await addressesIn('a')).values()].flat()
    assert.ok(!onA.includes(xPrimary) && !onA.includes(xSecondary), 'a no longer holds X\'s addresses')
    const eth1 = JSON.parse(await sandbox.exec(on.b!, ['ip', '-j', 'addr', 'show', 'eth1'])) as { address: string; addr_info: { family: string; local: string }[] }[]
    assert.equal(eth1[0]?.address, before.macAddress?.toLowerCase())
    assert.deepEqual(eth1[0]?.addr_info.filter((a) => a.family === 'inet').map((a) => a.local).sort(), [xPrimary, xSecondary].sort())
    // X's group came along: b's own group lets 7001 in from c, X's does not.
    assert.equal(await ask('c', ip.b!, 7001), 'b ask')
    assert.equal(await ask('c', xPrimary, 7001), null)
    assert.equal(await ask('c', xPrimary, 7000), 'b ask')
  })

  it('an ENI moved across hosts and zones is answered on the other host after the gap', async (t) => {
    const across = `b on host-a (${ZONE_A}) → d on host-b (${ZONE_B})`
    const probes = await streams({
      [`X's primary address, ${across}`]: ['c', xPrimary],
      [`X's secondary address, ${across}`]: ['c', xSecondary],
      [`X's EIP from the public network, ${across}`]: ['public', eip.ipAddress],
    })
    await probes.answeredBy('b')
    await move(x, 'b', 'd')
    await probes.answeredBy('d')
    await new Promise((r) => setTimeout(r, 300))
    const moved = await probes.stop()
    for (const [what, s] of moved.summaries) {
      report(t, what, s, moved.backlogDropped)
      assert.deepEqual(s.runs.map((r) => r.tag), ['b', 'd'], what)
      assert.ok(s.maxGapMs < GAP_BOUND_MS, `${what}: a gap of ${s.maxGapMs} ms`)
    }
    assert.equal((await mustDescribeEni(net.ecs, x)).instanceId, on.d)
    const onB = [...(await addressesIn('b')).values()].flat()
    assert.ok(!onB.includes(xPrimary), 'b no longer holds X\'s address')
    assert.equal(await ask('c', ip.d!, 7001), 'd ask')
    assert.equal(await ask('c', xPrimary, 7001), null)
  })

  it('a restarted agent plans nothing on its first pass, and traffic through its host loses no packet', async (t) => {
    // c → a stays on host-a; c → d crosses to host-b; the public network reaches X on d by its EIP.
    const toA = await streams({ 'c → a on host-a': ['c', ip.a!] })
    const toD = await streams({ 'c → d on host-b': ['c', ip.d!], 'public network → X\'s EIP on d': ['public', eip.ipAddress] })
    await toA.answeredBy('a')
    await toD.answeredBy('d')
    const logged = sandbox.log.length
    const plans: [string, Plan][] = []
    for (const host of ['host-a', 'host-b']) plans.push([host, (await sandbox.restartHost(host)).firstPass.plan])
    // A few passes of the new agents (they resync every second).
    await new Promise((r) => setTimeout(r, 3_000))
    const applied = sandbox.log.slice(logged).filter((line) => line.includes('applied'))
    for (const stopped of [await toA.stop(), await toD.stop()]) {
      for (const [what, s] of stopped.summaries) {
        report(t, `${what}, across both agents' restarts`, s, stopped.backlogDropped)
        assert.ok(s.sent >= 300, `${what}: the probe ran through the restarts (${s.sent} sent)`)
        assertLossless(what, s, stopped.backlogDropped)
        assert.equal(s.runs.length, 1, what)
      }
    }
    for (const [host, plan] of plans) assert.ok(isEmpty(plan), `${host}'s new agent planned ${planSummary(plan)}`)
    assert.deepEqual(applied, [], 'the new agents changed nothing')
  })
})

/** The non-empty parts of a plan, for a failure message. */
function planSummary(plan: Plan): string {
  return JSON.stringify(plan, (_key, value: unknown) => {
    if (value instanceof Map) return value.size === 0 ? undefined : Object.fromEntries(value)
    if (Array.isArray(value) && value.length === 0) return undefined
    return value
  })
}
