import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { canMoveTo } from '../../../../src/domain/eni/status.js'
import { parseIpv4 } from '../../../../src/domain/ipam/ipv4.js'
import { isUsable } from '../../../../src/domain/ipam/usable-range.js'
import type { Random } from '../../../../src/domain/random.js'
import { EniWorld, type Operation } from './model.js'

/**
 * A deterministic byte source with only four values per byte, so MAC draws collide often and the
 * uniqueness rule is really exercised.
 */
function crampedRandom(seed: number): Random {
  let state = seed >>> 0 || 1
  return {
    bytes(count) {
      return Uint8Array.from({ length: count }, () => {
        state = (Math.imul(state, 1664525) + 1013904223) >>> 0
        return state >>> 30
      })
    },
  }
}

const index = fc.nat({ max: 40 })
const operation: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('create' as const), secondaries: fc.nat({ max: 6 }) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('attach' as const), eni: index, instance: index }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('detach' as const), eni: index, instance: index }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), eni: index }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('assign' as const), eni: index, count: fc.integer({ min: 1, max: 6 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('unassign' as const), eni: index, which: index }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('confirm' as const), instance: index }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('release' as const), instance: index }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('power' as const),
      instance: index,
      status: fc.constantFrom('Running' as const, 'Stopped' as const, 'Stopping' as const, 'Starting' as const),
    }),
  },
)

function assertInvariants(world: EniWorld): void {
  const enis = [...world.enis.values()]
  const addresses = enis.flatMap((e) => e.privateIps.map((ip) => ip.address))
  assert.equal(new Set(addresses).size, addresses.length, 'an address belongs to one ENI')
  assert.ok(addresses.every((a) => isUsable(world.range, parseIpv4(a))), 'only usable addresses are handed out')
  assert.equal(new Set(enis.map((e) => e.mac)).size, enis.length, 'MACs are unique')
  for (const eni of enis) {
    assert.equal(eni.privateIps.filter((ip) => ip.primary).length, 1, `${eni.id} has one primary address`)
    assert.equal(eni.status === 'Available', eni.instanceId === null, `${eni.id}: Available exactly when on no instance`)
    assert.equal(eni.instanceId === null, eni.deviceIndex === null)
  }
  for (const instance of world.instances) {
    const on = enis.filter((e) => e.instanceId === instance.id)
    assert.ok(on.length <= world.type.eniQuantity, `${instance.id} holds at most EniQuantity ENIs`)
    const slots = on.map((e) => e.deviceIndex)
    assert.equal(new Set(slots).size, slots.length, `${instance.id} has unique device indexes`)
    assert.deepEqual(
      on.filter((e) => e.type === 'Primary').map((e) => e.deviceIndex),
      [0],
      `${instance.id} has its primary ENI at index 0`,
    )
    for (const eni of on) {
      if (eni.type === 'Secondary') assert.ok(eni.privateIps.length <= world.type.eniPrivateIpAddressQuantity)
    }
  }
  for (const [id, statuses] of world.history) {
    for (let i = 1; i < statuses.length; i++) {
      assert.ok(canMoveTo(statuses[i - 1]!, statuses[i]!), `${id} moved ${statuses[i - 1]} → ${statuses[i]}`)
    }
  }
}

describe('ENI lifecycle (property)', () => {
  it('keeps addresses and MACs unique, the per-instance quota, unique device slots and legal statuses, whatever is asked', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 3 }), fc.array(operation, { maxLength: 120 }), (seed, instances, operations) => {
        const world = new EniWorld(crampedRandom(seed), instances)
        assertInvariants(world)
        for (const o of operations) {
          const before = JSON.stringify([...world.enis.values()])
          const outcome = world.apply(o)
          if (outcome !== 'done' && o.op !== 'power') {
            assert.equal(JSON.stringify([...world.enis.values()]), before, `refused ${o.op} (${outcome.code}) changed nothing`)
          }
          assertInvariants(world)
        }
      }),
      { numRuns: 300 },
    )
  })

  it('does reach the interesting states: full instances, exhausted vSwitches, refusals of each kind', () => {
    const codes = new Set<string>()
    let fullInstance = false
    fc.assert(
      fc.property(fc.integer(), fc.array(operation, { minLength: 60, maxLength: 120 }), (seed, operations) => {
        const world = new EniWorld(crampedRandom(seed), 1)
        for (const o of operations) {
          const outcome = world.apply(o)
          if (outcome !== 'done') codes.add(outcome.code)
          const on = [...world.enis.values()].filter((e) => e.instanceId === 'i-0').length
          fullInstance ||= on === world.type.eniQuantity
        }
      }),
      { numRuns: 200 },
    )
    assert.ok(fullInstance, 'some run filled an instance')
    for (const code of ['EniPerInstanceLimitExceeded', 'InvalidVSwitchId.IpNotEnough', 'InvalidOperation.InvalidEniState', 'InvalidOperation.Ipv4CountExceeded']) {
      assert.ok(codes.has(code), `some run was refused with ${code}; saw ${[...codes].join(', ')}`)
    }
  })
})
