import { DomainError } from '../errors.js'

/** How many secondary addresses one request may name or ask for (spec §4, §8's decision). */
export interface SecondaryIpLimits {
  /** Most `PrivateIpAddress.N` entries in one request. */
  readonly maxListed: number
  /** Largest `SecondaryPrivateIpAddressCount`. */
  readonly maxCount: number
  /** Whether the request must ask for at least one address (Assign) or may ask for none (Create). */
  readonly required: boolean
}

/** CreateNetworkInterface: up to 10 named, or a count of 1–49. */
export const CREATE_SECONDARY_IPS: SecondaryIpLimits = { maxListed: 10, maxCount: 49, required: false }
/** AssignPrivateIpAddresses: up to 32 named per call, or a count (an Available ENI holds ≤ 49 in all). */
export const ASSIGN_SECONDARY_IPS: SecondaryIpLimits = { maxListed: 32, maxCount: 49, required: true }

export interface SecondaryIpRequest {
  addresses: readonly string[]
  count: number | undefined
}

/**
 * Secondary addresses come either listed or counted, never both (`InvalidParameter.Conflict`).
 * Returns how many addresses the request adds.
 */
export function assertSecondaryIpRequest(request: SecondaryIpRequest, limits: SecondaryIpLimits): number {
  const { addresses, count } = request
  if (addresses.length > 0 && count !== undefined) {
    throw new DomainError(
      'InvalidParameter.Conflict',
      'PrivateIpAddress.N and SecondaryPrivateIpAddressCount cannot be given together.',
    )
  }
  if (addresses.length === 0 && count === undefined) {
    if (!limits.required) return 0
    throw new DomainError('MissingParameter', 'One of PrivateIpAddress.N or SecondaryPrivateIpAddressCount is required.')
  }
  if (addresses.length > limits.maxListed) {
    throw new DomainError('InvalidParameter', `At most ${limits.maxListed} PrivateIpAddress.N may be given in one request.`)
  }
  if (count !== undefined && (!Number.isInteger(count) || count < 1 || count > limits.maxCount)) {
    throw new DomainError('InvalidParameter', `SecondaryPrivateIpAddressCount must be between 1 and ${limits.maxCount}.`)
  }
  return count ?? addresses.length
}
