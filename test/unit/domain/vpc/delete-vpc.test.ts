import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assertVpcDeletable, type VpcContents } from '../../../../src/domain/vpc/delete-vpc.js'
import { vpc } from './fixtures.js'

const empty: VpcContents = { instances: 0, networkInterfaces: 0, securityGroups: 0, vSwitches: 0, customRouteEntries: 0 }

describe('assertVpcDeletable', () => {
  it('lets an empty Available VPC go', () => {
    assertVpcDeletable(vpc(), empty)
  })

  it('refuses a VPC that is not Available with IncorrectVpcStatus', () => {
    assert.throws(() => assertVpcDeletable(vpc({ status: 'Pending' }), empty), { code: 'IncorrectVpcStatus' })
  })

  for (const [kind, code] of [
    ['vSwitches', 'DependencyViolation.VSwitch'],
    ['securityGroups', 'DependencyViolation.SecurityGroup'],
    ['instances', 'DependencyViolation.Instance'],
    ['networkInterfaces', 'DependencyViolation.NetworkInterface'],
    ['customRouteEntries', 'DependencyViolation.RouteEntry'],
  ] as const) {
    it(`refuses a VPC that still holds ${kind} with ${code}`, () => {
      assert.throws(() => assertVpcDeletable(vpc(), { ...empty, [kind]: 1 }), { code })
    })
  }

  it('names custom routes first, then instances, ENIs, groups and vSwitches: the order they must go', () => {
    const full: VpcContents = { instances: 1, networkInterfaces: 1, securityGroups: 1, vSwitches: 1, customRouteEntries: 0 }
    assert.throws(() => assertVpcDeletable(vpc(), { ...full, customRouteEntries: 1 }), { code: 'DependencyViolation.RouteEntry' })
    assert.throws(() => assertVpcDeletable(vpc(), full), { code: 'DependencyViolation.Instance' })
    assert.throws(() => assertVpcDeletable(vpc(), { ...full, instances: 0 }), { code: 'DependencyViolation.NetworkInterface' })
    assert.throws(() => assertVpcDeletable(vpc(), { ...full, instances: 0, networkInterfaces: 0 }), { code: 'DependencyViolation.SecurityGroup' })
  })
})
