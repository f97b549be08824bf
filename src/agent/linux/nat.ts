import { createHash } from 'node:crypto'
import type { DesiredEip } from '../../domain/host/desired-state.js'
import type { Names } from './names.js'

/** The two ends of every router uplink: the public network's and the router's. */
export const PUBLIC_PEER = '169.254.0.1'
export const ROUTER_PEER = '169.254.0.2'

/**
 * A VPC router's elastic IPs (design: "EIP"), as one table replaced in one `nft -f` transaction
 * when its text changes: DNAT from each EIP to its private address for what arrives on the uplink,
 * SNAT back for what leaves by it, nothing but EIP-mapped addresses leaving at all, and a named
 * counter pair per EIP (bytes and packets in and out, counted on forwarded packets, so every packet
 * of a connection counts, not only its first). Counter names carry the EIP's address and
 * allocation ID, so a pass reads them back without any other record.
 */
export function natOf(vpcId: string, eips: readonly DesiredEip[], names: Names): { text: string; digest: string } {
  const table = `${names.prefix}-nat`
  const uplink = names.uplink(vpcId)
  const sorted = [...eips].sort((a, b) => (a.allocationId < b.allocationId ? -1 : 1))
  const elements = (pairs: string[]) => (pairs.length === 0 ? '' : ` elements = { ${pairs.join(', ')} };`)
  const lines = [
    `table ip ${table} {`,
    `  map to_private { type ipv4_addr : ipv4_addr;${elements(sorted.map((e) => `${e.ipAddress} : ${e.privateIpAddress}`))} }`,
    `  map to_public { type ipv4_addr : ipv4_addr;${elements(sorted.map((e) => `${e.privateIpAddress} : ${e.ipAddress}`))} }`,
    ...sorted.flatMap((e) => [`  counter ${counterName('rx', e)} { }`, `  counter ${counterName('tx', e)} { }`]),
    '  chain prerouting {',
    '    type nat hook prerouting priority dstnat; policy accept;',
    `    iifname "${uplink}" dnat to ip daddr map @to_private`,
    '  }',
    '  chain postrouting {',
    '    type nat hook postrouting priority srcnat; policy accept;',
    `    oifname "${uplink}" snat to ip saddr map @to_public`,
    '  }',
    '  chain forward {',
    '    type filter hook forward priority filter; policy accept;',
    ...sorted.flatMap((e) => [
      `    iifname "${uplink}" ip daddr ${e.privateIpAddress} counter name "${counterName('rx', e)}"`,
      `    oifname "${uplink}" ip saddr ${e.privateIpAddress} counter name "${counterName('tx', e)}"`,
    ]),
    `    oifname "${uplink}" ip saddr != @to_public drop`,
    '  }',
    '}',
  ]
  const body = lines.join('\n')
  const digest = createHash('sha256').update(body).digest('hex').slice(0, 15)
  const text = [
    `table ip ${table}`,
    `delete table ip ${table}`,
    body.replace(`table ip ${table} {`, `table ip ${table} {\n  set digest { type ifname; elements = { "${digest}" }; }`),
    '',
  ].join('\n')
  return { text, digest }
}

/** `rx_203_0_113_5_abc123` for EIP eip-abc123 on 203.0.113.5: direction, address, ID. */
export function counterName(direction: 'rx' | 'tx', eip: Pick<DesiredEip, 'allocationId' | 'ipAddress'>): string {
  return `${direction}_${eip.ipAddress.replaceAll('.', '_')}_${eip.allocationId.replace(/^eip-/, '')}`
}

/** The inverse of `counterName`. */
export function parseCounterName(name: string): { direction: 'rx' | 'tx'; ipAddress: string; allocationId: string } | undefined {
  const match = /^(rx|tx)_(\d+)_(\d+)_(\d+)_(\d+)_([0-9a-z]+)$/.exec(name)
  if (match === null) return undefined
  return { direction: match[1] as 'rx' | 'tx', ipAddress: match.slice(2, 6).join('.'), allocationId: `eip-${match[6]}` }
}
