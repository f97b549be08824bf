import { assertAddressesFree } from '../../domain/eni/addresses-free.js'
import type { RequestedAddresses } from '../../domain/eni/requested-addresses.js'
import { DomainError } from '../../domain/errors.js'
import { ALLOCATION_WINDOW_SIZE, freeInWindow, nextHint, scanWindows } from '../../domain/ipam/allocate.js'
import { parseCidr } from '../../domain/ipam/cidr.js'
import { usableRange } from '../../domain/ipam/usable-range.js'
import { heldAmong, usedAddressesIn, writeAllocationHint } from '../../store/repositories/private-ips.js'
import type { LockedVSwitch } from '../../store/repositories/vswitches.js'
import type { Unit } from '../mutate.js'

/**
 * Takes addresses for one ENI from a vSwitch the caller has LOCKED (lockVSwitch): the named ones,
 * which must be free, and `count` more picked from the allocation hint onward, window by window
 * (src/domain/ipam/allocate.ts), then moves the hint past the last one picked so a released
 * address is not handed out again at once. The private_ips key backs this if a lock is ever missed.
 */
export async function reserveAddresses(u: Unit, vSwitch: LockedVSwitch, named: readonly number[], count: number): Promise<number[]> {
  assertAddressesFree(await heldAmong(u.tx, vSwitch.id, named))
  if (count === 0) return []
  const range = usableRange(parseCidr(vSwitch.cidrBlock))
  const picked: number[] = []
  for (const window of scanWindows(range, vSwitch.allocHint, ALLOCATION_WINDOW_SIZE)) {
    // The named addresses are not written yet, so they count as used here.
    const used = [...(await usedAddressesIn(u.tx, vSwitch.id, window)), ...named.filter((a) => a >= window.from && a <= window.to)]
    picked.push(...freeInWindow(window, used.sort((a, b) => a - b), count - picked.length))
    if (picked.length === count) break
  }
  if (picked.length < count) {
    throw new DomainError('InvalidVSwitchId.IpNotEnough', `The vSwitch ${vSwitch.id} has ${picked.length} free IP addresses; ${count} are needed.`)
  }
  // Kept in step with the row, should the caller reserve from the same locked vSwitch again.
  vSwitch.allocHint = nextHint(range, picked[picked.length - 1]!)
  await writeAllocationHint(u.tx, vSwitch.id, vSwitch.allocHint)
  return picked
}

/** The primary and secondary addresses of a new ENI: named ones first, the rest allocated. */
export async function reserveEniAddresses(
  u: Unit,
  vSwitch: LockedVSwitch,
  requested: RequestedAddresses,
  secondaryCount: number,
): Promise<{ primary: number; secondaries: number[] }> {
  const named = requested.primary === undefined ? requested.secondaries : [requested.primary, ...requested.secondaries]
  const toPick = (requested.primary === undefined ? 1 : 0) + Math.max(0, secondaryCount - requested.secondaries.length)
  const picked = await reserveAddresses(u, vSwitch, named, toPick)
  const primary = requested.primary ?? picked.shift()!
  return { primary, secondaries: [...requested.secondaries, ...picked] }
}
