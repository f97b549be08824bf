/**
 * What every part of the data-plane benchmark shares: cleanup that runs even on failure or Ctrl-C,
 * the bench's own namespace prefix, the CNI plugins it compares with, a check that the root
 * namespace was left as it was, and the statistics it prints.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { cleanupPrefix } from '../../src/agent/linux/apply.js'
import { run } from '../../src/agent/linux/command.js'

/**
 * The prefix of the namespaces the bench makes by hand (the baselines): `b` and four hex digits,
 * apart from the `t….` prefixes of the sandboxes (and of tests others may be running).
 */
export const BENCH_PREFIX = `b${randomBytes(2).toString('hex')}`

const cleanups: { what: string; run: () => Promise<unknown> }[] = []
/** Directories removed last, once nothing can write into them any more. */
const directories: string[] = []
let cleaning: Promise<void> | undefined

/** Registers a cleanup step; the returned function runs it now and forgets it. */
export function onCleanup(what: string, step: () => Promise<unknown>): () => Promise<void> {
  const entry = { what, run: step }
  cleanups.push(entry)
  return async () => {
    const index = cleanups.indexOf(entry)
    if (index < 0) return
    cleanups.splice(index, 1)
    await step()
  }
}

/** A temporary directory of the bench, removed at the very end of cleanup. */
export function onCleanupDirectory(path: string): void {
  directories.push(path)
}

/** Throws once cleanup has begun (Ctrl-C), so a measurement stops at its next step instead of starting new work. */
export function stopIfInterrupted(): void {
  if (cleaning !== undefined) throw new Error('interrupted')
}

/**
 * Runs every registered step, newest first, then removes every namespace of the bench's prefix,
 * then its temporary directories.
 */
export function cleanupAll(): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length > 0) {
      const entry = cleanups.pop()!
      await entry.run().catch((err: unknown) => process.stderr.write(`cleanup (${entry.what}) failed: ${String(err)}\n`))
    }
    await cleanupPrefix(BENCH_PREFIX)
    for (const path of directories) rmSync(path, { recursive: true, force: true })
  })()
  return cleaning
}

/** Ctrl-C or SIGTERM: clean up, then exit 130 (a second signal during cleanup is ignored). */
export function cleanupOnSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      process.stderr.write(`\n${signal}: removing everything the bench made…\n`)
      void cleanupAll().finally(() => process.exit(130))
    })
  }
}

/**
 * A long-running program of the bench (probers, echo servers, sinks, monitors), ended at cleanup by
 * its pid: SIGTERM first, so one with a program of its own ends that too, SIGKILL a second later.
 */
export function spawnTracked(program: string, args: readonly string[]): ChildProcess {
  const child = spawn(program, args, { stdio: ['pipe', 'pipe', 'inherit'] })
  const forget = onCleanup(`${program} ${args.join(' ')}`, async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 1000)
    await exited
    clearTimeout(timer)
  })
  child.on('exit', () => void forget())
  return child
}

/** Resolves with the first line of the child's output that `match` accepts (rejects on exit or timeout). */
export function waitForLine(child: ChildProcess, match: (line: string) => boolean, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = ''
    const timer = setTimeout(() => done(new Error(`no matching line within ${timeoutMs} ms`)), timeoutMs)
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString()
      const lines = buffered.split('\n')
      buffered = lines.pop() ?? ''
      const found = lines.find(match)
      if (found !== undefined) done(undefined, found)
    }
    const onExit = () => done(new Error(`exited (${child.exitCode ?? child.signalCode}) before the line came`))
    const done = (err: Error | undefined, line?: string) => {
      clearTimeout(timer)
      child.stdout?.off('data', onData)
      child.off('exit', onExit)
      if (err === undefined) resolve(line!)
      else reject(err)
    }
    child.stdout?.on('data', onData)
    child.on('exit', onExit)
  })
}

/** Debian's CNI plugins, the other side of figure 5: installed when `/usr/lib/cni/bridge` is missing. */
export async function ensureCniPlugins(): Promise<void> {
  if (existsSync('/usr/lib/cni/bridge')) return
  process.stderr.write('installing containernetworking-plugins (apt-get)…\n')
  await run('apt-get', ['update', '-qq'])
  await run('apt-get', ['install', '-y', '--no-install-recommends', 'containernetworking-plugins'])
  if (!existsSync('/usr/lib/cni/bridge')) throw new Error('containernetworking-plugins installed, but /usr/lib/cni/bridge is still missing')
}

/**
 * A digest of what the bench must never change in the root namespace: its ruleset, addresses,
 * routes and rules. Compared at the end (others' work on the machine could change it too, so a
 * difference is reported, not fatal).
 */
export async function rootNamespaceDigest(): Promise<string> {
  const parts = await Promise.all([
    run('nft', ['list', 'ruleset']),
    run('ip', ['-j', 'addr', 'show']),
    run('ip', ['-j', 'route', 'show', 'table', 'all']),
    run('ip', ['-j', 'rule', 'show']),
  ])
  return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 16)
}

/**
 * The commit the bench measures and whether `src/` differs from it (others may be changing it
 * while the bench runs): `da3db5b agent: … — src/ as committed`, or with a digest of the difference.
 */
export async function sourceState(): Promise<string> {
  const repo = fileURLToPath(new URL('../..', import.meta.url))
  const git = (args: string[]) => run('git', ['-C', repo, ...args]).then((out) => out.trim())
  const [head, diff] = await Promise.all([git(['log', '--oneline', '-1']), git(['diff', 'HEAD', '--', 'src'])])
  if (diff === '') return `${head} — src/ as committed`
  const files = await git(['diff', 'HEAD', '--name-only', '--', 'src'])
  return `${head} — src/ with uncommitted changes (${files.split('\n').join(', ')}; diff ${createHash('sha256').update(diff).digest('hex').slice(0, 8)})`
}

/** Milliseconds on CLOCK_MONOTONIC, the clock every process on the machine shares (the probers' too). */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** Polls `check` every `everyMs` until it holds; throws naming `what` after `timeoutMs`. */
export async function until(what: string, check: () => Promise<boolean>, everyMs = 20, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    stopIfInterrupted()
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await sleep(everyMs)
  }
}

/** The value at rank ⌈q·n⌉ of the sorted samples (nearest rank), so p50 of 20 is the 10th. */
export function quantile(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b)
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!
}

export const median = (samples: readonly number[]) => quantile(samples, 0.5)

export function mean(samples: readonly number[]): number {
  return samples.length === 0 ? Number.NaN : samples.reduce((a, b) => a + b, 0) / samples.length
}

/** A duration for the tables: one decimal under 100 ms, whole milliseconds above, seconds past 10 s. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return 'n/a'
  if (value >= 10_000) return `${(value / 1000).toFixed(1)} s`
  return `${value.toFixed(value < 100 ? 1 : 0)} ms`
}

export function ratio(value: number, baseline: number): string {
  return Number.isFinite(value) && Number.isFinite(baseline) && baseline > 0 ? `×${(value / baseline).toFixed(2)}` : 'n/a'
}

export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, not ${JSON.stringify(raw)}`)
  return value
}

export function log(message: string): void {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`)
}
