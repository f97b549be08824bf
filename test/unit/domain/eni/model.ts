/**
 * A pure in-memory stand-in for the ENI service, built only from the domain's rules and the IPAM
 * allocator, for the property tests. It applies an operation the way the service does (rules
 * first, then the change) and leaves the world untouched when a rule refuses.
 */
import { assertAttachable, nextDeviceIndex, type EniHostInstance } from '../../../../src/domain/eni/attach.js'
import { birthState } from '../../../../src/domain/eni/birth.js'
import { assertDeletable } from '../../../../src/domain/eni/delete.js'
import { assertDetachable } from '../../../../src/domain/eni/detach.js'
import { primaryAddressOf, type Eni, type EniStatus } from '../../../../src/domain/eni/eni.js'
import { assertFitsInstanceType } from '../../../../src/domain/eni/instance-type-fit.js'
import { assertIpsAssignable, assertIpsUnassignable } from '../../../../src/domain/eni/private-ip-change.js'
import { releaseOutcome } from '../../../../src/domain/eni/release.js'
import { ASSIGN_SECONDARY_IPS, assertSecondaryIpRequest, CREATE_SECONDARY_IPS } from '../../../../src/domain/eni/secondary-ip-request.js'
import { DomainError } from '../../../../src/domain/errors.js'
import { newMac } from '../../../../src/domain/ids.js'
import type { InstanceType } from '../../../../src/domain/instance-type/catalog.js'
import { allocateFrom } from '../../../../src/domain/ipam/allocate.js'
import { parseCidr } from '../../../../src/domain/ipam/cidr.js'
import { formatIpv4, parseIpv4 } from '../../../../src/domain/ipam/ipv4.js'
import { usableRange, type UsableRange } from '../../../../src/domain/ipam/usable-range.js'
import type { Random } from '../../../../src/domain/random.js'
import { eni as blankEni, g7Large } from './fixtures.js'

export type Operation =
  | { op: 'create'; secondaries: number }
  | { op: 'attach'; eni: number; instance: number }
  | { op: 'detach'; eni: number; instance: number }
  | { op: 'delete'; eni: number }
  | { op: 'assign'; eni: number; count: number }
  | { op: 'unassign'; eni: number; which: number }
  | { op: 'confirm'; instance: number }
  | { op: 'release'; instance: number }
  | { op: 'power'; instance: number; status: EniHostInstance['status'] }

// A /27 keeps the vSwitch small enough that exhaustion happens in a few dozen steps.
const CIDR = '198.18.0.0/27'
const MAX_MAC_DRAWS = 16

export class EniWorld {
  readonly range: UsableRange = usableRange(parseCidr(CIDR))
  readonly type: InstanceType = g7Large()
  readonly instances: EniHostInstance[]
  readonly enis = new Map<string, Eni>()
  /** Every status each ENI has had, oldest first. */
  readonly history = new Map<string, EniStatus[]>()
  #hint = 0
  #serial = 0

  constructor(
    private readonly random: Random,
    instanceCount: number,
  ) {
    this.instances = Array.from({ length: instanceCount }, (_, i) => ({
      id: `i-${i}`,
      status: 'Running',
      ioOptimized: true,
      vpcId: 'vpc-a',
      zoneId: 'cn-hangzhou-a',
      instanceType: this.type.instanceTypeId,
    }))
    for (const instance of this.instances) this.#launch(instance)
  }

  /** Applies one operation; a DomainError means the rules refused it and nothing changed. */
  apply(operation: Operation): 'done' | DomainError {
    try {
      this.#run(operation)
      return 'done'
    } catch (err) {
      if (err instanceof DomainError) return err
      throw err
    }
  }

  #run(o: Operation): void {
    switch (o.op) {
      case 'create':
        return this.#create(o.secondaries)
      case 'attach': {
        const eni = this.#eniAt(o.eni)
        const instance = this.instances[o.instance % this.instances.length]!
        const target = assertAttachable(eni, instance.id, this.#target(instance))
        const used = target.present.flatMap((e) => (e.deviceIndex === null ? [] : [e.deviceIndex]))
        return this.#save({ ...eni, status: 'Attaching', instanceId: instance.id, deviceIndex: nextDeviceIndex(used) })
      }
      case 'detach': {
        const eni = this.#eniAt(o.eni)
        const instance = this.instances[o.instance % this.instances.length]!
        assertDetachable(eni, instance.id, this.#target(instance))
        return this.#save({ ...eni, status: 'Detaching' })
      }
      case 'delete': {
        const eni = this.#eniAt(o.eni)
        assertDeletable(eni)
        this.enis.delete(eni.id)
        return
      }
      case 'assign': {
        const eni = this.#eniAt(o.eni)
        const adding = assertSecondaryIpRequest({ addresses: [], count: o.count }, ASSIGN_SECONDARY_IPS)
        assertIpsAssignable(eni, this.#hostOf(eni), adding)
        const added = this.#allocate(adding).map((a) => ({ address: formatIpv4(a), primary: false }))
        return this.#save({ ...eni, privateIps: [...eni.privateIps, ...added] })
      }
      case 'unassign': {
        const eni = this.#eniAt(o.eni)
        const address = eni.privateIps[o.which % eni.privateIps.length]!.address
        assertIpsUnassignable(eni, this.#hostOf(eni), [address])
        return this.#save({ ...eni, privateIps: eni.privateIps.filter((ip) => ip.address !== address) })
      }
      case 'confirm':
        return this.#confirm(this.instances[o.instance % this.instances.length]!)
      case 'release':
        return this.#release(this.instances[o.instance % this.instances.length]!)
      case 'power': {
        const instance = this.instances[o.instance % this.instances.length]!
        instance.status = o.status
        return
      }
    }
  }

  #create(secondaries: number): void {
    const count = assertSecondaryIpRequest({ addresses: [], count: secondaries === 0 ? undefined : secondaries }, CREATE_SECONDARY_IPS)
    const [primary, ...rest] = this.#allocate(1 + count)
    const id = `eni-${this.#serial++}`
    this.#save(
      blankEni({
        id,
        ...birthState(undefined, undefined),
        mac: this.#uniqueMac(),
        privateIps: [primary!, ...rest].map((a, i) => ({ address: formatIpv4(a), primary: i === 0 })),
      }),
    )
  }

  /** RunInstances' primary ENI, born InUse at device index 0 under the same instance-type rules. */
  #launch(instance: EniHostInstance): void {
    assertFitsInstanceType(this.type, this.#onInstance(instance.id), { type: 'Primary', queueNumber: null, ipv4Count: 1 })
    const [address] = this.#allocate(1)
    this.#save(
      blankEni({
        id: `eni-${this.#serial++}`,
        ...birthState({ instanceId: instance.id, deviceIndex: 0, type: 'Primary' }, undefined),
        mac: this.#uniqueMac(),
        privateIps: [{ address: formatIpv4(address!), primary: true }],
      }),
    )
  }

  /** What acknowledgeHost does for one instance's host. */
  #confirm(instance: EniHostInstance): void {
    if (instance.status === 'Pending' || instance.status === 'Starting') instance.status = 'Running'
    if (instance.status === 'Stopping') instance.status = 'Stopped'
    for (const eni of this.#onInstance(instance.id)) {
      if (eni.status === 'Attaching') this.#save({ ...eni, status: 'InUse' })
      if (eni.status === 'Detaching') this.#save({ ...eni, status: 'Available', instanceId: null, deviceIndex: null })
    }
  }

  /** DeleteInstance, then a new instance under the same name so the world keeps its size. */
  #release(instance: EniHostInstance): void {
    for (const eni of this.#onInstance(instance.id)) {
      if (releaseOutcome(eni) === 'delete') this.enis.delete(eni.id)
      else this.#save({ ...eni, status: 'Available', instanceId: null, deviceIndex: null })
    }
    instance.status = 'Pending'
    this.#launch(instance)
  }

  #allocate(count: number): number[] {
    const used = [...this.enis.values()].flatMap((e) => e.privateIps.map((ip) => parseIpv4(ip.address))).sort((a, b) => a - b)
    const picked = allocateFrom(this.range, this.#hint, count, (w) => used.filter((a) => a >= w.from && a <= w.to), 8)
    if (picked.length > 0) this.#hint = picked[picked.length - 1]! + 1
    return picked
  }

  #uniqueMac(): string {
    const taken = new Set([...this.enis.values()].map((e) => e.mac))
    for (let draw = 0; draw < MAX_MAC_DRAWS; draw++) {
      const mac = newMac(this.random)
      if (!taken.has(mac)) return mac
    }
    throw new DomainError('InternalError', 'no free MAC drawn')
  }

  #eniAt(index: number): Eni {
    const all = [...this.enis.values()]
    if (all.length === 0) throw new DomainError('InvalidEniId.NotFound', 'no ENI yet')
    return all[index % all.length]!
  }

  #onInstance(instanceId: string): Eni[] {
    return [...this.enis.values()].filter((e) => e.instanceId === instanceId)
  }

  #target(instance: EniHostInstance) {
    return { instance, type: this.type, present: this.#onInstance(instance.id) }
  }

  #hostOf(eni: Eni) {
    const instance = this.instances.find((i) => i.id === eni.instanceId)
    return instance === undefined ? undefined : this.#target(instance)
  }

  #save(eni: Eni): void {
    this.enis.set(eni.id, eni)
    const seen = this.history.get(eni.id) ?? []
    if (seen.at(-1) !== eni.status) seen.push(eni.status)
    this.history.set(eni.id, seen)
  }

  primaryAddresses(): string[] {
    return [...this.enis.values()].map(primaryAddressOf)
  }
}
