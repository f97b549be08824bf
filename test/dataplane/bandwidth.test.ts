import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { dataplaneUnavailable, eniStatus, instanceStatus, Sandbox, waitFor } from '../support/dataplane.js'
import { attach, createEni, Network, runInstance } from '../support/network.js'
import { Ecs, REGION } from '../support/server.js'

const PROBE = fileURLToPath(new URL('../support/probe.mjs', import.meta.url))
/** The instance type's bandwidth for this test, each way (the built-in ones are gigabits). */
const MBPS = 20

describe('the instance type\'s bandwidth is one cap shared by all an instance\'s ENIs', { skip: dataplaneUnavailable() }, () => {
  let sandbox: Sandbox
  let net: Network
  let server: string
  let clients: string[]
  const addresses: string[] = []
  const sinks: ChildProcess[] = []

  before(async () => {
    sandbox = await Sandbox.start({
      instanceTypes: { types: [{ instanceTypeId: 'ecs.g7.large', instanceBandwidthRx: MBPS * 1000, instanceBandwidthTx: MBPS * 1000 }] },
    })
    await sandbox.host('host-a')
    net = await Network.create(sandbox.server.account)
    const vsw = await net.vSwitch()
    const group = await net.securityGroup()
    server = await runInstance(net.ecs, { vSwitchId: vsw.id, securityGroupId: group })
    clients = [await runInstance(net.ecs, { vSwitchId: vsw.id, securityGroupId: group }), await runInstance(net.ecs, { vSwitchId: vsw.id, securityGroupId: group })]
    await waitFor('all Running', async () => {
      for (const id of [server, ...clients]) if ((await instanceStatus(net.ecs, id)) !== 'Running') return false
      return true
    })
    const eni = await createEni(net.ecs, { vSwitchId: vsw.id, securityGroupId: group })
    await attach(net.ecs, eni, server)
    await waitFor('the second ENI InUse', async () => (await eniStatus(net.ecs, eni)) === 'InUse')
    const { body } = await net.ecs.describeNetworkInterfaces(new Ecs.DescribeNetworkInterfacesRequest({ regionId: REGION, instanceId: server }))
    const sets = body?.networkInterfaceSets?.networkInterfaceSet ?? []
    for (const type of ['Primary', 'Secondary']) addresses.push(sets.find((s) => s.type === type)?.privateIpAddress ?? '')
    const sink = spawn('ip', ['netns', 'exec', await sandbox.instanceNamespace(server), process.execPath, PROBE, 'serve', 'sink:8090'], { stdio: ['ignore', 'pipe', 'inherit'] })
    sinks.push(sink)
    await new Promise<void>((resolve) => sink.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve()))
  })
  after(async () => {
    for (const sink of sinks) sink.kill()
    await sandbox?.close()
  })

  const send = async (client: string, address: string) => Number(await sandbox.exec(client, [process.execPath, PROBE, 'send', address, '8090', '4']))
  const near = (t: { diagnostic(message: string): void }, measured: number, what: string) => {
    const said = `${what}: ${(measured / 1e6).toFixed(2)} Mbit/s of TCP goodput against a cap of ${MBPS} Mbit/s`
    t.diagnostic(said)
    assert.ok(Math.abs(measured / (MBPS * 1e6 * 0.955) - 1) <= 0.15, said)
  }

  it('one flow into the instance runs at its cap', async (t) => {
    near(t, await send(clients[0]!, addresses[0]!), 'one flow to eth0')
  })

  it('two flows into two of its ENIs at once share that one cap', async (t) => {
    const [a, b] = await Promise.all([send(clients[0]!, addresses[0]!), send(clients[1]!, addresses[1]!)])
    // Together, not each: more ENIs never means more bandwidth. (How the two split it is up to the
    // shared FIFO: this kernel has no fair-queueing qdisc, neither sfq, fq nor fq_codel.)
    near(t, a! + b!, `eth0 ${(a! / 1e6).toFixed(2)} + eth1 ${(b! / 1e6).toFixed(2)} together`)
    assert.ok(a! > 0 && b! > 0, 'both flows got through')
  })
})
