import { readFileSync } from 'node:fs'
import { Agent } from '../agent/agent.js'
import { cleanupPrefix, findInstanceNamespace } from '../agent/linux/apply.js'
import { hasProgram } from '../agent/linux/command.js'
import { assertPrefix, Names } from '../agent/linux/names.js'

export interface AgentCliOptions {
  server?: string
  hostId?: string
  zone?: string
  prefix: string
  production?: boolean
  cleanup?: boolean
  secretFile?: string
}

/** Why this machine cannot run the Linux data plane, or undefined when it can. */
export async function linuxDataplaneMissing(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return 'the Linux data plane needs root'
  for (const program of ['ip', 'nft', 'ethtool']) {
    if (!(await hasProgram(program))) return `the Linux data plane needs ${program} (bash scripts/install installs it)`
  }
  return undefined
}

/** `openeni agent`: runs until SIGTERM/SIGINT; with `--cleanup`, removes every object of the prefix. */
export async function runAgent(opts: AgentCliOptions, stderr: (text: string) => void): Promise<number> {
  assertPrefix(opts.prefix)
  const missing = await linuxDataplaneMissing()
  if (missing !== undefined) {
    stderr(`openeni agent: ${missing}\n`)
    return 1
  }
  if (opts.cleanup === true) {
    const removed = await cleanupPrefix(opts.prefix)
    stderr(`removed ${removed.length} namespaces of prefix ${opts.prefix}\n`)
    return 0
  }
  if (opts.server === undefined || opts.hostId === undefined || opts.zone === undefined) {
    stderr('openeni agent: --server, --host-id and --zone are required (or --cleanup)\n')
    return 2
  }
  const hostSecret = opts.secretFile !== undefined ? readFileSync(opts.secretFile, 'utf8').trim() : process.env.OPENENI_HOST_SECRET
  if (hostSecret === undefined || hostSecret === '') {
    stderr('openeni agent: the host secret is missing: set OPENENI_HOST_SECRET or --secret-file (from openeni hosts add)\n')
    return 2
  }
  const agent = new Agent({
    endpoint: opts.server.replace(/^https?:\/\//, '').replace(/\/$/, ''),
    hostId: opts.hostId,
    hostSecret,
    zone: opts.zone,
    prefix: opts.prefix,
    production: opts.production === true,
    log: (message) => stderr(`${new Date().toISOString()} ${message}\n`),
  })
  agent.start()
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve)
    process.once('SIGINT', resolve)
  })
  // Stopping leaves the kernel as it is: traffic goes on without the agent.
  await agent.stop()
  return 0
}

/** The namespace `openeni exec INSTANCE` runs in, or a message saying why there is none. */
export async function execNamespace(prefix: string, instanceId: string): Promise<{ namespace: string } | { error: string }> {
  assertPrefix(prefix)
  const namespace = await findInstanceNamespace(prefix, instanceId)
  if (namespace === undefined) return { error: `no instance ${instanceId} on this machine's hosts of prefix ${prefix}` }
  return { namespace }
}

/** The sandboxed public network of `prefix` (`openeni exec --public`). */
export function publicNamespace(prefix: string): { namespace: string } {
  assertPrefix(prefix)
  return { namespace: new Names(prefix, 'any').publicNamespace }
}
