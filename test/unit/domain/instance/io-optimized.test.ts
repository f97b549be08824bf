import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { BUILT_IN_INSTANCE_TYPES, type InstanceType } from '../../../../src/domain/instance-type/catalog.js'
import { assertEnisSupported, resolveIoOptimized } from '../../../../src/domain/instance/io-optimized.js'

const typeOf = (id: string): InstanceType => BUILT_IN_INSTANCE_TYPES.find((t) => t.instanceTypeId === id)!
const g7 = typeOf('ecs.g7.large')
const t6 = typeOf('ecs.t6-c1m1.large')

describe('resolveIoOptimized', () => {
  it('makes every instance I/O optimized by default', () => {
    assert.equal(resolveIoOptimized(g7, undefined), true)
    assert.equal(resolveIoOptimized(t6, 'optimized'), true)
  })

  it('lets a type whose catalogue entry allows it run without I/O optimization', () => {
    assert.equal(resolveIoOptimized(t6, 'none'), false)
  })

  it('refuses IoOptimized=none for other types with InvalidIoOptimize.ValueNotSupported', () => {
    assert.throws(() => resolveIoOptimized(g7, 'none'), { code: 'InvalidIoOptimize.ValueNotSupported' })
  })
})

describe('assertEnisSupported', () => {
  it('lets an I/O optimized instance have secondary network interfaces', () => {
    assertEnisSupported(g7, true, 2)
  })

  it('lets a non-I/O-optimized instance have its primary network interface only', () => {
    assertEnisSupported(t6, false, 0)
    assert.throws(() => assertEnisSupported(t6, false, 1), { code: 'InvalidInstanceType.ElasticNetworkInterfaceNotSupported' })
  })
})
