import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { DesiredEni, DesiredState } from '../../../src/domain/host/desired-state.js'
import type { KernelView, LinkView, NamespaceView, ShapingView } from '../../../src/agent/kernel-view.js'
import { gatewayMac, Names, vxlanId } from '../../../src/agent/linux/names.js'
import { DEFAULT_PLAN_OPTIONS, isEmpty, planPass, reportOf, reportOfDesired, touchedBy } from '../../../src/agent/plan.js'
import { conntrackZone, firewallDelta, firewallOf } from '../../../src/agent/linux/firewall.js'
import { counterName, natOf, parseCounterName } from '../../../src/agent/linux/nat.js'
import { eipCaps, parseRate } from '../../../src/agent/linux/shaping.js'

const names = new Names('tq', 'host-a')

const eni = (id: string, fields: Partial<DesiredEni> = {}): DesiredEni => ({
  id, instanceId: 'i-1', deviceIndex: 0, mac: '00:16:3e:00:00:01', vpcId: 'vpc-1', vSwitchId: 'vsw-1',
  primaryIpAddress: '198.18.0.5', secondaryIpAddresses: [], prefixLength: 24, gatewayIpAddress: '198.18.0.253',
  queueNumber: 1, securityGroupIds: ['sg-1'], securityPolicyId: 'sg-1', ...fields,
})

function desired(over: Partial<DesiredState> = {}): DesiredState {
  return {
    hostId: 'host-a', zoneId: 'z', regionId: 'r', revision: 1,
    instances: [{ id: 'i-1', accountId: '1', power: 'running', instanceType: 't', bandwidthRxKbps: 0, bandwidthTxKbps: 0, ppsRx: 0, ppsTx: 0 }],
    enis: [eni('eni-1')],
    vSwitches: [{ id: 'vsw-1', vpcId: 'vpc-1', cidrBlock: '198.18.0.0/24', gatewayIpAddress: '198.18.0.253', zoneId: 'z' }],
    vpcs: [{ id: 'vpc-1', accountId: '1', cidrBlock: '198.18.0.0/16', routeTableId: 'vtb-1', systemRoutes: [], customRoutes: [] }],
    securityPolicies: [{
      id: 'sg-1', securityGroupIds: ['sg-1'], innerAccessPeers: ['198.18.0.5/32'],
      ingress: { rules: [{ priority: 1, policy: 'accept', protocol: 'tcp', portFrom: 22, portTo: 22, peers: ['198.18.0.0/15'], origin: { groupId: 'sg-1', ruleId: 'sgr-1' } }], default: 'drop' },
      egress: { rules: [], default: 'accept' },
    }],
    eips: [], remoteEnis: [],
    ...over,
  }
}

const link = (name: string, fields: Partial<LinkView> = {}): LinkView => ({
  name, kind: 'veth', mac: '02:00:00:00:00:99', up: true, operUp: true, master: null, alias: null, txQueues: 1, rxQueues: 1, addresses: [], learning: null, ...fields,
})
const ns = (name: string, links: LinkView[], defaultGateway: string | null = null, extra: Partial<NamespaceView> = {}): NamespaceView => ({
  name, links: new Map(links.map((l) => [l.name, l])), defaultGateway, routes: new Map(), deviceRoutes: new Map(),
  rules: new Set(), policyRoutes: new Set(), nat: null, shaping: new Map(), tbf: new Map(), redirects: new Map(), fdb: new Map(), neighbours: new Set(), ...extra,
})

const unshaped = (): ShapingView => ({ htbRoot: true, classes: new Map([[1, 10e9]]), filters: new Map() })

/** The kernel exactly as `desired()` asks. */
function converged(): KernelView {
  const bridge = names.bridge('vsw-1')
  return {
    host: ns(names.hostNamespace!, [
      link('lo', { kind: null }),
      link(bridge, { kind: 'bridge' }),
      link(names.routerLeg('vsw-1'), { master: bridge }),
      link(names.eniPort('eni-1'), { master: bridge, alias: 'eni-1' }),
    ]),
    namespaces: new Map([
      [names.routerNamespace('vpc-1'), ns(names.routerNamespace('vpc-1'), [
        link('lo', { kind: null }),
        link(names.gateway('vsw-1'), { addresses: ['198.18.0.253/24'], mac: gatewayMac('vsw-1') }),
        link(names.uplink('vpc-1'), { addresses: ['169.254.0.2/32'] }),
      ], '169.254.0.1', {
        deviceRoutes: new Map([['169.254.0.1/32', names.uplink('vpc-1')]]),
        nat: { digest: natOf('vpc-1', [], names).digest, mapped: new Map(), counters: new Map() },
        shaping: new Map([[names.uplink('vpc-1'), unshaped()]]),
        neighbours: new Set([`198.18.0.5|00:16:3e:00:00:01|${names.gateway('vsw-1')}`]),
      })],
      [names.instanceNamespace('i-1'), ns(names.instanceNamespace('i-1'), [
        link('lo', { kind: null }),
        link('eth0', { alias: 'eni-1', mac: '00:16:3e:00:00:01', addresses: ['198.18.0.5/24'] }),
      ], '198.18.0.253', {
        rules: new Set(['1000|198.18.0.5/32|1000']),
        policyRoutes: new Set(['1000|198.18.0.0/24||eth0', '1000|default|198.18.0.253|eth0']),
      })],
    ]),
    public: ns(names.publicNamespace, [
      link('lo', { kind: null, addresses: ['203.0.113.254/32'] }),
      link(names.publicPort('vpc-1'), { alias: 'host-a@vpc-1', addresses: ['169.254.0.1/32'] }),
    ], null, { shaping: new Map([[names.publicPort('vpc-1'), unshaped()]]) }),
    underlay: null,
    firewallDigest: firewallOf(desired(), names).digest,
  }
}

describe('planPass', () => {
  it('builds a host from nothing: namespaces, bridge, router leg with the gateway, the ENI plugged with MAC and queues', () => {
    const plan = planPass(desired({ enis: [eni('eni-1', { queueNumber: 4, secondaryIpAddresses: ['198.18.0.6'] })] }), { host: null, namespaces: new Map(), public: null, underlay: null, firewallDigest: null }, names)
    assert.deepEqual(plan.createNamespaces, ['tq@host-a', 'tq@host-a@i-1', 'tq@host-a@vpc-1', 'tq@public'])
    assert.deepEqual([...plan.namespaceBatches.keys()].at(-1), 'tq@public', 'the public side after the routers that make the uplinks')
    const port = names.eniPort('eni-1')
    // Both ends get the queues: the inner end then has all four in use, with no `ethtool -L`.
    assert.ok(plan.hostBatch.includes(`link add ${port} numtxqueues 4 numrxqueues 4 type veth peer name eth0 netns tq@host-a@i-1 address 00:16:3e:00:00:01 numtxqueues 4 numrxqueues 4`))
    assert.ok(plan.hostBatch.indexOf(`link add ${names.bridge('vsw-1')} type bridge`) < plan.hostBatch.indexOf(`link set ${port} master ${names.bridge('vsw-1')}`))
    assert.deepEqual(plan.namespaceBatches.get('tq@host-a@i-1'), [
      'link set lo up',
      'link set eth0 alias eni-1',
      'address add 198.18.0.5/24 dev eth0',
      'address add 198.18.0.6/24 dev eth0',
      'link set eth0 up',
      'route replace default via 198.18.0.253 dev eth0',
      // The primary ENI is source-routed too: a reply from its address to another ENI's subnet
      // leaves by it, not by the ENI that subnet is connected to (whose guard would drop it).
      'rule add priority 1000 from 198.18.0.5/32 lookup 1000',
      'rule add priority 1000 from 198.18.0.6/32 lookup 1000',
      'route replace 198.18.0.0/24 dev eth0 table 1000',
      'route replace default via 198.18.0.253 dev eth0 table 1000',
    ])
    assert.ok(plan.namespaceBatches.get('tq@host-a@vpc-1')?.includes(`address add 198.18.0.253/24 dev ${names.gateway('vsw-1')}`))
    // Forwarding in the new router; the kernel announces the ENI's addresses when eth0 comes up.
    assert.deepEqual(plan.sysctls, [
      { namespace: 'tq@host-a@vpc-1', key: 'net.ipv4.ip_forward', value: '1' },
      { namespace: 'tq@host-a@i-1', key: 'net.ipv4.conf.all.arp_notify', value: '1' },
    ])
  })

  it('plans nothing for a host already as desired: a pass disturbs no traffic', () => {
    assert.equal(isEmpty(planPass(desired(), converged(), names)), true)
  })

  it('with a scope, plans in detail only the instances named, and the rest of the host whole', () => {
    const second = { ...desired().instances[0]!, id: 'i-2' }
    const cases: [string, DesiredState, string[]][] = [
      ['an address added', desired({ enis: [eni('eni-1', { secondaryIpAddresses: ['198.18.0.7'] })] }), ['i-1']],
      ['moved to another instance', desired({ instances: [...desired().instances, second], enis: [eni('eni-1', { instanceId: 'i-2' })] }), ['i-1', 'i-2']],
      ['stopped', desired({ instances: [{ ...desired().instances[0]!, power: 'stopped' }] }), ['i-1']],
      ['capped', desired({ instances: [{ ...desired().instances[0]!, bandwidthRxKbps: 5000, bandwidthTxKbps: 5000 }] }), ['i-1']],
    ]
    for (const [what, state, scope] of cases) {
      assert.deepEqual(planPass(state, converged(), names, { ...DEFAULT_PLAN_OPTIONS, scope: new Set(scope) }), planPass(state, converged(), names), what)
    }
    // Outside the scope nothing is looked at: a change there waits for a pass without one.
    const [, added] = cases[0]!
    const unscoped = planPass(added, converged(), names, { ...DEFAULT_PLAN_OPTIONS, scope: new Set() })
    assert.equal(unscoped.namespaceBatches.get('tq@host-a@i-1'), undefined)
    // What is not any instance's is planned whole: the router's neighbour for the new address.
    assert.ok(unscoped.namespaceBatches.get('tq@host-a@vpc-1')?.some((l) => l.startsWith('neigh replace 198.18.0.7 ')))
    // A port whose ENI is no longer wanted goes whatever the scope.
    const gone = planPass(desired({ enis: [] }), converged(), names, { ...DEFAULT_PLAN_OPTIONS, scope: new Set() })
    assert.ok(gone.hostBatch.includes(`link del ${names.eniPort('eni-1')}`))
  })

  it('changes only the difference: an address added, a stale one removed', () => {
    const plan = planPass(desired({ enis: [eni('eni-1', { secondaryIpAddresses: ['198.18.0.7'] })] }), converged(), names)
    assert.deepEqual(plan.hostBatch, [])
    assert.deepEqual(plan.namespaceBatches.get('tq@host-a@i-1'), ['address add 198.18.0.7/24 dev eth0', 'rule add priority 1000 from 198.18.0.7/32 lookup 1000'])
    const kernel = converged()
    kernel.namespaces.get('tq@host-a@i-1')!.links.get('eth0')!.addresses.push('198.18.0.9/24')
    assert.deepEqual(planPass(desired(), kernel, names).namespaceBatches.get('tq@host-a@i-1'), ['address del 198.18.0.9/24 dev eth0'])
  })

  it('re-plugs an ENI whose inner end is not what is asked (moved, other MAC or queues), deleting before creating', () => {
    for (const changed of [{ instanceId: 'i-2' }, { queueNumber: 2 }, { deviceIndex: 1 }]) {
      const state = desired({
        instances: [...desired().instances, { ...desired().instances[0]!, id: 'i-2' }],
        enis: [eni('eni-1', changed)],
      })
      const plan = planPass(state, converged(), names)
      const port = names.eniPort('eni-1')
      const del = plan.hostBatch.indexOf(`link del ${port}`)
      const add = plan.hostBatch.findIndex((l) => l.startsWith(`link add ${port} `) && l.includes(' type veth '))
      assert.ok(del >= 0 && add > del, JSON.stringify(changed))
    }
  })

  it('removes what is ours and no longer desired, and leaves what is not ours alone', () => {
    const kernel = converged()
    kernel.host!.links.set('eth9', link('eth9'))
    kernel.host!.links.set(names.eniPort('eni-gone'), link(names.eniPort('eni-gone')))
    kernel.namespaces.set('tq@host-a@i-gone', ns('tq@host-a@i-gone', []))
    const plan = planPass(desired(), kernel, names)
    assert.deepEqual(plan.hostBatch, [`link del ${names.eniPort('eni-gone')}`])
    assert.deepEqual(plan.deleteNamespaces, ['tq@host-a@i-gone'])
  })

  it('cuts a stopped instance off at the host end and takes its loopback down', () => {
    const state = desired({ instances: [{ ...desired().instances[0]!, power: 'stopped' }] })
    const plan = planPass(state, converged(), names)
    assert.deepEqual(plan.hostBatch, [`link set ${names.eniPort('eni-1')} down`])
    assert.deepEqual(plan.namespaceBatches.get('tq@host-a@i-1'), ['link set lo down'])
  })

  it('routes custom routes in the VPC router to the address carrying the next hop now', () => {
    const route = { routeEntryId: 'rte-1', destinationCidrBlock: '10.0.0.0/8', nextHopType: 'NetworkInterface' as const, nextHopId: 'eni-1',
      nextHop: { eniId: 'eni-1', privateIpAddress: '198.18.0.5', instanceId: 'i-1', hostId: 'host-a', underlayAddress: null } }
    const state = desired({ vpcs: [{ ...desired().vpcs[0]!, customRoutes: [route] }] })
    assert.deepEqual(planPass(state, converged(), names).namespaceBatches.get('tq@host-a@vpc-1'), ['route replace 10.0.0.0/8 via 198.18.0.5'])
    const kernel = converged()
    kernel.namespaces.get('tq@host-a@vpc-1')!.routes.set('172.16.0.0/12', '198.18.0.9')
    assert.deepEqual(planPass(desired(), kernel, names).namespaceBatches.get('tq@host-a@vpc-1'), ['route del 172.16.0.0/12'])
  })

  it('lets a route\'s next-hop ENI send from the route\'s destination, judged by its own groups both ways (the widest of nested destinations)', () => {
    const hop = { eniId: 'eni-1', privateIpAddress: '198.18.0.5', instanceId: 'i-1', hostId: 'host-a', underlayAddress: null }
    const route = (id: string, destinationCidrBlock: string) => ({ routeEntryId: id, destinationCidrBlock, nextHopType: 'NetworkInterface' as const, nextHopId: 'eni-1', nextHop: hop })
    const state = desired({ vpcs: [{ ...desired().vpcs[0]!, customRoutes: [route('rte-1', '10.1.0.0/16'), route('rte-2', '10.0.0.0/8')] }] })
    const { text } = firewallOf(state, names)
    const base = /jump (p_\w+)_in/.exec(text)![1]
    assert.ok(text.includes(`set routed { type ifname . ether_addr . ipv4_addr; flags interval; elements = { "${names.eniPort('eni-1')}" . 00:16:3e:00:00:01 . 10.0.0.0/8 }; }`))
    assert.ok(text.includes(`map routed_in { type ether_addr . ipv4_addr : verdict; flags interval; elements = { 00:16:3e:00:00:01 . 10.0.0.0/8 : jump ${base}_in }; }`))
    assert.ok(text.includes(`map routed_out { type ether_addr . ipv4_addr : verdict; flags interval; elements = { 00:16:3e:00:00:01 . 10.0.0.0/8 : jump ${base}_out }; }`))
    // A route change is a change of elements: the map is filled again as a whole.
    assert.match(firewallDelta(firewallOf(desired(), names), firewallOf(state, names), names.prefix) ?? '', /flush map inet tq-filter routed_in\nadd element inet tq-filter routed_in/)
  })
})

describe('the instance type\'s shared bandwidth', () => {
  it('sends every ENI of an instance through its rx and tx ifb, each an exact tbf, and changes only what differs', () => {
    const capped = desired({
      instances: [{ ...desired().instances[0]!, bandwidthRxKbps: 20_000, bandwidthTxKbps: 10_000 }],
      enis: [eni('eni-1'), eni('eni-2', { deviceIndex: 1, primaryIpAddress: '198.18.0.8', mac: '00:16:3e:00:00:02' })],
    })
    const rx = names.instanceRx('i-1')
    const tx = names.instanceTx('i-1')
    const kernel = converged()
    const plan = planPass(capped, kernel, names)
    assert.ok(plan.hostBatch.includes(`link add ${rx} type ifb`) && plan.hostBatch.includes(`link add ${tx} type ifb`))
    const lines = plan.tcBatches.get('tq@host-a')!
    assert.ok(lines.includes(`qdisc replace dev ${rx} root tbf rate 20000kbit burst 32768 latency 50ms`))
    assert.ok(lines.includes(`qdisc replace dev ${tx} root tbf rate 10000kbit burst 32768 latency 50ms`))
    for (const id of ['eni-1', 'eni-2']) {
      const port = names.eniPort(id)
      assert.ok(lines.includes(`filter del dev ${port} egress`) && lines.includes(`filter del dev ${port} ingress`))
      assert.ok(lines.includes(`filter add dev ${port} egress prio 1 protocol all u32 match u32 0 0 action mirred egress redirect dev ${rx}`))
      assert.ok(lines.includes(`filter add dev ${port} ingress prio 2 protocol all u32 match u32 0 0 action mirred egress redirect dev ${tx}`))
    }
    // As the kernel shows it once applied: nothing more to do for the caps.
    kernel.host!.links.set(rx, link(rx, { kind: 'ifb' }))
    kernel.host!.links.set(tx, link(tx, { kind: 'ifb' }))
    kernel.host!.tbf.set(rx, 20_000_000)
    kernel.host!.tbf.set(tx, 10_000_000)
    kernel.host!.redirects.set(names.eniPort('eni-1'), { egress: rx, ingress: tx })
    const again = planPass(desired({ instances: capped.instances }), kernel, names)
    assert.equal(again.tcBatches.get('tq@host-a'), undefined)
    kernel.host!.tbf.set(rx, 5_000_000)
    assert.deepEqual(planPass(desired({ instances: capped.instances }), kernel, names).tcBatches.get('tq@host-a'), [
      `qdisc replace dev ${rx} root tbf rate 20000kbit burst 32768 latency 50ms`,
    ])
  })
})

describe('several hosts', () => {
  const remote = (id: string, fields: Partial<DesiredState['remoteEnis'][number]> = {}) => ({
    id, vSwitchId: 'vsw-1', mac: '00:16:3e:00:00:0b', ipAddresses: ['198.18.0.11'], hostId: 'host-b', underlayAddress: '198.19.255.2', ...fields,
  })
  const options = { publicAddress: '203.0.113.254', underlayAddress: '198.19.255.1/24' }

  it('in production sends the tunnels from the address the machine already has, with no underlay of its own', () => {
    const production = new Names('tq', 'host-a', true)
    const plan = planPass(desired({ remoteEnis: [remote('eni-b')] }), { host: null, namespaces: new Map(), public: null, underlay: null, firewallDigest: null }, production, { ...options, underlayAddress: '192.0.2.10/24' })
    const vxlan = production.vxlan('vsw-1')
    assert.ok(plan.hostBatch.includes(`link add ${vxlan} type vxlan id ${vxlanId('vsw-1')} local 192.0.2.10 dstport 4789 nolearning`))
    assert.ok(!plan.createNamespaces.includes('tq@underlay'))
    assert.ok(!plan.hostBatch.some((l) => l.includes(production.underlayPort)))
  })

  it('joins the underlay, gives each vSwitch a VXLAN port without learning, and tells it where remote MACs live', () => {
    const state = desired({ remoteEnis: [remote('eni-b'), remote('eni-c', { mac: '00:16:3e:00:00:0c', ipAddresses: ['198.18.0.12'], hostId: 'host-c', underlayAddress: '198.19.255.3' })] })
    const plan = planPass(state, converged(), names, options)
    assert.ok(plan.createNamespaces.includes('tq@underlay'))
    const vxlan = names.vxlan('vsw-1')
    assert.ok(plan.hostBatch.includes(`link add ${vxlan} type vxlan id ${vxlanId('vsw-1')} local 198.19.255.1 dev ${names.underlayPort} dstport 4789 nolearning`))
    assert.ok(plan.hostBatch.includes(`link set dev ${vxlan} type bridge_slave learning off`))
    assert.ok(plan.hostBatch.includes(`address add 198.19.255.1/24 dev ${names.underlayPort}`))
    assert.deepEqual(plan.bridgeBatch.sort(), [
      `fdb append 00:00:00:00:00:00 dev ${vxlan} dst 198.19.255.2`,
      `fdb append 00:00:00:00:00:00 dev ${vxlan} dst 198.19.255.3`,
      `fdb replace 00:16:3e:00:00:0b dev ${vxlan} dst 198.19.255.2`,
      `fdb replace 00:16:3e:00:00:0b dev ${vxlan} master static`,
      `fdb replace 00:16:3e:00:00:0c dev ${vxlan} dst 198.19.255.3`,
      `fdb replace 00:16:3e:00:00:0c dev ${vxlan} master static`,
    ].sort())
    // Every router knows every ENI of the VPC, here and elsewhere, as a permanent neighbour.
    assert.deepEqual(plan.namespaceBatches.get('tq@host-a@vpc-1')?.filter((l) => l.startsWith('neigh')), [
      `neigh replace 198.18.0.11 lladdr 00:16:3e:00:00:0b dev ${names.gateway('vsw-1')} nud permanent`,
      `neigh replace 198.18.0.12 lladdr 00:16:3e:00:00:0c dev ${names.gateway('vsw-1')} nud permanent`,
    ])
  })

  it('follows an ENI that moved to another host: its entries point there, the old ones go', () => {
    const kernel = converged()
    const vxlan = names.vxlan('vsw-1')
    kernel.host!.links.set(vxlan, link(vxlan, { kind: 'vxlan', master: names.bridge('vsw-1'), learning: false }))
    kernel.host!.fdb.set(vxlan, new Set(['00:00:00:00:00:00|198.19.255.2', '00:16:3e:00:00:0b|198.19.255.2', '00:16:3e:00:00:0b|']))
    const plan = planPass(desired({ remoteEnis: [remote('eni-b', { hostId: 'host-c', underlayAddress: '198.19.255.3' })] }), kernel, names, options)
    assert.deepEqual(plan.bridgeBatch, [
      `fdb del 00:00:00:00:00:00 dev ${vxlan} dst 198.19.255.2`,
      `fdb del 00:16:3e:00:00:0b dev ${vxlan} dst 198.19.255.2`,
      `fdb append 00:00:00:00:00:00 dev ${vxlan} dst 198.19.255.3`,
      `fdb replace 00:16:3e:00:00:0b dev ${vxlan} dst 198.19.255.3`,
    ])
  })
})

describe('source routing of secondary ENIs', () => {
  it('gives every ethN, the primary too, its own table and a rule per address, and removes what is no longer asked', () => {
    const state = desired({ enis: [eni('eni-1'), eni('eni-2', { deviceIndex: 2, primaryIpAddress: '198.18.0.8', secondaryIpAddresses: ['198.18.0.9'], mac: '00:16:3e:00:00:02' })] })
    const kernel = converged()
    kernel.namespaces.get('tq@host-a@i-1')!.rules.add('1005|198.18.0.77/32|1005')
    const lines = planPass(state, kernel, names).namespaceBatches.get('tq@host-a@i-1')!
    const routing = lines.filter((l) => l.startsWith('rule') || l.includes(' table '))
    assert.deepEqual(routing, [
      'rule del priority 1005 from 198.18.0.77/32 lookup 1005',
      'rule add priority 1002 from 198.18.0.8/32 lookup 1002',
      'rule add priority 1002 from 198.18.0.9/32 lookup 1002',
      'route replace 198.18.0.0/24 dev eth2 table 1002',
      'route replace default via 198.18.0.253 dev eth2 table 1002',
    ])
  })
})

describe('touchedBy', () => {
  it('names what a plan changes, so that only that is read again', () => {
    const second = eni('eni-2', { instanceId: 'i-2', mac: '00:16:3e:00:00:02', primaryIpAddress: '198.18.0.6' })
    const withSecond = desired({
      instances: [...desired().instances, { ...desired().instances[0]!, id: 'i-2' }],
      enis: [eni('eni-1'), second],
    })
    const plugged = planPass(withSecond, converged(), names)
    assert.deepEqual(touchedBy(plugged, converged(), names), {
      // The new instance, and the router that learns the new ENI as a neighbour; the host for the
      // port, and the firewall for the ENI's addresses.
      namespaces: new Set([names.instanceNamespace('i-2'), names.routerNamespace('vpc-1')]),
      host: true,
      shared: false,
      firewall: true,
      // The new port (made, and its caps set): the only device whose tc state is read again.
      capsOf: new Set([names.eniPort('eni-2')]),
    })
    assert.deepEqual(touchedBy(planPass(desired(), converged(), names), converged(), names), {
      namespaces: new Set(),
      host: false,
      shared: false,
      firewall: false,
      capsOf: new Set(),
    })
  })

  it('finds the instance whose inner end goes with a deleted ENI port', () => {
    const kernel = converged()
    const other = names.eniPort('eni-9')
    kernel.host!.links.set(other, link(other, { master: names.bridge('vsw-1'), alias: 'eni-9' }))
    kernel.namespaces.get(names.instanceNamespace('i-1'))!.links.set('eth1', link('eth1', { alias: 'eni-9' }))
    const plan = planPass(desired(), kernel, names)
    assert.ok(plan.hostBatch.includes(`link del ${other}`))
    assert.ok(touchedBy(plan, kernel, names).namespaces.has(names.instanceNamespace('i-1')))
  })
})

describe('firewallOf', () => {
  it('replaces both tables in one transaction, only when the digest of their text changed', () => {
    const { text, digest } = firewallOf(desired(), names)
    assert.ok(text.startsWith('table inet tq-filter\ndelete table inet tq-filter\ntable bridge tq-guard\ndelete table bridge tq-guard\n'))
    assert.ok(text.includes(`set digest { type ifname; elements = { "${digest}" }; }`))
    assert.equal(planPass(desired(), converged(), names).firewall, null)
    const changed = desired({ securityPolicies: [{ ...desired().securityPolicies[0]!, ingress: { rules: [], default: 'drop' } }] })
    assert.notEqual(firewallOf(changed, names).digest, digest)
    assert.equal(planPass(changed, converged(), names).firewall, firewallOf(changed, names).text)
  })

  it('compiles a policy into an ingress and an egress chain of set lookups, one per run of same-verdict rules in evaluation order, egress accepts returning', () => {
    const policy = desired().securityPolicies[0]!
    const state = desired({
      securityPolicies: [{
        ...policy,
        ingress: { rules: [
          { priority: 1, policy: 'drop', protocol: 'udp', portFrom: 53, portTo: 53, peers: ['10.0.0.0/8'], origin: { groupId: 'sg-1', ruleId: 'a' } },
          { priority: 2, policy: 'accept', protocol: 'tcp', portFrom: 1, portTo: 65535, peers: ['0.0.0.0/0'], local: '198.18.0.5', origin: { groupId: 'sg-1', ruleId: 'b' } },
          { priority: 3, policy: 'accept', protocol: 'icmp', portFrom: -1, portTo: -1, peers: [], origin: { groupId: 'sg-1', ruleId: 'c' } },
        ], default: 'drop' },
        egress: { rules: [{ priority: 1, policy: 'accept', protocol: 'all', portFrom: -1, portTo: -1, peers: ['198.18.0.9/32'], origin: { groupId: 'sg-1', ruleId: 'd' } }], default: 'drop' },
      }],
    })
    const { text } = firewallOf(state, names)
    const chainOf = (suffix: string) => text.split(/\n  chain /).find((c) => c.startsWith('p_') && c.split(' ')[0]!.endsWith(suffix))!
    const base = chainOf('_in').split(' ')[0]!.replace(/_in$/, '')
    assert.deepEqual(chainOf('_in').split('\n').slice(1, -1).map((l) => l.trim()), [
      `ip saddr @${base}_inner accept`,
      // One lookup per run of same-verdict rules; the ICMP rule names a group without members: it
      // can match nothing, so it is left out.
      `ip saddr . ip daddr . meta l4proto . th dport @${base}_in_0p drop`,
      `ip saddr . ip daddr . meta l4proto . th dport @${base}_in_1p accept`,
      'drop',
    ])
    assert.deepEqual(chainOf('_out').split('\n').slice(1, -1).map((l) => l.trim()), [
      `ip daddr @${base}_inner return`,
      `ip daddr . ip saddr @${base}_out_0a return`,
      'drop',
    ])
    assert.ok(text.includes(`set ${base}_inner { type ipv4_addr; elements = { 198.18.0.5 }; }`))
    assert.ok(text.includes(`set ${base}_in_0p { type ipv4_addr . ipv4_addr . inet_proto . inet_service; flags interval; elements = { 10.0.0.0/8 . 0.0.0.0/0 . udp . 53 }; }`))
    assert.ok(text.includes(`set ${base}_in_1p { type ipv4_addr . ipv4_addr . inet_proto . inet_service; flags interval; elements = { 0.0.0.0/0 . 198.18.0.5 . tcp . 0-65535 }; }`))
    assert.ok(text.includes(`set ${base}_out_0a { type ipv4_addr . ipv4_addr; flags interval; elements = { 198.18.0.9 . 0.0.0.0/0 }; }`))
    assert.ok(text.includes(`"${names.bridge('vsw-1')}" . 198.18.0.5 : jump p_`))
    assert.ok(text.includes(`"${names.eniPort('eni-1')}" . 00:16:3e:00:00:01 . 198.18.0.5`))
    assert.ok(text.includes(`"${names.bridge('vsw-1')}" : ${conntrackZone('vpc-1')}`))
  })
})

describe('firewallDelta', () => {
  const second = eni('eni-2', { instanceId: 'i-2', mac: '00:16:3e:00:00:02', primaryIpAddress: '198.18.0.6' })
  const withSecond = () => desired({ instances: [...desired().instances, { ...desired().instances[0]!, id: 'i-2' }], enis: [eni('eni-1'), second] })

  it('changes only elements when only elements differ: an ENI plugged adds its entries and swaps the digest', () => {
    const before = firewallOf(desired(), names)
    const after = firewallOf(withSecond(), names)
    const delta = firewallDelta(before, after, names.prefix)
    const port = names.eniPort('eni-2')
    const bridge = names.bridge('vsw-1')
    assert.deepEqual(delta?.trim().split('\n'), [
      `delete element inet tq-filter digest { "${before.digest}" }`,
      `add element inet tq-filter digest { "${after.digest}" }`,
      `add element inet tq-filter egress { "${bridge}" . 198.18.0.6 : jump ${/jump (p_\w+)_out/.exec(after.text)![1]}_out }`,
      `add element inet tq-filter ingress { "${bridge}" . 198.18.0.6 : jump ${/jump (p_\w+)_in/.exec(after.text)![1]}_in }`,
      `add element bridge tq-guard ports { "${port}" }`,
      `add element bridge tq-guard sources { "${port}" . 00:16:3e:00:00:02 . 198.18.0.6 }`,
    ])
    // And back: a map's element goes by its key.
    assert.ok(firewallDelta(after, before, names.prefix)?.includes(`delete element inet tq-filter egress { "${bridge}" . 198.18.0.6 }`))
  })

  it('fills an interval set again as a whole, and gives up when the chains differ', () => {
    const policy = desired().securityPolicies[0]!
    const rule = policy.ingress.rules[0]!
    const twoPeers = desired({ securityPolicies: [{ ...policy, ingress: { ...policy.ingress, rules: [{ ...rule, peers: ['198.18.0.0/15', '10.0.0.0/8'] }] } }] })
    const delta = firewallDelta(firewallOf(desired(), names), firewallOf(twoPeers, names), names.prefix)
    assert.match(delta ?? '', /flush set inet tq-filter p_\w+_in_0p\nadd element inet tq-filter p_\w+_in_0p \{ 10\.0\.0\.0\/8 \. 0\.0\.0\.0\/0 \. tcp \. 22, 198\.18\.0\.0\/15 \. 0\.0\.0\.0\/0 \. tcp \. 22 \}/)
    // A drop before the accept makes another run: another set and another lookup.
    const withDrop = desired({ securityPolicies: [{ ...policy, ingress: { ...policy.ingress, rules: [{ ...rule, policy: 'drop', portFrom: 23, portTo: 23 }, rule] } }] })
    assert.equal(firewallDelta(firewallOf(desired(), names), firewallOf(withDrop, names), names.prefix), undefined)
  })

  it('is what a pass loads when the kernel holds the firewall it knows, and the whole tables otherwise', () => {
    const before = firewallOf(desired(), names)
    const after = firewallOf(withSecond(), names)
    const kernel = converged()
    const known = planPass(withSecond(), kernel, names, { ...DEFAULT_PLAN_OPTIONS, firewallBefore: before })
    assert.equal(known.firewall, firewallDelta(before, after, names.prefix))
    assert.equal(known.firewallAfter.digest, after.digest)
    kernel.firewallDigest = 'something-else'
    assert.equal(planPass(withSecond(), kernel, names, { ...DEFAULT_PLAN_OPTIONS, firewallBefore: before }).firewall, after.text)
  })
})

describe('reportOf', () => {
  it('reports each instance namespace with whether it runs, and each ENI inside with whether it is up', () => {
    const kernel = converged()
    assert.deepEqual(reportOf(kernel, names, { underlayAddress: '192.0.2.1' }), {
      underlayAddress: '192.0.2.1',
      instances: [{ id: 'i-1', running: true }],
      enis: [{ id: 'eni-1', instanceId: 'i-1', up: true }],
      eips: [],
    })
    kernel.host!.links.delete(names.eniPort('eni-1'))
    assert.deepEqual(reportOf(kernel, names).enis, [{ id: 'eni-1', instanceId: 'i-1', up: false }])
  })
})

describe('elastic IPs', () => {
  const eip = { allocationId: 'eip-abc1', ipAddress: '203.0.113.7', eniId: 'eni-1', privateIpAddress: '198.18.0.5', bandwidthKbps: 5000, internetChargeType: 'PayByTraffic' as const }

  it('maps an EIP: its address on the router uplink, a route to it on the public side, a new NAT table', () => {
    const plan = planPass(desired({ eips: [eip] }), converged(), names)
    assert.deepEqual(plan.namespaceBatches.get('tq@host-a@vpc-1'), [`address add 203.0.113.7/32 dev ${names.uplink('vpc-1')}`])
    assert.deepEqual(plan.namespaceBatches.get('tq@public'), [`route replace 203.0.113.7/32 dev ${names.publicPort('vpc-1')} src 203.0.113.254`])
    const nat = plan.nat.get('tq@host-a@vpc-1')
    assert.ok(nat?.includes('203.0.113.7 : 198.18.0.5') && nat.includes('198.18.0.5 : 203.0.113.7'))
    assert.ok(nat?.includes(`counter name "${counterName('rx', eip)}"`))
  })

  it('caps an EIP both ways with an htb class on the uplink and on the public port; a new rate is one class change', () => {
    const [cap] = eipCaps([eip])
    const plan = planPass(desired({ eips: [eip] }), converged(), names)
    assert.deepEqual(plan.tcBatches.get('tq@host-a@vpc-1'), [
      `class replace dev ${names.uplink('vpc-1')} parent 1: classid 1:${cap!.minor.toString(16)} htb rate 5000kbit ceil 5000kbit`,
      `filter replace dev ${names.uplink('vpc-1')} parent 1: prio ${cap!.minor} protocol ip u32 match ip src 203.0.113.7/32 flowid 1:${cap!.minor.toString(16)}`,
    ])
    assert.ok(plan.tcBatches.get('tq@public')?.some((l) => l.includes('match ip dst 203.0.113.7/32')))
    const kernel = converged()
    for (const [ns, device, match] of [['tq@host-a@vpc-1', names.uplink('vpc-1'), 'src'], ['tq@public', names.publicPort('vpc-1'), 'dst']] as const) {
      const view = (ns === 'tq@public' ? kernel.public! : kernel.namespaces.get(ns)!).shaping.get(device)!
      view.classes.set(cap!.minor, 5_000_000)
      view.filters.set(cap!.minor, { address: '203.0.113.7', match })
    }
    assert.equal(planPass(desired({ eips: [eip] }), kernel, names).tcBatches.size, 0, 'converged')
    const faster = planPass(desired({ eips: [{ ...eip, bandwidthKbps: 12_000 }] }), kernel, names)
    assert.deepEqual(faster.tcBatches.get('tq@host-a@vpc-1'), [
      `class replace dev ${names.uplink('vpc-1')} parent 1: classid 1:${cap!.minor.toString(16)} htb rate 12000kbit ceil 12000kbit`,
    ])
    assert.equal(parseRate('12Mbit'), 12_000_000)
    assert.equal(parseRate('1500Kbit'), 1_500_000)
  })

  it('unmaps one no longer desired, and leaves other hosts\' ports alone', () => {
    const kernel = converged()
    kernel.public!.deviceRoutes.set('203.0.113.9/32', names.publicPort('vpc-1'))
    kernel.public!.links.set('tqp00000000', link('tqp00000000', { alias: 'host-b@vpc-1' }))
    kernel.public!.links.set('tqp11111111', link('tqp11111111', { alias: 'host-a@vpc-gone' }))
    const plan = planPass(desired(), kernel, names)
    assert.deepEqual(plan.namespaceBatches.get('tq@public'), [`route del 203.0.113.9/32 dev ${names.publicPort('vpc-1')}`, 'link del tqp11111111'])
  })

  it('reports each mapped EIP with its private address and its counters', () => {
    const kernel = converged()
    const counters = { ipAddress: eip.ipAddress, rxBytes: 10, txBytes: 20, rxPackets: 1, txPackets: 2 }
    kernel.namespaces.get('tq@host-a@vpc-1')!.nat = { digest: 'x', mapped: new Map([[eip.ipAddress, eip.privateIpAddress]]), counters: new Map([[eip.allocationId, counters]]) }
    assert.deepEqual(reportOf(kernel, names).eips, [
      { id: 'eip-abc1', privateIpAddress: '198.18.0.5', rxBytes: 10, txBytes: 20, rxPackets: 1, txPackets: 2 },
    ])
    assert.deepEqual(parseCounterName(counterName('tx', eip)), { direction: 'tx', ipAddress: '203.0.113.7', allocationId: 'eip-abc1' })
  })

  it('reports after a pass what the kernel then shows, with the counters from before the pass replaced any table', () => {
    const state = desired({ eips: [eip] })
    const before = converged()
    const counters = { ipAddress: eip.ipAddress, rxBytes: 10, txBytes: 20, rxPackets: 1, txPackets: 2 }
    before.namespaces.get('tq@host-a@vpc-1')!.nat = { digest: 'y', mapped: new Map(), counters: new Map([[eip.allocationId, counters]]) }
    // The kernel as the plan leaves it, with the new table's counters starting again from zero.
    const after = converged()
    after.namespaces.get('tq@host-a@vpc-1')!.nat = { digest: 'x', mapped: new Map([[eip.ipAddress, eip.privateIpAddress]]), counters: new Map([[eip.allocationId, { ...counters, rxBytes: 0, txBytes: 0, rxPackets: 0, txPackets: 0 }]]) }
    const shown = reportOf(after, names, { underlayAddress: '192.0.2.1' })
    assert.deepEqual(reportOfDesired(state, before, names, { underlayAddress: '192.0.2.1' }), {
      ...shown,
      eips: shown.eips?.map((e) => ({ ...e, rxBytes: 10, txBytes: 20, rxPackets: 1, txPackets: 2 })),
    })
  })
})

describe('Names', () => {
  it('keeps interface names within 15 characters and knows its own namespaces only', () => {
    const long = new Names('abcde', 'a-very-long-host.name_01')
    assert.ok(long.eniPort('eni-xyz').length <= 15)
    assert.equal(long.ownedBy('abcde@a-very-long-host.name_01@i-123')?.id, 'i-123')
    assert.equal(long.ownedBy('abcde@a-very-long-host.name_01@vpc-9')?.kind, 'router')
    assert.equal(long.ownedBy('abcde@other@i-123'), undefined)
    assert.throws(() => new Names('TooLong1', 'h'))
  })
})
