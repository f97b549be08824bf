import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assertRegionResourceType } from '../../../../src/domain/vpc/region-resource-type.js'

describe('assertRegionResourceType', () => {
  it('accepts every documented resource type, and none at all', () => {
    for (const type of ['instance', 'disk', 'reservedinstance', 'scu', undefined]) assertRegionResourceType(type)
  })

  it('refuses another with InvalidResourceType.NotFound', () => {
    assert.throws(() => assertRegionResourceType('vpc'), { code: 'InvalidResourceType.NotFound' })
  })
})
