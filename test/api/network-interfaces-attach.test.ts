import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { acknowledgeHost } from '../../src/service/hosts.js'
import { DIALECTS, Ecs, REGION, sdkError, startServer, stopPostgres, ZONE_A, ZONE_B, type EcsClient, type TestServer } from '../support/server.js'
import {
  addressesOf,
  attach,
  availableIps,
  createEni,
  describeEni,
  detach,
  mustDescribeEni,
  Network,
  refused,
  runInstance,
} from '../support/network.js'

after(stopPostgres)

const attachCall = (ecs: EcsClient, networkInterfaceId: string, instanceId: string) => () => attach(ecs, networkInterfaceId, instanceId)
const detachCall = (ecs: EcsClient, networkInterfaceId: string, instanceId: string) => () => detach(ecs, networkInterfaceId, instanceId)

async function deviceIndexes(ecs: EcsClient, instanceId: string): Promise<Map<string, number>> {
  const { body } = await ecs.describeNetworkInterfaces(new Ecs.DescribeNetworkInterfacesRequest({ regionId: REGION, instanceId, maxResults: 100 }))
  return new Map((body?.networkInterfaceSets?.networkInterfaceSet ?? []).map((e) => [e.networkInterfaceId ?? '', e.attachment?.deviceIndex ?? -1]))
}

for (const dialect of DIALECTS) {
  describe(`AttachNetworkInterface / DetachNetworkInterface (${dialect})`, () => {
    let server: TestServer
    let net: Network
    before(async () => {
      server = await startServer({ dialect })
      net = await Network.create(server.account)
    })
    after(() => server.close())

    /** A vSwitch, a group, an ecs.g7.large instance on them and its primary ENI. */
    async function setup() {
      const vsw = await net.vSwitch()
      const sg = await net.securityGroup()
      const instanceId = await runInstance(net.ecs, { vSwitchId: vsw.id, securityGroupId: sg })
      const [primaryId] = [...(await deviceIndexes(net.ecs, instanceId)).keys()]
      assert.ok(primaryId)
      return { vsw, sg, instanceId, primaryId, eni: (fields = {}) => createEni(net.ecs, { vSwitchId: vsw.id, securityGroupId: sg, ...fields }) }
    }

    it("shows the instance's primary ENI InUse at device index 0 with the type's primary queue count", async () => {
      const { instanceId, primaryId, vsw } = await setup()
      const primary = await mustDescribeEni(net.ecs, primaryId)
      assert.equal(primary.type, 'Primary')
      assert.equal(primary.status, 'InUse')
      assert.equal(primary.instanceId, instanceId)
      assert.equal(primary.attachment?.deviceIndex, 0)
      assert.equal(primary.queueNumber, 2)
      assert.equal(primary.deleteOnRelease, true)
      assert.equal(primary.vSwitchId, vsw.id)
    })

    it('attaches an Available ENI: InUse on the lowest free device index, with the default queue count, keeping its addresses', async () => {
      const { instanceId, eni } = await setup()
      const id = await eni({ secondaryPrivateIpAddressCount: 2 })
      const before = await mustDescribeEni(net.ecs, id)
      await attach(net.ecs, id, instanceId)
      const after = await mustDescribeEni(net.ecs, id)
      assert.equal(after.status, 'InUse')
      assert.equal(after.instanceId, instanceId)
      assert.equal(after.attachment?.instanceId, instanceId)
      assert.equal(after.attachment?.deviceIndex, 1)
      assert.equal(after.queueNumber, 2, "an unset QueueNumber shows the type's SecondaryEniQueueNumber once attached")
      assert.deepEqual(addressesOf(after), addressesOf(before))
      assert.equal(after.macAddress, before.macAddress)

      const { body } = await net.ecs.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION, instanceIds: JSON.stringify([instanceId]) }))
      const listed = body?.instances?.instance?.[0]?.networkInterfaces?.networkInterface?.map((n) => n.networkInterfaceId)
      assert.ok(listed?.includes(id))
    })

    it('reuses a freed device slot', async () => {
      const { instanceId, eni } = await setup()
      const [a, b, c] = [await eni(), await eni(), await eni()]
      await attach(net.ecs, a, instanceId)
      await attach(net.ecs, b, instanceId)
      await detach(net.ecs, a, instanceId)
      await attach(net.ecs, c, instanceId)
      const indexes = await deviceIndexes(net.ecs, instanceId)
      assert.equal(indexes.get(c), 1)
      assert.equal(indexes.get(b), 2)
      assert.equal(indexes.has(a), false)
    })

    it('detaches: Available again with its addresses, MAC and groups, and the instance cleared', async () => {
      const { instanceId, eni, sg } = await setup()
      const id = await eni({ secondaryPrivateIpAddressCount: 1 })
      const before = await mustDescribeEni(net.ecs, id)
      await attach(net.ecs, id, instanceId)
      await detach(net.ecs, id, instanceId)
      const after = await mustDescribeEni(net.ecs, id)
      assert.equal(after.status, 'Available')
      assert.equal(after.instanceId, '')
      assert.equal(after.attachment, undefined)
      assert.equal(after.queueNumber, undefined)
      assert.deepEqual(addressesOf(after), addressesOf(before))
      assert.equal(after.macAddress, before.macAddress)
      assert.deepEqual(after.securityGroupIds?.securityGroupId, [sg])
    })

    it('attaches to a Stopped instance', async () => {
      const { instanceId, eni } = await setup()
      await net.ecs.stopInstance(new Ecs.StopInstanceRequest({ instanceId }))
      const id = await eni()
      await attach(net.ecs, id, instanceId)
      assert.equal((await mustDescribeEni(net.ecs, id)).status, 'InUse')
      await detach(net.ecs, id, instanceId)
      assert.equal((await mustDescribeEni(net.ecs, id)).status, 'Available')
    })

    it("holds the type's EniQuantity (primary counted) with EniPerInstanceLimitExceeded", async () => {
      const { instanceId, eni, vsw } = await setup()
      await attach(net.ecs, await eni(), instanceId)
      await attach(net.ecs, await eni(), instanceId)
      const third = await eni()
      await refused(net, vsw.id, attachCall(net.ecs, third, instanceId), 'EniPerInstanceLimitExceeded', 403)
    })

    it('holds EniQuantity exactly when many attaches race', async () => {
      const { instanceId, eni } = await setup()
      const ids = []
      for (let i = 0; i < 12; i++) ids.push(await eni())
      const outcomes = await Promise.all(ids.map((id) => attach(net.ecs, id, instanceId).then(() => 'ok', (err: { code: string }) => err.code)))
      assert.equal(outcomes.filter((o) => o === 'ok').length, 2, outcomes.join(','))
      assert.ok(outcomes.every((o) => o === 'ok' || o === 'EniPerInstanceLimitExceeded'), outcomes.join(','))
      assert.deepEqual([...(await deviceIndexes(net.ecs, instanceId)).values()].sort(), [0, 1, 2])
    })

    it('refuses a primary ENI, an ENI already attached, and unknown ENIs or instances', async () => {
      const { instanceId, primaryId, eni, vsw } = await setup()
      const other = await runInstance(net.ecs, { vSwitchId: vsw.id, securityGroupId: (await mustDescribeEni(net.ecs, primaryId)).securityGroupIds?.securityGroupId?.[0] ?? '' })
      await refused(net, vsw.id, attachCall(net.ecs, primaryId, other), 'InvalidOperation.InvalidEniType', 403)
      const id = await eni()
      await attach(net.ecs, id, instanceId)
      await refused(net, vsw.id, attachCall(net.ecs, id, other), 'InvalidOperation.InvalidEniState', 400)
      await refused(net, vsw.id, attachCall(net.ecs, id, instanceId), 'InvalidOperation.InvalidEniState', 400)
      const free = await eni()
      await refused(net, vsw.id, attachCall(net.ecs, free, 'i-doesnotexist'), 'InvalidEcsId.NotFound', 404)
      await refused(net, vsw.id, attachCall(net.ecs, 'eni-doesnotexist', instanceId), 'InvalidEniId.NotFound', 404)
      await refused(
        net,
        vsw.id,
        () => net.ecs.attachNetworkInterface(new Ecs.AttachNetworkInterfaceRequest({ regionId: REGION, networkInterfaceId: free })),
        'MissingParameter',
        400,
      )
      await refused(
        net,
        vsw.id,
        () => net.ecs.attachNetworkInterface(new Ecs.AttachNetworkInterfaceRequest({ regionId: REGION, instanceId })),
        'MissingParameter',
        400,
      )
    })

    it('refuses an ENI of another VPC or another zone, and lets a regional vSwitch attach in any zone', async () => {
      const { instanceId, sg, vsw } = await setup()
      const otherNet = await Network.create(server.account, '198.20')
      const otherVsw = await otherNet.vSwitch()
      const foreign = await createEni(net.ecs, { vSwitchId: otherVsw.id, securityGroupId: await otherNet.securityGroup() })
      await refused(net, vsw.id, attachCall(net.ecs, foreign, instanceId), 'InvalidOperation.VpcMismatch', 403)
      const zoneB = await net.vSwitch({ zoneId: ZONE_B })
      const inB = await createEni(net.ecs, { vSwitchId: zoneB.id, securityGroupId: sg })
      await refused(net, vsw.id, attachCall(net.ecs, inB, instanceId), 'InvalidOperation.AvailabilityZoneMismatch', 403)
      const regional = await net.vSwitch({ zoneId: null })
      const spanning = await createEni(net.ecs, { vSwitchId: regional.id, securityGroupId: sg })
      assert.equal((await mustDescribeEni(net.ecs, spanning)).zoneId, '')
      await attach(net.ecs, spanning, instanceId)
      assert.equal((await mustDescribeEni(net.ecs, spanning)).status, 'InUse')
    })

    it("refuses an ENI with more addresses than the type's EniPrivateIpAddressQuantity, or more queues than one ENI may have", async () => {
      const { instanceId, eni, vsw } = await setup()
      const crowded = await eni({ secondaryPrivateIpAddressCount: 6 })
      await refused(net, vsw.id, attachCall(net.ecs, crowded, instanceId), 'InvalidOperation.Ipv4CountExceeded', 403)
      const busy = await eni({ queueNumber: 3 })
      await refused(net, vsw.id, attachCall(net.ecs, busy, instanceId), 'InvalidOperation.MaxEniQueueNumberExceeded', 403)
      await attach(net.ecs, await eni({ secondaryPrivateIpAddressCount: 5, queueNumber: 2 }), instanceId)
    })

    it('refuses an instance that is not I/O optimized', async () => {
      const { vsw, sg, eni } = await setup()
      const legacy = await runInstance(net.ecs, { vSwitchId: vsw.id, securityGroupId: sg, instanceType: 'ecs.t6-c1m1.large', ioOptimized: 'none' })
      await refused(net, vsw.id, attachCall(net.ecs, await eni(), legacy), 'InvalidInstanceType.ElasticNetworkInterfaceNotSupported', 400)
    })

    it('refuses to detach a primary ENI, an unattached ENI, or from the wrong instance', async () => {
      const { instanceId, primaryId, eni, vsw, sg } = await setup()
      await refused(net, vsw.id, detachCall(net.ecs, primaryId, instanceId), 'InvalidOperation.DetachPrimaryEniNotAllowed', 400)
      const free = await eni()
      await refused(net, vsw.id, detachCall(net.ecs, free, instanceId), 'InvalidOperation.InvalidEniState', 400)
      const id = await eni()
      await attach(net.ecs, id, instanceId)
      const other = await runInstance(net.ecs, { vSwitchId: vsw.id, securityGroupId: sg })
      await refused(net, vsw.id, detachCall(net.ecs, id, other), 'InvalidParameter.EniNotBelongEcs', 400)
      await refused(net, vsw.id, detachCall(net.ecs, id, 'i-doesnotexist'), 'InvalidParameter.EniNotBelongEcs', 400)
      await refused(net, vsw.id, detachCall(net.ecs, 'eni-doesnotexist', instanceId), 'InvalidEniId.NotFound', 404)
    })

    it("treats another account's ENIs and instances as nonexistent", async () => {
      const { instanceId, eni, vsw } = await setup()
      const other = await server.addAccount(`attach-${dialect}`)
      const theirs = await Network.create(other)
      const theirVsw = await theirs.vSwitch()
      const theirSg = await theirs.securityGroup()
      const theirEni = await createEni(other.ecs, { vSwitchId: theirVsw.id, securityGroupId: theirSg })
      const theirInstance = await runInstance(other.ecs, { vSwitchId: theirVsw.id, securityGroupId: theirSg })
      await refused(net, vsw.id, attachCall(net.ecs, theirEni, instanceId), 'InvalidEniId.NotFound', 404)
      await refused(net, vsw.id, attachCall(net.ecs, await eni(), theirInstance), 'InvalidEcsId.NotFound', 404)
      const mine = await eni()
      await attach(net.ecs, mine, instanceId)
      const err = await sdkError(detach(other.ecs, mine, instanceId))
      assert.equal(err.code, 'InvalidEniId.NotFound')
      assert.equal((await mustDescribeEni(net.ecs, mine)).status, 'InUse')
      assert.equal((await describeEni(other.ecs, theirEni))?.status, 'Available')
    })

    it('DeleteInstance deletes the primary ENI and DeleteOnRelease secondaries, and leaves the others Available with everything they had', async () => {
      const { vsw, sg } = await setup()
      const free0 = await availableIps(net.vpc, vsw.id)
      const instanceId = await runInstance(net.ecs, {
        vSwitchId: vsw.id,
        securityGroupId: sg,
        instanceType: 'ecs.g7.xlarge',
        networkInterface: [new Ecs.RunInstancesRequestNetworkInterface({ instanceType: 'Secondary', vSwitchId: vsw.id, securityGroupId: sg })],
      })
      const keep = await createEni(net.ecs, { vSwitchId: vsw.id, securityGroupId: sg, secondaryPrivateIpAddressCount: 1 })
      const drop = await createEni(net.ecs, { vSwitchId: vsw.id, securityGroupId: sg, deleteOnRelease: true })
      await attach(net.ecs, keep, instanceId)
      await attach(net.ecs, drop, instanceId)
      const attached = await deviceIndexes(net.ecs, instanceId)
      assert.equal(attached.size, 4)
      const kept = await mustDescribeEni(net.ecs, keep)
      await net.ecs.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId, force: true }))
      for (const [id] of attached) {
        if (id !== keep) assert.equal(await describeEni(net.ecs, id), undefined, `${id} goes with the instance`)
      }
      const after = await mustDescribeEni(net.ecs, keep)
      assert.equal(after.status, 'Available')
      assert.equal(after.instanceId, '')
      assert.deepEqual(addressesOf(after), addressesOf(kept))
      assert.equal(after.macAddress, kept.macAddress)
      assert.deepEqual(after.securityGroupIds?.securityGroupId, [sg])
      assert.equal(await availableIps(net.vpc, vsw.id), free0 - 2, 'only the kept ENI still holds addresses')
    })
  })

  describe(`AttachNetworkInterface with instance-type limits from the config (${dialect})`, () => {
    let server: TestServer
    let net: Network
    before(async () => {
      server = await startServer({
        dialect,
        config: {
          instanceTypes: {
            types: [
              { instanceTypeId: 'ecs.g7.large', maximumQueueNumberPerEni: 4, totalEniQueueQuantity: 6 },
              { instanceTypeId: 'ecs.c7.large', hotPlug: false },
            ],
          },
        },
      })
      net = await Network.create(server.account)
    })
    after(() => server.close())

    it("refuses an ENI whose queues would push the instance past TotalEniQueueQuantity", async () => {
      const vsw = await net.vSwitch()
      const sg = await net.securityGroup()
      const instanceId = await runInstance(net.ecs, { vSwitchId: vsw.id, securityGroupId: sg })
      await attach(net.ecs, await createEni(net.ecs, { vSwitchId: vsw.id, securityGroupId: sg, queueNumber: 4 }), instanceId)
      const one = await createEni(net.ecs, { vSwitchId: vsw.id, securityGroupId: sg })
      await refused(net, vsw.id, attachCall(net.ecs, one, instanceId), 'InvalidOperation.ExceedInstanceTypeQueueNumber', 403)
    })

    it('changes ENIs of a type without hot-plug only while the instance is Stopped', async () => {
      const vsw = await net.vSwitch()
      const sg = await net.securityGroup()
      const instanceId = await runInstance(net.ecs, { vSwitchId: vsw.id, securityGroupId: sg, instanceType: 'ecs.c7.large' })
      const id = await createEni(net.ecs, { vSwitchId: vsw.id, securityGroupId: sg })
      await refused(net, vsw.id, attachCall(net.ecs, id, instanceId), 'InvalidOperation.HotPlugNotSupport', 403)
      await net.ecs.stopInstance(new Ecs.StopInstanceRequest({ instanceId }))
      await attach(net.ecs, id, instanceId)
      await net.ecs.startInstance(new Ecs.StartInstanceRequest({ instanceId }))
      await refused(net, vsw.id, detachCall(net.ecs, id, instanceId), 'InvalidOperation.HotPlugNotSupport', 403)
    })
  })

  describe(`ENI statuses in transit while a host confirms (${dialect})`, () => {
    const HOST = 'host-test-a'
    let server: TestServer
    let net: Network
    before(async () => {
      server = await startServer({ dialect, dataplane: 'agents' })
      const now = new Date().toISOString()
      // Stands in for an agent that registered a moment ago: live, so instances are placed on it.
      await server.deps.store.db
        .insertInto('hosts')
        .values({ id: HOST, region_id: REGION, zone_id: ZONE_A, dataplane: 'linux', created_at: now, last_seen_at: now })
        .execute()
      net = await Network.create(server.account)
    })
    after(() => server.close())

    it('goes Attaching → InUse → Detaching → Available as the host confirms, refusing other changes meanwhile', async () => {
      const vsw = await net.vSwitch()
      const sg = await net.securityGroup()
      const instanceId = await runInstance(net.ecs, { vSwitchId: vsw.id, securityGroupId: sg })
      const id = await createEni(net.ecs, { vSwitchId: vsw.id, securityGroupId: sg })
      await refused(net, vsw.id, attachCall(net.ecs, id, instanceId), 'InvalidOperation.InvalidEcsState', 400)
      await acknowledgeHost(server.deps, HOST)

      await attach(net.ecs, id, instanceId)
      assert.equal((await mustDescribeEni(net.ecs, id)).status, 'Attaching')
      const inTransit = [
        attachCall(net.ecs, id, instanceId),
        detachCall(net.ecs, id, instanceId),
        () => net.ecs.deleteNetworkInterface(new Ecs.DeleteNetworkInterfaceRequest({ regionId: REGION, networkInterfaceId: id })),
        () =>
          net.ecs.modifyNetworkInterfaceAttribute(
            new Ecs.ModifyNetworkInterfaceAttributeRequest({ regionId: REGION, networkInterfaceId: id, networkInterfaceName: 'renamed' }),
          ),
        () =>
          net.ecs.assignPrivateIpAddresses(
            new Ecs.AssignPrivateIpAddressesRequest({ regionId: REGION, networkInterfaceId: id, secondaryPrivateIpAddressCount: 1 }),
          ),
      ]
      for (const call of inTransit) await refused(net, vsw.id, call, 'InvalidOperation.InvalidEniState', 400)

      await acknowledgeHost(server.deps, HOST)
      assert.equal((await mustDescribeEni(net.ecs, id)).status, 'InUse')
      await detach(net.ecs, id, instanceId)
      assert.equal((await mustDescribeEni(net.ecs, id)).status, 'Detaching')
      await detach(net.ecs, id, instanceId)
      assert.equal((await mustDescribeEni(net.ecs, id)).status, 'Detaching', 'a repeated detach is accepted')
      for (const call of inTransit.slice(2)) await refused(net, vsw.id, call, 'InvalidOperation.InvalidEniState', 400)
      await refused(net, vsw.id, attachCall(net.ecs, id, instanceId), 'InvalidOperation.InvalidEniState', 400)

      await acknowledgeHost(server.deps, HOST)
      const after = await mustDescribeEni(net.ecs, id)
      assert.equal(after.status, 'Available')
      assert.equal(after.instanceId, '')
    })

    it("refuses to detach, or to change the primary ENI's addresses, while the instance is stopping", async () => {
      const vsw = await net.vSwitch()
      const sg = await net.securityGroup()
      const instanceId = await runInstance(net.ecs, { vSwitchId: vsw.id, securityGroupId: sg })
      await acknowledgeHost(server.deps, HOST)
      const id = await createEni(net.ecs, { vSwitchId: vsw.id, securityGroupId: sg })
      await attach(net.ecs, id, instanceId)
      await acknowledgeHost(server.deps, HOST)
      await net.ecs.stopInstance(new Ecs.StopInstanceRequest({ instanceId }))
      await refused(net, vsw.id, detachCall(net.ecs, id, instanceId), 'InvalidOperation.InvalidEcsState', 400)
      const { body } = await net.ecs.describeNetworkInterfaces(
        new Ecs.DescribeNetworkInterfacesRequest({ regionId: REGION, instanceId, type: 'Primary' }),
      )
      const primary = body?.networkInterfaceSets?.networkInterfaceSet?.[0]?.networkInterfaceId ?? ''
      const assignToPrimary = () =>
        net.ecs.assignPrivateIpAddresses(
          new Ecs.AssignPrivateIpAddressesRequest({ regionId: REGION, networkInterfaceId: primary, secondaryPrivateIpAddressCount: 1 }),
        )
      await refused(net, vsw.id, assignToPrimary, 'InvalidOperation.InvalidEcsState', 400)
      await acknowledgeHost(server.deps, HOST)
      await assignToPrimary()
      await detach(net.ecs, id, instanceId)
    })
  })
}
