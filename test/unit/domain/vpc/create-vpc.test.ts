import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DEFAULT_VPC_CIDR, newVpc, type NewVpcRequest } from '../../../../src/domain/vpc/create-vpc.js'
import { NOW, random } from './fixtures.js'

const request: NewVpcRequest = { accountId: '1000000000000001', regionId: 'cn-hangzhou', cidrBlock: '198.18.0.0/16', tags: [], tagLimit: 20 }

describe('newVpc', () => {
  it('makes an Available VPC with its own vRouter and system route table', () => {
    const vpc = newVpc(request, random, NOW)
    assert.match(vpc.id, /^vpc-[0-9a-z]{20}$/)
    assert.match(vpc.vRouterId, /^vrt-[0-9a-z]{20}$/)
    assert.match(vpc.routeTableId, /^vtb-[0-9a-z]{20}$/)
    assert.equal(vpc.status, 'Available')
    assert.equal(vpc.isDefault, false)
    assert.equal(vpc.cidrBlock, '198.18.0.0/16')
    assert.equal(vpc.createdAt, NOW.toISOString())
    assert.deepEqual([vpc.name, vpc.description, vpc.userCidrs], ['', '', []])
  })

  it('takes 172.16.0.0/12 when no CIDR block is given, as the older documents say', () => {
    const { cidrBlock, ...withoutCidr } = request
    assert.equal(newVpc(withoutCidr, random, NOW).cidrBlock, DEFAULT_VPC_CIDR)
    assert.equal(DEFAULT_VPC_CIDR, '172.16.0.0/12')
  })

  it('keeps user CIDRs, name, description and tags', () => {
    const vpc = newVpc(
      { ...request, userCidr: '10.0.0.0/8,192.168.0.0/16', name: 'prod', description: 'x', tags: [{ key: 'env', value: 'prod' }] },
      random,
      NOW,
    )
    assert.deepEqual(vpc.userCidrs, ['10.0.0.0/8', '192.168.0.0/16'])
    assert.deepEqual([vpc.name, vpc.description], ['prod', 'x'])
    assert.deepEqual(vpc.tags, [{ key: 'env', value: 'prod' }])
  })

  it('refuses a malformed or out-of-range CIDR block with InvalidParameter', () => {
    for (const cidrBlock of ['198.18.0.1/16', '198.18.0.0/29', 'x']) {
      assert.throws(() => newVpc({ ...request, cidrBlock }, random, NOW), { code: 'InvalidParameter' })
    }
  })

  it('refuses a reserved CIDR block with OperationDenied.CidrInExcludeCidrs', () => {
    assert.throws(() => newVpc({ ...request, cidrBlock: '100.64.0.0/16' }, random, NOW), { code: 'OperationDenied.CidrInExcludeCidrs' })
  })

  it('refuses bad user CIDRs with their own codes', () => {
    assert.throws(() => newVpc({ ...request, userCidr: '10.0.0.1/8' }, random, NOW), { code: 'InvalidUserCidr.Malformed' })
    assert.throws(() => newVpc({ ...request, userCidr: '10.0.0.0/8,11.0.0.0/8,12.0.0.0/8,13.0.0.0/8' }, random, NOW), {
      code: 'InvalidUserCidr.Quota',
    })
  })

  it('refuses a bad name and description with the VPC codes', () => {
    assert.throws(() => newVpc({ ...request, name: 'http://x' }, random, NOW), { code: 'InvalidVpcName.Malformed' })
    assert.throws(() => newVpc({ ...request, name: 'a/b' }, random, NOW), { code: 'InvalidVpcName.Malformed' })
    assert.throws(() => newVpc({ ...request, description: 'x'.repeat(257) }, random, NOW), { code: 'InvalidVpcDiscription.Malformed' })
  })

  it('applies the tag rules with the given limit', () => {
    assert.throws(() => newVpc({ ...request, tags: [{ key: 'a', value: '' }, { key: 'b', value: '' }], tagLimit: 1 }, random, NOW), {
      code: 'QuotaExceed.Tags',
    })
    assert.throws(() => newVpc({ ...request, tags: [{ key: 'acs:x', value: '' }] }, random, NOW), { code: 'InvalidTagKey.Malformed' })
  })
})
