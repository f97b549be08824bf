import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { dataplaneUnavailable, eniStatus, instanceStatus, PROBE, Sandbox, waitFor, type ProbeProcess } from '../support/dataplane.js'
import { attach, createEni, detach, mustDescribeEni, Network, runInstance } from '../support/network.js'
import { createRoute, routeSummary, routeTableOf } from '../support/routes.js'
import { Ecs, REGION, Vpc, ZONE_A, ZONE_B, type EcsClient } from '../support/server.js'

/** A block outside every vSwitch of the VPC (and outside the VPC), led by a custom route to an ENI. */
const ROUTED = '198.19.100.0/24'
const ROUTED_ADDRESS = '198.19.100.5'

describe('business and management ENIs, custom routes to an ENI, and overlapping VPCs kept apart, with real packets', { skip: dataplaneUnavailable() }, () => {
  let sandbox: Sandbox
  let net: Network
  let group: string
  let business: { id: string; cidr: string; base: string }
  let management: { id: string; cidr: string; base: string }
  /** Instance IDs and primary addresses by name. */
  const on: Record<string, string> = {}
  const ip: Record<string, string> = {}
  let managementIp: string

  const launch = async (ecs: EcsClient, name: string, fields: { vSwitchId: string; securityGroupId: string; zoneId?: string; privateIpAddress?: string }) => {
    const id = await runInstance(ecs, fields)
    await waitFor(`${name} Running`, async () => (await instanceStatus(ecs, id)) === 'Running')
    const { body } = await ecs.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION, instanceIds: JSON.stringify([id]) }))
    ip[name] = body?.instances?.instance?.[0]?.vpcAttributes?.privateIpAddress?.ipAddress?.[0] ?? ''
    on[name] = id
  }
  /** The TTL of the echo reply `from` gets from `address` (64 straight from a neighbour, 63 through one router), or null without one. */
  const ttl = async (from: string, address: string) => {
    const said = await sandbox.exec(on[from]!, ['ping', '-n', '-c', '1', '-w', '3', address]).catch(() => '')
    const found = /ttl=(\d+)/.exec(said)
    return found === null ? null : Number(found[1])
  }
  /** What one datagram to `address` gets back ("TAG MESSAGE"), or null when nothing answers within a second. */
  const ask = (from: string, address: string, port = 7000, source = '0.0.0.0', message = 'ask') =>
    sandbox.exec(on[from]!, [process.execPath, PROBE, 'ask', address, String(port), '1000', source, message]).then((s) => s.trim(), () => null)

  before(async () => {
    sandbox = await Sandbox.start()
    await sandbox.host('host-a', ZONE_A)
    await sandbox.host('host-b', ZONE_B)
    net = await Network.create(sandbox.server.account)
    // 198.18.0.0/24, regional (so its ENIs attach in either zone), and 198.18.1.0/24 in zone A.
    business = await net.vSwitch({ zoneId: null })
    management = await net.vSwitch()
    group = await net.securityGroup()
    await launch(net.ecs, 'm', { vSwitchId: business.id, securityGroupId: group, zoneId: ZONE_A })
    await launch(net.ecs, 'pb', { vSwitchId: business.id, securityGroupId: group, zoneId: ZONE_A })
    await launch(net.ecs, 'pm', { vSwitchId: management.id, securityGroupId: group })
    const eni = await createEni(net.ecs, { vSwitchId: management.id, securityGroupId: group })
    managementIp = (await mustDescribeEni(net.ecs, eni)).privateIpAddress ?? ''
    await attach(net.ecs, eni, on.m!)
    await waitFor('the management ENI InUse', async () => (await eniStatus(net.ecs, eni)) === 'InUse')
    await sandbox.startProbe(on.m!, ['echo', 'm', `${ip.m}:7000`, `${managementIp}:7000`])
    await sandbox.startProbe(on.pb!, ['echo', 'pb', `${ip.pb}:7000`])
    await sandbox.startProbe(on.pm!, ['echo', 'pm', `${ip.pm}:7000`])
  })
  after(async () => {
    await sandbox?.close()
  })

  it('an instance with a business and a management ENI reaches each subnet by its own ENI, and the VPC router joins the vSwitches', async () => {
    const shown = JSON.parse(await sandbox.exec(on.m!, ['ip', '-j', '-4', 'addr', 'show'])) as { ifname: string; addr_info: { local: string }[] }[]
    assert.deepEqual(shown.filter((l) => l.ifname !== 'lo').map((l) => [l.ifname, l.addr_info.map((a) => a.local)]), [['eth0', [ip.m]], ['eth1', [managementIp]]])
    // Straight to each subnet's peer, by the ENI in that subnet: no router hop.
    assert.equal(await ttl('m', ip.pb!), 64)
    assert.equal(await ttl('m', ip.pm!), 64)
    assert.equal(await ask('m', ip.pb!, 7000, ip.m!), 'pb ask', 'from the business address to the business peer')
    assert.equal(await ask('m', ip.pm!, 7000, managementIp), 'pm ask', 'from the management address to the management peer')
    // Between the vSwitches, through the VPC router: one hop.
    assert.equal(await ttl('pb', ip.pm!), 63)
    assert.equal(await ask('pb', ip.pm!), 'pm ask')
    // Reached from the other subnet through the router, each ENI answers by itself, back through the
    // router: what leaves from the management address leaves eth1, what leaves from the business
    // address leaves eth0, even toward the management subnet eth1 is in (by the other ENI it would
    // be dropped as a borrowed source).
    assert.equal(await ttl('pb', managementIp), 63)
    assert.equal(await ask('pb', managementIp), 'm ask')
    assert.equal(await ttl('pm', ip.m!), 63)
    assert.equal(await ask('pm', ip.m!), 'm ask')
  })

  describe('a custom route whose next hop is an ENI', () => {
    let routed: string
    let routeTableId: string
    let routeEntryId: string
    let routes: string[][]
    const listeners: Record<string, ProbeProcess> = {}
    let sent = 0
    const heard = (name: string, message: string) => listeners[name]!.output.split('\n').includes(message)

    /** Sends numbered datagrams to the routed address until one shows at `at`'s listener; then no other listener has it. */
    const deliveredTo = async (from: string, at: string) => {
      let delivered: string | undefined
      await waitFor(`a datagram routed to ${at}`, async () => {
        const message = `routed-${++sent}`
        await ask(from, ROUTED_ADDRESS, 7000, '0.0.0.0', message)
        if (heard(at, message)) delivered = message
        return delivered !== undefined
      }, 10_000)
      for (const name of Object.keys(listeners)) if (name !== at) assert.ok(!heard(name, delivered!), `${delivered} reached ${name} too`)
    }

    before(async () => {
      await launch(net.ecs, 'n1', { vSwitchId: business.id, securityGroupId: group, zoneId: ZONE_A })
      await launch(net.ecs, 'n2', { vSwitchId: business.id, securityGroupId: group, zoneId: ZONE_A })
      await launch(net.ecs, 'n3', { vSwitchId: business.id, securityGroupId: group, zoneId: ZONE_B })
      routed = await createEni(net.ecs, { vSwitchId: business.id, securityGroupId: group })
      await attach(net.ecs, routed, on.n1!)
      await waitFor('the routed ENI InUse', async () => (await eniStatus(net.ecs, routed)) === 'InUse')
      routeTableId = await routeTableOf(net.vpc, net.vpcId)
      routeEntryId = await createRoute(net.vpc, { routeTableId, destinationCidrBlock: ROUTED, nextHopType: 'NetworkInterface', nextHopId: routed })
      routes = await routeSummary(net.vpc, routeTableId)
      // Each candidate holds the routed address itself, so only the route decides which one gets it.
      for (const name of ['n1', 'n2', 'n3']) {
        await sandbox.exec(on[name]!, ['ip', 'addr', 'add', `${ROUTED_ADDRESS}/32`, 'dev', 'lo'])
        listeners[name] = await sandbox.startProbe(on[name]!, ['listen', name, `${ROUTED_ADDRESS}:7000`])
      }
    })

    it('delivers the destination\'s traffic to the instance holding the ENI, and follows the ENI to another instance and another host with no route call', async () => {
      // From the other vSwitch and from the ENI's own: both go through the VPC router.
      await deliveredTo('pm', 'n1')
      await deliveredTo('pb', 'n1')
      await detach(net.ecs, routed, on.n1!)
      await waitFor('the routed ENI Available', async () => (await eniStatus(net.ecs, routed)) === 'Available')
      await attach(net.ecs, routed, on.n2!)
      await waitFor('the routed ENI InUse on n2', async () => (await eniStatus(net.ecs, routed)) === 'InUse')
      await deliveredTo('pm', 'n2')
      await detach(net.ecs, routed, on.n2!)
      await waitFor('the routed ENI Available', async () => (await eniStatus(net.ecs, routed)) === 'Available')
      await attach(net.ecs, routed, on.n3!)
      await waitFor('the routed ENI InUse on n3, on host-b', async () => (await eniStatus(net.ecs, routed)) === 'InUse')
      await deliveredTo('pm', 'n3')
      assert.deepEqual(await routeSummary(net.vpc, routeTableId), routes, 'no route changed')
    })

    it('the instance holding the ENI answers from the routed addresses, as an appliance behind a route must', async () => {
      const holder = (await mustDescribeEni(net.ecs, routed)).instanceId
      const name = Object.keys(on).find((n) => on[n] === holder)
      assert.ok(name === 'n3', `the ENI is on ${name}`)
      // As an appliance behind a route is set up: what it sends from the routed block leaves by that ENI.
      const device = JSON.parse(await sandbox.exec(on.n3!, ['ip', '-j', 'link', 'show'])) as { ifname: string; ifalias?: string }[]
      const index = Number(device.find((l) => l.ifalias === routed)?.ifname.slice(3))
      await sandbox.exec(on.n3!, ['ip', 'rule', 'add', 'from', ROUTED, 'lookup', String(1000 + index)])
      assert.equal(await ask('pm', ROUTED_ADDRESS, 7000, '0.0.0.0', 'answer-me'), 'n3 answer-me')
    })

    it('the ENI\'s own groups judge what the route brings it', async () => {
      listeners.n3b = await sandbox.startProbe(on.n3!, ['listen', 'n3', `${ROUTED_ADDRESS}:7001`])
      // In the instances' group, inner access lets pm in on any port.
      await waitFor('7001 answered through the route', async () => (await ask('pm', ROUTED_ADDRESS, 7001)) === 'n3 ask')
      // A group of its own that lets in UDP 7000 only.
      const narrow = await net.securityGroup()
      await net.ecs.authorizeSecurityGroup(new Ecs.AuthorizeSecurityGroupRequest({
        regionId: REGION, securityGroupId: narrow, ipProtocol: 'udp', portRange: '7000/7000', sourceCidrIp: '198.18.0.0/15',
      }))
      await net.ecs.modifyNetworkInterfaceAttribute(new Ecs.ModifyNetworkInterfaceAttributeRequest({ regionId: REGION, networkInterfaceId: routed, securityGroupId: [narrow] }))
      await waitFor('7001 dropped through the route', async () => (await ask('pm', ROUTED_ADDRESS, 7001)) === null)
      assert.equal(await ask('pm', ROUTED_ADDRESS, 7000), 'n3 ask', '7000 still answered')
      // The instance's own address, behind its primary ENI in the instances' group, still takes 7001.
      listeners.n3c = await sandbox.startProbe(on.n3!, ['listen', 'n3', `${ip.n3}:7001`])
      await waitFor('n3 answering 7001 on its own address', async () => (await ask('pm', ip.n3!, 7001)) === 'n3 ask', 5000)
    })

    it('deleted, the route delivers nowhere', async () => {
      await net.vpc.deleteRouteEntry(new Vpc.DeleteRouteEntryRequest({ regionId: REGION, routeEntryId }))
      await waitFor('the route gone from the routers', async () => {
        const message = `unrouted-${++sent}`
        await ask('pm', ROUTED_ADDRESS, 7000, '0.0.0.0', message)
        await new Promise((r) => setTimeout(r, 200))
        return Object.keys(listeners).every((name) => !heard(name, message))
      }, 10_000)
    })
  })

  it('VPCs with the same CIDR, in one account and across accounts, on one host: each instance reaches only its own VPC\'s twin', async () => {
    const other = await sandbox.server.addAccount('other')
    const vpcs: { name: string; net: Network }[] = [
      { name: 'v1', net: await Network.create(sandbox.server.account) },
      { name: 'v2', net: await Network.create(sandbox.server.account) },
      { name: 'v3', net: await Network.create(other) },
    ]
    const servers: Record<string, ProbeProcess> = {}
    for (const { name, net: n } of vpcs) {
      // The same blocks in every VPC: 198.18.0.0/24 and 198.18.1.0/24, and the same addresses.
      const first = await n.vSwitch()
      const second = await n.vSwitch()
      const g = await n.securityGroup()
      await launch(n.ecs, `${name}-server`, { vSwitchId: first.id, securityGroupId: g, privateIpAddress: '198.18.0.10' })
      await launch(n.ecs, `${name}-client`, { vSwitchId: first.id, securityGroupId: g, privateIpAddress: '198.18.0.11' })
      await launch(n.ecs, `${name}-routed`, { vSwitchId: second.id, securityGroupId: g, privateIpAddress: '198.18.1.10' })
      servers[name] = await sandbox.startProbe(on[`${name}-server`]!, ['listen', name, '198.18.0.10:7000'])
    }
    const macOf = async (instance: string) => (JSON.parse(await sandbox.exec(on[instance]!, ['ip', '-j', 'link', 'show', 'eth0'])) as { address: string }[])[0]?.address
    for (const { name } of vpcs) {
      for (const client of [`${name}-client`, `${name}-routed`]) {
        assert.equal(await ask(client, '198.18.0.10', 7000, '0.0.0.0', `from-${client}`), `${name} from-${client}`, client)
      }
      // Its neighbour entry for the shared address is its own VPC's server, by MAC.
      const neighbours = JSON.parse(await sandbox.exec(on[`${name}-client`]!, ['ip', '-j', 'neigh', 'show', '198.18.0.10'])) as { lladdr?: string }[]
      assert.equal(neighbours[0]?.lladdr, await macOf(`${name}-server`))
    }
    // Each server heard only its own VPC's clients.
    for (const { name } of vpcs) {
      const heard = servers[name]!.output.split('\n').filter((l) => l.startsWith('from-')).sort()
      assert.deepEqual(heard, [`from-${name}-client`, `from-${name}-routed`], `${name}'s server heard ${heard.join(', ')}`)
    }
    // With v1's server gone, v1's clients get no answer, though the same address answers in v2 and v3.
    servers.v1!.kill()
    await servers.v1!.exited
    for (const client of ['v1-client', 'v1-routed']) assert.equal(await ask(client, '198.18.0.10', 7000, '0.0.0.0', `lost-${client}`), null, client)
    for (const { name } of vpcs) assert.ok(!servers[name]!.output.includes('lost-'), `${name}'s server heard v1's clients`)
    assert.equal(await ask('v2-client', '198.18.0.10'), 'v2 ask')
    assert.equal(await ask('v3-routed', '198.18.0.10'), 'v3 ask')
  })
})
