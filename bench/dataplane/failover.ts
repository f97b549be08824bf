/**
 * Figure 2: the failover gap. A client sends a UDP datagram every 10 ms to an ENI's address and an
 * echo answers from whichever instance holds it; the ENI moves from one instance to the other on
 * the same host the way a user's failover script does it (DetachNetworkInterface, poll
 * DescribeNetworkInterfaceAttribute every 5 ms until Available, AttachNetworkInterface). The gap is
 * the longest silence between answers. Baselines from the same run, interleaved: the same re-plug
 * by hand (the pair deleted, made again into the other namespace with the same MAC and address,
 * as the agent does), and the interface moved by hand (`ip link set … netns`, then addressed and
 * brought up), both probed the same way.
 */
import { eniStatus } from '../../test/support/dataplane.js'
import { attach, createEni, detach } from '../../test/support/network.js'
import { breakdownOfCalls, type Breakdown, type TimedCall } from './breakdown.js'
import { benchMac, HandSegment } from './hand.js'
import { log, monotonicMs, sleep, stopIfInterrupted, until } from './harness.js'
import { largestGap, Prober, startEcho } from './probe.js'
import { eniFacts, launch, untilEniStatus, type World } from './world.js'

export interface FailoverResult {
  runs: number
  intervalMs: number
  agent: { gap: number[]; detachToAvailable: number[]; attachToAnswer: number[] }
  handReplug: number[]
  handMove: number[]
  /** Where the agent's time went in the pass that plugged the ENI on its new instance. */
  attachBreakdown: Breakdown | undefined
}

/** Time for the probe to settle before a move, and to record answers after it. */
const SETTLE_MS = 300

export async function measureFailover(world: World, runs: number, intervalMs = 10): Promise<FailoverResult> {
  const ecs = world.net.ecs
  const result: FailoverResult = { runs, intervalMs, agent: { gap: [], detachToAvailable: [], attachToAnswer: [] }, handReplug: [], handMove: [], attachBreakdown: undefined }

  // The agent: an ENI on `a`, moved to `b` and back; the client in the same vSwitch.
  const [a, b, client] = await launch(world, 3)
  const eni = await eniFacts(ecs, await createEni(ecs, { vSwitchId: world.vSwitch.id, securityGroupId: world.group }))
  await attach(ecs, eni.id, a!)
  await untilEniStatus(ecs, eni.id, 'InUse')
  for (const instance of [a!, b!]) await startEcho(await world.sandbox.instanceNamespace(instance))
  const prober = await Prober.start(await world.sandbox.instanceNamespace(client!), eni.ip, intervalMs)
  let holder = a!
  /** The agent's moves: when AttachNetworkInterface started and returned, and the first answer after. */
  const attaches: TimedCall[] = []

  // By hand: the same three namespaces on a bridge of the bench's own.
  const segment = await HandSegment.create('move')
  const [ha, hb, hc] = [await segment.namespace('a'), await segment.namespace('b'), await segment.namespace('c')]
  const address = '198.19.3.2'
  await segment.plug(hc, 'eth0', benchMac(20), '198.19.3.1')
  let port = await segment.plug(ha, 'eth1', benchMac(21), address)
  let handHolder = ha
  for (const namespace of [ha, hb]) await startEcho(namespace)
  const handProber = await Prober.start(hc, address, intervalMs)

  /** Probes while `move` runs, and returns the longest silence between answers. */
  const probed = async (p: Prober, move: () => Promise<void>): Promise<{ gap: number; replies: number[] }> => {
    await p.watch()
    await sleep(SETTLE_MS)
    await move()
    await sleep(SETTLE_MS)
    const replies = await p.stop()
    return { gap: largestGap(replies).gap, replies }
  }

  for (let run = 0; run < runs; run++) {
    stopIfInterrupted()
    const to = holder === a ? b! : a!
    let attachStart = 0
    let attachReturned = 0
    const moved = await probed(prober, async () => {
      const start = monotonicMs()
      await detach(ecs, eni.id, holder)
      await until(`${eni.id} Available`, async () => (await eniStatus(ecs, eni.id)) === 'Available', 5)
      attachStart = monotonicMs()
      result.agent.detachToAvailable.push(attachStart - start)
      await attach(ecs, eni.id, to)
      attachReturned = monotonicMs()
      await untilEniStatus(ecs, eni.id, 'InUse')
    })
    holder = to
    const reply = moved.replies.find((t) => t > attachStart) ?? Number.NaN
    attaches.push({ start: attachStart, returned: attachReturned, seen: reply })
    result.agent.gap.push(moved.gap)
    result.agent.attachToAnswer.push(reply - attachStart)

    const handTo = handHolder === ha ? hb : ha
    result.handReplug.push((await probed(handProber, async () => {
      await segment.unplug(port)
      port = await segment.plug(handTo, 'eth1', benchMac(21), address)
    })).gap)
    handHolder = handTo

    const moveTo = handHolder === ha ? hb : ha
    result.handMove.push((await probed(handProber, () => segment.move(handHolder, moveTo, 'eth1', address))).gap)
    handHolder = moveTo
    log(`failover: ${run + 1}/${runs} runs`)
  }
  result.attachBreakdown = breakdownOfCalls(world.agent, attaches)
  return result
}
