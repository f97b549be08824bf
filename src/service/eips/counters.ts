import { assertCounters, counterDelta, hourOf, minuteOf, type Counters } from '../../domain/eip/metering.js'
import { DomainError } from '../../domain/errors.js'
import { addTraffic, eipIdentity, lockCounters, saveCounters, type EipIdentity } from '../../store/repositories/eip-metering.js'
import type { StoreDialect } from '../../store/dialect/dialect.js'
import type { Tx } from '../../store/store.js'
import type { ServiceDeps } from '../deps.js'

/** One reading of an EIP's counters on a host, as its agent reports it. */
export interface CounterSample extends Counters {
  allocationId: string
  at: Date
}

export interface RecordedCounters {
  /** Samples turned into traffic. */
  recorded: number
  /** Samples of EIPs never allocated, or not newer than the last one of the same EIP and host. */
  ignored: number
}

/**
 * Takes a host's counter readings (monotonically increasing bytes and packets per EIP) in one
 * transaction: each becomes the delta since the last reading of the same EIP on the same host
 * (a counter lower than before means the agent restarted, so the reading itself is the delta),
 * added to the EIP's sample of that minute and usage of that hour. A released EIP's last readings
 * still count: its history says whose traffic it was. A reading not newer than the last one is
 * a repeat and changes nothing, so an agent may resend a report it is unsure was received.
 */
export async function recordEipCounters(deps: ServiceDeps, hostId: string, samples: readonly CounterSample[]): Promise<RecordedCounters> {
  assertSamples(hostId, samples)
  return deps.store.transaction((tx) => recordEipCountersIn(tx, deps.store.dialect, hostId, samples))
}

/** Refuses a reading that is not whole counters at a valid time, before any transaction begins. */
export function assertSamples(hostId: string, samples: readonly CounterSample[]): void {
  if (hostId === '') throw new DomainError('InvalidParameter', 'The host ID is empty.')
  for (const sample of samples) {
    assertCounters(sample)
    if (!(sample.at instanceof Date) || Number.isNaN(sample.at.getTime())) {
      throw new DomainError('InvalidParameter', `The sample of ${sample.allocationId} has no valid time.`)
    }
  }
}

/** `recordEipCounters` inside a transaction the caller holds (an agent's report), samples already checked. */
export async function recordEipCountersIn(
  tx: Tx,
  dialect: StoreDialect,
  hostId: string,
  samples: readonly CounterSample[],
): Promise<RecordedCounters> {
  const ordered = [...samples].sort((a, b) => a.at.getTime() - b.at.getTime())
  const identities = new Map<string, EipIdentity | undefined>()
  let recorded = 0
  for (const sample of ordered) {
    if (!identities.has(sample.allocationId)) identities.set(sample.allocationId, await eipIdentity(tx, sample.allocationId))
    const identity = identities.get(sample.allocationId)
    const last = identity === undefined ? undefined : await lockCounters(tx, dialect, sample.allocationId, hostId)
    if (identity === undefined || (last !== undefined && sample.at.toISOString() <= last.at)) continue
    const delta = counterDelta(last, sample)
    await saveCounters(tx, sample.allocationId, hostId, sample, sample.at.toISOString())
    await addTraffic(tx, identity, minuteOf(sample.at), hourOf(sample.at), delta)
    recorded++
  }
  return { recorded, ignored: samples.length - recorded }
}
