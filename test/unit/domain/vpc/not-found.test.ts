import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { vpcNotFound, vSwitchNotFound } from '../../../../src/domain/vpc/not-found.js'

describe('not-found answers', () => {
  it('names the VPC under InvalidVpcId.NotFound', () => {
    const err = vpcNotFound('vpc-x')
    assert.equal(err.code, 'InvalidVpcId.NotFound')
    assert.match(err.message, /vpc-x/)
  })

  it('names the vSwitch under InvalidVSwitchId.NotFound', () => {
    const err = vSwitchNotFound('vsw-x')
    assert.equal(err.code, 'InvalidVSwitchId.NotFound')
    assert.match(err.message, /vsw-x/)
  })
})
