import type { AddressInfo } from 'node:net'
import { Agent } from '../agent/agent.js'
import { assertPrefix } from '../agent/linux/names.js'
import { addHost } from '../service/agent/credentials.js'
import type { DataplaneMode, ServiceDeps } from '../service/deps.js'
import { linuxDataplaneMissing, underlayProblem } from './agent.js'

export interface UpOptions {
  listen: string
  data: string
  /** The prefix of the local host's namespaces and interfaces. */
  prefix: string
  /** The local host's tunnel endpoint on the sandboxed underlay, `a.b.c.d/len`. */
  underlay: string
  /** False with `--no-agent`: the API alone, with the none data plane, even as root. */
  agent: boolean
}

export { DEFAULT_UP_UNDERLAY } from './options.js'

/** What `runServer` calls around the server's life, for a command that runs more than the API. */
export interface ServerHooks {
  /** Once the server listens, with its dependencies and the address it listens on. */
  listening?(deps: ServiceDeps, address: AddressInfo): Promise<void>
  /** At SIGTERM/SIGINT, before the server stops taking requests. */
  stopping?(): Promise<void>
}

export interface UpPlan {
  dataplane: DataplaneMode
  hooks: ServerHooks
}

export interface UpOutput {
  stdout(text: string): void
  stderr(text: string): void
}

/**
 * `openeni up`: the whole system on this machine as one command. With root and the kernel tools,
 * the server runs with the `agents` data plane (so it registers no `none-` hosts and places
 * instances on live hosts only) and one local host, `local-<zone>` in the first zone of the first
 * region, whose agent runs in this process, sandboxed under `prefix`, with a tunnel endpoint so
 * more hosts can join. Its registration gives it a fresh secret each start, which the old one can
 * no longer use: `up` owns that host. Without root or the tools it says so and serves the API with
 * the `none` data plane instead.
 */
export async function planUp(opts: UpOptions, out: UpOutput): Promise<UpPlan> {
  assertPrefix(opts.prefix)
  const badUnderlay = underlayProblem(opts.underlay)
  if (badUnderlay !== undefined) throw new Error(badUnderlay)
  const missing = opts.agent ? await linuxDataplaneMissing() : undefined
  if (!opts.agent || missing !== undefined) {
    if (missing !== undefined) {
      out.stderr(`openeni up: ${missing}; running with the none data plane (the API acknowledges every change at once)\n`)
    }
    return {
      dataplane: 'none',
      hooks: {
        async listening(deps, address) {
          const hosts = deps.config.regions.flatMap((r) => r.zones.map((z) => `none-${z.id}`))
          out.stdout(`OpenENI API listening on http://${hostPort(address)}; hosts ${hosts.join(', ')} (none data plane) acknowledge every change at once.\n`)
        },
      },
    }
  }
  let agent: Agent | undefined
  return {
    dataplane: 'agents',
    hooks: {
      async listening(deps, address) {
        // The config's schema holds at least one region with at least one zone.
        const zone = deps.config.regions[0]!.zones[0]!.id
        const hostId = `local-${zone}`
        const { hostSecret } = await addHost(deps, hostId, zone)
        agent = new Agent({
          endpoint: hostPort(reachable(address)),
          hostId,
          hostSecret,
          zone,
          prefix: opts.prefix,
          underlayAddress: opts.underlay,
          log: (message) => out.stderr(`${new Date().toISOString()} agent ${hostId}: ${message}\n`),
        })
        agent.start()
        out.stdout(
          `OpenENI API listening on http://${hostPort(address)}.\nLocal host ${hostId} (zone ${zone}): its agent runs in this process, sandboxed under prefix ${opts.prefix}, tunnel endpoint ${opts.underlay}.\n`,
        )
      },
      // Stopping the agent leaves the kernel as it is: instances keep their traffic without it.
      async stopping() {
        await agent?.stop()
      },
    },
  }
}

/** Where a client on this machine reaches a server that listens on every address. */
function reachable(address: AddressInfo): AddressInfo {
  if (address.address === '0.0.0.0') return { ...address, address: '127.0.0.1' }
  if (address.address === '::') return { ...address, address: '::1', family: 'IPv6' }
  return address
}

export function hostPort(address: AddressInfo): string {
  return address.family === 'IPv6' ? `[${address.address}]:${address.port}` : `${address.address}:${address.port}`
}
