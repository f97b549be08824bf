import { DomainError } from '../errors.js'

/** How many instances one RunInstances call asks for: `Amount`, and the fewest it accepts, `MinAmount`. */
export interface LaunchAmount {
  readonly amount: number
  readonly minAmount: number
}

const MAX_AMOUNT = 100

/** Amount and MinAmount are 1–100, MinAmount ≤ Amount; without MinAmount it is all or nothing (spec §4, §5.11). */
export function assertLaunchAmount(amount: number | undefined, minAmount: number | undefined): LaunchAmount {
  const wanted = amount ?? 1
  const least = minAmount ?? wanted
  for (const [name, value] of [
    ['Amount', wanted],
    ['MinAmount', least],
  ] as const) {
    if (!Number.isInteger(value) || value < 1 || value > MAX_AMOUNT) {
      throw new DomainError('InvalidParam.Amount', `${name} must be between 1 and ${MAX_AMOUNT}; ${value} is not.`)
    }
  }
  if (least > wanted) {
    throw new DomainError('InvalidParam.Amount', `MinAmount (${least}) cannot exceed Amount (${wanted}).`)
  }
  return { amount: wanted, minAmount: least }
}

/**
 * How many instances the free addresses of their vSwitches can take: each instance needs
 * `need.get(v)` addresses of vSwitch v, which has `free.get(v)` left.
 */
export function instancesThatFit(need: ReadonlyMap<string, number>, free: ReadonlyMap<string, number>): number {
  let fits = Number.POSITIVE_INFINITY
  for (const [vSwitchId, perInstance] of need) {
    if (perInstance > 0) fits = Math.min(fits, Math.floor((free.get(vSwitchId) ?? 0) / perInstance))
  }
  return fits
}

/**
 * The number to create when only `fits` can be (spec §5.11: with a shortfall, create between
 * MinAmount and Amount). Below MinAmount nothing is created: the vSwitch is out of addresses.
 */
export function amountToLaunch(request: LaunchAmount, fits: number): number {
  if (fits >= request.amount) return request.amount
  if (fits >= request.minAmount) return fits
  throw new DomainError(
    'QuotaExceeded.PrivateIpAddress',
    `The vSwitch has free addresses for ${fits} of the instances; at least ${request.minAmount} were requested.`,
  )
}
