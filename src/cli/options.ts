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
