import { spawn, type ChildProcess } from 'node:child_process'
import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The traffic tool, as the running CLI has it: `traffic.ts` run from the sources (under tsx),
 * `traffic.js` once compiled. It starts with this process's Node options, so the sources' loader too.
 */
const TRAFFIC = fileURLToPath(new URL(`./traffic${extname(fileURLToPath(import.meta.url))}`, import.meta.url))

/** What `traffic stream` prints when it stops. */
export interface StreamSummary {
  sent: number
  /** Distinct datagrams answered. */
  received: number
  lost: number
  /** The longest time between two consecutive answers. */
  maxGapMs: number
  /** The answers in the order they came, grouped by the tag of the server that gave them. */
  runs: { tag: string; answers: number }[]
}

/** A traffic tool running in a namespace until stopped: a server, or a stream. */
export class TrafficProcess {
  #output = ''
  #exitCode: number | null | undefined
  readonly exited: Promise<number | null>

  constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => (this.#output += chunk.toString()))
    this.exited = new Promise((resolve) =>
      child.on('close', (code) => {
        this.#exitCode = code
        resolve(code)
      }),
    )
  }

  get output(): string {
    return this.#output
  }

  /** Waits until the tool has printed the line `text` ("ready", "first TAG"). */
  async printed(text: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (!this.#output.split('\n').includes(text)) {
      if (this.#exitCode !== undefined) throw new Error(`the traffic tool exited (${this.#exitCode}) before printing "${text}"`)
      if (Date.now() > deadline) throw new Error(`no "${text}" within ${timeoutMs} ms`)
      await new Promise((r) => setTimeout(r, 10))
    }
  }

  /** Stops a stream (its standard input closes) and answers its summary. */
  async stopStream(): Promise<StreamSummary> {
    this.child.stdin?.end()
    const code = await this.exited
    const last = this.#output.trim().split('\n').at(-1) ?? ''
    if (code !== 0) throw new Error(`the stream exited ${code}`)
    return JSON.parse(last) as StreamSummary
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill()
  }
}

/** Every traffic tool the demo started, so that all of them stop with it, whatever happens. */
export class TrafficTools {
  readonly #started: TrafficProcess[] = []

  /** Starts `traffic ARGS…` in `namespace`, as `openeni exec` runs a program there. */
  start(namespace: string, args: readonly string[]): TrafficProcess {
    const child = spawn('ip', ['netns', 'exec', namespace, process.execPath, ...process.execArgv, TRAFFIC, ...args], {
      stdio: ['pipe', 'pipe', 'ignore'],
    })
    const tool = new TrafficProcess(child)
    this.#started.push(tool)
    return tool
  }

  /** A server, once it listens. */
  async serve(namespace: string, tag: string, specs: readonly string[]): Promise<TrafficProcess> {
    const server = this.start(namespace, ['serve', tag, ...specs])
    await server.printed('ready', 15_000)
    return server
  }

  /** What a TCP server at ADDRESS:PORT says to a client in `namespace`, or null when nothing answers in time. */
  async connect(namespace: string, address: string, port: number, timeoutMs: number): Promise<string | null> {
    const client = this.start(namespace, ['connect', address, String(port), String(timeoutMs)])
    const code = await client.exited
    return code === 0 ? client.output.trim() : null
  }

  /** Signals every tool to stop, at once (the demo may be about to exit). */
  killAll(): void {
    for (const tool of this.#started) tool.kill()
  }

  async stopAll(): Promise<void> {
    this.killAll()
    await Promise.all(this.#started.map((tool) => tool.exited))
  }
}
