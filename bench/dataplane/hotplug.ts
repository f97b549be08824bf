/**
 * Figures 1 and 5: hot-plug latency, from the start of the call that plugs an interface to the first
 * packet answered through it, the same way for four plugs interleaved cycle by cycle:
 * - AttachNetworkInterface through the SDK, the agent realising it (control plane → long-poll →
 *   observe → plan → firewall, veth, addresses, caps, queues, ARP);
 * - by hand, the agent's kernel operations: the pair made with its inner end directly inside the
 *   namespace with its name and MAC, in one `ip -batch` on the host and one in the namespace;
 * - by hand, the textbook way: a pair on the host, its inner end moved in and renamed, one `ip` call per step;
 * - Debian's CNI `bridge` plugin with host-local IPAM, invoked directly.
 * The first packet: a peer on the same bridge sends a UDP datagram every millisecond to the new
 * address (its MAC pinned in the peer's neighbour table, so no plug waits on an ARP retry), answered
 * by an echo bound to every address in the target namespace before the interface exists.
 */
import { attach, createEni, detach } from '../../test/support/network.js'
import { breakdownOfCalls, type Breakdown, type TimedCall } from './breakdown.js'
import { CniBridge } from './cni.js'
import { benchMac, HandSegment, pinNeighbour } from './hand.js'
import { log, monotonicMs, stopIfInterrupted } from './harness.js'
import { Prober, startEcho } from './probe.js'
import { eniFacts, launch, untilEniStatus, type World } from './world.js'

export interface PlugSamples {
  /** Start of the call → first answer, ms. */
  firstPacket: number[]
  /** How long the plugging call itself took (for the agent: until AttachNetworkInterface returned). */
  call: number[]
}

export interface HotplugResult {
  cycles: number
  agent: PlugSamples
  hand: PlugSamples
  handMoved: PlugSamples
  cni: PlugSamples
  /** Where the agent's time went (medians over the cycles). */
  agentBreakdown: Breakdown | undefined
}

interface Variant {
  samples: PlugSamples
  prober: Prober
  plug: () => Promise<void>
  unplug: () => Promise<void>
}

export async function measureHotplug(world: World, cycles: number): Promise<HotplugResult> {
  const ecs = world.net.ecs
  const empty = (): PlugSamples => ({ firstPacket: [], call: [] })
  const result: HotplugResult = { cycles, agent: empty(), hand: empty(), handMoved: empty(), cni: empty(), agentBreakdown: undefined }
  /** The agent's cycles: when the call started and returned, and the first answer. */
  const agentCalls: TimedCall[] = []

  // The agent: an ENI plugged into `target` again and again, a peer in the same vSwitch probing it.
  const [target, peer] = await launch(world, 2)
  const eni = await eniFacts(ecs, await createEni(ecs, { vSwitchId: world.vSwitch.id, securityGroupId: world.group }))
  const peerNs = await world.sandbox.instanceNamespace(peer!)
  await pinNeighbour(peerNs, 'eth0', eni.ip, eni.mac)
  await startEcho(await world.sandbox.instanceNamespace(target!))
  const agent: Variant = {
    samples: result.agent,
    prober: await Prober.start(peerNs, eni.ip, 1),
    plug: () => attach(ecs, eni.id, target!),
    unplug: async () => {
      await untilEniStatus(ecs, eni.id, 'InUse')
      await detach(ecs, eni.id, target!)
      await untilEniStatus(ecs, eni.id, 'Available')
    },
  }

  // By hand: a bridge, a peer plugged once, a target plugged and unplugged each cycle.
  const segment = await HandSegment.create('plug')
  const handPeer = await segment.namespace('peer')
  const handTarget = await segment.namespace('target')
  await segment.plug(handPeer, 'eth0', benchMac(1), '198.19.1.1')
  const handAddress = '198.19.1.2'
  await pinNeighbour(handPeer, 'eth0', handAddress, benchMac(2))
  await startEcho(handTarget)
  const handProber = await Prober.start(handPeer, handAddress, 1)
  let port = ''
  const hand: Variant = {
    samples: result.hand,
    prober: handProber,
    plug: async () => void (port = await segment.plug(handTarget, 'eth1', benchMac(2), handAddress)),
    unplug: () => segment.unplug(port),
  }
  const handMoved: Variant = {
    samples: result.handMoved,
    prober: handProber,
    plug: async () => void (port = await segment.plugMoved(handTarget, 'eth1', benchMac(2), handAddress)),
    unplug: () => segment.unplug(port),
  }

  // The CNI bridge plugin: a peer container plugged once (the range's first address), the target
  // plugged and unplugged each cycle (always the second, once the first is taken).
  const cni = await CniBridge.create('198.19.2.0/24', '198.19.2.10', '198.19.2.11')
  const cniPeer = await cni.namespace('peer')
  const cniTarget = await cni.namespace('target')
  await cni.add('peer', cniPeer, 'eth0', benchMac(3))
  const cniAddress = '198.19.2.11'
  await pinNeighbour(cniPeer, 'eth0', cniAddress, benchMac(4))
  await startEcho(cniTarget)
  const cniVariant: Variant = {
    samples: result.cni,
    prober: await Prober.start(cniPeer, cniAddress, 1),
    plug: async () => {
      const address = await cni.add('target', cniTarget, 'eth1', benchMac(4))
      if (address !== cniAddress) throw new Error(`the CNI plugin assigned ${address}, not ${cniAddress}`)
    },
    unplug: () => cni.del('target', cniTarget, 'eth1'),
  }

  const variants = [hand, handMoved, cniVariant, agent]
  for (let cycle = 0; cycle < cycles; cycle++) {
    for (const v of variants) {
      stopIfInterrupted()
      const { reply } = await v.prober.first()
      const start = monotonicMs()
      await v.plug()
      const returned = monotonicMs()
      v.samples.call.push(returned - start)
      const answered = await reply
      v.samples.firstPacket.push(answered - start)
      if (v === agent) agentCalls.push({ start, returned, seen: answered })
      await v.unplug()
    }
    if (cycle % 5 === 4) log(`hot-plug: ${cycle + 1}/${cycles} cycles`)
  }
  result.agentBreakdown = breakdownOfCalls(world.agent, agentCalls)
  return result
}
