import type { Kysely } from 'kysely'
import type { BoundEip } from '../../domain/eip/eip.js'
import type { Eni } from '../../domain/eni/eni.js'
import { DesiredStateIndex, isEmptyDelta, keyOf, SECTIONS, type DesiredStateDelta } from '../../domain/host/desired-delta.js'
import { assembleDesiredState, securityPolicyId, type DesiredState } from '../../domain/host/desired-state.js'
import type { InstanceType } from '../../domain/instance-type/catalog.js'
import type { Instance } from '../../domain/instance/instance.js'
import type { VpcRoutes } from '../../domain/route/route.js'
import type { EffectivePolicy } from '../../domain/security-group/effective-policy.js'
import { findEnisOnHosts } from '../../store/repositories/enis.js'
import { findInstancesOnHost } from '../../store/repositories/instances.js'
import { vpcRouteTables } from '../../store/repositories/route-entries.js'
import { loadPrivateIps } from '../../store/repositories/private-ips.js'
import { loadEniGroupIds } from '../../store/repositories/security-groups.js'
import type { Database } from '../../store/schema.js'
import { latestRevision, readChanges, type Change } from '../change-log.js'
import type { ServiceDeps } from '../deps.js'
import { eipBindingsFor } from '../eips/bindings.js'
import { compilePoliciesWithInputs } from '../policies.js'

export interface VersionedState {
  state: DesiredState
  /** A digest of the content (not of the revision): equal when nothing the host must do changed. */
  etag: string
}

type Db = Kysely<Database>
type PlacedEni = Eni & { hostId: string }
type VSwitchRow = { id: string; vpcId: string; cidrBlock: string; zoneId: string | null }
type VpcRow = { id: string; accountId: string; cidrBlock: string; routeTableId: string }

/**
 * The full desired state of one host, read in one transaction and a fixed number of queries,
 * whatever the number of instances. Undefined for a host that does not exist.
 */
export async function loadDesiredState(deps: Pick<ServiceDeps, 'store' | 'catalog'>, hostId: string): Promise<VersionedState | undefined> {
  const inputs = await deps.store.transaction((tx) => HostInputs.load(tx, hostId), READ_ONLY)
  if (inputs === undefined) return undefined
  const index = new DesiredStateIndex(inputs.assemble(catalogOf(deps.catalog)))
  return { state: index.state, etag: index.etag }
}

/**
 * What the store holds about one host, as its desired state is made of: its instances and their
 * ENIs; every vSwitch, the VPC and the routing of the VPCs of those ENIs; the effective policy of
 * each set of groups among them, with the groups each read; the EIPs bound to them; the VPCs' ENIs
 * on other hosts, and those hosts' tunnel endpoints. Loaded whole, then kept up to date from the
 * change log by reading again only what the changes name (`update`).
 */
export class HostInputs {
  revision = 0
  readonly instances = new Map<string, Instance>()
  /** The ENIs of the host's instances, any status. */
  readonly enis = new Map<string, PlacedEni>()
  /** The ENIs of the same VPCs on other hosts. */
  readonly remote = new Map<string, PlacedEni>()
  readonly vSwitches = new Map<string, VSwitchRow[]>()
  readonly vpcs = new Map<string, VpcRow>()
  readonly routes = new Map<string, VpcRoutes>()
  /** By `securityPolicyId`: the policy and the groups it was compiled from. */
  readonly policies = new Map<string, { policy: EffectivePolicy; groupsRead: Set<string> }>()
  /** The member ENIs of every group a policy read, with their addresses, as of its compilation. */
  readonly members = new Map<string, Map<string, string>>()
  readonly eips = new Map<string, BoundEip>()
  readonly underlayAddresses = new Map<string, string | null>()

  private constructor(readonly host: { id: string; zoneId: string; regionId: string }) {}

  /** Everything, read whole; undefined for a host that does not exist. */
  static async load(tx: Db, hostId: string): Promise<HostInputs | undefined> {
    const host = await tx.selectFrom('hosts').select(['id', 'zone_id', 'region_id']).where('id', '=', hostId).executeTakeFirst()
    if (host === undefined) return undefined
    const inputs = new HostInputs({ id: host.id, zoneId: host.zone_id, regionId: host.region_id })
    inputs.revision = await latestRevision(tx)
    for (const i of await findInstancesOnHost(tx, hostId)) inputs.instances.set(i.id, i)
    for (const e of await findEnisOnHosts(tx, { hostIds: [hostId] })) inputs.enis.set(e.id, e)
    await inputs.#loadVpcs(tx, [...inputs.#usedVpcs()], { remote: true })
    await Promise.all([inputs.#compilePolicies(tx, [...inputs.#policyIdsInUse()]), inputs.#loadEips(tx, [...inputs.enis.keys()], [])])
    await inputs.#loadUnderlay(tx, [])
    return inputs
  }

  /**
   * Brings the inputs to the latest revision by the changes since the one they hold: each change
   * names a resource, which is read again with what depends on it. Resolves false when the changes
   * are too many or of a kind it does not know; the inputs must then be loaded whole.
   */
  async update(tx: Db): Promise<boolean> {
    const changes = await readChanges(tx, { afterRevision: this.revision, limit: MAX_CHANGES + 1 })
    if (changes.length === 0) return true
    if (changes.length > MAX_CHANGES) return false
    const named = namedBy(changes)
    if (named === undefined) return false
    this.revision = changes.at(-1)!.revision

    const usedBefore = this.#usedVpcs()
    // Instances: read again; their ENIs, as cached and as stored now, go with them.
    for (const id of named.instances) this.instances.delete(id)
    for (const i of await findInstancesOnHost(tx, this.host.id, [...named.instances])) this.instances.set(i.id, i)
    const enis = new Set(named.enis)
    for (const e of [...this.enis.values(), ...this.remote.values()]) if (e.instanceId !== null && named.instances.has(e.instanceId)) enis.add(e.id)
    const placed = [
      ...(await findEnisOnHosts(tx, { eniIds: [...enis] })),
      ...(await findEnisOnHosts(tx, { instanceIds: [...named.instances] })),
    ]
    for (const e of placed) enis.add(e.id)
    const vpcsOfChanged = new Set<string>()
    for (const id of enis) {
      for (const map of [this.enis, this.remote]) {
        const was = map.get(id)
        if (was !== undefined) vpcsOfChanged.add(was.vpcId)
        map.delete(id)
      }
    }
    for (const e of placed) {
      vpcsOfChanged.add(e.vpcId)
      if (e.hostId === this.host.id) this.enis.set(e.id, e)
      else this.remote.set(e.id, e)
    }
    // The VPCs in use: those newly so are read whole, those no longer so are dropped.
    const usedAfter = this.#usedVpcs()
    for (const vpcId of usedBefore) if (!usedAfter.has(vpcId)) this.#dropVpc(vpcId)
    for (const e of this.remote.values()) if (!usedAfter.has(e.vpcId)) this.remote.delete(e.id)
    const fresh = [...usedAfter].filter((v) => !usedBefore.has(v))
    await this.#loadVpcs(tx, fresh, { remote: true })
    // VPCs, vSwitches and routes named by the changes are read again; so is the routing of the VPCs
    // of the changed ENIs, since a next hop resolves to where its ENI is now.
    const stale = (vpcIds: Iterable<string>) => [...new Set(vpcIds)].filter((v) => usedAfter.has(v) && !fresh.includes(v))
    const reread = stale(named.network ? usedAfter : named.vpcs)
    await this.#loadVpcs(tx, reread, { remote: false })
    await this.#loadRoutes(tx, stale([...vpcsOfChanged].filter((v) => !reread.includes(v))))

    // Policies: those that read a changed group, or a group that a changed ENI joined or left, or
    // whose member it is with other addresses now. (An ENI attached or moved is the same member.)
    const [groupsNow, addressesNow] = await Promise.all([loadEniGroupIds(tx, [...enis]), loadPrivateIps(tx, [...enis])])
    const touched = new Set(named.groups)
    for (const id of enis) {
      const groups = new Set(groupsNow.get(id) ?? [])
      const addresses = (addressesNow.get(id) ?? []).map((ip) => ip.address).sort().join(',')
      for (const [g, members] of this.members) {
        const was = members.get(id)
        if (groups.has(g) ? was !== addresses : was !== undefined) touched.add(g)
      }
    }
    const inUse = this.#policyIdsInUse()
    for (const id of this.policies.keys()) if (!inUse.has(id)) this.policies.delete(id)
    const recompile = [...inUse].filter((id) => {
      const known = this.policies.get(id)
      return known === undefined || [...known.groupsRead].some((g) => touched.has(g))
    })
    await this.#compilePolicies(tx, recompile)

    // EIPs: those named, and those of the changed ENIs.
    for (const [id, eip] of this.eips) if (named.eips.has(id) || enis.has(eip.eniId)) this.eips.delete(id)
    await this.#loadEips(tx, [...enis].filter((id) => this.enis.has(id)), [...named.eips])
    await this.#loadUnderlay(tx, [...named.hosts])
    return true
  }

  assemble(instanceType: (id: string) => InstanceType | undefined): DesiredState {
    return assembleDesiredState({
      host: this.host,
      revision: this.revision,
      instances: [...this.instances.values()],
      enis: [...this.enis.values()],
      vSwitches: [...this.vSwitches.values()].flat(),
      vpcs: [...this.vpcs.values()],
      routes: this.routes,
      policies: new Map([...this.policies].map(([id, p]) => [id, p.policy])),
      eips: [...this.eips.values()],
      remoteEnis: [...this.remote.values()],
      underlayAddresses: this.underlayAddresses,
      instanceType,
    })
  }

  #usedVpcs(): Set<string> {
    return new Set([...this.enis.values()].map((e) => e.vpcId))
  }

  #policyIdsInUse(): Set<string> {
    return new Set([...this.enis.values()].map((e) => securityPolicyId(e.securityGroupIds)))
  }

  #dropVpc(vpcId: string): void {
    this.vSwitches.delete(vpcId)
    this.vpcs.delete(vpcId)
    this.routes.delete(vpcId)
  }

  /** The vSwitches, rows and routing of `vpcIds`, and with `remote` their ENIs on other hosts. */
  async #loadVpcs(tx: Db, vpcIds: readonly string[], options: { remote: boolean }): Promise<void> {
    if (vpcIds.length === 0) return
    const [vSwitches, vpcs, routes, remote] = await Promise.all([
      tx.selectFrom('vswitches').select(['id', 'vpc_id', 'cidr_block', 'zone_id']).where('vpc_id', 'in', [...vpcIds]).execute(),
      tx.selectFrom('vpcs').select(['id', 'account_id', 'cidr_block', 'route_table_id']).where('id', 'in', [...vpcIds]).execute(),
      vpcRouteTables(tx, vpcIds),
      // The VPCs' ENIs on other hosts only: this host's are known already.
      options.remote ? findEnisOnHosts(tx, { vpcIds, exceptHostId: this.host.id }) : [],
    ])
    for (const vpcId of vpcIds) this.#dropVpc(vpcId)
    for (const v of vSwitches) {
      const list = this.vSwitches.get(v.vpc_id) ?? this.vSwitches.set(v.vpc_id, []).get(v.vpc_id)!
      list.push({ id: v.id, vpcId: v.vpc_id, cidrBlock: v.cidr_block, zoneId: v.zone_id })
    }
    for (const v of vpcs) this.vpcs.set(v.id, { id: v.id, accountId: v.account_id, cidrBlock: v.cidr_block, routeTableId: v.route_table_id })
    for (const [vpcId, r] of routes) this.routes.set(vpcId, r)
    for (const e of remote) this.remote.set(e.id, e)
  }

  async #loadRoutes(tx: Db, vpcIds: readonly string[]): Promise<void> {
    if (vpcIds.length === 0) return
    const routes = await vpcRouteTables(tx, vpcIds)
    for (const vpcId of vpcIds) this.routes.delete(vpcId)
    for (const [vpcId, r] of routes) this.routes.set(vpcId, r)
  }

  async #compilePolicies(tx: Db, policyIds: readonly string[]): Promise<void> {
    if (policyIds.length === 0) return
    const compiled = await compilePoliciesWithInputs(tx, new Map(policyIds.map((id) => [id, id.split('+')])))
    for (const [id, policy] of compiled.policies) this.policies.set(id, { policy, groupsRead: compiled.groupsRead.get(id) ?? new Set() })
    for (const [groupId, members] of compiled.members) this.members.set(groupId, members)
    // Groups no policy reads any more are forgotten, so a later change of theirs recompiles nothing.
    const read = new Set([...this.policies.values()].flatMap((p) => [...p.groupsRead]))
    for (const groupId of this.members.keys()) if (!read.has(groupId)) this.members.delete(groupId)
  }

  /** The EIPs bound to `eniIds` (ENIs of this host) and those of `allocationIds` bound to one of them. */
  async #loadEips(tx: Db, eniIds: readonly string[], allocationIds: readonly string[]): Promise<void> {
    for (const eip of await eipBindingsFor(tx, eniIds, allocationIds)) if (this.enis.has(eip.eniId)) this.eips.set(eip.allocationId, eip)
  }

  /** The tunnel endpoints of the other hosts the state names (their ENIs, next hops), read for those not known and for `changed`. */
  async #loadUnderlay(tx: Db, changed: readonly string[]): Promise<void> {
    const needed = new Set([...this.remote.values()].map((e) => e.hostId))
    for (const vpc of this.routes.values()) for (const r of vpc.customRoutes) if (r.nextHop.hostId !== null) needed.add(r.nextHop.hostId)
    needed.delete(this.host.id)
    for (const id of this.underlayAddresses.keys()) if (!needed.has(id)) this.underlayAddresses.delete(id)
    const read = [...needed].filter((id) => !this.underlayAddresses.has(id) || changed.includes(id))
    if (read.length === 0) return
    for (const id of read) this.underlayAddresses.delete(id)
    const rows = await tx.selectFrom('hosts').select(['id', 'underlay_address']).where('id', 'in', read).execute()
    for (const h of rows) this.underlayAddresses.set(h.id, h.underlay_address)
  }
}

/** Reading a host's state writes nothing, so it wakes no long-poll (the one reading would wake itself). */
const READ_ONLY = { readOnly: true } as const

/** More changes than this since a host's state was read: it is read whole again. */
const MAX_CHANGES = 1000

/** The kinds of change that name one resource of a host's state, and where `namedBy` gathers them. */
const NAMED_SET = {
  Instance: 'instances',
  NetworkInterface: 'enis',
  EipAddress: 'eips',
  SecurityGroup: 'groups',
  Vpc: 'vpcs',
  Host: 'hosts',
} as const

/** Kinds of change after which the routing of every VPC in use is read again. */
const NETWORK_KINDS: ReadonlySet<string> = new Set(['VSwitch', 'RouteTable', 'RouteEntry'])

/** Kinds of change that no host's state depends on. */
const UNRELATED_KINDS: ReadonlySet<string> = new Set(['Account'])

/** What a run of changes names, by kind; undefined when one is of a kind the host state does not know. */
function namedBy(changes: readonly Change[]) {
  const named = {
    instances: new Set<string>(),
    enis: new Set<string>(),
    eips: new Set<string>(),
    groups: new Set<string>(),
    vpcs: new Set<string>(),
    hosts: new Set<string>(),
    /** A vSwitch, route table or route entry changed: the routing of every VPC in use is read again. */
    network: false,
  }
  for (const c of changes) {
    const set = (NAMED_SET as Record<string, (typeof NAMED_SET)[keyof typeof NAMED_SET] | undefined>)[c.resourceType]
    if (set !== undefined) named[set].add(c.resourceId)
    else if (NETWORK_KINDS.has(c.resourceType)) named.network = true
    else if (!UNRELATED_KINDS.has(c.resourceType)) return undefined
  }
  return named
}

function catalogOf(types: readonly InstanceType[]): (id: string) => InstanceType | undefined {
  const byId = new Map(types.map((t) => [t.instanceTypeId, t]))
  return (id) => byId.get(id)
}

/** How many changes of each host's state are kept, so an agent a few changes behind gets only what changed. */
const HISTORY = 32

/** A host whose state nobody asked for in this long is forgotten (milliseconds). */
const IDLE_MS = 10 * 60 * 1000

interface HostEntry {
  inputs: HostInputs
  index: DesiredStateIndex
  /** The latest changes of the state, oldest first: each from one ETag to the next. */
  history: { from: string; to: string; delta: Pick<DesiredStateDelta, 'revision' | 'put' | 'remove'> }[]
  usedAt: number
  /** False while an update runs and after one failed: the inputs may be half updated. */
  sound: boolean
  /** The update in progress: one at a time per host. */
  busy: Promise<unknown>
}

/**
 * The desired state of each host this server answers for, kept in memory and brought up to date
 * from the change log at each request (design principle 2): the cost of a change is that of the
 * resources it names, not of the host. An agent that has a recent state gets what changed since
 * (`deltaFrom`); any other gets the whole state.
 */
export class DesiredStates {
  readonly #hosts = new Map<string, HostEntry>()
  readonly #instanceType: (id: string) => InstanceType | undefined

  constructor(readonly deps: Pick<ServiceDeps, 'store' | 'catalog' | 'clock'>) {
    this.#instanceType = catalogOf(deps.catalog)
  }

  /** The host's state as of now; undefined for a host that does not exist. */
  async current(hostId: string): Promise<VersionedState | undefined> {
    const now = this.deps.clock().getTime()
    for (const [id, entry] of this.#hosts) if (now - entry.usedAt > IDLE_MS) this.#hosts.delete(id)
    const entry = this.#hosts.get(hostId)
    if (entry === undefined) {
      const inputs = await this.deps.store.transaction((tx) => HostInputs.load(tx, hostId), READ_ONLY)
      if (inputs === undefined) return undefined
      const made: HostEntry = { inputs, index: new DesiredStateIndex(inputs.assemble(this.#instanceType)), history: [], usedAt: now, sound: true, busy: Promise.resolve() }
      // Another request may have loaded it meanwhile: the first stays.
      if (!this.#hosts.has(hostId)) this.#hosts.set(hostId, made)
      return this.#versioned(this.#hosts.get(hostId)!)
    }
    entry.usedAt = now
    const run = entry.busy.then(() => this.#update(hostId, entry))
    entry.busy = run.catch(() => undefined)
    return run
  }

  /** What changed from the state with ETag `etag` to the current one, when that state is recent enough to be known. */
  deltaFrom(hostId: string, etag: string): DesiredStateDelta | undefined {
    const entry = this.#hosts.get(hostId)
    if (entry === undefined) return undefined
    const start = entry.history.findIndex((h) => h.from === etag)
    if (start < 0) return undefined
    const put = new Map<string, Map<string, unknown>>()
    const remove = new Map<string, Set<string>>()
    for (const { delta } of entry.history.slice(start)) {
      for (const section of SECTIONS) {
        const puts = put.get(section) ?? put.set(section, new Map()).get(section)!
        const removes = remove.get(section) ?? remove.set(section, new Set()).get(section)!
        for (const key of delta.remove[section] ?? []) {
          puts.delete(key)
          removes.add(key)
        }
        for (const e of delta.put[section] ?? []) {
          const key = keyOf(section, e)
          removes.delete(key)
          puts.set(key, e)
        }
      }
    }
    const delta: DesiredStateDelta = { base: etag, revision: entry.index.state.revision, put: {}, remove: {} }
    for (const section of SECTIONS) {
      const puts = [...(put.get(section)?.values() ?? [])]
      const removes = [...(remove.get(section) ?? [])]
      if (puts.length > 0) (delta.put as Record<string, unknown[]>)[section] = puts
      if (removes.length > 0) delta.remove[section] = removes
    }
    return delta
  }

  async #update(hostId: string, entry: HostEntry): Promise<VersionedState | undefined> {
    const inputs = await this.deps.store.transaction(async (tx) => {
      // Inputs an update failed in the middle of (a transaction tried again) are read whole instead.
      if (!entry.sound) return HostInputs.load(tx, hostId)
      entry.sound = false
      const updated = await entry.inputs.update(tx)
      entry.sound = updated
      return updated ? entry.inputs : HostInputs.load(tx, hostId)
    }, READ_ONLY)
    entry.sound = true
    if (inputs === undefined) {
      this.#hosts.delete(hostId)
      return undefined
    }
    entry.inputs = inputs
    const from = entry.index.etag
    const delta = entry.index.update(inputs.assemble(this.#instanceType))
    if (!isEmptyDelta(delta)) {
      entry.history.push({ from, to: entry.index.etag, delta })
      if (entry.history.length > HISTORY) entry.history.shift()
    }
    return this.#versioned(entry)
  }

  #versioned(entry: HostEntry): VersionedState {
    return { state: entry.index.state, etag: entry.index.etag }
  }
}
