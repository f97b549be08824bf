import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { BUILT_IN_INSTANCE_TYPES, type InstanceType } from '../../../../src/domain/instance-type/catalog.js'
import { filterInstanceTypes, type InstanceTypeQuery } from '../../../../src/domain/instance-type/filter.js'

const catalog = BUILT_IN_INSTANCE_TYPES
const allIds = catalog.map((type) => type.instanceTypeId).sort()

function idsFor(query: InstanceTypeQuery): string[] {
  return filterInstanceTypes(catalog, query).map((type) => type.instanceTypeId)
}

/** Ids of the catalogue entries satisfying `holds`, computed independently of the filter. */
function idsWhere(holds: (type: InstanceType) => boolean): string[] {
  return catalog.filter(holds).map((type) => type.instanceTypeId).sort()
}

describe('filterInstanceTypes', () => {
  it('returns every type ordered by id when nothing is filtered', () => {
    assert.deepEqual(idsFor({}), allIds)
  })

  it('orders by id whatever the input order', () => {
    const reversed = [...catalog].reverse()
    assert.deepEqual(
      filterInstanceTypes(reversed, {}).map((type) => type.instanceTypeId),
      allIds,
    )
  })

  it('does not reorder the array it is given', () => {
    const input = [...catalog].reverse()
    const before = [...input]
    filterInstanceTypes(input, {})
    assert.deepEqual(input, before)
  })

  it('keeps only the listed InstanceTypes and ignores unknown ids', () => {
    assert.deepEqual(idsFor({ instanceTypes: ['ecs.g7.large', 'ecs.c7.large', 'ecs.nope.large'] }), [
      'ecs.c7.large',
      'ecs.g7.large',
    ])
  })

  it('treats an empty InstanceTypes list as no filter', () => {
    assert.deepEqual(idsFor({ instanceTypes: [] }), allIds)
  })

  it('refuses more than ten InstanceTypes or InstanceTypeFamilies', () => {
    const eleven = Array.from({ length: 11 }, (_, index) => `ecs.g7.size${index}`)
    assert.throws(() => idsFor({ instanceTypes: eleven }), { name: 'DomainError', code: 'InvalidParameter' })
    assert.throws(() => idsFor({ instanceTypeFamilies: eleven }), { name: 'DomainError', code: 'InvalidParameter' })
    assert.doesNotThrow(() => idsFor({ instanceTypes: eleven.slice(0, 10) }))
  })

  it('filters by InstanceTypeFamily', () => {
    assert.deepEqual(idsFor({ instanceTypeFamily: 'ecs.g7' }), [
      'ecs.g7.2xlarge',
      'ecs.g7.4xlarge',
      'ecs.g7.large',
      'ecs.g7.xlarge',
    ])
  })

  it('matches a burstable type by its family', () => {
    assert.deepEqual(idsFor({ instanceTypeFamily: 'ecs.t6' }), ['ecs.t6-c1m1.large'])
  })

  it('filters by InstanceTypeFamilies', () => {
    assert.deepEqual(idsFor({ instanceTypeFamilies: ['ecs.c7', 'ecs.r7'] }), [
      'ecs.c7.large',
      'ecs.c7.xlarge',
      'ecs.r7.large',
    ])
  })

  it('requires both family filters when both are given', () => {
    assert.deepEqual(idsFor({ instanceTypeFamily: 'ecs.c7', instanceTypeFamilies: ['ecs.r7'] }), [])
    assert.deepEqual(idsFor({ instanceTypeFamily: 'ecs.r7', instanceTypeFamilies: ['ecs.c7', 'ecs.r7'] }), [
      'ecs.r7.large',
    ])
  })

  it('filters by InstanceCategory', () => {
    assert.deepEqual(idsFor({ instanceCategory: 'Memory-optimized' }), ['ecs.r7.large'])
    assert.deepEqual(
      idsFor({ instanceCategory: 'Shared' }),
      idsWhere((type) => type.instanceCategory === 'Shared'),
    )
  })

  it('filters by CpuArchitecture', () => {
    assert.deepEqual(idsFor({ cpuArchitecture: 'ARM' }), ['ecs.g8y.large', 'ecs.g8y.xlarge'])
    assert.equal(idsFor({ cpuArchitecture: 'X86' }).length, catalog.length - 2)
  })

  // Each minimum keeps exactly the types whose field reaches it; the threshold sits inside the
  // catalogue's range so that the filter visibly drops some types and keeps others.
  const minimums: [keyof InstanceTypeQuery, keyof InstanceType, number][] = [
    ['minimumEniQuantity', 'eniQuantity', 4],
    ['minimumEniPrivateIpAddressQuantity', 'eniPrivateIpAddressQuantity', 10],
    ['minimumEniIpv6AddressQuantity', 'eniIpv6AddressQuantity', 1],
    ['minimumPrimaryEniQueueNumber', 'primaryEniQueueNumber', 4],
    ['minimumSecondaryEniQueueNumber', 'secondaryEniQueueNumber', 4],
    ['minimumInstanceBandwidthRx', 'instanceBandwidthRx', 3 * 1024 * 1024],
    ['minimumInstanceBandwidthTx', 'instanceBandwidthTx', 3 * 1024 * 1024],
    ['minimumInstancePpsRx', 'instancePpsRx', 1_000_000],
    ['minimumInstancePpsTx', 'instancePpsTx', 1_000_000],
    ['minimumCpuCoreCount', 'cpuCoreCount', 4],
    ['minimumMemorySize', 'memorySize', 16],
  ]
  for (const [filter, field, threshold] of minimums) {
    it(`keeps types at or above ${filter}`, () => {
      const expected = idsWhere((type) => (type[field] as number) >= threshold)
      assert.ok(expected.length > 0 && expected.length < catalog.length, `${threshold} splits the catalogue`)
      assert.deepEqual(idsFor({ [filter]: threshold }), expected)
    })
  }

  it('keeps the three-ENI type at MinimumEniQuantity 3 and drops it at 4', () => {
    assert.ok(idsFor({ minimumEniQuantity: 3 }).includes('ecs.g7.large'))
    assert.ok(!idsFor({ minimumEniQuantity: 4 }).includes('ecs.g7.large'))
  })

  it('drops types without IPv6 at MinimumEniIpv6AddressQuantity 1', () => {
    assert.ok(!idsFor({ minimumEniIpv6AddressQuantity: 1 }).includes('ecs.t6-c1m1.large'))
  })

  it('bounds CpuCoreCount from both sides', () => {
    assert.deepEqual(
      idsFor({ minimumCpuCoreCount: 4, maximumCpuCoreCount: 8 }),
      idsWhere((type) => type.cpuCoreCount >= 4 && type.cpuCoreCount <= 8),
    )
    assert.deepEqual(idsFor({ maximumCpuCoreCount: 1 }), ['ecs.t5-lc1m1.small'])
  })

  it('bounds MemorySize from both sides', () => {
    assert.deepEqual(idsFor({ minimumMemorySize: 8, maximumMemorySize: 8 }), [
      'ecs.c7.xlarge',
      'ecs.g6.large',
      'ecs.g7.large',
      'ecs.g8y.large',
    ])
    assert.deepEqual(idsFor({ maximumMemorySize: 2 }), ['ecs.t5-lc1m1.small', 'ecs.t6-c1m1.large'])
  })

  it('combines filters so that every one must hold', () => {
    assert.deepEqual(
      idsFor({ instanceTypeFamilies: ['ecs.g7', 'ecs.g8y'], minimumEniQuantity: 4, cpuArchitecture: 'X86' }),
      ['ecs.g7.2xlarge', 'ecs.g7.4xlarge', 'ecs.g7.xlarge'],
    )
  })

  it('returns nothing when the bounds exclude everything', () => {
    assert.deepEqual(idsFor({ minimumCpuCoreCount: 1000 }), [])
  })
})
