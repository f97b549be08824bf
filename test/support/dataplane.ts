/**
 * Data-plane tests: a control plane in process, real agents in sandboxed hosts (network
 * namespaces with a unique prefix), and helpers to send real packets between instances. Every
 * namespace a test makes carries its prefix and is removed in `close()`, even after a failure;
 * nothing touches the root namespace, and traffic only flows between the test's own namespaces.
 */
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { Agent, type PassResult } from '../../src/agent/agent.js'
import { cleanupPrefix, findInstanceNamespace } from '../../src/agent/linux/apply.js'
import { run } from '../../src/agent/linux/command.js'
import { addHost } from '../../src/service/agent/credentials.js'
import { Ecs, REGION, startServer, ZONE_A, type EcsClient, type TestServer } from './server.js'

/** Why data-plane tests cannot run here, or undefined when they can (root, with iproute2). */
export function dataplaneUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'data-plane tests need root'
  return undefined
}

/** The traffic tool the data-plane tests run inside namespaces (`node PROBE MODE …`). */
export const PROBE = fileURLToPath(new URL('./probe.mjs', import.meta.url))

/** What `probe.mjs stream` prints when it stops. */
export interface StreamSummary {
  sent: number
  /** Distinct datagrams answered. */
  received: number
  lost: number
  duplicates: number
  sendErrors: number
  /** The longest time between two consecutive answers. */
  maxGapMs: number
  /** The answers in the order they came, grouped by the tag of the server that gave them. */
  runs: { tag: string; answers: number; firstSeq: number; lastSeq: number }[]
}

/** A `probe.mjs` process running inside a namespace until stopped (a server, or a stream). */
export class ProbeProcess {
  #output = ''
  readonly exited: Promise<number | null>

  constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => (this.#output += chunk.toString()))
    this.exited = new Promise((resolve) => child.on('close', (code) => resolve(code)))
  }

  get output(): string {
    return this.#output
  }

  /** Waits until the probe has printed `text` (a line such as "ready" or "first TAG"). */
  async printed(text: string, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs
    let exited = false
    void this.exited.then(() => (exited = true))
    while (!this.#output.split('\n').includes(text)) {
      if (exited || Date.now() > deadline) {
        assert.fail(`the probe ${exited ? 'exited' : 'timed out'} before printing ${JSON.stringify(text)}; it printed ${JSON.stringify(this.#output)}`)
      }
      await new Promise((r) => setTimeout(r, 20))
    }
  }

  /** Stops a stream (its standard input closes) and answers its summary. */
  async stopStream(): Promise<StreamSummary> {
    this.child.stdin?.end()
    const code = await this.exited
    const last = this.#output.trim().split('\n').at(-1) ?? ''
    assert.equal(code, 0, `the stream exited ${code}: ${this.#output}`)
    return JSON.parse(last) as StreamSummary
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill()
  }
}

export class Sandbox {
  readonly agents = new Map<string, Agent>()
  readonly log: string[] = []
  readonly probes: ProbeProcess[] = []

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

  /**
   * Starts `probe.mjs ARGS…` inside an instance (or, given a namespace name with `@`, inside that
   * namespace); it runs until stopped or until the sandbox closes. Servers are ready when this
   * resolves.
   */
  async startProbe(where: string, args: readonly string[]): Promise<ProbeProcess> {
    const namespace = where.includes('@') ? where : await this.instanceNamespace(where)
    const child = spawn('ip', ['netns', 'exec', namespace, process.execPath, PROBE, ...args], { stdio: ['pipe', 'pipe', 'inherit'] })
    const probe = new ProbeProcess(child)
    this.probes.push(probe)
    if (args[0] === 'serve' || args[0] === 'echo' || args[0] === 'listen') await probe.printed('ready')
    return probe
  }

  /**
   * Stops a host's agent and starts a new one with the same options, as a restarted
   * `openeni agent` would be. Answers the new agent's first pass, run against the host's desired
   * state before its loop starts (which then goes on as usual).
   */
  async restartHost(hostId: string): Promise<{ agent: Agent; firstPass: PassResult }> {
    const old = this.agents.get(hostId)
    assert.ok(old, `no agent for ${hostId}`)
    await old.stop()
    const agent = new Agent(old.options)
    this.agents.set(hostId, agent)
    const answer = await agent.client.desiredState()
    assert.ok(answer.changed, 'a first request always gets the state')
    const firstPass = await agent.pass(answer.state)
    agent.start()
    return { agent, firstPass }
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
    for (const probe of this.probes) probe.kill()
    await Promise.all(this.probes.map((probe) => probe.exited))
    await Promise.all([...this.agents.values()].map((a) => a.stop()))
    await this.server.close()
    await cleanupPrefix(this.prefix)
  }
}

/**
 * Packets the kernel dropped, on every CPU, because its input backlog was full (the second column
 * of /proc/net/softnet_stat; read only). Veth pairs deliver through that backlog, so a flood
 * anywhere on the machine (another test's bandwidth run) drops packets of any namespace: a
 * lossless test compares it before and after.
 */
export async function backlogDrops(): Promise<number> {
  const lines = (await readFile('/proc/net/softnet_stat', 'utf8')).trim().split('\n')
  return lines.reduce((sum, line) => sum + Number.parseInt(line.trim().split(/\s+/)[1] ?? '0', 16), 0)
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
