import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assertLaunchNetworkMatches } from '../../../../src/domain/instance/launch-network-match.js'

describe('assertLaunchNetworkMatches', () => {
  it('accepts vSwitches and groups of the instance VPC', () => {
    assertLaunchNetworkMatches('vpc-1', [{ id: 'vsw-1', vpcId: 'vpc-1' }], [{ id: 'sg-1', vpcId: 'vpc-1' }])
  })

  it('refuses a vSwitch or a group of another VPC with InvalidParameter.Mismatch', () => {
    assert.throws(() => assertLaunchNetworkMatches('vpc-1', [{ id: 'vsw-2', vpcId: 'vpc-2' }], []), {
      code: 'InvalidParameter.Mismatch',
      message: /vSwitch vsw-2/,
    })
    assert.throws(() => assertLaunchNetworkMatches('vpc-1', [], [{ id: 'sg-2', vpcId: 'vpc-2' }]), {
      code: 'InvalidParameter.Mismatch',
      message: /security group sg-2/,
    })
  })
})
