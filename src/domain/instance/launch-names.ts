import { DomainError } from '../errors.js'
import { assertHostName, assertText, instanceNameRule } from '../naming.js'

/** What RunInstances says about the names of the instances it creates (spec §4, §5.11). */
export interface NamingRequest {
  readonly instanceName?: string | undefined
  readonly hostName?: string | undefined
  /** `HostNames.N`: one host name per instance, instead of `HostName`. */
  readonly hostNames?: readonly string[] | undefined
  readonly uniqueSuffix?: boolean | undefined
}

export interface InstanceNames {
  readonly name: string
  readonly hostName: string
}

/**
 * The `[begin,bits]` part of a batch name: a sequence number from `begin` (default 0), zero-padded
 * to `bits` digits (1–6, default 6), one per instance. Anything else in brackets stays, and the
 * name rules then refuse it.
 */
const SEQUENCE = /\[(\d{0,6}),([1-6]?)\]/
const SUFFIX_DIGITS = 3

/**
 * Names and host names of `ids`, the instances of one call, in order. The name defaults to the
 * instance ID, as the console shows it; the host name to Alibaba's `iZ…Z` form of the ID.
 * Several instances share one given name unless it holds a `[begin,bits]` sequence, or
 * UniqueSuffix asks for a three-digit suffix from 001.
 */
export function nameInstances(ids: readonly string[], request: NamingRequest): InstanceNames[] {
  const hostNames = request.hostNames ?? []
  if (hostNames.length > 0 && request.hostName !== undefined) {
    throw new DomainError('InvalidParameter.Conflict', 'HostName and HostNames.N cannot be given together.')
  }
  if (hostNames.length > 0 && hostNames.length < ids.length) {
    throw new DomainError('InvalidParameter', `HostNames.N names ${hostNames.length} hosts for ${ids.length} instances.`)
  }
  const suffix = request.uniqueSuffix === true
  const names = request.instanceName === undefined ? [...ids] : sequenceNames(request.instanceName, ids.length, suffix)
  const hosts =
    hostNames.length > 0
      ? hostNames.slice(0, ids.length)
      : request.hostName === undefined
        ? ids.map(defaultHostName)
        : sequenceNames(request.hostName, ids.length, suffix)
  return ids.map((_, index) => ({
    name: assertText(instanceNameRule, names[index]!),
    hostName: assertHostName(hosts[index]!),
  }))
}

/** `count` names made from `pattern` (see `nameInstances`). */
export function sequenceNames(pattern: string, count: number, uniqueSuffix: boolean): string[] {
  const sequence = SEQUENCE.exec(pattern)
  if (sequence !== null) {
    const begin = sequence[1] === '' ? 0 : Number(sequence[1])
    const bits = sequence[2] === '' ? 6 : Number(sequence[2])
    return Array.from({ length: count }, (_, index) => pattern.replace(SEQUENCE, String(begin + index).padStart(bits, '0')))
  }
  if (uniqueSuffix && count > 1) {
    return Array.from({ length: count }, (_, index) => `${pattern}${String(index + 1).padStart(SUFFIX_DIGITS, '0')}`)
  }
  return Array.from({ length: count }, () => pattern)
}

/** `i-bp67acfmxazb4p` runs as host `iZbp67acfmxazb4pZ`, the cloud's default host name. */
export function defaultHostName(instanceId: string): string {
  return `iZ${instanceId.replace(/^i-/, '')}Z`
}
