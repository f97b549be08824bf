import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { findInstanceNamespace } from '../../src/agent/linux/apply.js'
import { dataplaneUnavailable, eniStatus, instanceStatus, Sandbox, waitFor } from '../support/dataplane.js'
import { attach, createEni, detach, Network, runInstance } from '../support/network.js'
import { Ecs, REGION } from '../support/server.js'

describe('several hosts joined by VXLAN over the sandboxed underlay', { skip: dataplaneUnavailable() }, () => {
  let sandbox: Sandbox
  let net: Network
  let group: string
  let first: { id: string; base: string }
  let second: { id: string; base: string }
  const on: Record<string, string> = {}
  const ip: Record<string, string> = {}

  const hostOf = async (instanceId: string) => (await findInstanceNamespace(sandbox.prefix, instanceId))?.split('@')[1]
  const launch = async (name: string, vSwitchId: string) => {
    const id = await runInstance(net.ecs, { vSwitchId, securityGroupId: group })
    await waitFor(`${name} Running`, async () => (await instanceStatus(net.ecs, id)) === 'Running')
    const { body } = await net.ecs.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION, instanceIds: JSON.stringify([id]) }))
    ip[name] = body?.instances?.instance?.[0]?.vpcAttributes?.privateIpAddress?.ipAddress?.[0] ?? ''
    on[name] = id
    return id
  }

  before(async () => {
    sandbox = await Sandbox.start()
    await sandbox.host('host-a')
    await sandbox.host('host-b')
    net = await Network.create(sandbox.server.account)
    // Regional vSwitches: their ENIs attach to instances in any zone, on any host.
    first = await net.vSwitch({ zoneId: null })
    second = await net.vSwitch({ zoneId: null })
    group = await net.securityGroup()
    // The least-loaded host takes each new instance: a, b, a, b.
    await launch('a1', first.id)
    await launch('b1', first.id)
    await launch('a2', second.id)
    await launch('b2', first.id)
  })
  after(async () => {
    await sandbox?.close()
  })

  it('places instances on both hosts', async () => {
    assert.deepEqual(await Promise.all(['a1', 'b1', 'a2', 'b2'].map((n) => hostOf(on[n]!))), ['host-a', 'host-b', 'host-a', 'host-b'])
  })

  it('ENIs on different hosts reach each other in one vSwitch, and across vSwitches through the distributed router', async () => {
    assert.equal(await sandbox.pings(on.a1!, ip.b1!), true, 'same vSwitch, host a → host b')
    assert.equal(await sandbox.pings(on.b1!, ip.a1!), true, 'same vSwitch, host b → host a')
    assert.equal(await sandbox.pings(on.b1!, ip.a2!), true, 'first vSwitch on host b → second vSwitch on host a')
    assert.equal(await sandbox.pings(on.a2!, ip.b2!), true, 'second vSwitch on host a → first vSwitch on host b')
  })

  it('an ENI moves between hosts, keeping its address and MAC, and is reached there', async () => {
    const eni = await createEni(net.ecs, { vSwitchId: first.id, securityGroupId: group })
    const { body } = await net.ecs.describeNetworkInterfaceAttribute(new Ecs.DescribeNetworkInterfaceAttributeRequest({ regionId: REGION, networkInterfaceId: eni }))
    const address = body?.privateIpAddress ?? ''
    const mac = body?.macAddress ?? ''
    await attach(net.ecs, eni, on.a1!)
    await waitFor('InUse on a1', async () => (await eniStatus(net.ecs, eni)) === 'InUse')
    assert.equal(await sandbox.pings(on.b1!, address), true)
    await detach(net.ecs, eni, on.a1!)
    await waitFor('Available', async () => (await eniStatus(net.ecs, eni)) === 'Available')
    await attach(net.ecs, eni, on.b2!)
    await waitFor('InUse on b2', async () => (await eniStatus(net.ecs, eni)) === 'InUse')
    const shown = await sandbox.exec(on.b2!, ['ip', '-j', 'addr', 'show', 'eth1'])
    assert.ok(shown.includes(`"${address}"`) && shown.includes(`"${mac.toLowerCase()}"`), 'its address and MAC on host b')
    // From the other host, in the same vSwitch and from the other vSwitch.
    await waitFor('a1 reaches it on host b', () => sandbox.pings(on.a1!, address), 10_000)
    await waitFor('a2 reaches it on host b', () => sandbox.pings(on.a2!, address), 10_000)
  })
})
