import { DomainError } from '../errors.js'
import { isUsable, type UsableRange } from './usable-range.js'

/**
 * Picking free addresses of a vSwitch without loading all it holds. The search starts at a hint
 * (the address after the last one handed out, so a released address is not reused at once) and
 * walks the usable range (see `usableRange` for the offsets) in windows, wrapping once:
 *
 *     first                 hint                                last
 *       ├──── w4 ────┼── w5 ──┼──── w1 ────┼──── w2 ────┼─── w3 ───┤
 *
 * w1…w3 run from the hint to `last`, then w4 and w5 wrap round from `first` to hint − 1.
 *
 * For each window the caller reads only the used addresses inside it (an index range scan),
 * keeps the free ones, and stops once it has enough. These functions only decide; the store's
 * unique constraint on (vswitch, address) is what keeps two concurrent allocations apart.
 */

/** An inclusive run of usable addresses. */
export interface AddressWindow {
  readonly from: number
  readonly to: number
}

/** Large enough that a busy vSwitch takes a few queries, small enough that each stays cheap. */
export const ALLOCATION_WINDOW_SIZE = 1024

/**
 * Consecutive windows of at most `windowSize` addresses that cover every usable address exactly
 * once: from `hint` (clamped into the range) up to `last`, then from `first` up to `hint − 1`.
 */
export function* scanWindows(range: UsableRange, hint: number, windowSize: number): Generator<AddressWindow> {
  if (!Number.isInteger(windowSize) || windowSize < 1) {
    throw new RangeError(`window size must be a positive integer, not ${windowSize}`)
  }
  if (range.size === 0) return
  const start = clampHint(range, hint)
  yield* windowsOf(start, range.last, windowSize)
  yield* windowsOf(range.first, start - 1, windowSize)
}

/**
 * Up to `want` addresses of `window` that are not in `usedSortedInWindow`, ascending. One merge
 * pass over both, so the cost follows what is returned and used, not the width of the window.
 */
export function freeInWindow(window: AddressWindow, usedSortedInWindow: readonly number[], want: number): number[] {
  const free: number[] = []
  let next = 0
  for (let address = window.from; address <= window.to && free.length < want; address++) {
    while (next < usedSortedInWindow.length && usedSortedInWindow[next]! < address) next++
    if (usedSortedInWindow[next] !== address) free.push(address)
  }
  return free
}

/**
 * `want` free addresses in scan order from `hint`, or InvalidVSwitchId.IpNotEnough when the vSwitch
 * has fewer. `usedIn` answers which addresses are held inside one window, in ascending order. The
 * service runs the same loop against the store; this driver serves tests and in-memory callers.
 */
export function allocateFrom(
  range: UsableRange,
  hint: number,
  want: number,
  usedIn: (window: AddressWindow) => readonly number[],
  windowSize: number = ALLOCATION_WINDOW_SIZE,
): number[] {
  if (!Number.isInteger(want) || want < 0) {
    throw new RangeError(`the number of addresses wanted must be a non-negative integer, not ${want}`)
  }
  const picked: number[] = []
  for (const window of scanWindows(range, hint, windowSize)) {
    if (picked.length === want) break
    picked.push(...freeInWindow(window, usedIn(window), want - picked.length))
  }
  if (picked.length < want) {
    throw new DomainError(
      'InvalidVSwitchId.IpNotEnough',
      `The vSwitch has ${picked.length} free IP addresses; ${want} were requested.`,
    )
  }
  return picked
}

/** Where the next search starts: just after the last address handed out, wrapping to `first`. */
export function nextHint(range: UsableRange, lastAllocated: number): number {
  return isUsable(range, lastAllocated) && lastAllocated < range.last ? lastAllocated + 1 : range.first
}

function clampHint(range: UsableRange, hint: number): number {
  if (Number.isNaN(hint)) return range.first
  return Math.min(Math.max(Math.floor(hint), range.first), range.last)
}

function* windowsOf(from: number, to: number, windowSize: number): Generator<AddressWindow> {
  for (let start = from; start <= to; start += windowSize) {
    yield { from: start, to: Math.min(start + windowSize - 1, to) }
  }
}
