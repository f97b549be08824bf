import { execFile, spawn } from 'node:child_process'
import { inNamespace, NoSuchNamespace } from './netns.js'

/** A command the kernel refused, with what it printed. */
export class CommandError extends Error {
  constructor(
    readonly command: string,
    readonly stderr: string,
    readonly exitCode: number | null,
  ) {
    super(`${command}: ${stderr.trim() || `exit ${exitCode}`}`)
  }
}

/** Runs a program to completion, feeding it `input`; its standard output, or a CommandError. */
export function run(program: string, args: readonly string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk))
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk))
    child.on('error', (e) => reject(new CommandError(`${program} ${args.join(' ')}`, e.message, null)))
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'))
      else reject(new CommandError(`${program} ${args.join(' ')}`, Buffer.concat(err).toString('utf8'), code))
    })
    if (child.stdin !== null) {
      // A program that exits before reading all its input must not crash us with EPIPE.
      child.stdin.on('error', () => undefined)
      child.stdin.end(input)
    }
  })
}

/**
 * Runs a program born inside a named network namespace (null: the agent's own): the process is
 * forked while the thread is in the namespace (`inNamespace`), so it needs neither `ip -n` nor
 * `ip netns exec`, which copy the mount table first (a cost that grows with every namespace).
 * For programs that only speak netlink or use sockets (`ip`, `tc`, `bridge`, `sysctl` of
 * net.*): /sys still shows the agent's own namespace.
 */
export function inside(namespace: string | null, program: string, args: readonly string[], input?: string): Promise<string> {
  try {
    return inNamespace(namespace, () => run(program, args, input))
  } catch (err) {
    return Promise.reject(err instanceof NoSuchNamespace ? new CommandError(`${program} ${args.join(' ')} (in ${namespace})`, err.message, null) : err)
  }
}

/** `ip [-n NS] ARGS…`: in the namespace, or the root one when `namespace` is null, as an operator runs it. */
export function ip(namespace: string | null, args: readonly string[], input?: string): Promise<string> {
  return run('ip', [...(namespace === null ? [] : ['-n', namespace]), ...args], input)
}

/** Whether a program is on the PATH (the data plane needs iproute2 and nftables), asked once at start. */
export function hasProgram(program: string): Promise<boolean> {
  return new Promise((resolve) => execFile('sh', ['-c', `command -v ${program}`], (err) => resolve(err === null)))
}
