import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { DIALECTS, Ecs, REGION, sdkError, startServer, stopPostgres, type TestServer } from '../support/server.js'
import { attach, createEni, mustDescribeEni, Network, refused, runInstance, snapshot } from '../support/network.js'

after(stopPostgres)

type ModifyFields = ConstructorParameters<typeof Ecs.ModifyNetworkInterfaceAttributeRequest>[0]

for (const dialect of DIALECTS) {
  describe(`ModifyNetworkInterfaceAttribute (${dialect})`, () => {
    let server: TestServer
    let net: Network
    before(async () => {
      server = await startServer({
        dialect,
        // 4 ENIs of at most 4 queues (primary 4, secondaries 2 by default) but 12 in all (spec §5.7 instance total).
        config: { instanceTypes: { types: [{ instanceTypeId: 'ecs.g7.xlarge', secondaryEniQueueNumber: 2, totalEniQueueQuantity: 12 }] } },
      })
      net = await Network.create(server.account)
    })
    after(() => server.close())

    const modify = (fields: ModifyFields) =>
      net.ecs.modifyNetworkInterfaceAttribute(new Ecs.ModifyNetworkInterfaceAttributeRequest({ regionId: REGION, ...fields }))

    const refusedModify = (vSwitchId: string, fields: ModifyFields, code: string, status: number) =>
      refused(net, vSwitchId, () => modify(fields), code, status)

    async function setup() {
      const vsw = await net.vSwitch()
      const sg = await net.securityGroup()
      return { vsw, sg, eni: (fields = {}) => createEni(net.ecs, { vSwitchId: vsw.id, securityGroupId: sg, ...fields }) }
    }

    it('changes name, description, flags, queue number and replaces the group set of a detached ENI', async () => {
      const { eni, sg } = await setup()
      const [sg2, sg3] = [await net.securityGroup(), await net.securityGroup()]
      const id = await eni()
      await modify({
        networkInterfaceId: id,
        networkInterfaceName: 'renamed',
        description: 'a new description',
        deleteOnRelease: true,
        sourceDestCheck: true,
        queueNumber: 8,
        securityGroupId: [sg3, sg2],
      })
      const after = await mustDescribeEni(net.ecs, id)
      assert.equal(after.networkInterfaceName, 'renamed')
      assert.equal(after.description, 'a new description')
      assert.equal(after.deleteOnRelease, true)
      assert.equal(after.sourceDestCheck, true)
      assert.equal(after.queueNumber, 8)
      assert.deepEqual(after.securityGroupIds?.securityGroupId, [sg3, sg2])
      assert.ok(!after.securityGroupIds?.securityGroupId?.includes(sg))
      await modify({ networkInterfaceId: id, deleteOnRelease: false })
      const again = await mustDescribeEni(net.ecs, id)
      assert.equal(again.deleteOnRelease, false)
      assert.equal(again.networkInterfaceName, 'renamed', 'attributes not given stay as they were')
    })

    it('changes an attached ENI, its queue number only while the instance is Stopped and within the type', async () => {
      const { vsw, sg, eni } = await setup()
      const instanceId = await runInstance(net.ecs, { vSwitchId: vsw.id, securityGroupId: sg, instanceType: 'ecs.g7.xlarge' })
      const id = await eni()
      await attach(net.ecs, id, instanceId)
      await modify({ networkInterfaceId: id, networkInterfaceName: 'attached', securityGroupId: [await net.securityGroup()] })
      assert.equal((await mustDescribeEni(net.ecs, id)).networkInterfaceName, 'attached')
      await refusedModify(vsw.id, { networkInterfaceId: id, queueNumber: 1 }, 'InvalidOperation.InvalidEniState', 400)
      await net.ecs.stopInstance(new Ecs.StopInstanceRequest({ instanceId }))
      await refusedModify(vsw.id, { networkInterfaceId: id, queueNumber: 5 }, 'InvalidOperation.MaxEniQueueNumberExceeded', 403)
      await modify({ networkInterfaceId: id, queueNumber: 1 })
      assert.equal((await mustDescribeEni(net.ecs, id)).queueNumber, 1)
      await attach(net.ecs, await eni({ queueNumber: 4 }), instanceId)
      await attach(net.ecs, await eni(), instanceId)
      await refusedModify(vsw.id, { networkInterfaceId: id, queueNumber: 4 }, 'InvalidOperation.ExceedInstanceTypeQueueNumber', 403)
    })

    it('lets a primary ENI change only its name and description', async () => {
      const { vsw, sg } = await setup()
      const instanceId = await runInstance(net.ecs, { vSwitchId: vsw.id, securityGroupId: sg })
      const { body } = await net.ecs.describeNetworkInterfaces(new Ecs.DescribeNetworkInterfacesRequest({ regionId: REGION, instanceId }))
      const primary = body?.networkInterfaceSets?.networkInterfaceSet?.[0]?.networkInterfaceId ?? ''
      await modify({ networkInterfaceId: primary, networkInterfaceName: 'main', description: 'the primary one' })
      assert.equal((await mustDescribeEni(net.ecs, primary)).networkInterfaceName, 'main')
      await refusedModify(vsw.id, { networkInterfaceId: primary, securityGroupId: [sg] }, 'InvalidOperation.PrimaryEniOnlySupportModifyNameAndDesc', 404)
      await refusedModify(vsw.id, { networkInterfaceId: primary, sourceDestCheck: true }, 'InvalidOperation.PrimaryEniOnlySupportModifyNameAndDesc', 404)
      await refusedModify(vsw.id, { networkInterfaceId: primary, queueNumber: 1 }, 'InvalidOperation.ModifyPrimaryEniQueueNumber', 403)
    })

    it('refuses bad values and bad group sets', async () => {
      const { vsw, eni, sg } = await setup()
      const id = await eni()
      await refusedModify(vsw.id, { networkInterfaceId: id, networkInterfaceName: '-bad' }, 'InvalidParams.NetworkInterfaceName', 403)
      await refusedModify(vsw.id, { networkInterfaceId: id, description: 'http://x' }, 'InvalidParameter', 400)
      await refusedModify(vsw.id, { networkInterfaceId: id, queueNumber: 0 }, 'InvalidParameter.InvalidEniQueueNumber', 403)
      const six = [] as string[]
      for (let i = 0; i < 6; i++) six.push(await net.securityGroup())
      await refusedModify(vsw.id, { networkInterfaceId: id, securityGroupId: six }, 'JoinedGroupLimitExceed', 400)
      await refusedModify(vsw.id, { networkInterfaceId: id, securityGroupId: [sg, sg] }, 'InvalidParameter.SecurityGroupIdRepeated', 400)
      await refusedModify(vsw.id, { networkInterfaceId: id, securityGroupId: ['sg-doesnotexist'] }, 'InvalidSecurityGroupId.NotFound', 404)
      const elsewhere = await Network.create(server.account, '198.21')
      await refusedModify(vsw.id, { networkInterfaceId: id, securityGroupId: [await elsewhere.securityGroup()] }, 'InvalidOperation.VpcMismatch', 403)
      await refusedModify(vsw.id, { networkInterfaceId: id, securityGroupId: [sg, await net.securityGroup('enterprise')] }, 'InvalidOperation.MultiGroupType', 400)
    })

    it("refuses unknown ENIs, missing ids, and another account's ENI", async () => {
      const { vsw, eni } = await setup()
      await refusedModify(vsw.id, { networkInterfaceId: 'eni-doesnotexist', networkInterfaceName: 'abc' }, 'InvalidEniId.NotFound', 404)
      await refusedModify(vsw.id, { networkInterfaceName: 'abc' }, 'MissingParameter', 400)
      const id = await eni()
      const other = await server.addAccount(`modify-${dialect}`)
      const err = await sdkError(
        other.ecs.modifyNetworkInterfaceAttribute(
          new Ecs.ModifyNetworkInterfaceAttributeRequest({ regionId: REGION, networkInterfaceId: id, networkInterfaceName: 'stolen' }),
        ),
      )
      assert.equal(err.code, 'InvalidEniId.NotFound')
      assert.equal((await mustDescribeEni(net.ecs, id)).networkInterfaceName, '')
    })
  })

  describe(`DeleteNetworkInterface (${dialect})`, () => {
    let server: TestServer
    let net: Network
    before(async () => {
      server = await startServer({ dialect })
      net = await Network.create(server.account)
    })
    after(() => server.close())

    const remove = (networkInterfaceId?: string) =>
      net.ecs.deleteNetworkInterface(new Ecs.DeleteNetworkInterfaceRequest({ regionId: REGION, networkInterfaceId }))

    it('deletes an Available ENI: its addresses return to the vSwitch and they can be taken again', async () => {
      const vsw = await net.vSwitch()
      const sg = await net.securityGroup()
      const id = await createEni(net.ecs, { vSwitchId: vsw.id, securityGroupId: sg, primaryIpAddress: `${vsw.base}.50`, secondaryPrivateIpAddressCount: 3 })
      const before = await snapshot(net.ecs, net.vpc, vsw.id)
      await remove(id)
      const after = (await snapshot(net.ecs, net.vpc, vsw.id)) as { enis: unknown[]; free: number }
      assert.equal(after.free, (before as { free: number }).free + 4)
      assert.ok(!JSON.stringify(after.enis).includes(id))
      await createEni(net.ecs, { vSwitchId: vsw.id, securityGroupId: sg, primaryIpAddress: `${vsw.base}.50` })
      // The group has no member left once its ENIs are gone, so it can be deleted.
      const spare = await net.securityGroup()
      const member = await createEni(net.ecs, { vSwitchId: vsw.id, securityGroupId: spare })
      await remove(member)
      await net.ecs.deleteSecurityGroup(new Ecs.DeleteSecurityGroupRequest({ regionId: REGION, securityGroupId: spare }))
    })

    it('refuses a primary ENI, an attached ENI, unknown ones and missing ids, changing nothing', async () => {
      const vsw = await net.vSwitch()
      const sg = await net.securityGroup()
      const instanceId = await runInstance(net.ecs, { vSwitchId: vsw.id, securityGroupId: sg })
      const { body } = await net.ecs.describeNetworkInterfaces(new Ecs.DescribeNetworkInterfacesRequest({ regionId: REGION, instanceId }))
      const primary = body?.networkInterfaceSets?.networkInterfaceSet?.[0]?.networkInterfaceId ?? ''
      const attached = await createEni(net.ecs, { vSwitchId: vsw.id, securityGroupId: sg })
      await attach(net.ecs, attached, instanceId)
      const cases: Array<[string | undefined, string, number]> = [
        [primary, 'InvalidOperation.InvalidEniType', 403],
        [attached, 'InvalidOperation.InvalidEniState', 400],
        ['eni-doesnotexist', 'InvalidEniId.NotFound', 404],
        [undefined, 'MissingParameter', 400],
      ]
      for (const [id, code, status] of cases) await refused(net, vsw.id, () => remove(id), code, status)
    })

    it("refuses another account's ENI as nonexistent", async () => {
      const vsw = await net.vSwitch()
      const id = await createEni(net.ecs, { vSwitchId: vsw.id, securityGroupId: await net.securityGroup() })
      const other = await server.addAccount(`delete-${dialect}`)
      const err = await sdkError(other.ecs.deleteNetworkInterface(new Ecs.DeleteNetworkInterfaceRequest({ regionId: REGION, networkInterfaceId: id })))
      assert.equal(err.code, 'InvalidEniId.NotFound')
      assert.equal((await mustDescribeEni(net.ecs, id)).status, 'Available')
    })
  })
}
