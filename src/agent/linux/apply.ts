import type { Plan } from '../plan.js'
import { CommandError, hasProgram, ip, nft, run, tc } from './command.js'

/** The steps of `applyPlan`, in the order it runs them. */
export const APPLY_STAGES = [
  'namespaces created',
  'forwarding',
  'firewall',
  'nat',
  'host batch',
  'namespace batches',
  'bridge fdb',
  'tc',
  'ethtool',
  'arping',
  'namespaces deleted',
] as const
export type ApplyStage = (typeof APPLY_STAGES)[number]

/**
 * Carries a plan out in the order it is written for: each namespace's commands as one
 * `ip -batch`. A failing step stops the pass with its error; the next pass reads the kernel
 * again and plans from whatever was done, so nothing is ever left to memory. `timed` hears how
 * long each step took.
 */
export async function applyPlan(plan: Plan, hostNamespace: string | null, timed: (stage: ApplyStage, ms: number) => void = () => undefined): Promise<void> {
  const step = async (stage: ApplyStage, work: () => Promise<void>) => {
    const started = performance.now()
    await work()
    timed(stage, performance.now() - started)
  }
  await step('namespaces created', async () => {
    // One process for all of them: a cold start makes hundreds.
    if (plan.createNamespaces.length > 0) await batch(null, plan.createNamespaces.map((namespace) => `netns add ${namespace}`))
  })
  await step('forwarding', async () => {
    for (const namespace of plan.enableForwarding) {
      await run('ip', ['netns', 'exec', namespace, 'sysctl', '-q', '-w', 'net.ipv4.ip_forward=1'])
    }
  })
  await step('firewall', async () => {
    if (plan.firewall !== null) await nft(hostNamespace, ['-f', '-'], plan.firewall)
  })
  // NAT before any EIP is routed to a router: a packet that arrives first makes a conntrack entry
  // without NAT, which the flow keeps as long as it goes on.
  await step('nat', async () => {
    for (const [namespace, text] of plan.nat) await nft(namespace, ['-f', '-'], text)
  })
  await step('host batch', async () => {
    const hostLines = [...(hostNamespace === null ? [] : plan.namespaceBatches.get(hostNamespace) ?? []), ...plan.hostBatch]
    if (hostLines.length > 0) await batch(hostNamespace, hostLines)
  })
  await step('namespace batches', async () => {
    for (const [namespace, lines] of plan.namespaceBatches) {
      if (namespace !== hostNamespace && lines.length > 0) await batch(namespace, lines)
    }
  })
  await step('bridge fdb', async () => {
    if (plan.bridgeBatch.length > 0) {
      await run('bridge', [...(hostNamespace === null ? [] : ['-n', hostNamespace]), '-batch', '-'], `${plan.bridgeBatch.join('\n')}\n`)
    }
  })
  await step('tc', async () => {
    for (const [namespace, lines] of plan.tcBatches) {
      // The host's own batch is keyed '' in production mode, where the host is the root namespace.
      await tc(namespace === '' ? null : namespace, ['-batch', '-'], `${lines.join('\n')}\n`).catch((err: unknown) => {
        throw err instanceof CommandError ? new CommandError(`tc -n ${namespace} -batch [${lines.join('; ')}]`, err.stderr, err.exitCode) : err
      })
    }
  })
  await step('ethtool', async () => {
    for (const c of plan.channels) {
      await run('ip', ['netns', 'exec', c.namespace, 'ethtool', '-L', c.device, 'rx', String(c.queues), 'tx', String(c.queues)])
    }
  })
  await step('arping', async () => {
    if (plan.announce.length > 0 && (await hasProgram('arping'))) {
      // Unsolicited ARP so neighbours learn the (maybe moved) address's MAC at once (spec: attach).
      // arping sends at once but then waits out its deadline for answers that never come to an
      // unsolicited ARP: the pass does not wait for it.
      for (const a of plan.announce) announceInBackground(a)
    }
  })
  await step('namespaces deleted', async () => {
    for (const namespace of plan.deleteNamespaces) await ip(null, ['netns', 'del', namespace])
  })
}

/** At most this many arping processes at once (a cold start announces every address of the host). */
const ANNOUNCERS = 64
let announcing = 0
const waitingAnnouncements: (() => void)[] = []

function announceInBackground(a: Plan['announce'][number]): void {
  const start = () => {
    announcing++
    void run('ip', ['netns', 'exec', a.namespace, 'arping', '-q', '-U', '-c', '1', '-w', '1', '-I', a.device, a.address])
      .catch(() => undefined)
      .finally(() => {
        announcing--
        waitingAnnouncements.shift()?.()
      })
  }
  if (announcing < ANNOUNCERS) start()
  else waitingAnnouncements.push(start)
}

async function batch(namespace: string | null, lines: readonly string[]): Promise<void> {
  try {
    await ip(namespace, ['-batch', '-'], `${lines.join('\n')}\n`)
  } catch (err) {
    if (err instanceof CommandError) throw new CommandError(`ip -n ${namespace ?? '(root)'} -batch [${lines.join('; ')}]`, err.stderr, err.exitCode)
    throw err
  }
}

/** Removes every namespace of `prefix` (all hosts of that prefix, with their interfaces). */
export async function cleanupPrefix(prefix: string): Promise<string[]> {
  const listed = JSON.parse((await ip(null, ['-j', 'netns', 'list'])) || '[]') as { name: string }[]
  const ours = listed.map((n) => n.name).filter((name) => name.startsWith(`${prefix}@`))
  // Instances and routers before the hosts whose interfaces they are paired with.
  ours.sort((a, b) => b.split('@').length - a.split('@').length)
  for (const name of ours) await ip(null, ['netns', 'del', name]).catch(() => undefined)
  return ours
}

/** The namespace of an instance on any host of `prefix` on this machine (`openeni exec`). */
export async function findInstanceNamespace(prefix: string, instanceId: string): Promise<string | undefined> {
  const listed = JSON.parse((await ip(null, ['-j', 'netns', 'list'])) || '[]') as { name: string }[]
  return listed.map((n) => n.name).find((name) => name.startsWith(`${prefix}@`) && name.endsWith(`@${instanceId}`))
}
