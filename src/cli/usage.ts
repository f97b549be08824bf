import { InvalidArgumentError } from 'commander'
import type { UsageReport } from '../service/eips/usage.js'

/** `--from` / `--to`: an ISO-8601 time with its zone (`2026-11-23T10:00:00Z`). */
export function parseIsoTime(value: string): Date {
  const date = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(value) ? new Date(value) : undefined
  if (date === undefined || Number.isNaN(date.getTime())) {
    throw new InvalidArgumentError(`expected an ISO-8601 time with its zone such as 2026-11-23T10:00:00Z, got ${value}`)
  }
  return date
}

/** The report as JSON, PascalCase like the API's answers. */
export function usageJson(report: UsageReport): unknown {
  const { bill } = report
  return {
    Account: { Id: report.account.id, Name: report.account.name },
    From: report.from,
    To: report.to,
    Eips: bill.lines.map((line) => ({
      AllocationId: line.allocationId,
      IpAddress: line.ipAddress,
      InternetChargeType: line.internetChargeType,
      Hours: line.hours,
      BandwidthHours: line.bandwidthHours,
      RxBytes: line.rxBytes,
      TxBytes: line.txBytes,
      Charged: { Unit: line.charged.unit, Quantity: line.charged.quantity },
    })),
    Totals: {
      BandwidthHours: bill.totals.bandwidthHours,
      TrafficBytes: bill.totals.trafficBytes,
      RxBytes: bill.totals.rxBytes,
      TxBytes: bill.totals.txBytes,
    },
  }
}

/** The report as a bill for people: one line per EIP, then the totals. */
export function usageText(report: UsageReport): string {
  const { bill } = report
  const header = `EIP usage of account ${report.account.name} (${report.account.id}), hours starting from ${report.from} to ${report.to}\n`
  if (bill.lines.length === 0) return `${header}No EIP usage in this period.\n`
  const rows = [
    ['ALLOCATION ID', 'ADDRESS', 'CHARGED BY', 'HOURS', 'MBPS-HOURS', 'IN BYTES', 'OUT BYTES', 'CHARGED'],
    ...bill.lines.map((line) => [
      line.allocationId,
      line.ipAddress,
      line.internetChargeType,
      String(line.hours),
      line.bandwidthHours.toFixed(3),
      String(line.rxBytes),
      String(line.txBytes),
      line.charged.unit === 'byte' ? `${line.charged.quantity} bytes out` : `${line.charged.quantity.toFixed(3)} Mbps-hours`,
    ]),
  ]
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)))
  const table = rows.map((row) => row.map((cell, column) => (column >= 3 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ').trimEnd())
  const totals = `Total: ${bill.totals.bandwidthHours.toFixed(3)} Mbps-hours pay-by-bandwidth, ${bill.totals.trafficBytes} bytes out pay-by-traffic (all EIPs: ${bill.totals.rxBytes} bytes in, ${bill.totals.txBytes} bytes out)`
  return `${header}\n${table.join('\n')}\n\n${totals}\n`
}
