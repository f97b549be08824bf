import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { BUILT_IN_INSTANCE_TYPES } from '../../../../src/domain/instance-type/catalog.js'
import { typesToMatch } from '../../../../src/domain/instance/type-filter.js'

describe('typesToMatch', () => {
  it('filters nothing when neither filter is given', () => {
    assert.equal(typesToMatch(BUILT_IN_INSTANCE_TYPES, undefined, undefined), undefined)
  })

  it('matches one type, or the catalogue types of one family', () => {
    assert.deepEqual(typesToMatch(BUILT_IN_INSTANCE_TYPES, 'ecs.g6.large', undefined), ['ecs.g6.large'])
    assert.deepEqual(typesToMatch(BUILT_IN_INSTANCE_TYPES, undefined, 'ecs.g6')?.sort(), ['ecs.g6.large', 'ecs.g6.xlarge'])
    assert.deepEqual(typesToMatch(BUILT_IN_INSTANCE_TYPES, undefined, 'ecs.none'), [])
  })

  it('applies both filters together', () => {
    assert.deepEqual(typesToMatch(BUILT_IN_INSTANCE_TYPES, 'ecs.g6.large', 'ecs.g6'), ['ecs.g6.large'])
    assert.deepEqual(typesToMatch(BUILT_IN_INSTANCE_TYPES, 'ecs.g6.large', 'ecs.g7'), [])
  })
})
