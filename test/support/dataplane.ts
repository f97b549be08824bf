/**
 * Data-plane tests: a control plane in process, real agents in sandboxed hosts (network
 * namespaces with a unique prefix), and helpers to send real packets between instances. Every
 * namespace a test makes carries its prefix and is removed in `close()`, even after a failure;
 * nothing touches the root namespace, and traffic only flows between the test's own namespaces.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { Agent } from '../../src/agent/agent.js'
import { cleanupPrefix, findInstanceNamespace } from '../../src/agent/linux/apply.js'
import { run } from '../../src/agent/linux/command.js'
import { addHost } from '../../src/service/agent/credentials.js'
import { Ecs, REGION, startServer, ZONE_A, type EcsClient, type TestServer } from './server.js'

/** Why data-plane tests cannot run here, or undefined when they can (root, with iproute2). */
export function dataplaneUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'data-plane tests need root'
  return undefined
}

export class Sandbox {
  readonly agents = new Map<string, Agent>()
  readonly log: string[] = []

  private constructor(
    readonly server: TestServer,
    readonly prefix: string,
  ) {}

  /** A control plane whose hosts run real agents under a fresh prefix. */
  static async start(config: Record<string, unknown> = {}): Promise<Sandbox> {
    const prefix = `t${randomBytes(2).toString('hex')}`
    await cleanupPrefix(prefix)
    // The EIP pool leaves out 203.0.113.254, the public network's client address.
    const server = await startServer({ dialect: 'sqlite', dataplane: 'agents', config: { eipPools: { [REGION]: ['203.0.113.0/25'] }, ...config } })
    return new Sandbox(server, prefix)
  }

  /** Runs a program in the sandboxed public network, as a client on the Internet would (`openeni exec --public`). */
  execPublic(argv: readonly string[]): Promise<string> {
    return run('ip', ['netns', 'exec', `${this.prefix}@public`, ...argv])
  }

  /** Registers a host and starts its agent; it reports at once, so it takes instances. */
  async host(hostId: string, zoneId = ZONE_A): Promise<Agent> {
    const { hostSecret } = await addHost(this.server.deps, hostId, zoneId)
    // Each host's tunnel endpoint on the sandboxed underlay, in the test range.
    const underlayAddress = `198.19.255.${this.agents.size + 1}/24`
    const agent = new Agent({
      endpoint: this.server.endpoint, hostId, hostSecret, zone: zoneId, prefix: this.prefix, resyncSeconds: 1, underlayAddress,
      // What the agent says shows in the test's output when it fails (a pass that fails is retried).
      log: (message) => this.log.push(`${hostId}: ${message}`),
    })
    agent.start()
    this.agents.set(hostId, agent)
    await waitFor(`host ${hostId} live`, async () => {
      const row = await this.server.deps.store.db.selectFrom('hosts').select('last_seen_at').where('id', '=', hostId).executeTakeFirst()
      // Registration stamps the epoch; the first report stamps now.
      return row !== undefined && row.last_seen_at !== null && new Date(row.last_seen_at).getTime() > 0
    })
    return agent
  }

  /** The namespace of an instance, on whichever host of this sandbox has it. */
  async instanceNamespace(instanceId: string): Promise<string> {
    const found = await findInstanceNamespace(this.prefix, instanceId)
    if (found === undefined) throw new Error(`no namespace for ${instanceId}`)
    return found
  }

  /** Runs a program inside an instance, as `openeni exec` does. */
  async exec(instanceId: string, argv: readonly string[]): Promise<string> {
    return run('ip', ['netns', 'exec', await this.instanceNamespace(instanceId), ...argv])
  }

  /** Whether `from` gets an echo reply from `address` (three tries, 1 s each). */
  async pings(from: string, address: string): Promise<boolean> {
    try {
      await this.exec(from, ['ping', '-n', '-q', '-c', '1', '-w', '3', address])
      return true
    } catch {
      return false
    }
  }

  async close(): Promise<void> {
    const failed = this.log.filter((line) => line.includes('pass failed'))
    if (failed.length > 0) process.stderr.write(`agent passes that failed:\n${failed.slice(0, 20).join('\n')}\n`)
    await Promise.all([...this.agents.values()].map((a) => a.stop()))
    await this.server.close()
    await cleanupPrefix(this.prefix)
  }
}

/** Polls `check` every 100 ms until it holds, or fails after `timeoutMs` naming what it waited for. */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await check()) return
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

export async function instanceStatus(ecs: EcsClient, instanceId: string): Promise<string | undefined> {
  const { body } = await ecs.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION, instanceIds: JSON.stringify([instanceId]) }))
  return body?.instances?.instance?.[0]?.status
}

export async function eniStatus(ecs: EcsClient, eniId: string): Promise<string | undefined> {
  const { body } = await ecs.describeNetworkInterfaceAttribute(new Ecs.DescribeNetworkInterfaceAttributeRequest({ regionId: REGION, networkInterfaceId: eniId }))
  return body?.status
}
