import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readChanges } from '../../src/service/change-log.js'
import { eipBindingsFor } from '../../src/service/eips/bindings.js'
import { acknowledgeHost } from '../../src/service/hosts.js'
import { allocateEip, associateEip, describeEips, mustDescribeEip, refusedEip, releaseEip, unassociateEip } from '../support/eips.js'
import { addressesOf, attach, createEni, detach, mustDescribeEni, Network, runInstance, type EniSet } from '../support/network.js'
import { DIALECTS, Ecs, REGION, startServer, stopPostgres, Vpc, type TestServer } from '../support/server.js'

after(stopPostgres)

type AssociateFields = ConstructorParameters<typeof Vpc.AssociateEipAddressRequest>[0]
type UnassociateFields = ConstructorParameters<typeof Vpc.UnassociateEipAddressRequest>[0]

/** The EIP on each private address of an ENI, as DescribeNetworkInterfaces shows them. */
function publicIpsOf(eni: EniSet): Record<string, string> {
  return Object.fromEntries(
    (eni.privateIpSets?.privateIpSet ?? []).flatMap((ip) =>
      ip.associatedPublicIp?.publicIpAddress ? [[ip.privateIpAddress ?? '', ip.associatedPublicIp.publicIpAddress]] : [],
    ),
  )
}

for (const dialect of DIALECTS) {
  describe(`AssociateEipAddress / UnassociateEipAddress (${dialect})`, () => {
    let server: TestServer
    let net: Network
    before(async () => {
      server = await startServer({ dialect })
      net = await Network.create(server.account)
    })
    after(() => server.close())

    /** A vSwitch, a group, an instance with its primary ENI, and a detached ENI with two secondary addresses. */
    async function setup() {
      const vsw = await net.vSwitch()
      const sg = await net.securityGroup()
      const instanceId = await runInstance(net.ecs, { vSwitchId: vsw.id, securityGroupId: sg })
      const { body } = await net.ecs.describeNetworkInterfaces(new Ecs.DescribeNetworkInterfacesRequest({ regionId: REGION, instanceId, type: 'Primary' }))
      const primary = body?.networkInterfaceSets?.networkInterfaceSet?.[0]
      assert.ok(primary?.networkInterfaceId)
      const eniId = await createEni(net.ecs, { vSwitchId: vsw.id, securityGroupId: sg, secondaryPrivateIpAddressCount: 2 })
      const eniAddresses = addressesOf(await mustDescribeEni(net.ecs, eniId))
      return { vsw, sg, instanceId, primaryId: primary.networkInterfaceId, primaryIp: primary.privateIpAddress ?? '', eniId, eniAddresses }
    }
    const refusedIn = (vSwitchId: string, call: () => Promise<unknown>, code: string, status: number) => refusedEip(net, vSwitchId, call, code, status)
    const associateCall = (fields: AssociateFields) => () => associateEip(net.vpc, fields)
    const unassociateCall = (fields: UnassociateFields) => () => unassociateEip(net.vpc, fields)
    const instanceView = async (instanceId: string) => {
      const { body } = await net.ecs.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION, instanceIds: JSON.stringify([instanceId]) }))
      const instance = body?.instances?.instance?.[0]
      assert.ok(instance)
      return instance
    }

    it("associates an EIP with an instance: its primary ENI's primary address, shown by every view", async () => {
      const { instanceId, primaryId, primaryIp } = await setup()
      const { allocationId, ipAddress } = await allocateEip(net.vpc, { bandwidth: '12' })
      await associateEip(net.vpc, { allocationId, instanceId })
      const eip = await mustDescribeEip(net.vpc, allocationId)
      assert.equal(eip.status, 'InUse')
      assert.equal(eip.instanceId, instanceId)
      assert.equal(eip.instanceType, 'EcsInstance')
      assert.equal(eip.privateIpAddress, primaryIp)
      assert.equal(eip.mode, 'NAT')
      assert.equal(eip.vpcId, net.vpcId)
      assert.equal(eip.instanceRegionId, REGION)

      const instance = await instanceView(instanceId)
      assert.deepEqual(
        [instance.eipAddress?.allocationId, instance.eipAddress?.ipAddress, instance.eipAddress?.bandwidth, instance.eipAddress?.internetChargeType, instance.eipAddress?.isSupportUnassociate],
        [allocationId, ipAddress, 12, 'PayByBandwidth', true],
      )
      const primary = await mustDescribeEni(net.ecs, primaryId)
      assert.deepEqual([primary.associatedPublicIp?.allocationId, primary.associatedPublicIp?.publicIpAddress], [allocationId, ipAddress])
      assert.deepEqual(publicIpsOf(primary), { [primaryIp]: ipAddress })
      const attribute = await net.ecs.describeNetworkInterfaceAttribute(
        new Ecs.DescribeNetworkInterfaceAttributeRequest({ regionId: REGION, networkInterfaceId: primaryId }),
      )
      assert.equal(attribute.body?.associatedPublicIp?.publicIpAddress, ipAddress)
      assert.equal(attribute.body?.privateIpSets?.privateIpSet?.[0]?.associatedPublicIp?.allocationId, allocationId)

      const byEip = await net.ecs.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION, eipAddresses: JSON.stringify([ipAddress]) }))
      assert.deepEqual(byEip.body?.instances?.instance?.map((i) => i.instanceId), [instanceId])
      const byType = await describeEips(net.vpc, { associatedInstanceType: 'EcsInstance', associatedInstanceId: instanceId })
      assert.deepEqual(byType.items.map((e) => e.allocationId), [allocationId])
      assert.deepEqual((await describeEips(net.vpc, { associatedInstanceId: instanceId })).items.map((e) => e.allocationId), [allocationId])
      assert.deepEqual((await describeEips(net.vpc, { associatedInstanceType: 'NetworkInterface', associatedInstanceId: instanceId })).items, [])
      assert.deepEqual((await describeEips(net.vpc, { status: 'InUse', allocationId })).items.length, 1)
    })

    it('shows no EIP on an instance without one', async () => {
      const { instanceId } = await setup()
      const instance = await instanceView(instanceId)
      assert.deepEqual([instance.eipAddress?.allocationId, instance.eipAddress?.ipAddress], ['', ''])
    })

    it('gives each private address of an ENI its own EIP, the primary one by default', async () => {
      const { eniId, eniAddresses } = await setup()
      const [first, second, third] = [await allocateEip(net.vpc), await allocateEip(net.vpc), await allocateEip(net.vpc)]
      await associateEip(net.vpc, { allocationId: first.allocationId, instanceId: eniId, instanceType: 'NetworkInterface' })
      await associateEip(net.vpc, { allocationId: second.allocationId, instanceId: eniId, instanceType: 'NetworkInterface', privateIpAddress: eniAddresses[2], mode: 'NAT' })
      await associateEip(net.vpc, { allocationId: third.allocationId, instanceId: eniId, instanceType: 'NetworkInterface', privateIpAddress: eniAddresses[1] })
      const eni = await mustDescribeEni(net.ecs, eniId)
      assert.deepEqual(publicIpsOf(eni), { [eniAddresses[0]!]: first.ipAddress, [eniAddresses[1]!]: third.ipAddress, [eniAddresses[2]!]: second.ipAddress })
      assert.equal(eni.associatedPublicIp?.publicIpAddress, first.ipAddress, 'the ENI-level field is the EIP on the primary address')
      const shown = await mustDescribeEip(net.vpc, second.allocationId)
      assert.deepEqual([shown.status, shown.instanceId, shown.instanceType, shown.privateIpAddress], ['InUse', eniId, 'NetworkInterface', eniAddresses[2]])
      const bindings = await eipBindingsFor(server.deps.store.db, [eniId])
      assert.deepEqual(
        bindings.map((b) => [b.allocationId, b.privateIpAddress, b.status, b.bandwidthMbps, b.internetChargeType]).sort(),
        [
          [first.allocationId, eniAddresses[0], 'InUse', 5, 'PayByBandwidth'],
          [second.allocationId, eniAddresses[2], 'InUse', 5, 'PayByBandwidth'],
          [third.allocationId, eniAddresses[1], 'InUse', 5, 'PayByBandwidth'],
        ].sort(),
      )
      assert.deepEqual((await describeEips(net.vpc, { associatedInstanceType: 'NetworkInterface', associatedInstanceId: eniId })).totalCount, 3)
    })

    it('holds one EIP per instance and per private address with InvalidAssociation.Duplicated', async () => {
      const { vsw, instanceId, primaryId, primaryIp, eniId } = await setup()
      const [a, b] = [await allocateEip(net.vpc), await allocateEip(net.vpc)]
      await associateEip(net.vpc, { allocationId: a.allocationId, instanceId })
      await refusedIn(vsw.id, associateCall({ allocationId: b.allocationId, instanceId }), 'InvalidAssociation.Duplicated', 400)
      await refusedIn(
        vsw.id,
        associateCall({ allocationId: b.allocationId, instanceId: primaryId, instanceType: 'NetworkInterface', privateIpAddress: primaryIp }),
        'InvalidAssociation.Duplicated',
        400,
      )
      await associateEip(net.vpc, { allocationId: b.allocationId, instanceId: eniId, instanceType: 'NetworkInterface' })
      const c = await allocateEip(net.vpc)
      await refusedIn(vsw.id, associateCall({ allocationId: c.allocationId, instanceId: eniId, instanceType: 'NetworkInterface' }), 'InvalidAssociation.Duplicated', 400)
    })

    it("refuses what cannot be associated with the reference's codes, changing nothing", async () => {
      const { vsw, instanceId, eniId, eniAddresses } = await setup()
      const free = await allocateEip(net.vpc)
      const bound = await allocateEip(net.vpc)
      await associateEip(net.vpc, { allocationId: bound.allocationId, instanceId })
      const cases: Array<[AssociateFields, string, number]> = [
        [{ allocationId: bound.allocationId, instanceId: eniId, instanceType: 'NetworkInterface' }, 'IncorrectEipStatus', 400],
        [{ allocationId: 'eip-doesnotexist', instanceId }, 'InvalidAllocationId.NotFound', 404],
        [{ allocationId: free.allocationId, instanceId: 'i-doesnotexist' }, 'InvalidInstanId.NotFound', 404],
        [{ allocationId: free.allocationId, instanceId: 'eni-doesnotexist', instanceType: 'NetworkInterface' }, 'InvalidInstanId.NotFound', 404],
        [{ allocationId: free.allocationId, instanceId: eniId }, 'InvalidInstanId.NotFound', 404],
        [{ allocationId: free.allocationId, instanceId: 'ngw-1', instanceType: 'Nat' }, 'InvalidInstanceType.ValueNotSupported', 400],
        [{ allocationId: free.allocationId, instanceId, instanceType: 'Router' }, 'InvalidInstanceType.ValueNotSupported', 400],
        [{ allocationId: free.allocationId, instanceId: eniId, instanceType: 'NetworkInterface', mode: 'BINDED' }, 'Mode.NotSupport', 400],
        [{ allocationId: free.allocationId, instanceId: eniId, instanceType: 'NetworkInterface', mode: 'MULTI_BINDED' }, 'Mode.NotSupport', 400],
        [{ allocationId: free.allocationId, instanceId: eniId, instanceType: 'NetworkInterface', mode: 'TUNNEL' }, 'IllegalParam.Mode', 400],
        [{ allocationId: free.allocationId, instanceId: eniId, instanceType: 'NetworkInterface', privateIpAddress: `${vsw.base}.250` }, 'OperationFailed.PrivateIpAddressNotExist', 400],
        [{ allocationId: free.allocationId, instanceId, privateIpAddress: eniAddresses[1] }, 'OperationFailed.PrivateIpAddressNotExist', 400],
        [{ allocationId: free.allocationId, instanceId: eniId, instanceType: 'NetworkInterface', privateIpAddress: '10.0.0' }, 'InvalidPrivateIpAddress.Malformed', 400],
        [{ allocationId: free.allocationId }, 'MissingParameter', 400],
        [{ instanceId }, 'MissingParameter', 400],
        [{ allocationId: free.allocationId, instanceId, regionId: 'xx-nowhere-1' }, 'InvalidRegionId.NotFound', 404],
      ]
      for (const [fields, code, status] of cases) {
        await refusedIn(vsw.id, () => net.vpc.associateEipAddress(new Vpc.AssociateEipAddressRequest({ regionId: REGION, ...fields })), code, status)
      }
      const stranger = await server.addAccount(`stranger-${dialect}`)
      const theirs = await allocateEip(stranger.vpc)
      await refusedIn(vsw.id, () => associateEip(stranger.vpc, { allocationId: theirs.allocationId, instanceId }), 'InvalidInstanId.NotFound', 404)
      await refusedIn(vsw.id, associateCall({ allocationId: theirs.allocationId, instanceId }), 'InvalidAllocationId.NotFound', 404)
    })

    it('unassociates back to Available, and refuses a binding the request does not name', async () => {
      const { vsw, instanceId, primaryId, primaryIp, eniId, eniAddresses } = await setup()
      const onInstance = await allocateEip(net.vpc)
      const onEni = await allocateEip(net.vpc)
      await associateEip(net.vpc, { allocationId: onInstance.allocationId, instanceId })
      await associateEip(net.vpc, { allocationId: onEni.allocationId, instanceId: eniId, instanceType: 'NetworkInterface', privateIpAddress: eniAddresses[1] })
      const cases: Array<[UnassociateFields, string, number]> = [
        [{ allocationId: onInstance.allocationId, instanceId: eniId }, 'InvalidBindInstance.NotFound', 404],
        [{ allocationId: onInstance.allocationId, instanceId, instanceType: 'NetworkInterface' }, 'InvalidBindInstance.NotFound', 404],
        [{ allocationId: onInstance.allocationId, privateIpAddress: eniAddresses[1] }, 'InvalidBindInstance.NotFound', 404],
        [{ allocationId: onEni.allocationId, instanceId: primaryId, instanceType: 'NetworkInterface' }, 'InvalidBindInstance.NotFound', 404],
        [{ allocationId: onEni.allocationId, instanceType: 'HaVip' }, 'InvalidInstanceType.ValueNotSupported', 400],
        [{ allocationId: 'eip-doesnotexist' }, 'InvalidAllocationId.NotFound', 404],
        [{}, 'MissingParameter', 400],
      ]
      for (const [fields, code, status] of cases) await refusedIn(vsw.id, unassociateCall(fields), code, status)

      await unassociateEip(net.vpc, { allocationId: onInstance.allocationId, instanceId, instanceType: 'EcsInstance', privateIpAddress: primaryIp })
      await net.vpc.unassociateEipAddress(new Vpc.UnassociateEipAddressRequest({ allocationId: onEni.allocationId, instanceId: eniId }))
      for (const id of [onInstance.allocationId, onEni.allocationId]) {
        const eip = await mustDescribeEip(net.vpc, id)
        assert.deepEqual([eip.status, eip.instanceId, eip.instanceType, eip.privateIpAddress, eip.mode, eip.vpcId], ['Available', '', '', '', '', ''])
      }
      assert.deepEqual(publicIpsOf(await mustDescribeEni(net.ecs, eniId)), {})
      assert.equal((await instanceView(instanceId)).eipAddress?.ipAddress, '')
      await refusedIn(vsw.id, unassociateCall({ allocationId: onEni.allocationId }), 'IncorrectEipStatus', 400)
      // Free again: the address and the EIP can be bound anew.
      await associateEip(net.vpc, { allocationId: onInstance.allocationId, instanceId: eniId, instanceType: 'NetworkInterface', privateIpAddress: eniAddresses[1] })
    })

    it('releases only an unbound EIP, and changes the bandwidth of a bound one at once', async () => {
      const { vsw, instanceId } = await setup()
      const { allocationId } = await allocateEip(net.vpc)
      await associateEip(net.vpc, { allocationId, instanceId })
      await refusedIn(vsw.id, () => releaseEip(net.vpc, allocationId), 'IncorrectEipStatus', 400)
      await net.vpc.modifyEipAddressAttribute(new Vpc.ModifyEipAddressAttributeRequest({ regionId: REGION, allocationId, bandwidth: '80' }))
      assert.equal((await instanceView(instanceId)).eipAddress?.bandwidth, 80)
      await unassociateEip(net.vpc, { allocationId })
      await releaseEip(net.vpc, allocationId)
    })

    it('keeps an EIP bound to its ENI address while the ENI moves to another instance, with no EIP call', async () => {
      const { vsw, sg, instanceId, eniId, eniAddresses } = await setup()
      const other = await runInstance(net.ecs, { vSwitchId: vsw.id, securityGroupId: sg })
      const { allocationId, ipAddress } = await allocateEip(net.vpc)
      await attach(net.ecs, eniId, instanceId)
      await associateEip(net.vpc, { allocationId, instanceId: eniId, instanceType: 'NetworkInterface', privateIpAddress: eniAddresses[2] })

      await detach(net.ecs, eniId, instanceId)
      let eip = await mustDescribeEip(net.vpc, allocationId)
      assert.deepEqual([eip.status, eip.instanceId, eip.privateIpAddress], ['InUse', eniId, eniAddresses[2]])
      assert.deepEqual(publicIpsOf(await mustDescribeEni(net.ecs, eniId)), { [eniAddresses[2]!]: ipAddress })

      await attach(net.ecs, eniId, other)
      eip = await mustDescribeEip(net.vpc, allocationId)
      assert.deepEqual([eip.status, eip.instanceId, eip.instanceType, eip.privateIpAddress, eip.vpcId], ['InUse', eniId, 'NetworkInterface', eniAddresses[2], net.vpcId])
      const eni = await mustDescribeEni(net.ecs, eniId)
      assert.equal(eni.instanceId, other)
      assert.deepEqual(publicIpsOf(eni), { [eniAddresses[2]!]: ipAddress })
      const moved = await instanceView(other)
      assert.ok(moved.networkInterfaces?.networkInterface?.some((n) => n.networkInterfaceId === eniId))
      assert.equal(moved.eipAddress?.ipAddress, '', "an ENI's EIP is not the instance's EIP")
      assert.ok(!(await instanceView(instanceId)).networkInterfaces?.networkInterface?.some((n) => n.networkInterfaceId === eniId))
      assert.deepEqual((await eipBindingsFor(server.deps.store.db, [eniId])).map((b) => b.privateIpAddress), [eniAddresses[2]])
    })

    it('refuses to unassign an address that holds an EIP, or to delete an ENI that holds one', async () => {
      const { vsw, eniId, eniAddresses } = await setup()
      const { allocationId } = await allocateEip(net.vpc)
      await associateEip(net.vpc, { allocationId, instanceId: eniId, instanceType: 'NetworkInterface', privateIpAddress: eniAddresses[1] })
      const unassign = () =>
        net.ecs.unassignPrivateIpAddresses(new Ecs.UnassignPrivateIpAddressesRequest({ regionId: REGION, networkInterfaceId: eniId, privateIpAddress: [eniAddresses[1]!] }))
      const remove = () => net.ecs.deleteNetworkInterface(new Ecs.DeleteNetworkInterfaceRequest({ regionId: REGION, networkInterfaceId: eniId }))
      await refusedIn(vsw.id, unassign, 'InvalidParameter.Conflict', 400)
      await refusedIn(vsw.id, remove, 'InvalidOperation.EniLinked', 403)
      // Another address of the same ENI is free to go.
      await net.ecs.unassignPrivateIpAddresses(
        new Ecs.UnassignPrivateIpAddressesRequest({ regionId: REGION, networkInterfaceId: eniId, privateIpAddress: [eniAddresses[2]!] }),
      )
      await unassociateEip(net.vpc, { allocationId })
      await unassign()
      await remove()
      assert.equal((await mustDescribeEip(net.vpc, allocationId)).status, 'Available')
    })

    it("unbinds the EIPs of the ENIs that go with a deleted instance, and keeps those of ENIs that stay", async () => {
      const { vsw, sg, instanceId, eniId } = await setup()
      const doomed = await createEni(net.ecs, { vSwitchId: vsw.id, securityGroupId: sg, deleteOnRelease: true })
      await attach(net.ecs, eniId, instanceId)
      await attach(net.ecs, doomed, instanceId)
      const [onInstance, onKept, onDoomed] = [await allocateEip(net.vpc), await allocateEip(net.vpc), await allocateEip(net.vpc)]
      await associateEip(net.vpc, { allocationId: onInstance.allocationId, instanceId })
      await associateEip(net.vpc, { allocationId: onKept.allocationId, instanceId: eniId, instanceType: 'NetworkInterface' })
      await associateEip(net.vpc, { allocationId: onDoomed.allocationId, instanceId: doomed, instanceType: 'NetworkInterface' })
      await net.ecs.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId, force: true }))
      for (const id of [onInstance.allocationId, onDoomed.allocationId]) {
        const eip = await mustDescribeEip(net.vpc, id)
        assert.deepEqual([eip.status, eip.instanceId, eip.privateIpAddress], ['Available', '', ''], `${id} survives the instance, unbound`)
      }
      const kept = await mustDescribeEip(net.vpc, onKept.allocationId)
      assert.deepEqual([kept.status, kept.instanceId], ['InUse', eniId])
      const eni = await mustDescribeEni(net.ecs, eniId)
      assert.equal(eni.status, 'Available')
      assert.equal(eni.associatedPublicIp?.publicIpAddress, onKept.ipAddress)
    })

    it('answers a retry with the same ClientToken as the first time, and refuses the token for another binding', async () => {
      const { vsw, instanceId, eniId } = await setup()
      const { allocationId } = await allocateEip(net.vpc)
      await associateEip(net.vpc, { allocationId, instanceId, clientToken: `assoc-${allocationId}` })
      await associateEip(net.vpc, { allocationId, instanceId, clientToken: `assoc-${allocationId}` })
      await refusedIn(
        vsw.id,
        associateCall({ allocationId, instanceId: eniId, instanceType: 'NetworkInterface', clientToken: `assoc-${allocationId}` }),
        'IdempotentParameterMismatch',
        400,
      )
      await unassociateEip(net.vpc, { allocationId, clientToken: `unassoc-${allocationId}` })
      await unassociateEip(net.vpc, { allocationId, clientToken: `unassoc-${allocationId}` })
      assert.equal((await mustDescribeEip(net.vpc, allocationId)).status, 'Available')
    })

    it('records a change event for every binding change', async () => {
      const { instanceId } = await setup()
      const { allocationId } = await allocateEip(net.vpc)
      await associateEip(net.vpc, { allocationId, instanceId })
      await unassociateEip(net.vpc, { allocationId })
      await releaseEip(net.vpc, allocationId)
      const events = (await readChanges(server.deps.store.db, { afterRevision: 0, limit: 100_000 }))
        .filter((c) => c.resourceId === allocationId)
        .map((c) => c.event)
      assert.deepEqual(events, ['EipAllocated', 'EipAssociating', 'EipAssociated', 'EipUnassociating', 'EipUnassociated', 'EipReleased'])
    })
  })

  describe(`EIP statuses in transit while a host confirms (${dialect})`, () => {
    const HOST = 'host-eip-a'
    let server: TestServer
    let net: Network
    before(async () => {
      server = await startServer({ dialect, dataplane: 'agents' })
      const now = new Date().toISOString()
      // Stands in for an agent that registered a moment ago: live, so instances are placed on it.
      await server.deps.store.db
        .insertInto('hosts')
        .values({ id: HOST, region_id: REGION, zone_id: 'cn-hangzhou-a', dataplane: 'linux', created_at: now, last_seen_at: now })
        .execute()
      net = await Network.create(server.account)
    })
    after(() => server.close())

    it('goes Associating → InUse → Unassociating → Available as the host confirms, refusing changes meanwhile', async () => {
      const vsw = await net.vSwitch()
      const sg = await net.securityGroup()
      const instanceId = await runInstance(net.ecs, { vSwitchId: vsw.id, securityGroupId: sg })
      const { allocationId } = await allocateEip(net.vpc)
      await refusedEip(net, vsw.id, () => associateEip(net.vpc, { allocationId, instanceId }), 'InvalidStatus.EcsStatusNotSupport', 400)
      await acknowledgeHost(server.deps, HOST)

      await associateEip(net.vpc, { allocationId, instanceId })
      assert.equal((await mustDescribeEip(net.vpc, allocationId)).status, 'Associating')
      const inTransit: Array<[() => Promise<unknown>, string]> = [
        [() => associateEip(net.vpc, { allocationId, instanceId }), 'IncorrectEipStatus'],
        [() => unassociateEip(net.vpc, { allocationId }), 'IncorrectEipStatus'],
        [() => releaseEip(net.vpc, allocationId), 'IncorrectEipStatus'],
        [() => net.vpc.modifyEipAddressAttribute(new Vpc.ModifyEipAddressAttributeRequest({ regionId: REGION, allocationId, bandwidth: '9' })), 'IncorrectEipStatus'],
      ]
      for (const [call, code] of inTransit) await refusedEip(net, vsw.id, call, code, 400)
      await acknowledgeHost(server.deps, HOST)
      assert.equal((await mustDescribeEip(net.vpc, allocationId)).status, 'InUse')

      await net.ecs.stopInstance(new Ecs.StopInstanceRequest({ instanceId }))
      await refusedEip(net, vsw.id, () => unassociateEip(net.vpc, { allocationId }), 'InvalidStatus.EcsStatusNotSupport', 400)
      await acknowledgeHost(server.deps, HOST)

      await unassociateEip(net.vpc, { allocationId })
      const leaving = await mustDescribeEip(net.vpc, allocationId)
      assert.deepEqual([leaving.status, leaving.instanceId], ['Unassociating', instanceId], 'the binding shows until the host confirms')
      for (const [call, code] of inTransit) await refusedEip(net, vsw.id, call, code, 400)
      await acknowledgeHost(server.deps, HOST)
      const left = await mustDescribeEip(net.vpc, allocationId)
      assert.deepEqual([left.status, left.instanceId], ['Available', ''])
    })

    it('settles at once on an ENI that is on no instance, and refuses an ENI on its way to one', async () => {
      const vsw = await net.vSwitch()
      const sg = await net.securityGroup()
      const instanceId = await runInstance(net.ecs, { vSwitchId: vsw.id, securityGroupId: sg })
      await acknowledgeHost(server.deps, HOST)
      const eniId = await createEni(net.ecs, { vSwitchId: vsw.id, securityGroupId: sg })
      const { allocationId } = await allocateEip(net.vpc)
      await associateEip(net.vpc, { allocationId, instanceId: eniId, instanceType: 'NetworkInterface' })
      assert.equal((await mustDescribeEip(net.vpc, allocationId)).status, 'InUse', 'no host has anything to confirm')
      await attach(net.ecs, eniId, instanceId)
      const other = await allocateEip(net.vpc)
      await refusedEip(net, vsw.id, () => unassociateEip(net.vpc, { allocationId }), 'InvalidStatus.EniStatusNotSupport', 400)
      await refusedEip(
        net,
        vsw.id,
        () => associateEip(net.vpc, { allocationId: other.allocationId, instanceId: eniId, instanceType: 'NetworkInterface' }),
        'InvalidStatus.EniStatusNotSupport',
        400,
      )
      await acknowledgeHost(server.deps, HOST)
      assert.equal((await mustDescribeEip(net.vpc, allocationId)).status, 'InUse', 'the EIP stayed bound while its ENI was attached')
      await detach(net.ecs, eniId, instanceId)
      await acknowledgeHost(server.deps, HOST)
      await unassociateEip(net.vpc, { allocationId })
      assert.equal((await mustDescribeEip(net.vpc, allocationId)).status, 'Available', 'detached again: nothing to confirm')
    })

    it('settles an association in flight when the instance is deleted', async () => {
      const vsw = await net.vSwitch()
      const sg = await net.securityGroup()
      const instanceId = await runInstance(net.ecs, { vSwitchId: vsw.id, securityGroupId: sg })
      await acknowledgeHost(server.deps, HOST)
      const eniId = await createEni(net.ecs, { vSwitchId: vsw.id, securityGroupId: sg })
      await attach(net.ecs, eniId, instanceId)
      await acknowledgeHost(server.deps, HOST)
      const [onInstance, onEni] = [await allocateEip(net.vpc), await allocateEip(net.vpc)]
      await associateEip(net.vpc, { allocationId: onInstance.allocationId, instanceId })
      await associateEip(net.vpc, { allocationId: onEni.allocationId, instanceId: eniId, instanceType: 'NetworkInterface' })
      assert.equal((await mustDescribeEip(net.vpc, onEni.allocationId)).status, 'Associating')
      await net.ecs.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId, force: true }))
      assert.equal((await mustDescribeEip(net.vpc, onInstance.allocationId)).status, 'Available')
      const kept = await mustDescribeEip(net.vpc, onEni.allocationId)
      assert.deepEqual([kept.status, kept.instanceId], ['InUse', eniId])
    })
  })
}

for (const dialect of DIALECTS) {
  describe(`EIPs and regions (${dialect})`, () => {
    let server: TestServer
    let net: Network
    before(async () => {
      server = await startServer({
        dialect,
        config: {
          regions: [
            { id: REGION, zones: [{ id: 'cn-hangzhou-a' }, { id: 'cn-hangzhou-b' }] },
            { id: 'cn-beijing', zones: [{ id: 'cn-beijing-a' }] },
          ],
          eipPools: { [REGION]: ['203.0.113.0/24'], 'cn-beijing': ['198.51.100.0/24'] },
        },
      })
      net = await Network.create(server.account)
    })
    after(() => server.close())

    it("draws each region's EIPs from its own pool, and refuses to bind one to another region's instance or ENI", async () => {
      const vsw = await net.vSwitch()
      const sg = await net.securityGroup()
      const instanceId = await runInstance(net.ecs, { vSwitchId: vsw.id, securityGroupId: sg })
      const eniId = await createEni(net.ecs, { vSwitchId: vsw.id, securityGroupId: sg })
      const { allocationId, ipAddress } = await allocateEip(net.vpc, { regionId: 'cn-beijing' })
      assert.match(ipAddress, /^198\.51\.100\./)
      const mismatched: AssociateFields[] = [
        { regionId: 'cn-beijing', allocationId, instanceId },
        { regionId: undefined, allocationId, instanceId },
        { regionId: 'cn-beijing', allocationId, instanceId: eniId, instanceType: 'NetworkInterface' },
      ]
      for (const fields of mismatched) {
        await refusedEip(net, vsw.id, () => net.vpc.associateEipAddress(new Vpc.AssociateEipAddressRequest(fields)), 'InvalidParameter.Mismatch', 400)
      }
      // Asked in the instance's region, the Beijing EIP does not exist there.
      await refusedEip(net, vsw.id, () => associateEip(net.vpc, { allocationId, instanceId }), 'InvalidAllocationId.NotFound', 404)
      assert.deepEqual((await describeEips(net.vpc)).items, [], 'DescribeEipAddresses lists one region')
      assert.equal((await describeEips(net.vpc, { regionId: 'cn-beijing' })).items.length, 1)
    })
  })
}
