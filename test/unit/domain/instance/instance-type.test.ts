import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { BUILT_IN_INSTANCE_TYPES } from '../../../../src/domain/instance-type/catalog.js'
import { findInstanceType } from '../../../../src/domain/instance/instance-type.js'

describe('findInstanceType', () => {
  it('returns the catalogue entry of an offered type', () => {
    assert.equal(findInstanceType(BUILT_IN_INSTANCE_TYPES, 'ecs.g7.large').eniQuantity, 3)
  })

  it('refuses a type the catalogue does not offer with InvalidInstanceType.ValueNotSupported', () => {
    assert.throws(() => findInstanceType(BUILT_IN_INSTANCE_TYPES, 'ecs.g99.huge'), { code: 'InvalidInstanceType.ValueNotSupported' })
    assert.throws(() => findInstanceType([], 'ecs.g7.large'), { code: 'InvalidInstanceType.ValueNotSupported' })
  })
})
