/**
 * Packets for the measurements: a UDP echo inside the namespace that will receive an interface
 * (bound to every address, so it answers as soon as the interface and its address exist), and a
 * prober in a peer's namespace (`prober.mjs`) whose times are on the clock the bench reads too;
 * and a watcher of the kernel's own notifications (`monitor.mjs`), for changes that show in the kernel before any packet.
 */
import type { ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { spawnTracked, waitForLine } from './harness.js'

const PROBER = fileURLToPath(new URL('./prober.mjs', import.meta.url))
const MONITOR = fileURLToPath(new URL('./monitor.mjs', import.meta.url))
const PROBE = fileURLToPath(new URL('../../test/support/probe.mjs', import.meta.url))
const ECHO_PORT = 5399

/** `probe.mjs serve udp:PORT` inside a namespace: echoes every datagram, on every address it will ever have. */
export async function startEcho(namespace: string): Promise<ChildProcess> {
  const child = spawnTracked('ip', ['netns', 'exec', namespace, process.execPath, PROBE, 'serve', `udp:${ECHO_PORT}`])
  await waitForLine(child, (l) => l === 'ready')
  return child
}

export class Prober {
  private constructor(private readonly child: ChildProcess) {}

  /** A prober in `namespace` aimed at `address`, sending every `intervalMs` when told to. */
  static async start(namespace: string, address: string, intervalMs: number): Promise<Prober> {
    const child = spawnTracked('ip', ['netns', 'exec', namespace, process.execPath, PROBER, address, String(ECHO_PORT), String(intervalMs)])
    await waitForLine(child, (l) => l === 'ready')
    return new Prober(child)
  }

  /**
   * Starts sending; resolves once the first datagram is out, with a promise of the first answer's
   * time (monotonic ms), wrapped (an async function would wait for a promise it returns). The
   * caller takes its start time after this resolves.
   */
  async first(timeoutMs = 30_000): Promise<{ reply: Promise<number> }> {
    const sending = waitForLine(this.child, (l) => l.startsWith('sending '))
    const reply = waitForLine(this.child, (l) => l.startsWith('reply '), timeoutMs).then((l) => Number(l.slice(6)))
    reply.catch(() => undefined)
    this.child.stdin?.write('first\n')
    await sending
    return { reply }
  }

  /** Starts sending and recording every answer. */
  async watch(): Promise<void> {
    const watching = waitForLine(this.child, (l) => l.startsWith('watching '))
    this.child.stdin?.write('watch\n')
    await watching
  }

  /** Stops sending; the answers' times since `watch` (monotonic ms). */
  async stop(): Promise<number[]> {
    const replies = waitForLine(this.child, (l) => l.startsWith('replies '))
    this.child.stdin?.write('stop\n')
    return JSON.parse((await replies).slice(8)) as number[]
  }
}

/**
 * Runs `argv`, a monitor printing one line per kernel event, until a line includes `needle`;
 * resolves once it has subscribed, with a promise of when that line came (monotonic ms).
 */
export async function watchEvents(argv: readonly string[], needle: string, timeoutMs = 60_000): Promise<{ seen: Promise<number> }> {
  const child = spawnTracked(process.execPath, [MONITOR, needle, ...argv])
  await waitForLine(child, (l) => l.startsWith('ready '))
  const seen = waitForLine(child, (l) => l.startsWith('seen '), timeoutMs).then((l) => Number(l.slice(5)))
  seen.catch(() => undefined)
  return { seen }
}

/** The longest silence between consecutive answers, and where it began. */
export function largestGap(replies: readonly number[]): { gap: number; at: number } {
  let best = { gap: 0, at: Number.NaN }
  for (let i = 1; i < replies.length; i++) {
    const gap = replies[i]! - replies[i - 1]!
    if (gap > best.gap) best = { gap, at: replies[i - 1]! }
  }
  return best
}
