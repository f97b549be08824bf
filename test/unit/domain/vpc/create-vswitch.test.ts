import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { newVSwitch, type NewVSwitchRequest } from '../../../../src/domain/vpc/create-vswitch.js'
import { NOW, random, vpc } from './fixtures.js'

const request: NewVSwitchRequest = { vpc: vpc(), siblings: [], block: { cidrBlock: '198.18.1.0/24' }, zoneId: 'cn-hangzhou-a', tags: [], tagLimit: 20 }

describe('newVSwitch', () => {
  it('makes an Available zonal vSwitch of the VPC', () => {
    const v = newVSwitch(request, random, NOW)
    assert.match(v.id, /^vsw-[0-9a-z]{20}$/)
    assert.deepEqual(
      [v.vpcId, v.accountId, v.regionId, v.zoneId, v.cidrBlock, v.status, v.createdAt],
      ['vpc-a', '1000000000000001', 'cn-hangzhou', 'cn-hangzhou-a', '198.18.1.0/24', 'Available', NOW.toISOString()],
    )
  })

  it('makes a regional vSwitch when no zone is given', () => {
    assert.equal(newVSwitch({ ...request, zoneId: null }, random, NOW).zoneId, null)
  })

  it('picks a free block for a CidrMask', () => {
    const v = newVSwitch({ ...request, siblings: ['198.18.0.0/24'], block: { cidrMask: 24 } }, random, NOW)
    assert.equal(v.cidrBlock, '198.18.1.0/24')
  })

  it('refuses a block outside the VPC, overlapping a sibling or with a bad mask', () => {
    assert.throws(() => newVSwitch({ ...request, block: { cidrBlock: '10.0.0.0/24' } }, random, NOW), { code: 'InvalidParameter' })
    assert.throws(() => newVSwitch({ ...request, siblings: ['198.18.0.0/20'] }, random, NOW), { code: 'InvalidCidrBlock.Overlapped' })
    assert.throws(() => newVSwitch({ ...request, block: { cidrBlock: '198.18.1.0/30' } }, random, NOW), { code: 'InvalidCirdrBlock.MaskLength' })
    assert.throws(() => newVSwitch({ ...request, block: { cidrBlock: '198.18.1.1/24' } }, random, NOW), { code: 'InvalidCidrBlock.Malformed' })
  })

  it('refuses a VPC that is not Available with IncorrectVpcStatus', () => {
    assert.throws(() => newVSwitch({ ...request, vpc: vpc({ status: 'Pending' }) }, random, NOW), { code: 'IncorrectVpcStatus' })
  })

  it('keeps a valid name, description and tags and refuses bad ones', () => {
    const v = newVSwitch({ ...request, name: 'web', description: 'd', tags: [{ key: 'k', value: 'v' }] }, random, NOW)
    assert.deepEqual([v.name, v.description, v.tags], ['web', 'd', [{ key: 'k', value: 'v' }]])
    assert.throws(() => newVSwitch({ ...request, name: 'https://x' }, random, NOW), { code: 'InvalidVSwitchName.Malformed' })
    assert.throws(() => newVSwitch({ ...request, description: 'x'.repeat(257) }, random, NOW), {
      code: 'InvalidVSwitchDiscription.Malformed',
    })
    assert.throws(() => newVSwitch({ ...request, tags: [{ key: '', value: '' }] }, random, NOW), { code: 'InvalidTagKey.Malformed' })
  })
})
