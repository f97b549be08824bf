import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { ip } from '../../src/agent/linux/command.js'
import { attach, createEni, detach, Network, runInstance } from '../support/network.js'
import { dataplaneUnavailable, eniStatus, instanceStatus, Sandbox, waitFor } from '../support/dataplane.js'
import { Ecs, REGION } from '../support/server.js'

describe('agent: instances, ENIs and the VPC router with real packets', { skip: dataplaneUnavailable() }, () => {
  let sandbox: Sandbox
  let net: Network
  let business: { id: string; base: string }
  let management: { id: string; base: string }
  let group: string
  let a: string
  let b: string

  before(async () => {
    sandbox = await Sandbox.start()
    await sandbox.host('host-a')
    net = await Network.create(sandbox.server.account)
    business = await net.vSwitch()
    management = await net.vSwitch()
    group = await net.securityGroup()
    a = await runInstance(net.ecs, { vSwitchId: business.id, securityGroupId: group })
    b = await runInstance(net.ecs, { vSwitchId: business.id, securityGroupId: group })
    await waitFor('both instances Running', async () =>
      (await instanceStatus(net.ecs, a)) === 'Running' && (await instanceStatus(net.ecs, b)) === 'Running')
  })
  after(async () => {
    await sandbox?.close()
  })

  const primaryOf = async (instanceId: string) => {
    const { body } = await net.ecs.describeNetworkInterfaces(new Ecs.DescribeNetworkInterfacesRequest({ regionId: REGION, instanceId, type: 'Primary' }))
    const eni = body?.networkInterfaceSets?.networkInterfaceSet?.[0]
    assert.ok(eni?.networkInterfaceId && eni.privateIpAddress && eni.macAddress)
    return { id: eni.networkInterfaceId, ip: eni.privateIpAddress, mac: eni.macAddress, queues: eni.queueNumber ?? 1 }
  }

  it('makes each instance a namespace whose eth0 has the ENI\'s MAC, address and queues, and instances in a vSwitch reach each other', async () => {
    const pa = await primaryOf(a)
    const pb = await primaryOf(b)
    const link = JSON.parse(await sandbox.exec(a, ['ip', '-j', '-d', 'addr', 'show', 'eth0'])) as {
      address: string; num_tx_queues: number; num_rx_queues: number; addr_info: { family: string; local: string; prefixlen: number }[]
    }[]
    assert.equal(link[0]?.address, pa.mac.toLowerCase())
    assert.deepEqual(link[0]?.addr_info.filter((i) => i.family === 'inet').map((i) => `${i.local}/${i.prefixlen}`), [`${pa.ip}/24`])
    const queues = (await sandbox.exec(a, ['ls', '/sys/class/net/eth0/queues'])).split(/\s+/).filter((q) => q !== '')
    assert.equal(queues.filter((q) => q.startsWith('tx-')).length, pa.queues)
    assert.equal(queues.filter((q) => q.startsWith('rx-')).length, pa.queues)
    assert.equal(await sandbox.pings(a, pb.ip), true)
    // The vSwitch's gateway (the first of its three reserved last addresses) is the VPC router.
    assert.equal(await sandbox.pings(a, `${business.base}.253`), true)
  })

  it('hot-plugs a secondary ENI in another vSwitch: it reaches its own subnet; the VPC router joins the vSwitches; detach unplugs it', async () => {
    const c = await runInstance(net.ecs, { vSwitchId: management.id, securityGroupId: group })
    await waitFor('c Running', async () => (await instanceStatus(net.ecs, c)) === 'Running')
    const pc = await primaryOf(c)
    // Through the router: b in the business vSwitch and c in the management one.
    assert.equal(await sandbox.pings(b, pc.ip), true)

    const eni = await createEni(net.ecs, { vSwitchId: management.id, securityGroupId: group, secondaryPrivateIpAddressCount: 1 })
    await attach(net.ecs, eni, a)
    await waitFor('the ENI InUse', async () => (await eniStatus(net.ecs, eni)) === 'InUse')
    const { body } = await net.ecs.describeNetworkInterfaceAttribute(new Ecs.DescribeNetworkInterfaceAttributeRequest({ regionId: REGION, networkInterfaceId: eni }))
    const addresses = (body?.privateIpSets?.privateIpSet ?? []).map((s) => s.privateIpAddress ?? '')
    assert.equal(addresses.length, 2)
    const shown = await sandbox.exec(a, ['ip', '-j', 'addr', 'show', 'eth1'])
    for (const address of addresses) assert.ok(shown.includes(`"${address}"`), `${address} is on eth1`)
    // c, in the management vSwitch, reaches both addresses of a's management ENI directly.
    for (const address of addresses) assert.equal(await sandbox.pings(c, address), true, address)

    await detach(net.ecs, eni, a)
    await waitFor('the ENI Available', async () => (await eniStatus(net.ecs, eni)) === 'Available')
    await assert.rejects(sandbox.exec(a, ['ip', 'link', 'show', 'eth1']))
    assert.equal(await sandbox.pings(c, addresses[0]!), false)
    // Those changes came to the agent as deltas onto the state it had, and each made the server's state.
    assert.ok(sandbox.log.some((l) => l.includes('(from a delta)')), sandbox.log.join('\n'))
    assert.ok(!sandbox.log.some((l) => l.includes('differs from the server') || l.includes('taking whole states only')), sandbox.log.join('\n'))
    await net.ecs.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: c, force: true }))
  })

  it('announces a plugged ENI\'s addresses by gratuitous ARP: a neighbour that knew them at another MAC learns the ENI\'s', async () => {
    const eni = await createEni(net.ecs, { vSwitchId: business.id, securityGroupId: group, secondaryPrivateIpAddressCount: 1 })
    const { body } = await net.ecs.describeNetworkInterfaceAttribute(new Ecs.DescribeNetworkInterfaceAttributeRequest({ regionId: REGION, networkInterfaceId: eni }))
    const mac = body?.macAddress?.toLowerCase() ?? ''
    const addresses = (body?.privateIpSets?.privateIpSet ?? []).map((s) => s.privateIpAddress ?? '')
    assert.equal(addresses.length, 2)
    // b has met these addresses before, at another MAC (as after a failover), and sends them nothing.
    const stale = '00:16:3e:aa:aa:aa'
    for (const address of addresses) await sandbox.exec(b, ['ip', 'neigh', 'replace', address, 'lladdr', stale, 'dev', 'eth0', 'nud', 'stale'])
    const known = async (address: string) => (JSON.parse(await sandbox.exec(b, ['ip', '-j', 'neigh', 'show', address, 'dev', 'eth0'])) as { lladdr?: string }[])[0]?.lladdr
    for (const address of addresses) assert.equal(await known(address), stale)
    await attach(net.ecs, eni, a)
    for (const address of addresses) await waitFor(`b learns ${address} at ${mac}`, async () => (await known(address)) === mac, 5000)
    await detach(net.ecs, eni, a)
    await waitFor('the ENI Available', async () => (await eniStatus(net.ecs, eni)) === 'Available')
    await net.ecs.deleteNetworkInterface(new Ecs.DeleteNetworkInterfaceRequest({ regionId: REGION, networkInterfaceId: eni }))
  })

  it('repairs drift: a deleted veth comes back within seconds', async () => {
    const pb = await primaryOf(b)
    const agent = sandbox.agents.get('host-a')!
    await ip(agent.names.hostNamespace, ['link', 'del', agent.names.eniPort(pb.id)])
    await assert.rejects(sandbox.exec(b, ['ip', 'link', 'show', 'eth0']), 'the pair is gone with its host end')
    await waitFor('eth0 back in b', () => sandbox.exec(b, ['ip', 'link', 'show', 'eth0']).then(() => true, () => false), 10_000)
    assert.equal(await sandbox.pings(a, pb.ip), true)
  })

  it('a stopped instance answers nothing; started again it does', async () => {
    const pb = await primaryOf(b)
    await net.ecs.stopInstance(new Ecs.StopInstanceRequest({ instanceId: b }))
    await waitFor('b Stopped', async () => (await instanceStatus(net.ecs, b)) === 'Stopped')
    assert.equal(await sandbox.pings(a, pb.ip), false)
    await net.ecs.startInstance(new Ecs.StartInstanceRequest({ instanceId: b }))
    await waitFor('b Running', async () => (await instanceStatus(net.ecs, b)) === 'Running')
    assert.equal(await sandbox.pings(a, pb.ip), true)
  })
})
