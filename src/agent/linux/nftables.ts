import { statSync } from 'node:fs'
import koffi, { type KoffiFunc } from 'koffi'
import { CommandError } from './command.js'
import { inNamespace, NETNS_DIRECTORY, NoSuchNamespace } from './netns.js'

/**
 * nftables in process: libnftables (the library the `nft` program is made of) called through
 * koffi, so a firewall change costs a fraction of a millisecond instead of a process and its
 * namespace switch (15–25 ms each, the largest part of a change before this).
 *
 * - One context per namespace, made inside it (`inNamespace`: its netlink socket belongs to that
 *   namespace for good) and kept: freeing one closes a used nfnetlink socket, which waits for an
 *   RCU grace period in the kernel (5–20 ms). A context whose namespace is gone, or was made again
 *   under the same name (another inode), is freed, so no socket keeps a deleted namespace alive
 *   for longer than until the next call.
 * - One call at a time, in the whole process: libnftables keeps state shared by its contexts
 *   (datatypes, symbol tables), and two calls on two threads at once were seen to abort the
 *   process (an assertion in its JSON output). Each call runs on libuv's thread pool, so a cold
 *   start's thousands of elements never hold up the API that shares the process.
 */

/** `NFT_CTX_OUTPUT_JSON` of libnftables. */
const OUTPUT_JSON = 1 << 4

interface Library {
  contextNew: (flags: number) => unknown
  contextFree: KoffiFunc<(ctx: unknown) => void>
  bufferOutput: (ctx: unknown) => number
  unbufferOutput: (ctx: unknown) => number
  unbufferError: (ctx: unknown) => number
  bufferError: (ctx: unknown) => number
  outputBuffer: (ctx: unknown) => string | null
  errorBuffer: (ctx: unknown) => string | null
  setOutputFlags: (ctx: unknown, flags: number) => void
  run: KoffiFunc<(ctx: unknown, commands: string) => number>
}

let library: Library | undefined

function load(): Library {
  if (library !== undefined) return library
  const nft = koffi.load('libnftables.so.1')
  library = {
    contextNew: nft.func('void *nft_ctx_new(uint32_t flags)'),
    contextFree: nft.func('void nft_ctx_free(void *ctx)'),
    bufferOutput: nft.func('int nft_ctx_buffer_output(void *ctx)'),
    unbufferOutput: nft.func('int nft_ctx_unbuffer_output(void *ctx)'),
    unbufferError: nft.func('int nft_ctx_unbuffer_error(void *ctx)'),
    bufferError: nft.func('int nft_ctx_buffer_error(void *ctx)'),
    outputBuffer: nft.func('const char *nft_ctx_get_output_buffer(void *ctx)'),
    errorBuffer: nft.func('const char *nft_ctx_get_error_buffer(void *ctx)'),
    setOutputFlags: nft.func('void nft_ctx_output_set_flags(void *ctx, unsigned int flags)'),
    run: nft.func('int nft_run_cmd_from_buffer(void *ctx, const char *buf)'),
  }
  return library
}

/** Why libnftables cannot be used here (package libnftables1, which nftables depends on), or undefined. */
export function libnftablesMissing(): string | undefined {
  try {
    load()
    return undefined
  } catch (err) {
    return `the Linux data plane needs libnftables.so.1 (package libnftables1): ${err instanceof Error ? err.message : String(err)}`
  }
}

interface Context {
  ctx: unknown
  /** The namespace's inode when the context was made (0 for the agent's own namespace). */
  inode: number
}

const contexts = new Map<string | null, Context>()
/** The end of the queue of calls: each starts when the one before has ended. */
let queue: Promise<unknown> = Promise.resolve()

function enqueue<T>(work: () => Promise<T>): Promise<T> {
  const result = queue.then(work)
  queue = result.catch(() => undefined)
  return result
}

/** The namespace's inode now, or undefined when it is gone. */
function inodeOf(namespace: string): number | undefined {
  try {
    return statSync(`${NETNS_DIRECTORY}/${namespace}`).ino
  } catch {
    return undefined
  }
}

function free(lib: Library, context: Context): Promise<void> {
  return new Promise((resolve) => lib.contextFree.async(context.ctx, () => resolve()))
}

/** The context for `namespace`, made now if it has none, or if its namespace was made again; frees those of namespaces gone. */
async function contextFor(lib: Library, namespace: string | null): Promise<Context> {
  for (const [name, context] of contexts) {
    if (name !== null && inodeOf(name) !== context.inode) {
      contexts.delete(name)
      await free(lib, context)
    }
  }
  const known = contexts.get(namespace)
  if (known !== undefined) return known
  let context: Context
  try {
    context = { ctx: inNamespace(namespace, () => lib.contextNew(0)), inode: namespace === null ? 0 : (inodeOf(namespace) ?? -1) }
  } catch (err) {
    throw err instanceof NoSuchNamespace ? new CommandError(`nft (in ${namespace})`, err.message, null) : err
  }
  contexts.set(namespace, context)
  return context
}

/** Runs nft commands (one transaction, as `nft -f` does); resolves with what nft printed. */
function runCommands(namespace: string | null, commands: string, json: boolean): Promise<string> {
  const lib = load()
  return enqueue(async () => {
    const { ctx } = await contextFor(lib, namespace)
    // Fresh buffers for each call: one that printed nothing must not return what the last one did.
    lib.unbufferOutput(ctx)
    lib.bufferOutput(ctx)
    lib.unbufferError(ctx)
    lib.bufferError(ctx)
    lib.setOutputFlags(ctx, json ? OUTPUT_JSON : 0)
    return new Promise<string>((resolve, reject) => {
      lib.run.async(ctx, commands, (err: unknown, rc: number) => {
        if (err !== null && err !== undefined) reject(err instanceof Error ? err : new Error(String(err)))
        else if (rc !== 0) reject(new CommandError(`nft (in ${namespace ?? 'the agent namespace'}) ${firstLine(commands)}`, lib.errorBuffer(ctx) ?? '', rc))
        else resolve(lib.outputBuffer(ctx) ?? '')
      })
    })
  })
}

/** Applies a ruleset text in one transaction, like `nft -f`: all of it, or nothing and a CommandError. */
export async function nftApply(namespace: string | null, text: string): Promise<void> {
  await runCommands(namespace, text, false)
}

/** The JSON items of an `nft -j list …` command, e.g. `list set inet t digest`. */
export async function nftList<T>(namespace: string | null, command: string): Promise<T[]> {
  const output = await runCommands(namespace, command, true)
  return output.trim() === '' ? [] : ((JSON.parse(output) as { nftables?: T[] }).nftables ?? [])
}

function firstLine(text: string): string {
  const line = text.trimStart().split('\n', 1)[0] ?? ''
  return line.length > 80 ? `${line.slice(0, 80)}…` : line
}
