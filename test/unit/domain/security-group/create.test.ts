import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { newSecurityGroup, type NewSecurityGroupInput } from '../../../../src/domain/security-group/create.js'

const input: NewSecurityGroupInput = {
  id: 'sg-1',
  accountId: '1000000000000001',
  regionId: 'cn-hangzhou',
  vpcId: 'vpc-a',
  tags: [],
  createdAt: '2026-01-01T00:00:00.000Z',
}

describe('newSecurityGroup', () => {
  it('makes a basic group whose members reach each other by default', () => {
    const group = newSecurityGroup(input, 20)
    assert.equal(group.type, 'normal')
    assert.equal(group.innerAccessPolicy, 'Accept')
    assert.equal(group.name, '')
    assert.equal(group.description, '')
  })

  it('makes an advanced group that isolates its members', () => {
    const group = newSecurityGroup({ ...input, type: 'enterprise' }, 20)
    assert.equal(group.type, 'enterprise')
    assert.equal(group.innerAccessPolicy, 'Drop')
  })

  it('keeps a valid name, description and tags', () => {
    const group = newSecurityGroup({ ...input, name: 'web:front_1.a-b', description: 'Front end', tags: [{ key: 'env', value: 'prod' }] }, 20)
    assert.equal(group.name, 'web:front_1.a-b')
    assert.equal(group.description, 'Front end')
    assert.deepEqual(group.tags, [{ key: 'env', value: 'prod' }])
  })

  for (const name of ['a', '1web', 'http://web', 'web/front', 'x'.repeat(129)]) {
    it(`refuses the name ${JSON.stringify(name.slice(0, 20))} with InvalidSecurityGroupName.Malformed`, () => {
      assert.throws(() => newSecurityGroup({ ...input, name }, 20), { code: 'InvalidSecurityGroupName.Malformed' })
    })
  }

  for (const description of ['a', 'https://example.com', 'x'.repeat(257)]) {
    it(`refuses the description ${JSON.stringify(description.slice(0, 20))} with InvalidDescription.Malformed`, () => {
      assert.throws(() => newSecurityGroup({ ...input, description }, 20), { code: 'InvalidDescription.Malformed' })
    })
  }

  it('applies the tag rules with the given limit', () => {
    assert.throws(() => newSecurityGroup({ ...input, tags: [{ key: 'a', value: '' }, { key: 'b', value: '' }] }, 1), { code: 'QuotaExceed.Tags' })
    assert.throws(() => newSecurityGroup({ ...input, tags: [{ key: 'aliyun:x', value: '' }] }, 20), { code: 'InvalidTagKey.Malformed' })
  })
})
