import koffi, { type KoffiFunc } from 'koffi'
import { CommandError } from './command.js'
import { inNamespace, NoSuchNamespace } from './netns.js'

/**
 * nftables in process: libnftables (the library the `nft` program is made of) called through
 * koffi, so a firewall change costs a fraction of a millisecond instead of a process and its
 * namespace switch (15–25 ms each, the largest part of a change before this).
 *
 * Each call makes a context inside the namespace it is for (`inNamespace`: its netlink socket
 * belongs to that namespace for good). The commands then run on libuv's thread pool (a cold start
 * loads thousands of elements without holding up the API that shares the process), and the
 * context is freed, so no socket keeps a deleted namespace alive and a namespace made again under
 * the same name is the one used next time.
 */

/** `NFT_CTX_OUTPUT_JSON` of libnftables. */
const OUTPUT_JSON = 1 << 4

interface Library {
  contextNew: (flags: number) => unknown
  contextFree: KoffiFunc<(ctx: unknown) => void>
  bufferOutput: (ctx: unknown) => number
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

/** Runs nft commands (one transaction, as `nft -f` does); resolves with what nft printed. */
function runCommands(namespace: string | null, commands: string, json: boolean): Promise<string> {
  const lib = load()
  let ctx: unknown
  try {
    ctx = inNamespace(namespace, () => lib.contextNew(0))
  } catch (err) {
    return Promise.reject(err instanceof NoSuchNamespace ? new CommandError(`nft (in ${namespace})`, err.message, null) : err)
  }
  lib.bufferOutput(ctx)
  lib.bufferError(ctx)
  if (json) lib.setOutputFlags(ctx, OUTPUT_JSON)
  return new Promise<string>((resolve, reject) => {
    lib.run.async(ctx, commands, (err: unknown, rc: number) => {
      if (err !== null && err !== undefined) reject(err instanceof Error ? err : new Error(String(err)))
      else if (rc !== 0) reject(new CommandError(`nft (in ${namespace ?? 'the agent namespace'}) ${firstLine(commands)}`, lib.errorBuffer(ctx) ?? '', rc))
      else resolve(lib.outputBuffer(ctx) ?? '')
      // Freed on the thread pool: closing a netlink socket that was used waits for an RCU grace
      // period in the kernel (5–20 ms seen), which must not hold up the pass.
      lib.contextFree.async(ctx, () => undefined)
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
