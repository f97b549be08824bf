import { InvalidArgumentError } from 'commander'
import { homedir } from 'node:os'
import { join } from 'node:path'

/** Root keeps state where services do; anyone else in their home. */
export function defaultDataDir(): string {
  return process.getuid?.() === 0 ? '/var/lib/openeni' : join(homedir(), '.openeni')
}

export function parseListen(value: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(value)
  const port = Number(match?.[3])
  if (match === null || port > 65535) throw new InvalidArgumentError(`--listen expects HOST:PORT, got ${value}`)
  return { host: match[1] ?? match[2] ?? '127.0.0.1', port }
}

/**
 * The local host's tunnel endpoint unless told otherwise. The underlay is a bridge in a namespace
 * of the prefix, so the address is seen by nothing but that prefix's hosts; it is taken from the
 * range the project's sandboxes use, and further hosts join with `openeni agent --underlay
 * 198.19.255.N/24` under the same prefix.
 */
export const DEFAULT_UP_UNDERLAY = '198.19.255.1/24'
