/**
 * Figure 3: TCP through an ENI whose five security groups hold 10,000 ingress rules (distinct /32
 * sources and ports, accepts and drops at priorities 1–100; the flow allowed only by one accept at
 * priority 100, so it is evaluated after all of them), against the same instance's other ENI whose
 * one group holds only that accept. `probe.mjs send` → `sink` for a few seconds each, the two paths
 * alternating round by round. Conntrack passes established packets before any rule, so the rules
 * cost the first packet of each connection: the time to connect is measured the same way.
 */
import { fileURLToPath } from 'node:url'
import { attach, createEni } from '../../test/support/network.js'
import { authorize, type IngressPermission } from '../../test/support/security-group-rules.js'
import { breakdownOf, passFor, type Breakdown } from './breakdown.js'
import { log, mean, median, monotonicMs, spawnTracked, stopIfInterrupted, waitForLine } from './harness.js'
import { run } from '../../src/agent/linux/command.js'
import { eniFacts, launch, untilEniStatus, type World } from './world.js'

const PROBE = fileURLToPath(new URL('../../test/support/probe.mjs', import.meta.url))
const CONNECTOR = fileURLToPath(new URL('./connector.mjs', import.meta.url))
export const RULE_GROUPS = 5
const SINK_PORT = 8090
const CONNECT_PORT = 8091
/** Rules per AuthorizeSecurityGroup call: the most the API takes. */
const RULES_PER_CALL = 100

/** The quotas figure 3 needs: that many rules in one group, and five such groups on one ENI. */
export function ruleQuotas(rulesPerGroup: number): Record<string, number> {
  return { rulesPerSecurityGroup: rulesPerGroup + 1, rulesPerEni: RULE_GROUPS * rulesPerGroup + 1 }
}

export interface ThroughputResult {
  rules: number
  seconds: number
  /** Goodput in bits per second, one sample per round. */
  plain: number[]
  ruled: number[]
  /** TCP connect times in ms (every connection of every round). */
  connectPlain: number[]
  connectRuled: number[]
  /** The pass that plugged the ENI with all its rules (its firewall load among the stages). */
  plugBreakdown: Breakdown
}

export async function measureThroughput(world: World, options: { rulesPerGroup: number; seconds: number; rounds: number; connects: number }): Promise<ThroughputResult> {
  const ecs = world.net.ecs
  const [server, client] = await launch(world, 2)
  const cidr = world.vSwitch.cidr
  const allow: IngressPermission = { ipProtocol: 'tcp', portRange: `${SINK_PORT}/${CONNECT_PORT}`, sourceCidrIp: cidr, policy: 'accept', priority: '100' }

  // The groups are filled before any ENI of this host is in them, so the host sees them once.
  const groups = await Promise.all(Array.from({ length: RULE_GROUPS }, () => world.net.securityGroup()))
  const started = monotonicMs()
  const batches: [string, IngressPermission[]][] = []
  groups.forEach((group, g) => {
    for (let from = 0; from < options.rulesPerGroup; from += RULES_PER_CALL) {
      const count = Math.min(RULES_PER_CALL, options.rulesPerGroup - from)
      batches.push([group, Array.from({ length: count }, (_, i) => ruleNumber(g * options.rulesPerGroup + from + i))])
    }
  })
  const last = batches[batches.length - 1]
  if (last !== undefined && last[1].length < RULES_PER_CALL) last[1].push(allow)
  else batches.push([groups[RULE_GROUPS - 1]!, [allow]])
  for (let i = 0; i < batches.length; i += 4) await Promise.all(batches.slice(i, i + 4).map(([group, rules]) => authorize(ecs, group, rules)))
  log(`throughput: ${RULE_GROUPS * options.rulesPerGroup} rules authorized in ${((monotonicMs() - started) / 1000).toFixed(1)} s`)
  const plainGroup = await world.net.securityGroup()
  await authorize(ecs, plainGroup, [allow])

  const ruledEni = await eniFacts(ecs, await createEni(ecs, { vSwitchId: world.vSwitch.id, securityGroupIds: groups }))
  const plainEni = await eniFacts(ecs, await createEni(ecs, { vSwitchId: world.vSwitch.id, securityGroupId: plainGroup }))
  const plugStart = monotonicMs()
  await attach(ecs, ruledEni.id, server!)
  const plugReturned = monotonicMs()
  await untilEniStatus(ecs, ruledEni.id, 'InUse', 50)
  const plugBreakdown = breakdownOf(await passFor(world.agent, plugStart), plugReturned)
  await attach(ecs, plainEni.id, server!)
  await untilEniStatus(ecs, plainEni.id, 'InUse', 50)

  const serverNs = await world.sandbox.instanceNamespace(server!)
  const clientNs = await world.sandbox.instanceNamespace(client!)
  const sink = spawnTracked('ip', ['netns', 'exec', serverNs, process.execPath, PROBE, 'serve', `sink:${SINK_PORT}`, `tcp:${CONNECT_PORT}`])
  await waitForLine(sink, (l) => l === 'ready')
  const send = async (address: string) => Number(await run('ip', ['netns', 'exec', clientNs, process.execPath, PROBE, 'send', address, String(SINK_PORT), String(options.seconds)]))
  const connect = async (address: string) =>
    JSON.parse(await run('ip', ['netns', 'exec', clientNs, process.execPath, CONNECTOR, address, String(CONNECT_PORT), String(options.connects)])) as number[]

  const result: ThroughputResult = {
    rules: RULE_GROUPS * options.rulesPerGroup,
    seconds: options.seconds,
    plain: [],
    ruled: [],
    connectPlain: [],
    connectRuled: [],
    plugBreakdown,
  }
  for (let round = 0; round < options.rounds; round++) {
    stopIfInterrupted()
    result.plain.push(await send(plainEni.ip))
    result.ruled.push(await send(ruledEni.ip))
    result.connectPlain.push(...(await connect(plainEni.ip)))
    result.connectRuled.push(...(await connect(ruledEni.ip)))
    log(
      `throughput: round ${round + 1}/${options.rounds}: ${(mean(result.plain) / 1e9).toFixed(2)} vs ${(mean(result.ruled) / 1e9).toFixed(2)} Gbit/s, ` +
        `connect ${median(result.connectPlain).toFixed(2)} vs ${median(result.connectRuled).toFixed(2)} ms`,
    )
  }
  sink.kill()
  return result
}

/**
 * Rule k of the 10,000: a distinct /32 source in 198.19.128.0/17 and a distinct port from 10000
 * (never the flow's), a third of them drops, priorities spread over 1–100, one in ten UDP.
 */
function ruleNumber(k: number): IngressPermission {
  const port = 10_000 + k
  return {
    ipProtocol: k % 10 === 0 ? 'udp' : 'tcp',
    portRange: `${port}/${port}`,
    sourceCidrIp: `198.19.${128 + ((k >> 8) & 127)}.${k & 255}/32`,
    policy: k % 3 === 0 ? 'drop' : 'accept',
    priority: String(1 + (k % 100)),
  }
}
