import { createHash } from 'node:crypto'
import type { DesiredEip } from '../../domain/host/desired-state.js'
import type { ShapingView } from '../kernel-view.js'

/** The unshaped default class every device we shape has, for what no EIP class catches. */
const DEFAULT_CLASS = 1
const UNLIMITED = '10gbit'

/** What an EIP cap is on one device: its class (also the filter's preference) and rate. */
export interface EipCap {
  minor: number
  address: string
  rateKbps: number
}

/**
 * Each EIP's bandwidth cap, as htb classes (exact, unlike an nft limit, which lets a second of
 * burst through) on the two devices its traffic leaves by: the router's uplink (toward the public
 * network, matched by the EIP as source after SNAT) and the public network's port (toward the
 * router, matched by the EIP as destination). Class numbers come from the allocation ID, so
 * adding or removing one EIP leaves the others' classes, and their traffic, alone.
 */
export function eipCaps(eips: readonly DesiredEip[]): EipCap[] {
  const taken = new Set<number>([DEFAULT_CLASS])
  return [...eips]
    .sort((a, b) => (a.allocationId < b.allocationId ? -1 : 1))
    .map((e) => {
      let minor = 2 + (Number.parseInt(createHash('sha256').update(e.allocationId).digest('hex').slice(0, 8), 16) % 4000)
      while (taken.has(minor)) minor++
      taken.add(minor)
      return { minor, address: e.ipAddress, rateKbps: e.bandwidthKbps }
    })
}

/**
 * `tc -batch` lines that bring a device from what it has to the caps asked, touching only what
 * differs: a rate change is one `class change`, applied at once.
 */
export function shapingLines(device: string, match: 'src' | 'dst', caps: readonly EipCap[], current: ShapingView | undefined): string[] {
  const lines: string[] = []
  const fresh = current === undefined || !current.htbRoot
  if (fresh) {
    lines.push(`qdisc replace dev ${device} root handle 1: htb default ${DEFAULT_CLASS}`)
    lines.push(`class replace dev ${device} parent 1: classid 1:${DEFAULT_CLASS} htb rate ${UNLIMITED}`)
  }
  const wanted = new Map(caps.map((c) => [c.minor, c]))
  if (!fresh) {
    for (const [pref, filter] of current.filters) {
      const cap = wanted.get(pref)
      if (cap === undefined || filter.address !== cap.address || filter.match !== match) lines.push(`filter del dev ${device} parent 1: prio ${pref}`)
    }
    for (const minor of current.classes.keys()) {
      if (minor !== DEFAULT_CLASS && !wanted.has(minor)) lines.push(`class del dev ${device} classid 1:${hex(minor)}`)
    }
  }
  for (const cap of caps) {
    const rate = `${cap.rateKbps}kbit`
    const had = fresh ? undefined : current.classes.get(cap.minor)
    if (had !== cap.rateKbps * 1000) lines.push(`class replace dev ${device} parent 1: classid 1:${hex(cap.minor)} htb rate ${rate} ceil ${rate}`)
    const filter = fresh ? undefined : current.filters.get(cap.minor)
    if (filter === undefined || filter.address !== cap.address || filter.match !== match) {
      lines.push(`filter replace dev ${device} parent 1: prio ${cap.minor} protocol ip u32 match ip ${match} ${cap.address}/32 flowid 1:${hex(cap.minor)}`)
    }
  }
  return lines
}

/** tc reads and prints class minors in hexadecimal (filter preferences in decimal). */
function hex(minor: number): string {
  return minor.toString(16)
}

/** `5Mbit`, `1500Kbit`, `10Gbit`, `800bit` as tc prints rates: bits per second. */
export function parseRate(text: string): number {
  const match = /^([\d.]+)([KMG]?)bit$/.exec(text)
  if (match === null) return Number.NaN
  const scale = { '': 1, K: 1e3, M: 1e6, G: 1e9 }[match[2] as '' | 'K' | 'M' | 'G']
  return Math.round(Number(match[1]) * scale)
}
