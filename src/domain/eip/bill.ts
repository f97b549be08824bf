import type { InternetChargeType } from './eip.js'

/** One hourly usage record of an EIP, as the metering stores it. */
export interface UsageRecord {
  allocationId: string
  hour: string
  internetChargeType: InternetChargeType
  bandwidthHours: number
  rxBytes: number
  txBytes: number
}

export interface BillLine {
  allocationId: string
  ipAddress: string
  internetChargeType: InternetChargeType
  /** Distinct hours with a usage record. */
  hours: number
  bandwidthHours: number
  rxBytes: number
  txBytes: number
  /** What is charged: Mbit/s·h for PayByBandwidth, outbound bytes for PayByTraffic. */
  charged: { unit: 'Mbps-hour' | 'byte'; quantity: number }
}

export interface Bill {
  lines: BillLine[]
  totals: { bandwidthHours: number; trafficBytes: number; rxBytes: number; txBytes: number }
}

/**
 * A bill-like summary of usage records: one line per EIP (in allocation ID order) and totals.
 * Pay-by-bandwidth EIPs are charged for their bandwidth-hours whatever traffic they carried;
 * pay-by-traffic EIPs for the bytes they sent out (EipTX), the direction clouds charge for.
 */
export function billOf(records: readonly UsageRecord[], ipAddressOf: (allocationId: string) => string): Bill {
  const byEip = new Map<string, BillLine>()
  const hoursSeen = new Set<string>()
  for (const r of records) {
    const line = byEip.get(r.allocationId) ?? {
      allocationId: r.allocationId,
      ipAddress: ipAddressOf(r.allocationId),
      internetChargeType: r.internetChargeType,
      hours: 0,
      bandwidthHours: 0,
      rxBytes: 0,
      txBytes: 0,
      charged: { unit: r.internetChargeType === 'PayByTraffic' ? 'byte' : 'Mbps-hour', quantity: 0 },
    }
    // The open part of an hour may come apart from its stored record: count each hour once.
    if (!hoursSeen.has(`${r.allocationId} ${r.hour}`)) line.hours += 1
    hoursSeen.add(`${r.allocationId} ${r.hour}`)
    line.bandwidthHours += r.bandwidthHours
    line.rxBytes += r.rxBytes
    line.txBytes += r.txBytes
    line.charged.quantity = line.internetChargeType === 'PayByTraffic' ? line.txBytes : line.bandwidthHours
    byEip.set(r.allocationId, line)
  }
  const lines = [...byEip.values()].sort((a, b) => (a.allocationId < b.allocationId ? -1 : 1))
  const sum = (pick: (line: BillLine) => number) => lines.reduce((total, line) => total + pick(line), 0)
  return {
    lines,
    totals: {
      bandwidthHours: sum((l) => (l.internetChargeType === 'PayByBandwidth' ? l.bandwidthHours : 0)),
      trafficBytes: sum((l) => (l.internetChargeType === 'PayByTraffic' ? l.txBytes : 0)),
      rxBytes: sum((l) => l.rxBytes),
      txBytes: sum((l) => l.txBytes),
    },
  }
}
