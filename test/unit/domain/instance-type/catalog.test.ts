import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  BUILT_IN_INSTANCE_TYPES,
  findInstanceTypeProblems,
  type InstanceType,
} from '../../../../src/domain/instance-type/catalog.js'

function builtIn(id: string): InstanceType {
  const type = BUILT_IN_INSTANCE_TYPES.find((candidate) => candidate.instanceTypeId === id)
  assert.ok(type, `${id} is in the catalogue`)
  return type
}

const g7Large = builtIn('ecs.g7.large')

describe('BUILT_IN_INSTANCE_TYPES', () => {
  it('offers at least ten types in at least four families', () => {
    assert.ok(BUILT_IN_INSTANCE_TYPES.length >= 10)
    assert.ok(new Set(BUILT_IN_INSTANCE_TYPES.map((type) => type.instanceTypeFamily)).size >= 4)
  })

  it('has unique ids', () => {
    const ids = BUILT_IN_INSTANCE_TYPES.map((type) => type.instanceTypeId)
    assert.equal(new Set(ids).size, ids.length)
  })

  it('keeps every entry internally consistent', () => {
    for (const type of BUILT_IN_INSTANCE_TYPES) {
      assert.deepEqual(findInstanceTypeProblems(type), [], type.instanceTypeId)
    }
  })

  it('uses positive whole numbers for counts, queues and caps', () => {
    for (const type of BUILT_IN_INSTANCE_TYPES) {
      const { memorySize, eniIpv6AddressQuantity, ...rest } = type
      for (const [field, value] of Object.entries(rest)) {
        if (typeof value !== 'number') continue
        assert.ok(Number.isInteger(value) && value >= 1, `${type.instanceTypeId}.${field} = ${value}`)
      }
      assert.ok(memorySize > 0, `${type.instanceTypeId}.memorySize`)
      assert.ok(Number.isInteger(eniIpv6AddressQuantity) && eniIpv6AddressQuantity >= 0)
    }
  })

  it('holds the queue and ENI invariants directly', () => {
    for (const type of BUILT_IN_INSTANCE_TYPES) {
      const id = type.instanceTypeId
      assert.ok(type.instanceTypeId.startsWith('ecs.'), id)
      assert.ok(['X86', 'ARM'].includes(type.cpuArchitecture), id)
      assert.ok(type.eniTotalQuantity >= type.eniQuantity, id)
      assert.ok(type.secondaryEniQueueNumber <= type.maximumQueueNumberPerEni, id)
      assert.ok(type.primaryEniQueueNumber <= type.maximumQueueNumberPerEni, id)
      assert.ok(type.totalEniQueueQuantity >= type.maximumQueueNumberPerEni, id)
      assert.ok(type.maximumQueueNumberPerEni <= 2048, id)
      assert.ok(type.hotPlug, `${id} supports hot-plug`)
    }
  })

  it('has a small type with three ENIs for tests to lean on', () => {
    assert.equal(g7Large.eniQuantity, 3)
    assert.equal(g7Large.cpuCoreCount, 2)
  })

  it('lets only burstable types launch without I/O optimisation', () => {
    const optional = BUILT_IN_INSTANCE_TYPES.filter((type) => type.ioOptimizedOptional)
    assert.ok(optional.some((type) => type.instanceTypeId === 'ecs.t6-c1m1.large'))
    assert.ok(optional.every((type) => type.instanceCategory === 'Shared'))
    assert.equal(g7Large.ioOptimizedOptional, false)
  })

  it('includes both CPU architectures', () => {
    const architectures = new Set(BUILT_IN_INSTANCE_TYPES.map((type) => type.cpuArchitecture))
    assert.deepEqual([...architectures].sort(), ['ARM', 'X86'])
  })
})

describe('findInstanceTypeProblems', () => {
  function problemsWith(changes: Partial<InstanceType>): string[] {
    return findInstanceTypeProblems({ ...g7Large, ...changes })
  }

  it('accepts a burstable id that extends its family with a hyphen', () => {
    assert.deepEqual(findInstanceTypeProblems(builtIn('ecs.t6-c1m1.large')), [])
  })

  it('reports an id outside its family', () => {
    assert.match(problemsWith({ instanceTypeFamily: 'ecs.c7' }).join(), /does not belong to family ecs\.c7/)
    assert.match(problemsWith({ instanceTypeFamily: 'ecs.g' }).join(), /does not belong/)
  })

  it('reports fewer total NICs than ENIs', () => {
    assert.match(problemsWith({ eniTotalQuantity: 2 }).join(), /eniTotalQuantity must be at least eniQuantity/)
  })

  it('reports default queue numbers above the per-ENI ceiling', () => {
    assert.match(problemsWith({ primaryEniQueueNumber: 3 }).join(), /primaryEniQueueNumber must not exceed/)
    assert.match(problemsWith({ secondaryEniQueueNumber: 3 }).join(), /secondaryEniQueueNumber must not exceed/)
  })

  it('reports an instance-wide queue total below one ENI ceiling', () => {
    assert.match(
      problemsWith({ maximumQueueNumberPerEni: 8, totalEniQueueQuantity: 7 }).join(),
      /totalEniQueueQuantity must be at least maximumQueueNumberPerEni/,
    )
  })

  it('reports a queue total that default queues on every ENI would exceed', () => {
    assert.match(problemsWith({ totalEniQueueQuantity: 5 }).join(), /below the 6 queues of a fully attached instance/)
  })

  it('reports a per-ENI queue ceiling above what QueueNumber accepts', () => {
    assert.match(
      problemsWith({ maximumQueueNumberPerEni: 4096, totalEniQueueQuantity: 4096 }).join(),
      /must not exceed 2048/,
    )
  })

  it('reports zero ENIs or zero addresses per ENI', () => {
    assert.match(problemsWith({ eniQuantity: 0 }).join(), /eniQuantity must be at least 1/)
    assert.match(problemsWith({ eniPrivateIpAddressQuantity: 0 }).join(), /eniPrivateIpAddressQuantity must be at least 1/)
  })
})
