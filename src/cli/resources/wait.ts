import type { Ora } from 'ora'
import { UnexpectedState, WaitTimeout } from './exit-codes.js'

export interface WaitTarget {
  /** What is waited for, for the spinner and errors: `eni-… to be InUse`. */
  label: string
  /** The states the resource may pass through on its way. */
  transitional: readonly string[]
  /** The state waited for; `Deleted` when the resource is to disappear. */
  target: string
  /** The resource's state now, `Deleted` when it is gone. */
  state(): Promise<string>
}

export interface WaitOptions {
  timeoutSeconds: number
  /** Time between two polls. */
  intervalMs?: number
}

/**
 * Polls until the target state (principle 4: asynchronous actions return at once, the host settles
 * them later). A state that is neither transitional nor the target means the action will not get
 * there, so waiting longer is pointless. The spinner goes to stderr, and only on a terminal, so
 * that stdout stays what the output format promises.
 */
export async function waitFor(target: WaitTarget, options: WaitOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutSeconds * 1000
  const interval = options.intervalMs ?? 500
  // Loaded only for a terminal: scripts, which wait without one, do not pay for it.
  const spinner: Ora | undefined =
    process.stderr.isTTY === true ? (await import('ora')).default({ text: `waiting for ${target.label}`, stream: process.stderr }).start() : undefined
  try {
    for (;;) {
      const state = await target.state()
      if (state === target.target) {
        spinner?.succeed(`${target.label}: ${state}`)
        return
      }
      if (!target.transitional.includes(state)) {
        throw new UnexpectedState(`waiting for ${target.label}, it is ${state} instead`)
      }
      if (spinner !== undefined) spinner.text = `waiting for ${target.label} (now ${state})`
      if (Date.now() + interval > deadline) {
        throw new WaitTimeout(`timed out after ${options.timeoutSeconds} s waiting for ${target.label}; it is still ${state}`)
      }
      await new Promise((resolve) => setTimeout(resolve, interval))
    }
  } catch (err) {
    spinner?.fail()
    throw err
  }
}
