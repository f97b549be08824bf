/**
 * The baselines made by hand with `ip`, under the bench's own prefix: a "host" namespace holding a
 * bridge, and "instance" namespaces plugged into it by veth pairs, as the agent makes them but
 * without an agent, a control plane, a firewall or shaping.
 */
import { ip } from '../../src/agent/linux/command.js'
import { BENCH_PREFIX } from './harness.js'

export class HandSegment {
  private ports = 0

  private constructor(
    readonly host: string,
    readonly bridge: string,
    readonly prefixLength: number,
  ) {}

  /** A host namespace `BENCH_PREFIX@name` with one bridge up (a vSwitch). */
  static async create(name: string, prefixLength = 24): Promise<HandSegment> {
    const host = `${BENCH_PREFIX}@${name}`
    await ip(null, ['netns', 'add', host])
    await ip(host, ['-batch', '-'], 'link set lo up\nlink add br0 type bridge\nlink set br0 up\n')
    return new HandSegment(host, 'br0', prefixLength)
  }

  /** An instance namespace `HOST@name`, loopback up. */
  async namespace(name: string): Promise<string> {
    const namespace = `${this.host}@${name}`
    await ip(null, ['netns', 'add', namespace])
    await ip(namespace, ['link', 'set', 'lo', 'up'])
    return namespace
  }

  /** A fresh host-side port name. */
  port(): string {
    return `p${this.ports++}`
  }

  /**
   * The agent's way, by hand: the pair made with its inner end directly inside the namespace with
   * its final name and MAC, in one `ip -batch` on the host, then one in the namespace.
   */
  async plug(namespace: string, device: string, mac: string, address: string, port = this.port()): Promise<string> {
    await ip(this.host, ['-batch', '-'], [
      `link add ${port} type veth peer name ${device} netns ${namespace} address ${mac}`,
      `link set ${port} master ${this.bridge}`,
      `link set ${port} up`,
      '',
    ].join('\n'))
    await ip(namespace, ['-batch', '-'], `address add ${address}/${this.prefixLength} dev ${device}\nlink set ${device} up\n`)
    return port
  }

  /** The textbook way: a pair on the host, its inner end moved into the namespace and renamed, one `ip` call per step. */
  async plugMoved(namespace: string, device: string, mac: string, address: string, port = this.port()): Promise<string> {
    const temporary = `${port}i`
    await ip(this.host, ['link', 'add', port, 'type', 'veth', 'peer', 'name', temporary])
    await ip(this.host, ['link', 'set', temporary, 'netns', namespace])
    await ip(namespace, ['link', 'set', temporary, 'name', device, 'address', mac])
    await ip(namespace, ['address', 'add', `${address}/${this.prefixLength}`, 'dev', device])
    await ip(namespace, ['link', 'set', device, 'up'])
    await ip(this.host, ['link', 'set', port, 'master', this.bridge])
    await ip(this.host, ['link', 'set', port, 'up'])
    return port
  }

  /** Moves a plugged inner end to another namespace, where it must be addressed and brought up again. */
  async move(from: string, to: string, device: string, address: string): Promise<void> {
    await ip(from, ['link', 'set', device, 'netns', to])
    await ip(to, ['-batch', '-'], `address add ${address}/${this.prefixLength} dev ${device}\nlink set ${device} up\n`)
  }

  async unplug(port: string): Promise<void> {
    await ip(this.host, ['link', 'del', port])
  }
}

/** A locally administered MAC for the bench's own interfaces. */
export function benchMac(n: number): string {
  return `02:be:00:${((n >> 16) & 255).toString(16).padStart(2, '0')}:${((n >> 8) & 255).toString(16).padStart(2, '0')}:${(n & 255).toString(16).padStart(2, '0')}`
}

/** A permanent neighbour entry in the prober's namespace, so the first packet never waits on ARP. */
export async function pinNeighbour(namespace: string, device: string, address: string, mac: string): Promise<void> {
  await ip(namespace, ['neigh', 'replace', address, 'lladdr', mac, 'dev', device, 'nud', 'permanent'])
}
