import { readFileSync } from 'node:fs'
import ipaddr from 'ipaddr.js'
import { Agent } from '../agent/agent.js'
import { cleanupPrefix, findInstanceNamespace } from '../agent/linux/apply.js'
import { hasProgram, ip } from '../agent/linux/command.js'
import { libnftablesMissing } from '../agent/linux/nftables.js'
import { assertPrefix, Names } from '../agent/linux/names.js'

export interface AgentCliOptions {
  server?: string
  hostId?: string
  zone?: string
  prefix: string
  production?: boolean
  cleanup?: boolean
  secretFile?: string
  /** The host's VXLAN tunnel endpoint, `a.b.c.d/len`. */
  underlay?: string
}

/**
 * Why `value` cannot be a host's tunnel endpoint, or undefined when it can: an IPv4 address with
 * its prefix length, which the host holds as one of its own (so not the subnet's network or
 * broadcast address, nor any address no interface can send from).
 */
export function underlayProblem(value: string): string | undefined {
  if (!ipaddr.IPv4.isValidCIDRFourPartDecimal(value)) {
    return `--underlay expects an IPv4 address with its prefix length, a.b.c.d/len (e.g. 198.19.255.1/24), not ${JSON.stringify(value)}`
  }
  const [address, length] = ipaddr.IPv4.parseCIDR(value)
  const range = address.range()
  if (length === 0 || ['unspecified', 'broadcast', 'multicast', 'loopback'].includes(range)) {
    return `--underlay ${value}: a tunnel endpoint needs a unicast address and a prefix length of 1 to 32`
  }
  // /31 and /32 have no network or broadcast address (RFC 3021).
  if (length <= 30) {
    const text = address.toString()
    if (text === ipaddr.IPv4.networkAddressFromCIDR(value).toString()) return `--underlay ${value}: that is the network address of its subnet, not a host's`
    if (text === ipaddr.IPv4.broadcastAddressFromCIDR(value).toString()) return `--underlay ${value}: that is the broadcast address of its subnet, not a host's`
  }
  return undefined
}

/** Whether one of the machine's own interfaces holds `address` (read only: production never adds it). */
async function machineHasAddress(address: string): Promise<boolean> {
  const links = JSON.parse((await ip(null, ['-j', '-4', 'addr', 'show'])) || '[]') as { addr_info?: { local?: string }[] }[]
  return links.some((link) => (link.addr_info ?? []).some((a) => a.local === address))
}

/** Why this machine cannot run the Linux data plane, or undefined when it can. */
export async function linuxDataplaneMissing(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return 'the Linux data plane needs root'
  for (const program of ['ip', 'tc', 'bridge', 'nft']) {
    if (!(await hasProgram(program))) return `the Linux data plane needs ${program} (bash scripts/install installs it)`
  }
  return libnftablesMissing()
}

/** `openeni agent`: runs until SIGTERM/SIGINT; with `--cleanup`, removes every object of the prefix. */
export async function runAgent(opts: AgentCliOptions, stderr: (text: string) => void): Promise<number> {
  assertPrefix(opts.prefix)
  const badUnderlay = opts.underlay === undefined ? undefined : underlayProblem(opts.underlay)
  if (badUnderlay !== undefined) {
    stderr(`openeni agent: ${badUnderlay}\n`)
    return 2
  }
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
  // A sandboxed host gets its endpoint on a veth into the shared underlay namespace; a production
  // host sends its tunnels from an address the operator already gave the machine.
  if (opts.production === true && opts.underlay !== undefined && !(await machineHasAddress(opts.underlay.split('/')[0]!))) {
    stderr(`openeni agent: --underlay ${opts.underlay}: with --production the address must already be on one of this machine's interfaces\n`)
    return 2
  }
  const agent = new Agent({
    endpoint: opts.server.replace(/^https?:\/\//, '').replace(/\/$/, ''),
    hostId: opts.hostId,
    hostSecret,
    zone: opts.zone,
    prefix: opts.prefix,
    production: opts.production === true,
    ...(opts.underlay === undefined ? {} : { underlayAddress: opts.underlay }),
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
