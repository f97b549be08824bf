import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { attach, createEni, Network, runInstance } from '../support/network.js'
import { DIALECTS, Ecs, REGION, sdkError, startServer, stopPostgres, Vpc, ZONE_A, type TestAccount, type TestServer } from '../support/server.js'

after(stopPostgres)

interface Owned {
  vpcId: string
  vSwitchId: string
  securityGroupId: string
  instanceId: string
  eniId: string
  attachedEniId: string
}

async function provision(account: TestAccount): Promise<Owned> {
  const network = await Network.create(account)
  const vSwitchId = (await network.vSwitch()).id
  const securityGroupId = await network.securityGroup()
  const instanceId = await runInstance(account.ecs, { vSwitchId, securityGroupId })
  const eniId = await createEni(account.ecs, { vSwitchId, securityGroupId })
  const attachedEniId = await createEni(account.ecs, { vSwitchId, securityGroupId })
  await attach(account.ecs, attachedEniId, instanceId)
  return { vpcId: network.vpcId, vSwitchId, securityGroupId, instanceId, eniId, attachedEniId }
}

/** What account A can see of its own resources, to prove B's attempts changed nothing. */
async function snapshot(account: TestAccount): Promise<string> {
  const { ecs, vpc } = account
  const enis = await ecs.describeNetworkInterfaces(new Ecs.DescribeNetworkInterfacesRequest({ regionId: REGION, maxResults: 100 }))
  const instances = await ecs.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION }))
  const groups = await ecs.describeSecurityGroups(new Ecs.DescribeSecurityGroupsRequest({ regionId: REGION }))
  const vpcs = await vpc.describeVpcs(new Vpc.DescribeVpcsRequest({ regionId: REGION }))
  const vSwitches = await vpc.describeVSwitches(new Vpc.DescribeVSwitchesRequest({ regionId: REGION }))
  return JSON.stringify([enis.body?.networkInterfaceSets, instances.body?.instances, groups.body?.securityGroups, vpcs.body?.vpcs, vSwitches.body?.vSwitches])
}

for (const dialect of DIALECTS) {
  describe(`tenancy (${dialect})`, () => {
    let server: TestServer
    let a: TestAccount
    let b: TestAccount
    let owned: Owned
    let mine: Owned
    before(async () => {
      server = await startServer({ dialect })
      a = server.account
      b = await server.addAccount('intruder')
      owned = await provision(a)
      // B's own network may use the very same CIDRs: address spaces are per VPC, not global.
      mine = await provision(b)
    })
    after(() => server.close())

    it("treats another account's resources as nonexistent in every action", async () => {
      const before = await snapshot(a)
      const { ecs, vpc } = b
      const o = owned
      const refusals: Array<[string, () => Promise<unknown>]> = [
        ['InvalidVpcId.NotFound', () => vpc.deleteVpc(new Vpc.DeleteVpcRequest({ regionId: REGION, vpcId: o.vpcId }))],
        ['InvalidVpcId.NotFound', () => vpc.createVSwitch(new Vpc.CreateVSwitchRequest({ regionId: REGION, vpcId: o.vpcId, zoneId: ZONE_A, cidrBlock: '198.18.9.0/24' }))],
        ['InvalidVSwitchId.NotFound', () => vpc.deleteVSwitch(new Vpc.DeleteVSwitchRequest({ regionId: REGION, vSwitchId: o.vSwitchId }))],
        ['InvalidVpcId.NotFound', () => ecs.createSecurityGroup(new Ecs.CreateSecurityGroupRequest({ regionId: REGION, vpcId: o.vpcId }))],
        ['InvalidSecurityGroupId.NotFound', () => ecs.deleteSecurityGroup(new Ecs.DeleteSecurityGroupRequest({ regionId: REGION, securityGroupId: o.securityGroupId }))],
        ['InvalidSecurityGroupId.NotFound', () => ecs.describeSecurityGroupAttribute(new Ecs.DescribeSecurityGroupAttributeRequest({ regionId: REGION, securityGroupId: o.securityGroupId }))],
        ['InvalidSecurityGroupId.NotFound', () => ecs.joinSecurityGroup(new Ecs.JoinSecurityGroupRequest({ regionId: REGION, securityGroupId: o.securityGroupId, networkInterfaceId: mine.eniId }))],
        ['InvalidEniId.NotFound', () => ecs.joinSecurityGroup(new Ecs.JoinSecurityGroupRequest({ regionId: REGION, securityGroupId: mine.securityGroupId, networkInterfaceId: o.eniId }))],
        ['InvalidInstanceId.NotFound', () => ecs.leaveSecurityGroup(new Ecs.LeaveSecurityGroupRequest({ regionId: REGION, securityGroupId: o.securityGroupId, instanceId: o.instanceId }))],
        ['InvalidVSwitchId.NotFound', () => ecs.runInstances(new Ecs.RunInstancesRequest({ regionId: REGION, instanceType: 'ecs.g7.large', imageId: 'debian', vSwitchId: o.vSwitchId, securityGroupId: mine.securityGroupId }))],
        ['InvalidInstanceId.NotFound', () => ecs.stopInstance(new Ecs.StopInstanceRequest({ instanceId: o.instanceId }))],
        ['InvalidInstanceId.NotFound', () => ecs.startInstance(new Ecs.StartInstanceRequest({ instanceId: o.instanceId }))],
        ['InvalidInstanceId.NotFound', () => ecs.rebootInstance(new Ecs.RebootInstanceRequest({ instanceId: o.instanceId }))],
        ['InvalidInstanceId.NotFound', () => ecs.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: o.instanceId, force: true }))],
        ['InvalidVSwitchId.NotFound', () => ecs.createNetworkInterface(new Ecs.CreateNetworkInterfaceRequest({ regionId: REGION, vSwitchId: o.vSwitchId, securityGroupId: mine.securityGroupId }))],
        ['InvalidSecurityGroupId.NotFound', () => ecs.createNetworkInterface(new Ecs.CreateNetworkInterfaceRequest({ regionId: REGION, vSwitchId: mine.vSwitchId, securityGroupId: o.securityGroupId }))],
        ['InvalidEcsId.NotFound', () => ecs.attachNetworkInterface(new Ecs.AttachNetworkInterfaceRequest({ regionId: REGION, networkInterfaceId: mine.eniId, instanceId: o.instanceId }))],
        ['InvalidEniId.NotFound', () => ecs.attachNetworkInterface(new Ecs.AttachNetworkInterfaceRequest({ regionId: REGION, networkInterfaceId: o.eniId, instanceId: mine.instanceId }))],
        ['InvalidEniId.NotFound', () => ecs.detachNetworkInterface(new Ecs.DetachNetworkInterfaceRequest({ regionId: REGION, networkInterfaceId: o.attachedEniId, instanceId: o.instanceId }))],
        ['InvalidEniId.NotFound', () => ecs.deleteNetworkInterface(new Ecs.DeleteNetworkInterfaceRequest({ regionId: REGION, networkInterfaceId: o.eniId }))],
        ['InvalidEniId.NotFound', () => ecs.modifyNetworkInterfaceAttribute(new Ecs.ModifyNetworkInterfaceAttributeRequest({ regionId: REGION, networkInterfaceId: o.eniId, networkInterfaceName: 'stolen' }))],
        ['InvalidEniId.NotFound', () => ecs.assignPrivateIpAddresses(new Ecs.AssignPrivateIpAddressesRequest({ regionId: REGION, networkInterfaceId: o.eniId, secondaryPrivateIpAddressCount: 1 }))],
        ['InvalidEniId.NotFound', () => ecs.unassignPrivateIpAddresses(new Ecs.UnassignPrivateIpAddressesRequest({ regionId: REGION, networkInterfaceId: o.eniId, privateIpAddress: ['198.18.0.9'] }))],
        ['InvalidEniId.NotFound', () => ecs.describeNetworkInterfaceAttribute(new Ecs.DescribeNetworkInterfaceAttributeRequest({ regionId: REGION, networkInterfaceId: o.eniId }))],
      ]
      for (const [code, attempt] of refusals) {
        const err = await sdkError(attempt())
        assert.equal(err.code, code, err.message)
        assert.ok(err.statusCode === 404 || err.statusCode === 403, `${code}: ${err.statusCode}`)
      }
      assert.equal(await snapshot(a), before)
    })

    it("lists none of another account's resources, even when asked for them by ID", async () => {
      const { ecs, vpc } = b
      const o = owned
      const enis = await ecs.describeNetworkInterfaces(
        new Ecs.DescribeNetworkInterfacesRequest({ regionId: REGION, networkInterfaceId: [o.eniId, o.attachedEniId] }),
      )
      assert.deepEqual(enis.body?.networkInterfaceSets?.networkInterfaceSet, [])
      const byInstance = await ecs.describeNetworkInterfaces(new Ecs.DescribeNetworkInterfacesRequest({ regionId: REGION, instanceId: o.instanceId }))
      assert.deepEqual(byInstance.body?.networkInterfaceSets?.networkInterfaceSet, [])
      const instances = await ecs.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION, instanceIds: JSON.stringify([o.instanceId]) }))
      assert.deepEqual(instances.body?.instances?.instance, [])
      const groups = await ecs.describeSecurityGroups(new Ecs.DescribeSecurityGroupsRequest({ regionId: REGION, securityGroupId: o.securityGroupId }))
      assert.deepEqual(groups.body?.securityGroups?.securityGroup, [])
      const vpcs = await vpc.describeVpcs(new Vpc.DescribeVpcsRequest({ regionId: REGION, vpcId: o.vpcId }))
      assert.deepEqual(vpcs.body?.vpcs?.vpc, [])
      const vSwitches = await vpc.describeVSwitches(new Vpc.DescribeVSwitchesRequest({ regionId: REGION, vSwitchId: o.vSwitchId }))
      assert.deepEqual(vSwitches.body?.vSwitches?.vSwitch, [])
      // Its own listing shows exactly its own.
      const own = await ecs.describeNetworkInterfaces(new Ecs.DescribeNetworkInterfacesRequest({ regionId: REGION, maxResults: 100 }))
      const ids = (own.body?.networkInterfaceSets?.networkInterfaceSet ?? []).map((e) => e.networkInterfaceId).sort()
      const expected = [mine.eniId, mine.attachedEniId]
      for (const id of expected) assert.ok(ids.includes(id))
      assert.ok(!ids.includes(o.eniId))
    })
  })
}
