/**
 * Every program the agent runs, with when it started and ended: `child_process.spawn` wrapped for
 * the whole bench process (`syncBuiltinESMExports` carries the wrapper into the ES module bindings
 * that `src/agent/linux/command.ts` imported), so the bench counts the programs each part of a
 * pass ran (the agent reports how long the parts took, not what they ran). The bench's own probes
 * of the kernel run programs by absolute path (`benchProgram`) and are left out.
 */
import type { ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire, syncBuiltinESMExports } from 'node:module'
import { join } from 'node:path'
import { monotonicMs } from './harness.js'

export interface SpawnRecord {
  /** What kind of work it is, e.g. `read: ip -j link`, `nft -f`, `ip -batch`. */
  kind: string
  start: number
  end: number
}

const records: SpawnRecord[] = []
let recording = false

const childProcess = createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process')
const original = childProcess.spawn
childProcess.spawn = function recordedSpawn(this: unknown, ...args: unknown[]): ChildProcess {
  const child = (original as (...a: unknown[]) => ChildProcess).apply(this, args)
  const [program, argv] = args as [string, readonly string[] | undefined]
  if (recording && !program.includes('/')) {
    const record: SpawnRecord = { kind: classify(program, argv ?? []), start: monotonicMs(), end: Number.NaN }
    records.push(record)
    child.on('close', () => (record.end = monotonicMs()))
  }
  return child
} as typeof childProcess.spawn
syncBuiltinESMExports()

/** Starts keeping records (they cost a few bytes each; the bench keeps them all for its run). */
export function recordSpawns(): void {
  recording = true
}

/** The records of programs started in [from, to] (monotonic ms). */
export function spawnsBetween(from: number, to: number): SpawnRecord[] {
  return records.filter((r) => r.start >= from && r.start <= to)
}

/** The absolute path of a program, so the bench's own runs of it are not counted as the agent's. */
export function benchProgram(name: string): string {
  for (const dir of (process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin').split(':')) {
    const path = join(dir, name)
    if (existsSync(path)) return path
  }
  throw new Error(`${name} is not on the PATH`)
}

function classify(program: string, argv: readonly string[]): string {
  // `ip netns exec NS PROGRAM …` runs PROGRAM inside a namespace: classify PROGRAM.
  if (program === 'ip' && argv[0] === 'netns' && argv[1] === 'exec') return classify(argv[3] ?? '?', argv.slice(4))
  let rest = [...argv]
  if (rest[0] === '-n') rest = rest.slice(2)
  const json = rest.includes('-j')
  rest = rest.filter((a) => a !== '-j' && a !== '-d')
  if (rest[0] === '-batch') return json ? `read: ${program} -j -batch` : `${program} -batch`
  if (program === 'ip' && rest[0] === 'netns') return json ? 'read: ip -j netns list' : `ip netns ${rest[1] ?? ''}`
  if (program === 'nft' && rest[0] === '-f') return 'nft -f'
  // What is read, without the device or table it is read from: `ip -j route show table all`, `nft -j list set`.
  const dev = rest.indexOf('dev')
  const what = program === 'nft' ? rest.slice(0, 2) : rest.slice(0, dev < 0 ? rest.length : dev)
  if (json || what.includes('show')) return `read: ${program}${json ? ' -j' : ''} ${what.join(' ')}`
  return program
}

/** Whether a record is one of a pass's reads of the kernel (observe). */
export function isRead(record: SpawnRecord): boolean {
  return record.kind.startsWith('read: ')
}

/** How many programs of each kind. */
export function countByKind(spawns: readonly SpawnRecord[]): Map<string, number> {
  const byKind = new Map<string, number>()
  for (const r of spawns) byKind.set(r.kind, (byKind.get(r.kind) ?? 0) + 1)
  return byKind
}
