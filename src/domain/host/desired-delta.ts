import { createHash } from 'node:crypto'
import type { DesiredState } from './desired-state.js'

/**
 * Changes of a host's desired state, entry by entry, so that a change on a host with thousands of
 * ENIs is sent, read and planned in proportion to the change and not to the host (README, "Agent
 * endpoint"). Every list of the state is a section whose entries have a key; a delta carries the
 * entries made or changed, whole, and the keys of those gone.
 */
export const SECTIONS = ['instances', 'enis', 'vSwitches', 'vpcs', 'securityPolicies', 'eips', 'remoteEnis'] as const

export type Section = (typeof SECTIONS)[number]

type Entry<S extends Section> = DesiredState[S][number]

export interface DesiredStateDelta {
  /** The ETag of the state the delta applies to. */
  base: string
  /** The change-log revision of the state it makes. */
  revision: number
  /** Entries made or changed, by section. */
  put: { [S in Section]?: Entry<S>[] }
  /** Keys of the entries gone, by section. */
  remove: { [S in Section]?: string[] }
}

/** The key of an entry within its section: the EIP's allocation ID, otherwise the ID. */
export function keyOf(section: Section, entry: Entry<Section>): string {
  return section === 'eips' ? (entry as Entry<'eips'>).allocationId : (entry as { id: string }).id
}

/** Whether a delta changes nothing. */
export function isEmptyDelta(delta: Pick<DesiredStateDelta, 'put' | 'remove'>): boolean {
  return SECTIONS.every((s) => (delta.put[s]?.length ?? 0) === 0 && (delta.remove[s]?.length ?? 0) === 0)
}

/**
 * The state a delta makes from `state`, in the order `assembleDesiredState` gives, so it equals the
 * state assembled whole (a test checks that). Entries the delta does not name are kept as they are.
 */
export function applyDesiredDelta(state: DesiredState, delta: Pick<DesiredStateDelta, 'revision' | 'put' | 'remove'>): DesiredState {
  const next: DesiredState = { ...state, revision: delta.revision }
  for (const section of SECTIONS) {
    const put = delta.put[section] ?? []
    const remove = delta.remove[section] ?? []
    if (put.length === 0 && remove.length === 0) continue
    const entries = new Map<string, Entry<Section>>(state[section].map((e) => [keyOf(section, e), e]))
    for (const key of remove) entries.delete(key)
    for (const entry of put) entries.set(keyOf(section, entry), entry)
    const list = [...entries.values()]
    list.sort(section === 'enis' ? (byInstanceAndDevice as Order) : (a, b) => compareKeys(keyOf(section, a), keyOf(section, b)))
    ;(next as unknown as Record<Section, Entry<Section>[]>)[section] = list
  }
  return next
}

type Order = (a: Entry<Section>, b: Entry<Section>) => number

const compareKeys = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** The order of `DesiredState.enis`: by instance, then device index. */
export const byInstanceAndDevice = (a: Entry<'enis'>, b: Entry<'enis'>): number =>
  a.instanceId === b.instanceId ? a.deviceIndex - b.deviceIndex : compareKeys(a.instanceId, b.instanceId)

/**
 * The instances whose part of the host a delta changes: those it puts or removes, and the
 * instances, before and after, of the ENIs it puts or removes. `previous` is the state it applies to.
 */
export function instancesChangedBy(previous: DesiredState, delta: Pick<DesiredStateDelta, 'put' | 'remove'>): Set<string> {
  const changed = new Set<string>()
  for (const i of delta.put.instances ?? []) changed.add(i.id)
  for (const id of delta.remove.instances ?? []) changed.add(id)
  const enis = new Set([...(delta.put.enis ?? []).map((e) => e.id), ...(delta.remove.enis ?? [])])
  for (const e of delta.put.enis ?? []) changed.add(e.instanceId)
  if (enis.size > 0) for (const e of previous.enis) if (enis.has(e.id)) changed.add(e.instanceId)
  return changed
}

/**
 * A host's desired state kept entry by entry, each with its JSON and digest, so that a new state is
 * compared with it in proportion to what changed, and its ETag (a digest of the content, never of
 * the revision) is updated by the changed entries alone: the XOR of one digest per entry.
 */
export class DesiredStateIndex {
  #state: DesiredState
  readonly #entries = new Map<Section, Map<string, { entry: Entry<Section>; digest: Buffer }>>()
  readonly #etag = Buffer.alloc(DIGEST_BYTES)

  constructor(state: DesiredState) {
    this.#state = state
    xorInto(this.#etag, digestOf('head', JSON.stringify([state.hostId, state.zoneId, state.regionId])))
    for (const section of SECTIONS) {
      this.#entries.set(section, new Map())
      for (const entry of state[section]) this.#put(section, keyOf(section, entry), entry)
    }
  }

  get state(): DesiredState {
    return this.#state
  }

  get etag(): string {
    return `"${this.#etag.toString('base64url')}"`
  }

  /** Applies a delta to the state, digesting again only the entries it names; the ETag then tells whether both ends agree. */
  apply(delta: Pick<DesiredStateDelta, 'revision' | 'put' | 'remove'>): DesiredState {
    for (const section of SECTIONS) {
      for (const key of delta.remove[section] ?? []) this.#remove(section, key)
      for (const entry of delta.put[section] ?? []) this.#put(section, keyOf(section, entry), entry)
    }
    this.#state = applyDesiredDelta(this.#state, delta)
    return this.#state
  }

  /**
   * Takes `next` as the state, and says what changed: entries are compared by value, and only the
   * changed ones are serialised and digested again. The host, zone and region never change.
   */
  update(next: DesiredState): Pick<DesiredStateDelta, 'revision' | 'put' | 'remove'> {
    const delta: Pick<DesiredStateDelta, 'revision' | 'put' | 'remove'> = { revision: next.revision, put: {}, remove: {} }
    for (const section of SECTIONS) {
      const entries = this.#entries.get(section)!
      const put: Entry<Section>[] = []
      const seen = new Set<string>()
      for (const entry of next[section]) {
        const key = keyOf(section, entry)
        seen.add(key)
        const known = entries.get(key)
        if (known !== undefined && sameJson(known.entry, entry)) continue
        this.#put(section, key, entry)
        put.push(entry)
      }
      const remove: string[] = []
      if (seen.size !== entries.size) {
        for (const key of [...entries.keys()]) {
          if (seen.has(key)) continue
          this.#remove(section, key)
          remove.push(key)
        }
      }
      if (put.length > 0) (delta.put as Record<Section, Entry<Section>[]>)[section] = put
      if (remove.length > 0) delta.remove[section] = remove
    }
    this.#state = next
    return delta
  }

  /** Holds `entry` under `key`, its digest in the ETag in place of the one it replaces. */
  #put(section: Section, key: string, entry: Entry<Section>): void {
    const entries = this.#entries.get(section)!
    const known = entries.get(key)
    if (known !== undefined) xorInto(this.#etag, known.digest)
    const digest = digestOf(section, JSON.stringify(entry))
    xorInto(this.#etag, digest)
    entries.set(key, { entry, digest })
  }

  #remove(section: Section, key: string): void {
    const entries = this.#entries.get(section)!
    const known = entries.get(key)
    if (known === undefined) return
    xorInto(this.#etag, known.digest)
    entries.delete(key)
  }
}

/** 128 bits: the ETag tells states apart, it guards nothing. */
const DIGEST_BYTES = 16

function digestOf(section: string, json: string): Buffer {
  return createHash('sha256').update(section).update('\0').update(json).digest().subarray(0, DIGEST_BYTES)
}

function xorInto(target: Buffer, digest: Buffer): void {
  for (let i = 0; i < DIGEST_BYTES; i++) target[i]! ^= digest[i]!
}

/** Equality of two JSON values (plain objects, arrays, strings, numbers, booleans, null), keys in any order. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false
    return true
  }
  if (Array.isArray(b)) return false
  const ka = Object.keys(a)
  if (ka.length !== Object.keys(b).length) return false
  for (const k of ka) {
    if (!Object.hasOwn(b, k) || !sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false
  }
  return true
}
