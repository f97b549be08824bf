import { closeSync, openSync, writeFileSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import koffi from 'koffi'

/**
 * Making a socket inside a named network namespace without a process: the calling thread enters
 * the namespace (`setns`), makes the socket, which belongs to that namespace for good, and comes
 * back, all in one synchronous step, so no other JavaScript runs in between and the thread's own
 * sockets are never made elsewhere. Only the calling thread moves (libuv's pool threads stay
 * where they are), and network namespaces may be entered by one thread of many.
 */

const CLONE_NEWNET = 0x40000000

/** Where `ip netns add` mounts named namespaces. */
export const NETNS_DIRECTORY = '/run/netns'

let setnsCall: ((fd: number, nstype: number) => number) | undefined

function setns(fd: number): void {
  setnsCall ??= koffi.load('libc.so.6').func('int setns(int fd, int nstype)') as (fd: number, nstype: number) => number
  if (setnsCall(fd, CLONE_NEWNET) !== 0) throw new Error('setns failed')
}

/** A namespace that is not there (deleted, or never made). */
export class NoSuchNamespace extends Error {
  constructor(readonly namespace: string) {
    super(`network namespace ${namespace} does not exist`)
  }
}

/**
 * Runs `make` inside `namespace` (null: where the thread is) and returns what it made. `make` must
 * be synchronous: the thread comes back before anything else runs.
 */
export function inNamespace<T>(namespace: string | null, make: () => T): T {
  if (namespace === null) return make()
  let target: number
  try {
    target = openSync(`${NETNS_DIRECTORY}/${namespace}`, 'r')
  } catch {
    throw new NoSuchNamespace(namespace)
  }
  try {
    const own = openSync('/proc/thread-self/ns/net', 'r')
    try {
      setns(target)
      try {
        return make()
      } finally {
        // A thread that cannot come back must not go on making sockets in the wrong namespace.
        try {
          setns(own)
        } catch {
          process.abort()
        }
      }
    } finally {
      closeSync(own)
    }
  } finally {
    closeSync(target)
  }
}

/** An open descriptor of a named namespace (for IFLA_NET_NS_FD), closed by the caller. */
export function openNamespace(namespace: string): number {
  try {
    return openSync(`${NETNS_DIRECTORY}/${namespace}`, 'r')
  } catch {
    throw new NoSuchNamespace(namespace)
  }
}

/**
 * Sets a network sysctl (`net.ipv4.ip_forward`) of a namespace from this process: /proc/sys/net
 * answers for the namespace of the thread that opens it, so the file is written from inside.
 */
export function writeSysctl(namespace: string | null, key: string, value: string): void {
  inNamespace(namespace, () => writeFileSync(`/proc/sys/${key.replaceAll('.', '/')}`, value))
}

/**
 * The named network namespaces: the entries of /run/netns, where `ip netns add` mounts them. Read
 * directly, the list costs microseconds; `ip -j netns list` also asks the kernel each one's id,
 * which grows with their number (4 ms at 500).
 */
export async function namedNamespaces(): Promise<string[]> {
  try {
    return await readdir(NETNS_DIRECTORY)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw err
  }
}
