import pLimit from 'p-limit'
import type { Plan } from '../plan.js'
import { CommandError, inside, ip } from './command.js'
import { namedNamespaces, writeSysctl } from './netns.js'
import { runIpBatch } from './rtnetlink.js'
import { nftApply } from './nftables.js'

/** The steps of `applyPlan`, in the order it runs them. */
export const APPLY_STAGES = [
  'namespaces created',
  'sysctls',
  'firewall',
  'nat',
  'host batch',
  'namespace batches',
  'bridge fdb',
  'tc',
  'namespaces deleted',
] as const
export type ApplyStage = (typeof APPLY_STAGES)[number]

/**
 * Carries a plan out in the order it is written for: each namespace's `ip` lines as one batch over
 * rtnetlink from this process (`runIpBatch`), the firewall and NAT through libnftables, and what
 * has no netlink form here (`tc`, `bridge fdb`, `netns add`) as one process each, born
 * inside its namespace. A failing step stops the pass with its error; the next pass reads the kernel
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
    if (plan.createNamespaces.length > 0) await ip(null, ['-batch', '-'], plan.createNamespaces.map((namespace) => `netns add ${namespace}\n`).join(''))
  })
  await step('sysctls', async () => {
    for (const c of plan.sysctls) writeSysctl(c.namespace, c.key, c.value)
  })
  // The host's devices are made and put on their bridges while the firewall and NAT load, all
  // still down: nothing comes up before the firewall knows it (a port it does not know yet would
  // pass unfiltered), so the batch splits at its first `up`.
  const hostLines = [...(hostNamespace === null ? [] : plan.namespaceBatches.get(hostNamespace) ?? []), ...plan.hostBatch]
  const firstUp = hostLines.findIndex((l) => /^link set \S+ up$/.test(l))
  const early = firstUp < 0 ? hostLines : hostLines.slice(0, firstUp)
  const late = firstUp < 0 ? [] : hostLines.slice(firstUp)
  const making = early.length === 0 ? Promise.resolve(undefined) : runIpBatch(hostNamespace, early).then(() => undefined, (err: unknown) => err ?? new Error('host batch failed'))
  try {
    await step('firewall', async () => {
      if (plan.firewall !== null) await nftApply(hostNamespace, plan.firewall)
    })
    // NAT before any EIP is routed to a router: a packet that arrives first makes a conntrack entry
    // without NAT, which the flow keeps as long as it goes on.
    await step('nat', async () => {
      for (const [namespace, text] of plan.nat) await nftApply(namespace, text)
    })
  } finally {
    // A failed step still waits for the devices being made: the next pass must not race them.
    await making
  }
  await step('host batch', async () => {
    const failed = await making
    if (failed !== undefined) throw failed
    if (late.length > 0) await runIpBatch(hostNamespace, late)
  })
  await step('namespace batches', async () => {
    // Batches run side by side, a few at a time, each once the batches that make links inside its
    // namespace (a router's uplink into the public network) are done.
    const limit = pLimit(BATCHES_AT_ONCE)
    const batches = new Map([...plan.namespaceBatches].filter(([namespace, lines]) => namespace !== hostNamespace && lines.length > 0))
    /** For each namespace, the other batches that make links inside it. */
    const makers = new Map<string, Set<string>>()
    for (const [namespace, lines] of batches) {
      for (const line of lines) {
        const into = linkInto(line)
        if (into !== undefined && into !== namespace && batches.has(into)) (makers.get(into) ?? makers.set(into, new Set()).get(into)!).add(namespace)
      }
    }
    const done = new Map<string, Promise<void>>()
    const runBatch = (namespace: string, waiting: ReadonlySet<string> = new Set()): Promise<void> => {
      let running = done.get(namespace)
      if (running === undefined) {
        if (waiting.has(namespace)) return Promise.reject(new Error(`the batches of ${[...waiting].join(', ')} make links inside each other`))
        const after = new Set([...waiting, namespace])
        const first = [...(makers.get(namespace) ?? [])].map((maker) => runBatch(maker, after))
        running = Promise.all(first).then(() => limit(() => runIpBatch(namespace, batches.get(namespace) ?? [])))
        done.set(namespace, running)
      }
      return running
    }
    await settleAll([...batches.keys()].map((namespace) => runBatch(namespace)))
  })
  await step('bridge fdb', async () => {
    if (plan.bridgeBatch.length > 0) {
      await inside(hostNamespace, 'bridge', ['-batch', '-'], `${plan.bridgeBatch.join('\n')}\n`)
    }
  })
  await step('tc', async () => {
    for (const [namespace, lines] of plan.tcBatches) {
      // The host's own batch is keyed '' in production mode, where the host is the root namespace.
      await inside(namespace === '' ? null : namespace, 'tc', ['-batch', '-'], `${lines.join('\n')}\n`).catch((err: unknown) => {
        throw err instanceof CommandError ? new CommandError(`tc -n ${namespace} -batch [${lines.join('; ')}]`, err.stderr, err.exitCode) : err
      })
    }
  })
  await step('namespaces deleted', async () => {
    for (const namespace of plan.deleteNamespaces) await ip(null, ['netns', 'del', namespace])
  })
}

/** The namespace a line makes a link inside (`link add … peer name X netns NS`), if any. */
function linkInto(line: string): string | undefined {
  return line.startsWith('link add ') ? / netns (\S+)/.exec(line)?.[1] : undefined
}

/** Namespace batches run at once (a cold start has one per instance). */
const BATCHES_AT_ONCE = 8

/** Waits for all; then throws the first failure, so none is left running when the pass ends. */
async function settleAll(work: readonly Promise<void>[]): Promise<void> {
  const failed = (await Promise.allSettled(work)).find((r): r is PromiseRejectedResult => r.status === 'rejected')
  if (failed !== undefined) throw failed.reason
}

/** Removes every namespace of `prefix` (all hosts of that prefix, with their interfaces). */
export async function cleanupPrefix(prefix: string): Promise<string[]> {
  const ours = (await namedNamespaces()).filter((name) => name.startsWith(`${prefix}@`))
  // Instances and routers before the hosts whose interfaces they are paired with.
  ours.sort((a, b) => b.split('@').length - a.split('@').length)
  for (const name of ours) await ip(null, ['netns', 'del', name]).catch(() => undefined)
  return ours
}

/** The namespace of an instance on any host of `prefix` on this machine (`openeni exec`). */
export async function findInstanceNamespace(prefix: string, instanceId: string): Promise<string | undefined> {
  return (await namedNamespaces()).find((name) => name.startsWith(`${prefix}@`) && name.endsWith(`@${instanceId}`))
}
