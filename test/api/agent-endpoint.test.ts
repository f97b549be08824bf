import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ControlPlaneClient, ControlPlaneError, type WholeStateAnswer } from '../../src/agent/client.js'
import type { DesiredState } from '../../src/domain/host/desired-state.js'
import { applyDesiredDelta } from '../../src/domain/host/desired-delta.js'
import { addHost } from '../../src/service/agent/credentials.js'
import { allocateEip, associateEip, mustDescribeEip, unassociateEip } from '../support/eips.js'
import { attach, createEni, detach, Network, runInstance } from '../support/network.js'
import { createRoute, routeTableOf } from '../support/routes.js'
import { runCli, startServerProcesses, type ServerProcesses } from '../support/cli.js'
import { startPostgres } from '../support/postgres.js'
import { clientsFor, DIALECTS, Ecs, REGION, sdkError, startServer, stopPostgres, Vpc, ZONE_A, type TestServer } from '../support/server.js'

after(stopPostgres)

async function refusal(call: Promise<unknown>): Promise<ControlPlaneError> {
  try {
    await call
  } catch (err) {
    assert.ok(err instanceof ControlPlaneError, String(err))
    return err
  }
  throw new Error('expected the call to be refused')
}

function changed(answer: WholeStateAnswer): DesiredState {
  assert.equal(answer.changed, true)
  return (answer as Extract<WholeStateAnswer, { changed: true }>).state
}

async function instanceStatus(server: TestServer, instanceId: string): Promise<string | undefined> {
  const { body } = await server.account.ecs.describeInstances(
    new Ecs.DescribeInstancesRequest({ regionId: REGION, instanceIds: JSON.stringify([instanceId]) }),
  )
  return body?.instances?.instance?.[0]?.status
}

async function eniStatus(server: TestServer, eniId: string): Promise<string | undefined> {
  const { body } = await server.account.ecs.describeNetworkInterfaceAttribute(
    new Ecs.DescribeNetworkInterfaceAttributeRequest({ regionId: REGION, networkInterfaceId: eniId }),
  )
  return body?.status
}

for (const dialect of DIALECTS) {
  describe(`agent endpoint (${dialect})`, () => {
    let server: TestServer
    let net: Network
    let vSwitchId: string
    let groupId: string
    let hostA: ControlPlaneClient
    let hostB: ControlPlaneClient

    const client = (hostId: string, hostSecret: string) => new ControlPlaneClient({ endpoint: server.endpoint, hostId, hostSecret })

    before(async () => {
      server = await startServer({ dialect, dataplane: 'agents' })
      net = await Network.create(server.account)
      vSwitchId = (await net.vSwitch({ zoneId: null })).id
      groupId = await net.securityGroup()
      const a = await addHost(server.deps, 'host-a', ZONE_A)
      const b = await addHost(server.deps, 'host-b', ZONE_A)
      hostA = client(a.hostId, a.hostSecret)
      hostB = client(b.hostId, b.hostSecret)
    })
    after(() => server.close())

    it('refuses calls not signed by a registered host, and a bad secret', async () => {
      const unknown = await refusal(client('host-z', 'whatever').desiredState())
      assert.deepEqual([unknown.status, unknown.code], [404, 'InvalidAccessKeyId.NotFound'])
      const none = await refusal(client('none-cn-hangzhou-a', 'x').desiredState())
      assert.equal(none.code, 'InvalidAccessKeyId.NotFound')
      const wrong = await refusal(client('host-a', 'not-the-secret').report({ instances: [], enis: [] }))
      assert.deepEqual([wrong.status, wrong.code], [400, 'SignatureDoesNotMatch'])
      // An account's access key is not a host's.
      const asAccount = await refusal(client(server.account.accessKeyId, server.account.accessKeySecret).desiredState())
      assert.equal(asAccount.code, 'InvalidAccessKeyId.NotFound')
    })

    it('registering a host checks its ID and zone; registering it again rotates its secret', async () => {
      await assert.rejects(addHost(server.deps, 'bad id', ZONE_A), { code: 'InvalidParameter' })
      await assert.rejects(addHost(server.deps, 'none-x', ZONE_A), { code: 'InvalidParameter' })
      await assert.rejects(addHost(server.deps, 'host-q', 'mars-1'), { code: 'InvalidZoneId.NotFound' })
      const first = await addHost(server.deps, 'host-r', ZONE_A)
      await client('host-r', first.hostSecret).report({ instances: [], enis: [] })
      const second = await addHost(server.deps, 'host-r', ZONE_A)
      assert.notEqual(second.hostSecret, first.hostSecret)
      const stale = await refusal(client('host-r', first.hostSecret).report({ instances: [], enis: [] }))
      assert.equal(stale.code, 'SignatureDoesNotMatch')
      await client('host-r', second.hostSecret).report({ instances: [], enis: [] })
      await assert.rejects(addHost(server.deps, 'host-r', 'cn-hangzhou-b'), { code: 'InvalidParameter' })
      // host-r has reported, so it is live: retire it from placement for the tests below by making it stale.
      await server.deps.store.db.updateTable('hosts').set({ last_seen_at: new Date(0).toISOString() }).where('id', '=', 'host-r').execute()
    })

    it('refuses malformed reports with InvalidParameter and changes nothing', async () => {
      for (const bad of [
        { instances: 'nope', enis: [] },
        { instances: [], enis: [], extra: 1 },
        { instances: [{ id: 'i-1', running: 'yes' }], enis: [] },
        { instances: [], enis: [], underlayAddress: 'not-an-ip' },
      ]) {
        const err = await refusal(hostA.report(bad as never))
        assert.deepEqual([err.status, err.code], [400, 'InvalidParameter'], JSON.stringify(bad))
      }
      const waitTooLong = await refusal(hostA.desiredState({ etag: 'x', waitSeconds: 61 }))
      assert.equal(waitTooLong.code, 'InvalidParameter')
    })

    it('places instances only on live hosts, and settles them and their ENIs by what the host reports', async () => {
      // Neither host has reported yet: no capacity.
      const noStock = await sdkError(runInstance(net.ecs, { vSwitchId, securityGroupId: groupId }))
      assert.equal(noStock.code, 'OperationDenied.NoStock')

      await hostA.report({ underlayAddress: '192.0.2.1', instances: [], enis: [] })
      const instanceId = await runInstance(net.ecs, { vSwitchId, securityGroupId: groupId })
      assert.equal(await instanceStatus(server, instanceId), 'Pending')

      const state = changed(await hostA.desiredState())
      assert.equal(state.hostId, 'host-a')
      assert.deepEqual(
        state.instances.map((i) => [i.id, i.power, i.instanceType]),
        [[instanceId, 'running', 'ecs.g7.large']],
      )
      const primary = state.enis.find((e) => e.instanceId === instanceId && e.deviceIndex === 0)
      assert.ok(primary, 'the primary ENI is eth0')
      assert.equal(primary.vSwitchId, vSwitchId)
      assert.match(primary.primaryIpAddress, /^198\.18\.0\./)
      assert.equal(primary.prefixLength, 24)
      assert.equal(primary.gatewayIpAddress, '198.18.0.253')
      assert.deepEqual(primary.securityGroupIds, [groupId])
      assert.ok(primary.queueNumber >= 1)
      assert.deepEqual(state.vSwitches.map((v) => [v.id, v.cidrBlock, v.zoneId]), [[vSwitchId, '198.18.0.0/24', null]])
      assert.deepEqual(state.vpcs.map((v) => v.id), [net.vpcId])
      assert.ok(state.instances[0]!.bandwidthTxKbps > 0)

      // Reports about what is not on this host change nothing.
      await hostB.report({ instances: [{ id: instanceId, running: true }], enis: [] })
      assert.equal(await instanceStatus(server, instanceId), 'Pending')
      await hostA.report({ instances: [{ id: instanceId, running: true }], enis: [{ id: primary.id, instanceId, up: true }] })
      assert.equal(await instanceStatus(server, instanceId), 'Running')

      // Hot-plug: Attaching until the host shows the interface up, on that instance.
      const eniId = await createEni(net.ecs, { vSwitchId, securityGroupId: groupId })
      await attach(net.ecs, eniId, instanceId)
      assert.equal(await eniStatus(server, eniId), 'Attaching')
      const plugged = changed(await hostA.desiredState()).enis.find((e) => e.id === eniId)
      assert.equal(plugged?.deviceIndex, 1)
      await hostA.report({ instances: [{ id: instanceId, running: true }], enis: [{ id: eniId, instanceId, up: false }] })
      assert.equal(await eniStatus(server, eniId), 'Attaching')
      await hostA.report({ instances: [{ id: instanceId, running: true }], enis: [{ id: primary.id, instanceId, up: true }, { id: eniId, instanceId: 'i-other', up: true }] })
      assert.equal(await eniStatus(server, eniId), 'Attaching')
      await hostA.report({ instances: [{ id: instanceId, running: true }], enis: [{ id: primary.id, instanceId, up: true }, { id: eniId, instanceId, up: true }] })
      assert.equal(await eniStatus(server, eniId), 'InUse')

      // Detach: gone from the desired state at once; Available once the host no longer has it.
      await detach(net.ecs, eniId, instanceId)
      assert.equal(await eniStatus(server, eniId), 'Detaching')
      assert.equal(changed(await hostA.desiredState()).enis.some((e) => e.id === eniId), false)
      await hostA.report({ instances: [{ id: instanceId, running: true }], enis: [{ id: primary.id, instanceId, up: true }, { id: eniId, instanceId, up: true }] })
      assert.equal(await eniStatus(server, eniId), 'Detaching')
      await hostA.report({ instances: [{ id: instanceId, running: true }], enis: [{ id: primary.id, instanceId, up: true }] })
      assert.equal(await eniStatus(server, eniId), 'Available')

      // Stop: the desired power flips at once; Stopped once the host says it no longer runs.
      await net.ecs.stopInstance(new Ecs.StopInstanceRequest({ instanceId }))
      assert.equal(await instanceStatus(server, instanceId), 'Stopping')
      assert.equal(changed(await hostA.desiredState()).instances[0]?.power, 'stopped')
      await hostA.report({ instances: [{ id: instanceId, running: false }], enis: [] })
      assert.equal(await instanceStatus(server, instanceId), 'Stopped')
    })

    it('tells each host where the other ENIs of its VPCs live, with the tunnel endpoint', async () => {
      await hostA.report({ underlayAddress: '192.0.2.1', instances: [], enis: [] })
      await hostB.report({ underlayAddress: '192.0.2.2', instances: [], enis: [] })
      const onB = await runInstance(net.ecs, { vSwitchId, securityGroupId: groupId })
      const stateB = changed(await hostB.desiredState())
      assert.ok(stateB.instances.some((i) => i.id === onB), 'the least-loaded live host takes the new instance')
      const stateA = changed(await hostA.desiredState())
      const remote = stateA.remoteEnis.filter((e) => e.hostId === 'host-b')
      assert.ok(remote.length >= 1)
      assert.equal(remote[0]?.underlayAddress, '192.0.2.2')
      assert.equal(remote[0]?.vSwitchId, vSwitchId)
      assert.deepEqual(
        remote.map((e) => e.id).sort(),
        stateB.enis.map((e) => e.id).sort(),
      )
    })

    it('holds a desired-state call until a change concerns the host, and not for one that does not', async () => {
      const first = await hostA.desiredState()
      assert.equal(first.changed, true)
      // Unchanged: 304 after the wait, even though an unrelated change happens meanwhile.
      // Waiting costs nothing: the held call reads again only when something commits (its own
      // reads commit nothing), so a second of waiting is a handful of transactions, not thousands.
      const store = server.deps.store
      const transaction = store.transaction.bind(store)
      let transactions = 0
      ;(store as { transaction: typeof store.transaction }).transaction = (work, options) => {
        transactions++
        return transaction(work, options)
      }
      const started = Date.now()
      const quiet = hostA.desiredState({ etag: first.etag, waitSeconds: 1 })
      await net.vpc.createVpc(new Vpc.CreateVpcRequest({ regionId: REGION, cidrBlock: '198.19.0.0/16' }))
      const unchanged = await quiet.finally(() => ((store as { transaction: typeof store.transaction }).transaction = transaction))
      assert.equal(unchanged.changed, false)
      assert.equal(unchanged.etag, first.etag)
      assert.ok(Date.now() - started >= 900, 'held for the wait')
      assert.ok(transactions < 20, `${transactions} transactions while one call was held for a second`)

      // A change on the host answers the held call at once, well before its wait.
      // The instance host A stopped above: ENIs attach to Stopped instances too.
      const instanceId = changed(first).instances[0]?.id
      assert.ok(instanceId !== undefined)
      // A new member of the host's group changes its policies (inner access), so it comes first.
      const eniId = await createEni(net.ecs, { vSwitchId, securityGroupId: groupId })
      const current = await hostA.desiredState()
      assert.notEqual(current.etag, first.etag, 'a new member of its group changes the host\'s inner-access peers')
      const held = hostA.desiredState({ etag: current.etag, waitSeconds: 30 })
      const t0 = Date.now()
      await attach(net.ecs, eniId, instanceId)
      const answer = await held
      assert.ok(Date.now() - t0 < 5000, 'answered when the change committed')
      assert.ok(changed(answer).enis.some((e) => e.id === eniId))
      assert.notEqual(answer.etag, current.etag)
    })

    it('sends an agent that asks for them only the changes since its state, and the whole state when it does not know that state', async () => {
      const whole = await hostA.desiredState()
      const base = changed(whole)
      const instanceId = base.instances[0]?.id
      assert.ok(instanceId !== undefined)
      const eniId = await createEni(net.ecs, { vSwitchId, securityGroupId: groupId })
      await attach(net.ecs, eniId, instanceId)
      const answer = await hostA.desiredState({ etag: whole.etag, waitSeconds: 0, deltas: true })
      assert.ok(answer.changed && 'delta' in answer, 'a delta')
      assert.equal(answer.delta.base, whole.etag)
      assert.deepEqual(answer.delta.put.enis?.map((e) => e.id), [eniId], 'only the ENI attached')
      assert.equal(answer.delta.put.instances, undefined)
      const now = changed(await hostA.desiredState())
      assert.deepEqual(applyDesiredDelta(base, answer.delta), now)
      // An ETag the server does not know (another server's, or too old): the whole state.
      const stranger = await hostA.desiredState({ etag: '"not-a-known-state"', waitSeconds: 0, deltas: true })
      assert.ok(stranger.changed && 'state' in stranger)
      assert.deepEqual(stranger.state, now)
      const unchanged = await hostA.desiredState({ etag: answer.etag, waitSeconds: 0, deltas: true })
      assert.equal(unchanged.changed, false)
    })

    it('carries compiled policies, EIP bindings with caps and resolved routes; EIPs settle by the report, whose counters feed metering', async () => {
      await hostA.report({ underlayAddress: '192.0.2.1', instances: [], enis: [] })
      await hostB.report({ underlayAddress: '192.0.2.2', instances: [], enis: [] })
      const sg = await net.securityGroup()
      await net.ecs.authorizeSecurityGroup(
        new Ecs.AuthorizeSecurityGroupRequest({
          regionId: REGION,
          securityGroupId: sg,
          permissions: [new Ecs.AuthorizeSecurityGroupRequestPermissions({ ipProtocol: 'tcp', portRange: '443/443', sourceCidrIp: '198.18.0.0/15', priority: '5' })],
        }),
      )
      // Equal loads go to the first host by ID, so the two instances land on different hosts.
      const first = await runInstance(net.ecs, { vSwitchId, securityGroupId: sg })
      const second = await runInstance(net.ecs, { vSwitchId, securityGroupId: sg })
      const states = [changed(await hostA.desiredState()), changed(await hostB.desiredState())]
      const onFirst = states.find((s) => s.instances.some((i) => i.id === first))
      const onSecond = states.find((s) => s.instances.some((i) => i.id === second))
      assert.ok(onFirst && onSecond && onFirst.hostId !== onSecond.hostId, 'least-loaded placement spreads them')
      const host = onFirst.hostId === 'host-a' ? hostA : hostB
      const primary = onFirst.enis.find((e) => e.instanceId === first && e.deviceIndex === 0)
      assert.ok(primary)

      // The ENI's effective policy, compiled from its group, shared by ENIs with the same groups.
      assert.equal(primary.securityPolicyId, sg)
      const policy = onFirst.securityPolicies.find((p) => p.id === sg)
      assert.ok(policy)
      assert.deepEqual(policy.securityGroupIds, [sg])
      assert.deepEqual(
        policy.ingress.rules.map((r) => [r.protocol, r.portFrom, r.portTo, r.policy, r.priority, r.peers]),
        [['tcp', 443, 443, 'accept', 5, ['198.18.0.0/15']]],
      )
      assert.equal(policy.ingress.default, 'drop')
      assert.equal(policy.egress.default, 'accept')
      assert.ok(onFirst.enis.every((e) => onFirst.securityPolicies.some((p) => p.id === e.securityPolicyId)))

      // An EIP on the primary IP: Associating until the host maps it to that address.
      const running = { instances: [{ id: first, running: true }], enis: [{ id: primary.id, instanceId: first, up: true }] }
      await host.report(running)
      const eip = await allocateEip(net.vpc, { bandwidth: '5', internetChargeType: 'PayByTraffic' })
      await associateEip(net.vpc, { allocationId: eip.allocationId, instanceId: first })
      assert.equal((await mustDescribeEip(net.vpc, eip.allocationId)).status, 'Associating')
      assert.deepEqual(changed(await host.desiredState()).eips, [
        { allocationId: eip.allocationId, ipAddress: eip.ipAddress, eniId: primary.id, privateIpAddress: primary.primaryIpAddress, bandwidthKbps: 5000, internetChargeType: 'PayByTraffic' },
      ])
      const counters = (rxBytes: number) => ({ rxBytes, txBytes: rxBytes * 2, rxPackets: 3, txPackets: 4 })
      await host.report({ ...running, eips: [{ id: eip.allocationId, privateIpAddress: '198.18.0.250', ...counters(0) }] })
      assert.equal((await mustDescribeEip(net.vpc, eip.allocationId)).status, 'Associating', 'mapped to the wrong address')
      const otherHost = host === hostA ? hostB : hostA
      await otherHost.report({ instances: [], enis: [], eips: [{ id: eip.allocationId, privateIpAddress: primary.primaryIpAddress, ...counters(0) }] })
      assert.equal((await mustDescribeEip(net.vpc, eip.allocationId)).status, 'Associating', 'another host cannot settle it')
      await host.report({ ...running, eips: [{ id: eip.allocationId, privateIpAddress: primary.primaryIpAddress, ...counters(1_000) }] })
      assert.equal((await mustDescribeEip(net.vpc, eip.allocationId)).status, 'InUse')
      await host.report({ ...running, eips: [{ id: eip.allocationId, privateIpAddress: primary.primaryIpAddress, ...counters(4_000) }] })
      const minute = (offset: number) => new Date(Math.floor(Date.now() / 60_000) * 60_000 + offset * 60_000).toISOString().slice(0, 19) + 'Z'
      const { body } = await net.vpc.describeEipMonitorData(
        new Vpc.DescribeEipMonitorDataRequest({ regionId: REGION, allocationId: eip.allocationId, startTime: minute(-2), endTime: minute(1), period: 60 }),
      )
      const points = body?.eipMonitorDatas?.eipMonitorData ?? []
      assert.equal(points.reduce((sum, p) => sum + (p.eipRX ?? 0), 0), 4_000, 'the counters of the host that maps it, as deltas')
      assert.equal(points.reduce((sum, p) => sum + (p.eipTX ?? 0), 0), 8_000)

      // A bandwidth change reaches the host's desired state at once.
      await net.vpc.modifyEipAddressAttribute(new Vpc.ModifyEipAddressAttributeRequest({ regionId: REGION, allocationId: eip.allocationId, bandwidth: '12' }))
      assert.equal(changed(await host.desiredState()).eips[0]?.bandwidthKbps, 12_000)

      // A route through the first instance: resolved to its primary ENI on its host, and the other
      // host (its VPC holds the second instance) learns where to tunnel to.
      const routeTableId = await routeTableOf(net.vpc, net.vpcId)
      await createRoute(net.vpc, { routeTableId, destinationCidrBlock: '10.0.0.0/8', nextHopType: 'Instance', nextHopId: first })
      const own = changed(await host.desiredState()).vpcs.find((v) => v.id === net.vpcId)
      const seen = changed(await otherHost.desiredState()).vpcs.find((v) => v.id === net.vpcId)
      const expectedHop = { eniId: primary.id, privateIpAddress: primary.primaryIpAddress, instanceId: first, hostId: onFirst.hostId }
      assert.deepEqual(own?.customRoutes.map((r) => [r.destinationCidrBlock, r.nextHopType, r.nextHopId, r.nextHop]), [
        ['10.0.0.0/8', 'Instance', first, { ...expectedHop, underlayAddress: null }],
      ])
      assert.deepEqual(seen?.customRoutes.map((r) => r.nextHop), [
        { ...expectedHop, underlayAddress: onFirst.hostId === 'host-a' ? '192.0.2.1' : '192.0.2.2' },
      ])
      assert.ok(own?.systemRoutes.some((r) => r.nextHopType === 'local' && r.vSwitchId === vSwitchId))

      // Unassociating: gone from the desired state at once; Available once the host unmaps it.
      await unassociateEip(net.vpc, { allocationId: eip.allocationId, instanceId: first })
      assert.equal((await mustDescribeEip(net.vpc, eip.allocationId)).status, 'Unassociating')
      assert.deepEqual(changed(await host.desiredState()).eips, [])
      await host.report({ ...running, eips: [{ id: eip.allocationId, privateIpAddress: primary.primaryIpAddress, ...counters(4_000) }] })
      assert.equal((await mustDescribeEip(net.vpc, eip.allocationId)).status, 'Unassociating')
      await host.report(running)
      assert.equal((await mustDescribeEip(net.vpc, eip.allocationId)).status, 'Available')
    })

    it('refuses malformed EIP entries in a report and records nothing', async () => {
      for (const bad of [
        { instances: [], enis: [], eips: [{ id: 'eip-x', privateIpAddress: '198.18.0.1', rxBytes: -1, txBytes: 0, rxPackets: 0, txPackets: 0 }] },
        { instances: [], enis: [], eips: [{ id: 'eip-x', privateIpAddress: '198.18.0.1', rxBytes: 1.5, txBytes: 0, rxPackets: 0, txPackets: 0 }] },
        { instances: [], enis: [], eips: [{ id: 'eip-x', privateIpAddress: '300.1.1.1', rxBytes: 0, txBytes: 0, rxPackets: 0, txPackets: 0 }] },
        { instances: [], enis: [], eips: [{ id: 'eip-x', privateIpAddress: '198.18.0.1', rxBytes: 0, txBytes: 0, rxPackets: 0 }] },
      ]) {
        const err = await refusal(hostA.report(bad as never))
        assert.deepEqual([err.status, err.code], [400, 'InvalidParameter'], JSON.stringify(bad))
      }
    })
  })
}

if (DIALECTS.includes('postgres')) {
  describe('agent endpoint (PostgreSQL, two server processes)', () => {
    let cluster: Awaited<ReturnType<typeof startPostgres>> | undefined
    let servers: ServerProcesses | undefined

    before(async () => {
      cluster = await startPostgres()
      servers = await startServerProcesses({
        count: 2,
        dbUrl: cluster.url,
        root: mkdtempSync(join(tmpdir(), 'openeni-agent-two-servers-')),
        dataplane: 'agents',
        key: { accessKeyId: 'LTAIagentTwoServers0001', accessKeySecret: 'agent-two-servers-secret-01234' },
        masterKey: 'cd'.repeat(32),
      })
    })
    after(async () => {
      await servers?.stop()
      await cluster?.stop()
    })

    it('a call held by one server is answered when a change commits through the other', async () => {
      const { endpoints, key, env } = servers!
      const added = await runCli(['hosts', 'add', 'host-p', '--zone', ZONE_A, '--data', servers!.dataDir(0), '--db', cluster!.url, '--output', 'json'], env)
      assert.equal(added.code, 0, added.stderr)
      const { HostSecret } = JSON.parse(added.stdout) as { HostSecret: string }
      const [first, second] = endpoints.map((endpoint) => new ControlPlaneClient({ endpoint, hostId: 'host-p', hostSecret: HostSecret }))
      assert.ok(first && second)
      await second.report({ instances: [], enis: [] })
      const before = await first.desiredState()
      const held = first.desiredState({ etag: before.etag, waitSeconds: 30 })

      const account = clientsFor(endpoints[1]!, key.accessKeyId, key.accessKeySecret)
      const net = await Network.create(account)
      const vSwitchId = (await net.vSwitch()).id
      const t0 = Date.now()
      const instanceId = await runInstance(net.ecs, { vSwitchId, securityGroupId: await net.securityGroup() })
      const answer = await held
      assert.ok(Date.now() - t0 < 5000, 'woken by the other server\'s commit, not by the timeout')
      assert.deepEqual(changed(answer).instances.map((i) => i.id), [instanceId])
    })
  })
}
