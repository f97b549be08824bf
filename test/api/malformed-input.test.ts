import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { ecsActions } from '../../src/api/aliyun/ecs/index.js'
import { vpcActions } from '../../src/api/aliyun/vpc/index.js'
import { signAcs3 } from '../../src/api/aliyun/signature.js'
import { createEni, Network, runInstance } from '../support/network.js'
import { routeTableOf } from '../support/routes.js'
import { DIALECTS, REGION, startServer, stopPostgres, Vpc, ZONE_A, type TestServer } from '../support/server.js'

after(stopPostgres)

/** Parameter names the actions read, so random requests reach deep into each handler. */
const NAMES = [
  'RegionId', 'ZoneId', 'VpcId', 'VSwitchId', 'InstanceId', 'NetworkInterfaceId', 'SecurityGroupId', 'CidrBlock',
  'CidrMask', 'UserCidr', 'VpcName', 'VSwitchName', 'Description', 'NetworkInterfaceName', 'SecurityGroupName',
  'SecurityGroupType', 'PrimaryIpAddress', 'PrivateIpAddress', 'PrivateIpAddress.1', 'PrivateIpAddress.2',
  'SecondaryPrivateIpAddressCount', 'SecurityGroupIds.1', 'SecurityGroupIds.2', 'SecurityGroupId.1', 'SecurityGroupIds',
  'NetworkInterfaceId.1', 'Tag.1.Key', 'Tag.1.Value', 'Tag.2.Value', 'QueueNumber', 'MaxResults', 'NextToken',
  'PageNumber', 'PageSize', 'Amount', 'MinAmount', 'InstanceType', 'InstanceTypes.1', 'ImageId', 'InstanceName',
  'HostName', 'IoOptimized', 'InstanceIds', 'PrivateIpAddresses', 'Status', 'Type', 'Force', 'DryRun', 'ClientToken',
  'DeleteOnRelease', 'NetworkInterface.1.InstanceType', 'NetworkInterface.1.VSwitchId', 'NetworkInterface.1.NetworkInterfaceId',
  'NetworkInterface.1.SecondaryPrivateIpAddressCount', 'NetworkInterface.1.SecurityGroupIds.1', 'Filter.1.Key',
  'Filter.1.Value', 'MinimumEniQuantity', 'MinimumMemorySize', 'VpcId.1', 'IsDefault', 'AcceptLanguage', 'Verbose',
  'InnerAccessPolicy', 'Direction', 'InstanceTypeFamily', 'UniqueSuffix', 'DeletionProtection',
  // Route tables.
  'RouteTableId', 'DestinationCidrBlock', 'NextHopType', 'NextHopId', 'NextHopList.1.NextHopType',
  'NextHopList.1.NextHopId', 'NextHopList.2.NextHopType', 'RouteEntryId', 'RouteEntryName', 'RouteEntryType',
  'DestCidrBlockList.1', 'IpVersion', 'MaxResult', 'ServiceType', 'RouterId', 'RouterType', 'RouteTableName',
  'RouteTableType', 'ResourceGroupId',
  // Security group rules.
  'Permissions.1.IpProtocol', 'Permissions.1.PortRange', 'Permissions.1.SourceCidrIp', 'Permissions.1.DestCidrIp',
  'Permissions.1.SourceGroupId', 'Permissions.1.DestGroupId', 'Permissions.1.Policy', 'Permissions.1.Priority',
  'Permissions.1.NicType', 'Permissions.1.Description', 'Permissions.1.SourceGroupOwnerId', 'Permissions.2.IpProtocol',
  'Permissions.2.PortRange', 'Permissions.2.SourceCidrIp', 'IpProtocol', 'PortRange', 'SourceCidrIp', 'DestCidrIp',
  'SourceGroupId', 'DestGroupId', 'Policy', 'Priority', 'NicType', 'SourcePortRange', 'SecurityGroupRuleId.1',
  'SecurityGroupRuleId.2',
  // Elastic IP addresses.
  'AllocationId', 'Bandwidth', 'InternetChargeType', 'InstanceChargeType', 'PricingCycle', 'Period', 'ISP', 'Name',
  'IpAddress', 'Zone', 'Mode', 'EipAddress', 'EipAddresses', 'AssociatedInstanceType', 'AssociatedInstanceId', 'ChargeType',
  'LockReason', 'EipName', 'StartTime', 'EndTime', 'PublicIpAddressPoolId', 'Netmode',
]

interface Known {
  vpcId: string
  vSwitchId: string
  securityGroupId: string
  instanceId: string
  eniId: string
  routeTableId: string
  allocationId: string
}

function valueArbitrary(known: Known): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.constantFrom('', ' ', '-1', '0', '1', '3', '49', '2048', '99999999999999999999', '1e3', '1.5', 'NaN', 'true', 'false',
      'null', '[]', '{}', '["x"]', '[1,2]', '"', '%', '%zz', '\u0000', 'a'.repeat(300), 'http://x', 'cn-hangzhou', ZONE_A,
      '198.18.0.5', '198.18.0.0/16', '198.18.0.0/33', '10.0.0.0/8', '256.1.1.1', '::1', 'ecs.g7.large', 'Primary',
      'Secondary', 'Available', 'optimized', 'none', 'normal', 'enterprise', 'eni-', 'i-', 'sg-', 'vsw-', 'vpc-'),
    fc.constantFrom(known.vpcId, known.vSwitchId, known.securityGroupId, known.instanceId, known.eniId),
    fc.integer({ min: -(2 ** 40), max: 2 ** 40 }).map(String),
    // Route tables.
    fc.constantFrom(known.routeTableId, '100.64.0.0/10', '0.0.0.0/0', '198.18.0.5', 'pl-x', 'vtb-', 'rte-', 'Instance',
      'NetworkInterface', 'RouterInterface', 'HaVip', 'System', 'Custom', 'ipv4', 'ipv6', 'VRouter', 'VBR'),
    // Security group rules.
    fc.constantFrom('tcp', 'UDP', 'icmp', 'all', 'gre', '22/22', '-1/-1', '1/65535', '0/0', '80/70', 'accept', 'Drop',
      'intranet', 'internet', '100', '101', '0.0.0.0/0', '10.0.0.1/8', 'sgr-'),
    // Elastic IP addresses.
    fc.constantFrom(known.allocationId, '203.0.113.5', '2026-11-23T10:00:00Z', '2026-11-23T10:00Z', 'PayByTraffic', 'PrePaid',
      'NetworkInterface', 'EcsInstance', 'NAT', 'BINDED', 'Month', 'eip-'),
  )
}

for (const dialect of DIALECTS) {
  describe(`malformed input (${dialect})`, () => {
    let server: TestServer
    let known: Known
    before(async () => {
      server = await startServer({ dialect })
      const { ecs } = server.account
      const network = await Network.create(server.account)
      const vSwitchId = (await network.vSwitch()).id
      const securityGroupId = await network.securityGroup()
      const instanceId = await runInstance(ecs, { vSwitchId, securityGroupId })
      const eniId = await createEni(ecs, { vSwitchId, securityGroupId })
      const vpcId = network.vpcId
      const routeTableId = await routeTableOf(server.account.vpc, vpcId)
      const { body } = await server.account.vpc.allocateEipAddress(new Vpc.AllocateEipAddressRequest({ regionId: REGION }))
      known = { vpcId, vSwitchId, securityGroupId, instanceId, eniId, routeTableId, allocationId: body?.allocationId ?? '' }
    })
    after(() => server.close())

    const products = [
      ['2014-05-26', Object.keys(ecsActions)],
      ['2016-04-28', Object.keys(vpcActions)],
    ] as const
    for (const [version, actions] of products) {
      for (const action of actions) {
        it(`${action} answers random parameters with a 4xx or a success, never a 5xx`, async () => {
          // Mostly a valid region and valid IDs, so the random values reach past the first check.
          const valid = fc.record(
            {
              RegionId: fc.constant(REGION),
              VpcId: fc.constant(known.vpcId),
              VSwitchId: fc.constant(known.vSwitchId),
              SecurityGroupId: fc.constant(known.securityGroupId),
              InstanceId: fc.constant(known.instanceId),
              NetworkInterfaceId: fc.constant(known.eniId),
              RouteTableId: fc.constant(known.routeTableId),
              AllocationId: fc.constant(known.allocationId),
            },
            { requiredKeys: [] },
          )
          const params = fc
            .tuple(valid, fc.dictionary(fc.constantFrom(...NAMES), valueArbitrary(known), { maxKeys: 8 }))
            .map(([base, random]) => ({ ...base, ...random }))
          await fc.assert(
            fc.asyncProperty(params, async (query) => {
              const signed = signAcs3({
                method: 'POST',
                host: server.endpoint,
                path: '/',
                query,
                action,
                version,
                accessKeyId: server.account.accessKeyId,
                secret: server.account.accessKeySecret,
              })
              const response = await fetch(`http://${server.endpoint}${signed.url}`, { method: 'POST', headers: signed.headers })
              const body = (await response.json()) as { Code?: string; RequestId?: string }
              assert.ok(response.status < 500, `${action} ${JSON.stringify(query)} → ${response.status} ${JSON.stringify(body)}`)
              assert.ok(body.RequestId)
              if (response.status >= 400) assert.ok(body.Code)
            }),
            { numRuns: 60 },
          )
        })
      }
    }
  })
}
