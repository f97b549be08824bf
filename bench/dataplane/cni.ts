/**
 * Debian's CNI `bridge` plugin with `host-local` IPAM, invoked directly as a container runtime
 * would (CNI_COMMAND, CNI_NETNS, CNI_IFNAME, CNI_PATH, CNI_CONTAINERID, the config on stdin). The
 * plugin makes its bridge in the namespace it runs in, so it runs inside a namespace of the bench
 * (`ip netns exec`), never in the root one; IP masquerade is off (no iptables rules), no gateway
 * address, and IPAM keeps its leases in a temporary directory.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ip, run } from '../../src/agent/linux/command.js'
import { BENCH_PREFIX, onCleanupDirectory } from './harness.js'

const PLUGINS = '/usr/lib/cni'

interface CniResult {
  interfaces?: { name: string; mac?: string; sandbox?: string }[]
  ips?: { address: string; interface?: number }[]
}

export class CniBridge {
  private constructor(
    /** The namespace the plugin runs in, where its bridge lives (a host, for the plugin). */
    readonly host: string,
    private readonly config: Record<string, unknown>,
  ) {}

  /** A host namespace for the plugin and a config handing out addresses `first`…`last` of `subnet`. */
  static async create(subnet: string, first: string, last: string): Promise<CniBridge> {
    const host = `${BENCH_PREFIX}@cni`
    await ip(null, ['netns', 'add', host])
    await ip(host, ['link', 'set', 'lo', 'up'])
    const dataDir = mkdtempSync(join(tmpdir(), 'openeni-bench-cni-'))
    onCleanupDirectory(dataDir)
    return new CniBridge(host, {
      cniVersion: '1.0.0',
      name: `${BENCH_PREFIX}-bench`,
      type: 'bridge',
      bridge: `${BENCH_PREFIX}c0`,
      isGateway: false,
      ipMasq: false,
      ipam: { type: 'host-local', dataDir, ranges: [[{ subnet, rangeStart: first, rangeEnd: last }]] },
    })
  }

  /** A container namespace `HOST@name` for the plugin to plug into. */
  async namespace(name: string): Promise<string> {
    const namespace = `${this.host}@${name}`
    await ip(null, ['netns', 'add', namespace])
    await ip(namespace, ['link', 'set', 'lo', 'up'])
    return namespace
  }

  /** CNI ADD: the interface `ifname` in `namespace` with `mac` (runtimeConfig); its address as the plugin assigned it. */
  async add(containerId: string, namespace: string, ifname: string, mac: string): Promise<string> {
    const result = JSON.parse(await this.invoke('ADD', containerId, namespace, ifname, { runtimeConfig: { mac } })) as CniResult
    const address = result.ips?.[0]?.address
    if (address === undefined) throw new Error(`the CNI bridge plugin returned no address: ${JSON.stringify(result)}`)
    return address.split('/')[0]!
  }

  async del(containerId: string, namespace: string, ifname: string): Promise<void> {
    await this.invoke('DEL', containerId, namespace, ifname, {})
  }

  private invoke(command: 'ADD' | 'DEL', containerId: string, namespace: string, ifname: string, extra: Record<string, unknown>): Promise<string> {
    const env = [`CNI_COMMAND=${command}`, `CNI_CONTAINERID=${containerId}`, `CNI_NETNS=/run/netns/${namespace}`, `CNI_IFNAME=${ifname}`, `CNI_PATH=${PLUGINS}`]
    return run('ip', ['netns', 'exec', this.host, 'env', ...env, `${PLUGINS}/bridge`], JSON.stringify({ ...this.config, ...extra }))
  }
}
