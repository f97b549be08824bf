import type { Eip } from '../../../../src/domain/eip/eip.js'

/** An Available pay-as-you-go EIP of 5 Mbit/s, unbound; override what a test is about. */
export function eip(overrides: Partial<Eip> = {}): Eip {
  return {
    id: 'eip-1',
    accountId: '1000000000000001',
    regionId: 'cn-hangzhou',
    ipAddress: '203.0.113.10',
    name: '',
    description: '',
    status: 'Available',
    bandwidth: 5,
    internetChargeType: 'PayByBandwidth',
    instanceChargeType: 'PostPaid',
    subscription: null,
    isp: 'BGP',
    zoneId: null,
    resourceGroupId: '',
    binding: null,
    createdAt: '2026-11-23T10:00:00.000Z',
    tags: [],
    ...overrides,
  }
}
