import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { dataplaneUnavailable, eniStatus, instanceStatus, Sandbox, waitFor } from '../support/dataplane.js'
import { allocateEip, associateEip, mustDescribeEip, unassociateEip } from '../support/eips.js'
import { attach, createEni, Network, runInstance } from '../support/network.js'
import { Ecs, REGION, Vpc } from '../support/server.js'

const PROBE = fileURLToPath(new URL('../support/probe.mjs', import.meta.url))
const CLIENT = '203.0.113.254'

describe('elastic IPs with real packets: DNAT in, SNAT out, one EIP per private address, counters to metering', { skip: dataplaneUnavailable() }, () => {
  let sandbox: Sandbox
  let net: Network
  let instanceId: string
  let secondaries: string[]
  let primaryIp: string
  const eips: Record<string, { allocationId: string; ipAddress: string }> = {}
  const servers: ChildProcess[] = []

  const serve = async (argv: string[]) => {
    const server = spawn('ip', ['netns', 'exec', ...argv], { stdio: ['ignore', 'pipe', 'inherit'] })
    servers.push(server)
    await new Promise<void>((resolve, reject) => {
      server.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve())
      server.on('exit', (code) => reject(new Error(`probe server exited ${code}`)))
    })
  }
  /** What the instance's server saw when the public client connected to `address`: "LOCAL REMOTE". */
  const fromPublic = (address: string) => sandbox.execPublic([process.execPath, PROBE, 'connect', 'tcp', address, '8080', '2000'])

  before(async () => {
    sandbox = await Sandbox.start()
    await sandbox.host('host-a')
    net = await Network.create(sandbox.server.account)
    const vsw = await net.vSwitch()
    const group = await net.securityGroup()
    await net.ecs.authorizeSecurityGroup(new Ecs.AuthorizeSecurityGroupRequest({
      regionId: REGION, securityGroupId: group,
      permissions: [new Ecs.AuthorizeSecurityGroupRequestPermissions({ ipProtocol: 'tcp', portRange: '8080/8090', sourceCidrIp: '0.0.0.0/0', priority: '1', policy: 'accept' })],
    }))
    instanceId = await runInstance(net.ecs, { vSwitchId: vsw.id, securityGroupId: group })
    const eni = await createEni(net.ecs, { vSwitchId: vsw.id, securityGroupId: group, secondaryPrivateIpAddressCount: 2 })
    await waitFor('the instance Running', async () => (await instanceStatus(net.ecs, instanceId)) === 'Running')
    await attach(net.ecs, eni, instanceId)
    await waitFor('the ENI InUse', async () => (await eniStatus(net.ecs, eni)) === 'InUse')
    const { body } = await net.ecs.describeNetworkInterfaceAttribute(new Ecs.DescribeNetworkInterfaceAttributeRequest({ regionId: REGION, networkInterfaceId: eni }))
    secondaries = (body?.privateIpSets?.privateIpSet ?? []).filter((s) => s.primary !== true).map((s) => s.privateIpAddress ?? '')
    assert.equal(secondaries.length, 2)
    const { body: seen } = await net.ecs.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION, instanceIds: JSON.stringify([instanceId]) }))
    primaryIp = seen?.instances?.instance?.[0]?.vpcAttributes?.privateIpAddress?.ipAddress?.[0] ?? ''

    for (const [name, target] of [['first', secondaries[0]!], ['second', secondaries[1]!]] as const) {
      eips[name] = await allocateEip(net.vpc, { bandwidth: '10', internetChargeType: 'PayByTraffic' })
      await associateEip(net.vpc, { allocationId: eips[name]!.allocationId, instanceId: eni, instanceType: 'NetworkInterface', privateIpAddress: target })
    }
    eips.instance = await allocateEip(net.vpc, { bandwidth: '10' })
    await associateEip(net.vpc, { allocationId: eips.instance.allocationId, instanceId })
    await waitFor('the EIPs InUse', async () => {
      for (const eip of Object.values(eips)) if ((await mustDescribeEip(net.vpc, eip.allocationId)).status !== 'InUse') return false
      return true
    })
    await serve([await sandbox.instanceNamespace(instanceId), process.execPath, PROBE, 'serve', 'tcp:8080', 'sink:8090'])
    await serve([`${sandbox.prefix}@public`, process.execPath, PROBE, 'serve', 'tcp:8080', 'sink:8090'])
  })
  after(async () => {
    for (const server of servers) server.kill()
    await sandbox?.close()
  })

  it('a public client reaches each secondary address through its own EIP, and the primary through the instance\'s', async () => {
    assert.equal((await fromPublic(eips.first!.ipAddress)).trim(), `${secondaries[0]} ${CLIENT}`)
    assert.equal((await fromPublic(eips.second!.ipAddress)).trim(), `${secondaries[1]} ${CLIENT}`)
    assert.equal((await fromPublic(eips.instance!.ipAddress)).trim(), `${primaryIp} ${CLIENT}`)
  })

  it('the instance reaches the public client with its EIP as the source', async () => {
    const said = await sandbox.exec(instanceId, [process.execPath, PROBE, 'connect', 'tcp', CLIENT, '8080', '2000'])
    assert.equal(said.trim(), `${CLIENT} ${eips.instance!.ipAddress}`)
  })

  it('the host reports each EIP\'s counters, which DescribeEipMonitorData shows', async () => {
    for (let i = 0; i < 5; i++) await fromPublic(eips.first!.ipAddress)
    const minute = (offset: number) => new Date(Math.floor(Date.now() / 60_000) * 60_000 + offset * 60_000).toISOString().slice(0, 19) + 'Z'
    await waitFor('traffic in the monitor data', async () => {
      const { body } = await net.vpc.describeEipMonitorData(new Vpc.DescribeEipMonitorDataRequest({
        regionId: REGION, allocationId: eips.first!.allocationId, startTime: minute(-2), endTime: minute(1), period: 60,
      }))
      const points = body?.eipMonitorDatas?.eipMonitorData ?? []
      const rx = points.reduce((sum, p) => sum + (p.eipRX ?? 0), 0)
      const packets = points.reduce((sum, p) => sum + (p.eipPackets ?? 0), 0)
      // Five connections: at least a handshake and a request each way per connection.
      return rx > 0 && packets >= 5 * 4
    }, 10_000)
  })

  it('caps each direction at the EIP\'s bandwidth within ±15%, and a new bandwidth applies within a second', async (t) => {
    const eip = eips.instance!
    /** TCP goodput, so the cap's Ethernet, IP and TCP headers (about 4.5%) are not in it. */
    const inbound = async () => Number(await sandbox.execPublic([process.execPath, PROBE, 'send', eip.ipAddress, '8090', '4']))
    const outbound = async () => Number(await sandbox.exec(instanceId, [process.execPath, PROBE, 'send', CLIENT, '8090', '4']))
    const within = (measured: number, mbps: number) => {
      const said = `${(measured / 1e6).toFixed(2)} Mbit/s of TCP goodput against a cap of ${mbps} Mbit/s`
      t.diagnostic(said)
      assert.ok(Math.abs(measured / (mbps * 1e6 * 0.955) - 1) <= 0.15, said)
    }
    within(await inbound(), 10)
    within(await outbound(), 10)
    await net.vpc.modifyEipAddressAttribute(new Vpc.ModifyEipAddressAttributeRequest({ regionId: REGION, allocationId: eip.allocationId, bandwidth: '4' }))
    const changed = Date.now()
    await waitFor('the new cap in the kernel', async () => {
      const classes = await sandbox.execPublic(['tc', 'class', 'show', 'dev', sandbox.agents.get('host-a')!.names.publicPort(net.vpcId)])
      return classes.includes('rate 4Mbit')
    }, 5_000)
    t.diagnostic(`the new cap was in the kernel ${Date.now() - changed} ms after ModifyEipAddressAttribute returned`)
    assert.ok(Date.now() - changed < 1_000, `applied in ${Date.now() - changed} ms`)
    within(await inbound(), 4)
    within(await outbound(), 4)
  })

  it('unassociated, an EIP reaches nothing any more', async () => {
    await unassociateEip(net.vpc, { allocationId: eips.second!.allocationId, instanceId: undefined as never })
    await waitFor('the EIP Available', async () => (await mustDescribeEip(net.vpc, eips.second!.allocationId)).status === 'Available')
    await assert.rejects(fromPublic(eips.second!.ipAddress))
    assert.equal((await fromPublic(eips.first!.ipAddress)).trim(), `${secondaries[0]} ${CLIENT}`)
  })
})
