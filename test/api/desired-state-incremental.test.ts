/**
 * The per-host desired state kept up to date from the change log (`DesiredStates`, `HostInputs.update`)
 * must equal the one read whole (`loadDesiredState`) after every operation, on every host, and each
 * delta it hands out must take the previous state to the current one. A long scenario walks through
 * the dependencies an incremental update could miss (peer groups' members on other hosts, EIP
 * bindings, route next hops that move, ENIs that change hosts, underlay addresses, power and
 * deletion), then a seeded random run mixes the same operations (OPENENI_TEST_SEED and
 * OPENENI_TEST_RANDOM_STEPS replay or lengthen it). Every action the brief of this suite names is
 * implemented by the API, so none is skipped.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { ControlPlaneClient } from '../../src/agent/client.js'
import { applyDesiredDelta, keyOf, sameJson, SECTIONS } from '../../src/domain/host/desired-delta.js'
import type { DesiredState } from '../../src/domain/host/desired-state.js'
import { addHost } from '../../src/service/agent/credentials.js'
import { DesiredStates, loadDesiredState, type VersionedState } from '../../src/service/agent/desired-state.js'
import { allocateEip, associateEip, describeEip, releaseEip, unassociateEip } from '../support/eips.js'
import { addressesOf, attach, createEni, detach, mustDescribeEni, Network, runInstance } from '../support/network.js'
import { createRoute, listRoutes, routeTableOf } from '../support/routes.js'
import { authorize, rulesOf } from '../support/security-group-rules.js'
import { DIALECTS, Ecs, REGION, startServer, stopPostgres, Vpc, ZONE_A, type TestServer } from '../support/server.js'

after(stopPostgres)

const HOSTS = ['host-a', 'host-b', 'host-c'] as const
type HostId = (typeof HOSTS)[number]

/** The random part's seed: OPENENI_TEST_SEED replays another run. */
const SEED = Number(process.env.OPENENI_TEST_SEED ?? 20260301)
const RANDOM_STEPS = Number(process.env.OPENENI_TEST_RANDOM_STEPS ?? 60)

/** mulberry32: small, deterministic, good enough to pick operations. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Which entries of two states differ, section by section, for a readable failure message. */
function differences(actual: DesiredState, expected: DesiredState): string {
  const out: string[] = []
  for (const key of ['hostId', 'zoneId', 'regionId', 'revision'] as const) {
    if (actual[key] !== expected[key]) out.push(`  ${key}: ${String(actual[key])} (incremental) vs ${String(expected[key])} (whole)`)
  }
  for (const section of SECTIONS) {
    const a = new Map<string, unknown>(actual[section].map((e) => [keyOf(section, e), e]))
    const b = new Map<string, unknown>(expected[section].map((e) => [keyOf(section, e), e]))
    let entryDiffers = false
    for (const key of new Set([...a.keys(), ...b.keys()])) {
      if (sameJson(a.get(key) ?? null, b.get(key) ?? null)) continue
      entryDiffers = true
      out.push(`  ${section}[${key}]:\n    incremental ${JSON.stringify(a.get(key) ?? 'absent')}\n    whole       ${JSON.stringify(b.get(key) ?? 'absent')}`)
    }
    if (!entryDiffers && [...a.keys()].join() !== [...b.keys()].join()) out.push(`  ${section}: same entries in another order`)
  }
  return out.length === 0 ? '  (no difference by entry)' : out.join('\n')
}

function sameState(actual: DesiredState, expected: DesiredState, message: string): void {
  try {
    assert.deepStrictEqual(actual, expected)
  } catch (err) {
    if (err instanceof assert.AssertionError) throw new assert.AssertionError({ message: `${message}\n${differences(actual, expected)}`, actual, expected, operator: 'deepStrictEqual' })
    throw err
  }
}

/** An API refusal from the SDK: a code and a 4xx status, never a server error or a transport failure. */
function assertApiError(err: unknown, label: string): string {
  const e = err as { code?: unknown; statusCode?: unknown; message?: unknown }
  assert.equal(typeof e.code, 'string', `${label}: not an API error: ${String(err)}`)
  assert.equal(typeof e.statusCode, 'number', `${label}: not an API error: ${String(err)}`)
  const status = e.statusCode as number
  assert.ok(status >= 400 && status < 500, `${label}: ${String(e.code)} with HTTP ${status}: ${String(e.message)}`)
  return e.code as string
}

for (const dialect of DIALECTS) {
  describe(`incremental desired state equals the whole one (${dialect})`, () => {
    let server: TestServer
    const clients = new Map<HostId, ControlPlaneClient>()
    /** Host C reports no underlay address until the scenario gives it one. */
    const underlay = new Map<HostId, string>([
      ['host-a', '192.0.2.1'],
      ['host-b', '192.0.2.2'],
    ])
    /**
     * Two long-lived incremental readers: `each` is asked after every operation, `batched` only now
     * and then, so its updates span several operations at once (an ENI gone and back, a VPC left and
     * used again). Each keeps the last state it gave per host, to check its deltas.
     */
    const trackers = {
      each: { states: undefined as unknown as DesiredStates, previous: new Map<string, VersionedState>() },
      batched: { states: undefined as unknown as DesiredStates, previous: new Map<string, VersionedState>() },
    }
    let checks = 0

    const ecs = () => server.account.ecs
    const vpc = () => server.account.vpc

    /**
     * For every host: the incremental state equals the one read whole, with the same ETag, and the
     * delta from the last state the reader gave makes this one. `batched` also asks the batched reader.
     */
    async function check(label: string, options: { batched?: boolean } = {}): Promise<void> {
      checks++
      for (const name of options.batched === true ? (['each', 'batched'] as const) : (['each'] as const)) {
        const { states, previous } = trackers[name]
        for (const hostId of HOSTS) {
          const at = `after "${label}", host ${hostId}, ${name} reader (${dialect})`
          const inc = await states.current(hostId)
          const whole = await loadDesiredState(server.deps, hostId)
          assert.ok(inc && whole, `${at}: the host exists`)
          sameState(inc.state, whole.state, `${at}: the incremental state differs from the one read whole`)
          assert.equal(inc.etag, whole.etag, `${at}: ETags differ`)
          const before = previous.get(hostId)
          if (before !== undefined) {
            if (before.etag !== inc.etag) {
              const delta = states.deltaFrom(hostId, before.etag)
              assert.ok(delta, `${at}: no delta from the previous ETag ${before.etag}`)
              assert.equal(delta.base, before.etag, `${at}: the delta's base`)
              sameState(applyDesiredDelta(before.state, delta), inc.state, `${at}: the delta from the previous state does not make the current one`)
            } else {
              // Same content; only the revision it was read at may have moved on.
              sameState({ ...inc.state, revision: before.state.revision }, before.state, `${at}: the ETag is unchanged but the state is not`)
            }
          }
          previous.set(hostId, inc)
        }
      }
    }

    /** `label`'s operation, then the check. */
    async function step(label: string, operation: () => Promise<unknown>): Promise<void> {
      await operation()
      await check(label)
    }

    /** The host's agent reports what its desired state asks, as `reportOfDesired` does. */
    async function reportFrom(hostId: HostId): Promise<void> {
      const whole = await loadDesiredState(server.deps, hostId)
      assert.ok(whole)
      await clients.get(hostId)!.report({
        underlayAddress: underlay.get(hostId),
        instances: whole.state.instances.map((i) => ({ id: i.id, running: i.power === 'running' })),
        enis: whole.state.enis.map((e) => ({ id: e.id, instanceId: e.instanceId, up: true })),
        eips: whole.state.eips.map((e) => ({ id: e.allocationId, privateIpAddress: e.privateIpAddress, rxBytes: 0, txBytes: 0, rxPackets: 0, txPackets: 0 })),
      })
    }

    /** Every host reports, so what was in flight settles; then the check, the batched reader's too. */
    async function settle(label: string): Promise<void> {
      for (const hostId of HOSTS) await reportFrom(hostId)
      await check(`${label} (settled)`, { batched: true })
    }

    async function hostOf(instanceId: string): Promise<string | null> {
      const row = await server.deps.store.db.selectFrom('instances').select('host_id').where('id', '=', instanceId).executeTakeFirst()
      return row?.host_id ?? null
    }

    async function vpcOf(instanceId: string): Promise<string | null> {
      const row = await server.deps.store.db.selectFrom('instances').select('vpc_id').where('id', '=', instanceId).executeTakeFirst()
      return row?.vpc_id ?? null
    }

    async function eniStatus(eniId: string): Promise<string | undefined> {
      return (await mustDescribeEni(ecs(), eniId)).status
    }

    const assign = (networkInterfaceId: string, count = 1) =>
      ecs().assignPrivateIpAddresses(new Ecs.AssignPrivateIpAddressesRequest({ regionId: REGION, networkInterfaceId, secondaryPrivateIpAddressCount: count }))
    const unassign = (networkInterfaceId: string, addresses: string[]) =>
      ecs().unassignPrivateIpAddresses(new Ecs.UnassignPrivateIpAddressesRequest({ regionId: REGION, networkInterfaceId, privateIpAddress: addresses }))
    const setGroups = (networkInterfaceId: string, groups: string[]) =>
      ecs().modifyNetworkInterfaceAttribute(new Ecs.ModifyNetworkInterfaceAttributeRequest({ regionId: REGION, networkInterfaceId, securityGroupId: groups }))
    const innerAccess = (securityGroupId: string, policy: 'Accept' | 'Drop') =>
      ecs().modifySecurityGroupPolicy(new Ecs.ModifySecurityGroupPolicyRequest({ regionId: REGION, securityGroupId, innerAccessPolicy: policy }))
    const revokeRule = (securityGroupId: string, ruleId: string) =>
      ecs().revokeSecurityGroup(new Ecs.RevokeSecurityGroupRequest({ regionId: REGION, securityGroupId, securityGroupRuleId: [ruleId] }))
    const power = (action: 'start' | 'stop', instanceId: string) =>
      action === 'start'
        ? ecs().startInstance(new Ecs.StartInstanceRequest({ instanceId }))
        : ecs().stopInstance(new Ecs.StopInstanceRequest({ instanceId }))
    const deleteRoute = (routeEntryId: string) => vpc().deleteRouteEntry(new Vpc.DeleteRouteEntryRequest({ regionId: REGION, routeEntryId }))
    const secondaryIps = async (eniId: string) => addressesOf(await mustDescribeEni(ecs(), eniId)).slice(1)

    // What the scenario leaves for the random part.
    let net1: Network
    let net2: Network
    const vs: Record<'r1' | 'a1' | 'a2', string> = { r1: '', a1: '', a2: '' }
    const sg: Record<'web' | 'db' | 'app' | 'two' | 'twoPeer', string> = { web: '', db: '', app: '', two: '', twoPeer: '' }
    const instances: string[] = []

    before(async () => {
      server = await startServer({ dialect, dataplane: 'agents' })
      trackers.each.states = new DesiredStates(server.deps)
      trackers.batched.states = new DesiredStates(server.deps)
      for (const hostId of HOSTS) {
        const { hostSecret } = await addHost(server.deps, hostId, ZONE_A)
        clients.set(hostId, new ControlPlaneClient({ endpoint: server.endpoint, hostId, hostSecret }))
      }
    })
    after(() => server.close())

    it('stays equal to the state read whole through a long scenario', async () => {
      const started = Date.now()
      await check('start', { batched: true })
      // Hosts are live for placement once they report; their first underlay addresses.
      await settle('first reports')

      await step('CreateVpc ×2', async () => {
        net1 = await Network.create(server.account, '198.18')
        net2 = await Network.create(server.account, '172.16')
      })
      await step('CreateVSwitch (regional, zonal)', async () => {
        vs.r1 = (await net1.vSwitch({ zoneId: null })).id
        vs.a1 = (await net1.vSwitch()).id
        vs.a2 = (await net2.vSwitch()).id
      })
      await step('CreateSecurityGroup ×5', async () => {
        sg.web = await net1.securityGroup()
        sg.db = await net1.securityGroup()
        sg.app = await net1.securityGroup()
        sg.two = await net2.securityGroup()
        sg.twoPeer = await net2.securityGroup()
      })
      await step('AuthorizeSecurityGroup CIDR rule (web)', () => authorize(ecs(), sg.web, [{ ipProtocol: 'tcp', portRange: '22/22', sourceCidrIp: '10.0.0.0/8' }]))
      await step('AuthorizeSecurityGroup peer rule (db ← web)', () => authorize(ecs(), sg.db, [{ ipProtocol: 'tcp', portRange: '5432/5432', sourceGroupId: sg.web }]))
      await step('AuthorizeSecurityGroup peer rule (twoPeer ← two)', () => authorize(ecs(), sg.twoPeer, [{ ipProtocol: 'all', portRange: '-1/-1', sourceGroupId: sg.two }]))
      await step('ModifySecurityGroupPolicy web Drop', () => innerAccess(sg.web, 'Drop'))

      // Equal loads go to the first host by ID: web → a, db → b, two → c, app → a, db2 → b, c1 → c.
      let iWeb = ''
      await step('RunInstances web (regional vSwitch, with a secondary ENI)', async () => {
        iWeb = await runInstance(ecs(), {
          vSwitchId: vs.r1,
          securityGroupId: sg.web,
          instanceType: 'ecs.g7.xlarge',
          networkInterface: [new Ecs.RunInstancesRequestNetworkInterface({ instanceType: 'Secondary', secondaryPrivateIpAddressCount: 1 })],
        })
      })
      await settle('RunInstances web')
      let iDb = ''
      await step('RunInstances db', async () => {
        iDb = await runInstance(ecs(), { vSwitchId: vs.a1, securityGroupId: sg.db, instanceType: 'ecs.g7.xlarge' })
      })
      await settle('RunInstances db')
      let iTwo = ''
      await step('RunInstances two (VPC 2, with a secondary ENI in another group)', async () => {
        iTwo = await runInstance(ecs(), {
          vSwitchId: vs.a2,
          securityGroupId: sg.two,
          instanceType: 'ecs.g7.xlarge',
          networkInterface: [new Ecs.RunInstancesRequestNetworkInterface({ instanceType: 'Secondary', securityGroupIds: [sg.twoPeer] })],
        })
      })
      await settle('RunInstances two')
      let iApp = ''
      await step('RunInstances app', async () => {
        iApp = await runInstance(ecs(), { vSwitchId: vs.r1, securityGroupId: sg.app, instanceType: 'ecs.g7.xlarge' })
      })
      await settle('RunInstances app')
      let iDb2 = ''
      await step('RunInstances db2 (two groups)', async () => {
        const { body } = await ecs().runInstances(
          new Ecs.RunInstancesRequest({ regionId: REGION, imageId: 'debian_12', instanceType: 'ecs.g7.xlarge', vSwitchId: vs.a1, securityGroupIds: [sg.db, sg.app] }),
        )
        iDb2 = body?.instanceIdSets?.instanceIdSet?.[0] ?? ''
        assert.ok(iDb2)
      })
      await settle('RunInstances db2')
      let iC1 = ''
      await step('RunInstances c1 (VPC 1 on host C too)', async () => {
        iC1 = await runInstance(ecs(), { vSwitchId: vs.r1, securityGroupId: sg.app, instanceType: 'ecs.g7.xlarge' })
      })
      await settle('RunInstances c1')
      instances.push(iWeb, iDb, iTwo, iApp, iDb2, iC1)
      const placed = await Promise.all([iWeb, iDb, iTwo, iApp, iDb2, iC1].map(hostOf))
      assert.deepEqual(placed, ['host-a', 'host-b', 'host-c', 'host-a', 'host-b', 'host-c'], 'least-loaded placement, ties by host ID')

      // An Available ENI in the web group: host B's db policy names web's members as peers.
      let eniX = ''
      await step('CreateNetworkInterface X (web, Available)', async () => {
        eniX = await createEni(ecs(), { vSwitchId: vs.r1, securityGroupId: sg.web })
      })
      await step('AssignPrivateIpAddresses on Available X (peer of host B)', () => assign(eniX, 2))
      await step('UnassignPrivateIpAddresses on Available X', async () => unassign(eniX, [(await secondaryIps(eniX))[0]!]))

      await step('AttachNetworkInterface X → web (host A)', () => attach(ecs(), eniX, iWeb))
      await settle('AttachNetworkInterface X → web')
      assert.equal(await eniStatus(eniX), 'InUse')
      await step('AssignPrivateIpAddresses on X (host A; peer of host B)', () => assign(eniX, 1))
      await step('UnassignPrivateIpAddresses on X (host A)', async () => unassign(eniX, [(await secondaryIps(eniX)).at(-1)!]))
      await step('DetachNetworkInterface X from web (host A)', () => detach(ecs(), eniX, iWeb))
      await settle('DetachNetworkInterface X from web')
      assert.equal(await eniStatus(eniX), 'Available')
      await step('AttachNetworkInterface X → db (host B)', () => attach(ecs(), eniX, iDb))
      await settle('AttachNetworkInterface X → db')
      assert.equal(await eniStatus(eniX), 'InUse')

      await step('ModifyNetworkInterfaceAttribute X groups [db, app]', () => setGroups(eniX, [sg.db, sg.app]))
      await step('ModifyNetworkInterfaceAttribute X groups [web]', () => setGroups(eniX, [sg.web]))
      await step('AuthorizeSecurityGroup peer rule (db ← app)', () => authorize(ecs(), sg.db, [{ ipProtocol: 'udp', portRange: '53/53', sourceGroupId: sg.app }]))
      await step('AssignPrivateIpAddresses on app member c1 (host C; peer of host B)', async () => {
        const primary = (await mustDescribeEni(ecs(), (await instanceEnis(iC1))[0]!)).networkInterfaceId!
        await assign(primary, 1)
      })
      await step('RevokeSecurityGroup peer rule (db ← app)', async () => {
        const rule = (await rulesOf(ecs(), sg.db, 'ingress')).find((r) => r.sourceGroupId === sg.app)
        assert.ok(rule?.securityGroupRuleId)
        await revokeRule(sg.db, rule.securityGroupRuleId)
      })
      await step('ModifySecurityGroupPolicy web Accept', () => innerAccess(sg.web, 'Accept'))
      await step('JoinSecurityGroup app → web', () =>
        ecs().joinSecurityGroup(new Ecs.JoinSecurityGroupRequest({ regionId: REGION, instanceId: iApp, securityGroupId: sg.web })),
      )
      await step('LeaveSecurityGroup app ← web', () =>
        ecs().leaveSecurityGroup(new Ecs.LeaveSecurityGroupRequest({ regionId: REGION, instanceId: iApp, securityGroupId: sg.web })),
      )

      // EIPs: on a secondary private IP of X, which then moves to another host with its EIP.
      let eip1 = { allocationId: '', ipAddress: '' }
      await step('AllocateEipAddress 1', async () => {
        eip1 = await allocateEip(vpc(), { bandwidth: '5' })
      })
      await step('AssignPrivateIpAddresses on X for the EIP', () => assign(eniX, 1))
      const xSecondary = (await secondaryIps(eniX))[0]!
      await step('AssociateEipAddress 1 → X secondary IP (host B)', () =>
        associateEip(vpc(), { allocationId: eip1.allocationId, instanceId: eniX, instanceType: 'NetworkInterface', privateIpAddress: xSecondary }),
      )
      await settle('AssociateEipAddress 1')
      assert.equal((await describeEip(vpc(), eip1.allocationId))?.status, 'InUse')
      await step('ModifyEipAddressAttribute 1 bandwidth 20', () =>
        vpc().modifyEipAddressAttribute(new Vpc.ModifyEipAddressAttributeRequest({ regionId: REGION, allocationId: eip1.allocationId, bandwidth: '20' })),
      )
      await step('DetachNetworkInterface X (with EIP) from db (host B)', () => detach(ecs(), eniX, iDb))
      await settle('DetachNetworkInterface X from db')
      await step('AttachNetworkInterface X (with EIP) → app (host A)', () => attach(ecs(), eniX, iApp))
      await settle('AttachNetworkInterface X → app')
      await step('UnassociateEipAddress 1', () => unassociateEip(vpc(), { allocationId: eip1.allocationId, instanceId: eniX, instanceType: 'NetworkInterface' }))
      await settle('UnassociateEipAddress 1')
      assert.equal((await describeEip(vpc(), eip1.allocationId))?.status, 'Available')
      await step('ReleaseEipAddress 1', () => releaseEip(vpc(), eip1.allocationId))
      let eip2 = { allocationId: '', ipAddress: '' }
      await step('AllocateEipAddress 2', async () => {
        eip2 = await allocateEip(vpc(), { bandwidth: '2' })
      })
      await step('AssociateEipAddress 2 → instance c1 (host C)', () => associateEip(vpc(), { allocationId: eip2.allocationId, instanceId: iC1 }))
      await settle('AssociateEipAddress 2')
      // An EIP bound to an ENI on no host, which the ENI then brings to its new host.
      let eniY = ''
      await step('CreateNetworkInterface Y (db, Available)', async () => {
        eniY = await createEni(ecs(), { vSwitchId: vs.a1, securityGroupId: sg.db, secondaryPrivateIpAddressCount: 1 })
      })
      let eip3 = { allocationId: '', ipAddress: '' }
      await step('AllocateEipAddress 3', async () => {
        eip3 = await allocateEip(vpc(), { bandwidth: '3', internetChargeType: 'PayByTraffic' })
      })
      await step('AssociateEipAddress 3 → Available ENI Y (no host)', async () =>
        associateEip(vpc(), { allocationId: eip3.allocationId, instanceId: eniY, instanceType: 'NetworkInterface', privateIpAddress: (await secondaryIps(eniY))[0] }),
      )
      await step('AttachNetworkInterface Y (with EIP) → db2 (host B)', () => attach(ecs(), eniY, iDb2))
      await settle('AttachNetworkInterface Y → db2')
      assert.equal((await describeEip(vpc(), eip3.allocationId))?.status, 'InUse')

      // Routes whose next hops are an ENI that moves between hosts, and an instance that stops.
      const table1 = await routeTableOf(vpc(), net1.vpcId)
      let routeX = ''
      let routeDb2 = ''
      await step('CreateRouteEntry 10.0.0.0/8 → ENI X (on app, host A)', async () => {
        routeX = await createRoute(vpc(), { routeTableId: table1, destinationCidrBlock: '10.0.0.0/8', nextHopType: 'NetworkInterface', nextHopId: eniX })
      })
      await step('CreateRouteEntry 172.31.0.0/16 → instance db2 (host B)', async () => {
        routeDb2 = await createRoute(vpc(), { routeTableId: table1, destinationCidrBlock: '172.31.0.0/16', nextHopType: 'Instance', nextHopId: iDb2 })
      })
      await step('DetachNetworkInterface X (route next hop) from app (host A)', () => detach(ecs(), eniX, iApp))
      await settle('DetachNetworkInterface X from app')
      await step('AttachNetworkInterface X (route next hop) → c1 (host C)', () => attach(ecs(), eniX, iC1))
      await settle('AttachNetworkInterface X → c1')
      await step('host C reports its first underlay address (its ENIs and a next hop are remote for A and B)', async () => {
        underlay.set('host-c', '192.0.2.33')
        await clients.get('host-c')!.report({ underlayAddress: '192.0.2.33', instances: [], enis: [] })
      })
      await settle('after the underlay change')
      await step('host B reports a new underlay address (next hop host of a route)', async () => {
        underlay.set('host-b', '192.0.2.22')
        await clients.get('host-b')!.report({ underlayAddress: '192.0.2.22', instances: [], enis: [] })
      })
      await settle('after the underlay change of host B')

      await step('StopInstance db2 (route next hop)', () => power('stop', iDb2))
      await settle('StopInstance db2')
      await step('StartInstance db2', () => power('start', iDb2))
      await settle('StartInstance db2')

      let vsNew = ''
      await step('CreateVSwitch in VPC 1 (in use)', async () => {
        vsNew = (await net1.vSwitch({ mask: 26 })).id
      })
      await step('DeleteVSwitch in VPC 1 (in use)', () => vpc().deleteVSwitch(new Vpc.DeleteVSwitchRequest({ regionId: REGION, vSwitchId: vsNew })))
      await step('CreateVSwitch in VPC 2 (in use, regional)', () => net2.vSwitch({ zoneId: null }))

      await step('DeleteRouteEntry → db2', () => deleteRoute(routeDb2))
      await step('DeleteRouteEntry → X', () => deleteRoute(routeX))

      // Deletion: a stopped instance, then a running one with Force (its primary and secondary ENIs
      // were web members: host B's db policy loses them as peers).
      await step('StopInstance app (host A)', () => power('stop', iApp))
      await settle('StopInstance app')
      await step('DeleteInstance app (Stopped)', () => ecs().deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: iApp })))
      await step('DeleteInstance web (Running, Force; peer members of host B)', () =>
        ecs().deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: iWeb, force: true })),
      )
      await settle('DeleteInstance web')
      instances.splice(instances.indexOf(iApp), 1)
      instances.splice(instances.indexOf(iWeb), 1)

      await step('UnassociateEipAddress 2', () => unassociateEip(vpc(), { allocationId: eip2.allocationId, instanceId: iC1 }))
      await settle('UnassociateEipAddress 2')
      await step('DetachNetworkInterface X from c1 (host C)', () => detach(ecs(), eniX, iC1))
      await settle('DetachNetworkInterface X from c1')
      await step('DeleteNetworkInterface X (web member, peer of host B)', () =>
        ecs().deleteNetworkInterface(new Ecs.DeleteNetworkInterfaceRequest({ regionId: REGION, networkInterfaceId: eniX })),
      )
      await step('ReleaseEipAddress 2', () => releaseEip(vpc(), eip2.allocationId))

      // Host A lost its instances; B and C keep theirs for the random part.
      const finalStates = await Promise.all(HOSTS.map((h) => loadDesiredState(server.deps, h)))
      assert.deepEqual(finalStates.map((s) => s?.state.instances.length), [0, 2, 2])
      console.log(`# ${dialect}: scenario of ${checks} checks in ${Date.now() - started} ms`)
    })

    async function instanceEnis(instanceId: string): Promise<string[]> {
      const { body } = await ecs().describeNetworkInterfaces(new Ecs.DescribeNetworkInterfacesRequest({ regionId: REGION, instanceId, pageSize: 100 }))
      const list = body?.networkInterfaceSets?.networkInterfaceSet ?? []
      return list
        .sort((a, b) => (a.type === b.type ? 0 : a.type === 'Primary' ? -1 : 1))
        .map((e) => e.networkInterfaceId ?? '')
    }

    it(`stays equal through ${RANDOM_STEPS} random operations (seed ${SEED})`, async () => {
      assert.ok(instances.length > 0, 'the scenario ran first')
      const started = Date.now()
      const random = prng(SEED)
      const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
      const chance = (p: number) => random() < p
      const vpc1Groups = [sg.web, sg.db, sg.app]
      const vpc2Groups = [sg.two, sg.twoPeer]
      const groups = [...vpc1Groups, ...vpc2Groups]
      const vSwitches = [
        { id: vs.r1, groups: vpc1Groups },
        { id: vs.a1, groups: vpc1Groups },
        { id: vs.a2, groups: vpc2Groups },
      ]
      const tables = [await routeTableOf(vpc(), net1.vpcId), await routeTableOf(vpc(), net2.vpcId)]
      /** Mostly a group of the vSwitch's VPC, now and then one of the other VPC (refused). */
      const groupFor = (vSwitch: (typeof vSwitches)[number]) => (chance(0.9) ? pick(vSwitch.groups) : pick(groups))

      // A pool of secondary ENIs in both VPCs, and EIPs.
      const enis: string[] = []
      for (const [vSwitchId, securityGroupId] of [
        [vs.r1, sg.web],
        [vs.r1, sg.app],
        [vs.a1, sg.db],
        [vs.a1, sg.web],
        [vs.a2, sg.two],
        [vs.a2, sg.twoPeer],
      ] as const) {
        enis.push(await createEni(ecs(), { vSwitchId, securityGroupId }))
      }
      const eips: string[] = []
      for (let i = 0; i < 3; i++) eips.push((await allocateEip(vpc(), { bandwidth: String(1 + i) })).allocationId)
      await check(`random pool made (seed ${SEED})`)

      /** A pool ENI, preferring those in `status` when there are some. */
      const eniIn = async (status: string): Promise<string> => {
        const shown = await Promise.all(enis.map(async (id) => ({ id, status: await eniStatus(id) })))
        const matching = shown.filter((e) => e.status === status).map((e) => e.id)
        return matching.length > 0 && chance(0.85) ? pick(matching) : pick(enis)
      }
      const operations: Record<string, { weight: number; run: () => Promise<string> }> = {
        attach: {
          weight: 4,
          async run() {
            const eni = await eniIn('Available')
            const instance = pick(instances)
            await attach(ecs(), eni, instance)
            return `AttachNetworkInterface ${eni} → ${instance} (${await hostOf(instance)})`
          },
        },
        detach: {
          weight: 3,
          async run() {
            const eni = await eniIn('InUse')
            const instance = (await mustDescribeEni(ecs(), eni)).instanceId || pick(instances)
            await detach(ecs(), eni, instance)
            return `DetachNetworkInterface ${eni} from ${instance} (${await hostOf(instance)})`
          },
        },
        assign: {
          weight: 3,
          async run() {
            const eni = chance(0.8) ? pick(enis) : (await instanceEnis(pick(instances)))[0]!
            await assign(eni, 1 + Math.floor(random() * 2))
            return `AssignPrivateIpAddresses ${eni}`
          },
        },
        unassign: {
          weight: 3,
          async run() {
            const eni = pick(enis)
            const all = addressesOf(await mustDescribeEni(ecs(), eni))
            // Mostly a secondary address; now and then the primary, which must be refused.
            const address = all.length > 1 && chance(0.9) ? pick(all.slice(1)) : all[0]!
            await unassign(eni, [address])
            return `UnassignPrivateIpAddresses ${eni} ${address}`
          },
        },
        modifyGroups: {
          weight: 3,
          async run() {
            const eni = pick(enis)
            const vSwitchId = (await mustDescribeEni(ecs(), eni)).vSwitchId
            const vSwitch = vSwitches.find((v) => v.id === vSwitchId) ?? vSwitches[0]!
            const chosen = [...new Set([groupFor(vSwitch), ...(chance(0.4) ? [pick(vSwitch.groups)] : [])])]
            await setGroups(eni, chosen)
            return `ModifyNetworkInterfaceAttribute ${eni} groups ${chosen.join(',')}`
          },
        },
        queues: {
          weight: 1,
          async run() {
            const eni = pick(enis)
            const queueNumber = 1 + Math.floor(random() * 2)
            await ecs().modifyNetworkInterfaceAttribute(new Ecs.ModifyNetworkInterfaceAttributeRequest({ regionId: REGION, networkInterfaceId: eni, queueNumber }))
            return `ModifyNetworkInterfaceAttribute ${eni} QueueNumber ${queueNumber}`
          },
        },
        joinOrLeave: {
          weight: 1,
          async run() {
            const instance = pick(instances)
            const group = pick(groups)
            const join = chance(0.5)
            const Request = join ? Ecs.JoinSecurityGroupRequest : Ecs.LeaveSecurityGroupRequest
            const request = new Request({ regionId: REGION, instanceId: instance, securityGroupId: group })
            await (join ? ecs().joinSecurityGroup(request) : ecs().leaveSecurityGroup(request))
            return `${join ? 'Join' : 'Leave'}SecurityGroup ${instance} ${group}`
          },
        },
        associate: {
          weight: 3,
          async run() {
            const allocationId = pick(eips)
            if (chance(0.3)) {
              const instance = pick(instances)
              await associateEip(vpc(), { allocationId, instanceId: instance })
              return `AssociateEipAddress ${allocationId} → instance ${instance}`
            }
            const eni = pick(enis)
            const address = pick(addressesOf(await mustDescribeEni(ecs(), eni)))
            await associateEip(vpc(), { allocationId, instanceId: eni, instanceType: 'NetworkInterface', privateIpAddress: address })
            return `AssociateEipAddress ${allocationId} → ${eni} ${address}`
          },
        },
        unassociate: {
          weight: 2,
          async run() {
            const allocationId = pick(eips)
            const shown = await describeEip(vpc(), allocationId)
            const instanceId = shown?.instanceId || pick(enis)
            const instanceType = shown?.instanceType || 'NetworkInterface'
            await unassociateEip(vpc(), { allocationId, instanceId, instanceType })
            return `UnassociateEipAddress ${allocationId} from ${instanceType} ${instanceId}`
          },
        },
        eipBandwidth: {
          weight: 1,
          async run() {
            const allocationId = pick(eips)
            const bandwidth = String(1 + Math.floor(random() * 50))
            await vpc().modifyEipAddressAttribute(new Vpc.ModifyEipAddressAttributeRequest({ regionId: REGION, allocationId, bandwidth }))
            return `ModifyEipAddressAttribute ${allocationId} bandwidth ${bandwidth}`
          },
        },
        authorize: {
          weight: 3,
          async run() {
            const group = pick(groups)
            const port = 1000 + Math.floor(random() * 50)
            const permission = chance(0.6)
              ? { ipProtocol: 'tcp', portRange: `${port}/${port}`, sourceGroupId: chance(0.85) ? pick(vpc1Groups.includes(group) ? vpc1Groups : vpc2Groups) : pick(groups) }
              : { ipProtocol: 'udp', portRange: `${port}/${port}`, sourceCidrIp: `10.${port % 256}.0.0/16` }
            await authorize(ecs(), group, [permission])
            return `AuthorizeSecurityGroup ${group} ${JSON.stringify(permission)}`
          },
        },
        revoke: {
          weight: 2,
          async run() {
            const group = pick(groups)
            const rules = await rulesOf(ecs(), group, 'ingress')
            const ruleId = rules.length === 0 ? 'sgr-nothere' : pick(rules).securityGroupRuleId!
            await revokeRule(group, ruleId)
            return `RevokeSecurityGroup ${group} ${ruleId}`
          },
        },
        innerAccess: {
          weight: 1,
          async run() {
            const group = pick(groups)
            const policy = chance(0.5) ? 'Accept' : 'Drop'
            await innerAccess(group, policy)
            return `ModifySecurityGroupPolicy ${group} ${policy}`
          },
        },
        createEni: {
          weight: 1,
          async run() {
            const vSwitch = pick(vSwitches)
            const group = groupFor(vSwitch)
            const eni = await createEni(ecs(), { vSwitchId: vSwitch.id, securityGroupId: group, secondaryPrivateIpAddressCount: Math.floor(random() * 2) })
            enis.push(eni)
            return `CreateNetworkInterface ${eni} in ${vSwitch.id} (${group})`
          },
        },
        deleteEni: {
          weight: 1,
          async run() {
            if (enis.length <= 4) return 'DeleteNetworkInterface skipped (pool small)'
            const eni = await eniIn('Available')
            await ecs().deleteNetworkInterface(new Ecs.DeleteNetworkInterfaceRequest({ regionId: REGION, networkInterfaceId: eni }))
            enis.splice(enis.indexOf(eni), 1)
            return `DeleteNetworkInterface ${eni}`
          },
        },
        runInstance: {
          weight: 1,
          async run() {
            if (instances.length >= 8) return 'RunInstances skipped (enough instances)'
            const vSwitch = pick(vSwitches)
            const instance = await runInstance(ecs(), { vSwitchId: vSwitch.id, securityGroupId: pick(vSwitch.groups), instanceType: 'ecs.g7.xlarge' })
            instances.push(instance)
            return `RunInstances ${instance} in ${vSwitch.id} (${await hostOf(instance)})`
          },
        },
        deleteInstance: {
          weight: 1,
          async run() {
            if (instances.length <= 3) return 'DeleteInstance skipped (few instances)'
            const instance = pick(instances)
            const where = await hostOf(instance)
            await ecs().deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: instance, force: true }))
            instances.splice(instances.indexOf(instance), 1)
            return `DeleteInstance ${instance} (${where}, Force)`
          },
        },
        power: {
          weight: 1,
          async run() {
            const instance = pick(instances)
            const { body } = await ecs().describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION, instanceIds: JSON.stringify([instance]) }))
            const action = body?.instances?.instance?.[0]?.status === 'Stopped' ? 'start' : 'stop'
            await power(action, instance)
            return `${action === 'start' ? 'Start' : 'Stop'}Instance ${instance} (${await hostOf(instance)})`
          },
        },
        route: {
          weight: 2,
          async run() {
            const custom = (await Promise.all(tables.map((t) => listRoutes(vpc(), t)))).flat().filter((r) => r.type === 'Custom')
            if (custom.length > 0 && chance(0.4)) {
              const id = pick(custom).routeEntryId!
              await deleteRoute(id)
              return `DeleteRouteEntry ${id}`
            }
            const destinationCidrBlock = `10.${Math.floor(random() * 256)}.0.0/16`
            const [nextHopType, nextHopId] = chance(0.5) ? ['NetworkInterface', pick(enis)] : ['Instance', pick(instances)]
            // Mostly the table of the next hop's VPC; now and then the other one (refused).
            const hopVpc = nextHopType === 'NetworkInterface' ? (await mustDescribeEni(ecs(), nextHopId)).vpcId : await vpcOf(nextHopId)
            const own = hopVpc === net1.vpcId ? tables[0]! : tables[1]!
            const table = chance(0.9) ? own : pick(tables)
            await createRoute(vpc(), { routeTableId: table, destinationCidrBlock, nextHopType, nextHopId })
            return `CreateRouteEntry ${destinationCidrBlock} → ${nextHopType} ${nextHopId}`
          },
        },
        underlay: {
          weight: 1,
          async run() {
            const hostId = pick(HOSTS)
            const address = `192.0.2.${10 + Math.floor(random() * 200)}`
            underlay.set(hostId, address)
            await reportFrom(hostId)
            return `${hostId} reports underlay ${address}`
          },
        },
        settle: {
          weight: 6,
          async run() {
            const hosts = HOSTS.filter(() => chance(0.7))
            for (const hostId of hosts) await reportFrom(hostId)
            return `host reports from ${hosts.join(',') || 'none'}`
          },
        },
      }
      const weighted = Object.entries(operations).flatMap(([name, op]) => Array<string>(op.weight).fill(name))
      const refusals = new Map<string, number>()
      let succeeded = 0
      for (let n = 1; n <= RANDOM_STEPS; n++) {
        const name = pick(weighted)
        let label: string
        try {
          label = await operations[name]!.run()
          succeeded++
        } catch (err) {
          if (err instanceof assert.AssertionError) throw err
          const code = assertApiError(err, `random step ${n} (${name}), seed ${SEED}`)
          refusals.set(code, (refusals.get(code) ?? 0) + 1)
          label = `${name} refused with ${code}`
        }
        // The batched reader catches up every few steps, over all their changes at once.
        await check(`random step ${n}: ${label} [seed ${SEED}]`, { batched: chance(0.3) })
      }
      await settle(`random run end [seed ${SEED}]`)
      console.log(
        `# ${dialect}: ${RANDOM_STEPS} random steps (seed ${SEED}), ${succeeded} succeeded, refusals ${JSON.stringify(Object.fromEntries(refusals))}, ${Date.now() - started} ms`,
      )
      assert.ok(succeeded >= RANDOM_STEPS / 3, `most random operations should succeed (${succeeded} did)`)
    })

    it('a fresh DesiredStates gives the same states and ETags as the long-lived one', async () => {
      const fresh = new DesiredStates(server.deps)
      for (const hostId of HOSTS) {
        const made = await fresh.current(hostId)
        assert.ok(made)
        for (const name of ['each', 'batched'] as const) {
          const kept = await trackers[name].states.current(hostId)
          assert.ok(kept)
          assert.equal(made.etag, kept.etag, `${hostId}, ${name} reader: the ETag is derived from the content`)
          sameState(made.state, kept.state, `${hostId}, ${name} reader: a fresh load differs from the long-lived state`)
        }
      }
      assert.equal(await fresh.current('host-nowhere'), undefined)
    })
  })
}
