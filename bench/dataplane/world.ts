/**
 * The agent side of the measurements: a sandbox (control plane in process, a real agent on a
 * sandboxed host under a prefix of its own) and short SDK steps over it.
 */
import { eniStatus, instanceStatus, Sandbox } from '../../test/support/dataplane.js'
import { Network, runInstance } from '../../test/support/network.js'
import { Ecs, REGION, type EcsClient } from '../../test/support/server.js'
import { onCleanup, until } from './harness.js'
import { replaceAgent, type TimedAgent } from './timed-agent.js'

export interface World {
  sandbox: Sandbox
  /** The agent of the sandbox's host `host-a`, timing its passes. */
  agent: TimedAgent
  net: Network
  vSwitch: { id: string; cidr: string; base: string }
  /** A group every instance of the world is in: its members reach each other (inner access). */
  group: string
  /** Stops the agent and the control plane and removes every namespace of the sandbox. */
  close: () => Promise<void>
}

/** A sandbox with `config` overrides, its host `host-a` live, a VPC, a vSwitch and a group. */
export async function startWorld(config: Record<string, unknown>, vSwitchMask = 24): Promise<World> {
  const sandbox = await Sandbox.start(config)
  const close = onCleanup(`sandbox ${sandbox.prefix}`, () => sandbox.close())
  await sandbox.host('host-a')
  const agent = await replaceAgent(sandbox, 'host-a')
  const net = await Network.create(sandbox.server.account)
  const vSwitch = await net.vSwitch({ mask: vSwitchMask })
  const group = await net.securityGroup()
  return { sandbox, agent, net, vSwitch, group, close }
}

/** Launches instances one by one in the world's vSwitch and group, and waits until all run. */
export async function launch(world: World, count: number, fields: { instanceType?: string; securityGroupIds?: string[] } = {}): Promise<string[]> {
  const ids: string[] = []
  for (let i = 0; i < count; i++) {
    ids.push(
      await runInstance(world.net.ecs, {
        vSwitchId: world.vSwitch.id,
        securityGroupId: fields.securityGroupIds === undefined ? world.group : (undefined as never),
        ...fields,
      }),
    )
  }
  await until('the instances Running', async () => (await Promise.all(ids.map((id) => instanceStatus(world.net.ecs, id)))).every((s) => s === 'Running'), 50, 30_000)
  return ids
}

export interface EniFacts {
  id: string
  ip: string
  mac: string
}

export async function eniFacts(ecs: EcsClient, networkInterfaceId: string): Promise<EniFacts> {
  const { body } = await ecs.describeNetworkInterfaceAttribute(new Ecs.DescribeNetworkInterfaceAttributeRequest({ regionId: REGION, networkInterfaceId }))
  if (body?.privateIpAddress === undefined || body.macAddress === undefined) throw new Error(`no address or MAC for ${networkInterfaceId}`)
  return { id: networkInterfaceId, ip: body.privateIpAddress, mac: body.macAddress.toLowerCase() }
}

/** Polls the ENI's status through the SDK every `everyMs` until it is `status`. */
export function untilEniStatus(ecs: EcsClient, eniId: string, status: string, everyMs = 20, timeoutMs = 60_000): Promise<void> {
  return until(`${eniId} ${status}`, async () => (await eniStatus(ecs, eniId)) === status, everyMs, timeoutMs)
}
