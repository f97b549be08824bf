/**
 * Row types of every table, as Kysely sees them. Rows are not entities: repositories map them to
 * domain values. Booleans are stored as 0/1 integers and timestamps as ISO-8601 text with
 * milliseconds, so both dialects read them back identically.
 */
import type { Selectable, Updateable } from 'kysely'

type Bool = number

export interface AccountTable {
  id: string
  name: string
  created_at: string
}

export interface AccessKeyTable {
  access_key_id: string
  account_id: string
  /** AES-256-GCM ciphertext of the secret under the data directory's master key. */
  secret_ciphertext: string
  status: string
  created_at: string
}

export interface NonceTable {
  access_key_id: string
  nonce: string
  expires_at: number
}

export interface ChangeTable {
  revision: number
  account_id: string | null
  region_id: string | null
  resource_type: string
  resource_id: string
  event: string
  payload: string
  created_at: string
}

export interface IdempotencyTable {
  account_id: string
  action: string
  token: string
  fingerprint: string
  response: string
  created_at: string
}

export interface HostTable {
  id: string
  region_id: string
  zone_id: string
  dataplane: string
  created_at: string
  last_seen_at: string
  /** Sealed secret the host's agent signs with; null for the hosts of the `none` data plane. */
  secret_ciphertext: string | null
  /** Where other hosts reach this one through VXLAN, as its agent last reported. */
  underlay_address: string | null
}

export interface VpcTable {
  id: string
  account_id: string
  region_id: string
  cidr_block: string
  user_cidrs: string
  name: string
  description: string
  status: string
  vrouter_id: string
  route_table_id: string
  is_default: Bool
  created_at: string
}

export interface VSwitchTable {
  id: string
  account_id: string
  region_id: string
  vpc_id: string
  /** Null for a regional vSwitch, whose ENIs may attach to instances in any zone of the VPC. */
  zone_id: string | null
  cidr_block: string
  name: string
  description: string
  status: string
  /** Where the next address search starts, so addresses are not reused at once after release. */
  alloc_hint: number
  created_at: string
}

export interface SecurityGroupTable {
  id: string
  account_id: string
  region_id: string
  vpc_id: string
  name: string
  description: string
  type: string
  inner_access_policy: string
  created_at: string
}

export interface InstanceTable {
  id: string
  account_id: string
  region_id: string
  zone_id: string
  host_id: string | null
  instance_type: string
  io_optimized: Bool
  name: string
  host_name: string
  description: string
  image_id: string
  status: string
  vpc_id: string
  vswitch_id: string
  deletion_protection: Bool
  created_at: string
  started_at: string | null
}

export interface EniTable {
  id: string
  account_id: string
  region_id: string
  vpc_id: string
  vswitch_id: string
  type: string
  status: string
  instance_id: string | null
  device_index: number | null
  mac: string
  name: string
  description: string
  queue_number: number | null
  delete_on_release: Bool
  source_dest_check: Bool
  resource_group_id: string
  created_at: string
}

export interface EniSecurityGroupTable {
  eni_id: string
  security_group_id: string
  position: number
}

export interface PrivateIpTable {
  vswitch_id: string
  /** The IPv4 address as an unsigned 32-bit integer, so ranges are index scans. */
  address: number
  eni_id: string
  is_primary: Bool
}

export interface TagTable {
  resource_type: string
  resource_id: string
  key: string
  value: string
}

// Route tables.

export interface RouteTableTable {
  id: string
  account_id: string
  region_id: string
  vpc_id: string
  vrouter_id: string
  type: string
  name: string
  description: string
  status: string
  created_at: string
}

export interface RouteEntryTable {
  id: string
  account_id: string
  region_id: string
  route_table_id: string
  vpc_id: string
  /** Canonical `a.b.c.d/n`, unique per route table. */
  destination_cidr_block: string
  type: string
  /** `Instance` or `NetworkInterface` for custom routes, `local` or `service` for system ones. */
  next_hop_type: string
  /** The next hop of an `Instance` route: its primary ENI carries the traffic, wherever it runs. */
  instance_id: string | null
  /** The next hop of a `NetworkInterface` route, followed wherever the ENI is attached. */
  eni_id: string | null
  /** The vSwitch a `local` system route leads to. */
  vswitch_id: string | null
  name: string
  description: string
  status: string
  created_at: string
}

// Security group rules.
export interface SecurityGroupRuleTable {
  id: string
  security_group_id: string
  /** `ingress` or `egress`. */
  direction: string
  /** `TCP`, `UDP`, `ICMP` or `ALL`. */
  ip_protocol: string
  /** -1 for both when the protocol has no ports. */
  port_from: number
  port_to: number
  /** The peer as a CIDR block (a single address without `/32`), or null when it is a group. */
  peer_cidr: string | null
  peer_group_id: string | null
  /** The other side of the 5-tuple: DestCidrIp of an ingress rule, SourceCidrIp of an egress one. */
  local_cidr: string | null
  /** `Accept` or `Drop`. */
  policy: string
  priority: number
  description: string
  created_at: string
}

// Elastic IP addresses and their metering.

export interface EipTable {
  id: string
  account_id: string
  region_id: string
  /** The public IPv4 address as an unsigned 32-bit integer; unique across the deployment. */
  address: number
  name: string
  description: string
  status: string
  /** Mbit/s. */
  bandwidth: number
  internet_charge_type: string
  instance_charge_type: string
  pricing_cycle: string | null
  period: number | null
  expires_at: string | null
  isp: string
  zone_id: string | null
  resource_group_id: string
  /** The binding: the ENI and its private address the EIP maps to (NAT), null when unbound. */
  eni_id: string | null
  private_address: number | null
  /** How the binding was asked for: `EcsInstance` (its primary ENI's primary IP) or `NetworkInterface`. */
  bound_as: string | null
  created_at: string
  /** Bandwidth-hours are accounted up to this time; the rest since is still open. */
  metered_until: string
}

/** One row per region holding EIPs: locked while an address is picked, and where the next search starts. */
export interface EipPoolTable {
  region_id: string
  alloc_hint: number
}

/** What billing needs of an EIP's life, kept after it is released: allocation, bandwidth changes, release. */
export interface EipEventTable {
  allocation_id: string
  seq: number
  account_id: string
  region_id: string
  ip_address: string
  event: string
  bandwidth: number
  internet_charge_type: string
  at: string
}

/** The last counters a host reported for an EIP, to turn the next report into deltas. */
export interface EipCounterTable {
  allocation_id: string
  host_id: string
  rx_bytes: number
  tx_bytes: number
  rx_packets: number
  tx_packets: number
  at: string
}

/** Traffic of an EIP per minute (`minute` is its ISO start), summed over hosts. */
export interface EipTrafficTable {
  allocation_id: string
  minute: string
  account_id: string
  rx_bytes: number
  tx_bytes: number
  rx_packets: number
  tx_packets: number
}

/** What an EIP used per hour (`hour` is its ISO start): bandwidth-hours and bytes. */
export interface EipUsageTable {
  allocation_id: string
  hour: string
  account_id: string
  region_id: string
  internet_charge_type: string
  /** Mbit/s × hours the EIP existed in this hour, at the bandwidth it had. */
  bandwidth_hours: number
  rx_bytes: number
  tx_bytes: number
}

export interface Database {
  accounts: AccountTable
  access_keys: AccessKeyTable
  nonces: NonceTable
  changes: ChangeTable
  idempotency: IdempotencyTable
  hosts: HostTable
  vpcs: VpcTable
  vswitches: VSwitchTable
  security_groups: SecurityGroupTable
  instances: InstanceTable
  enis: EniTable
  eni_security_groups: EniSecurityGroupTable
  private_ips: PrivateIpTable
  tags: TagTable
  // Route tables.
  route_tables: RouteTableTable
  route_entries: RouteEntryTable
  // Security group rules.
  security_group_rules: SecurityGroupRuleTable
  // Elastic IP addresses and their metering.
  eips: EipTable
  eip_pools: EipPoolTable
  eip_events: EipEventTable
  eip_counters: EipCounterTable
  eip_traffic: EipTrafficTable
  eip_usage: EipUsageTable
}

export type Row<T extends keyof Database> = Selectable<Database[T]>
export type RowUpdate<T extends keyof Database> = Updateable<Database[T]>
