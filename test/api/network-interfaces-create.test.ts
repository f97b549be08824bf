import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { DIALECTS, Ecs, REGION, sdkError, startServer, stopPostgres, ZONE_A, type TestServer } from '../support/server.js'
import { addressesOf, availableIps, createEni, describeEni, mustDescribeEni, Network, plain, refused } from '../support/network.js'

after(stopPostgres)

for (const dialect of DIALECTS) {
  describe(`CreateNetworkInterface (${dialect})`, () => {
    let server: TestServer
    let net: Network
    before(async () => {
      server = await startServer({ dialect })
      net = await Network.create(server.account)
    })
    after(() => server.close())

    const refusedCreate = (vSwitchId: string, request: Record<string, unknown>, code: string, status: number) =>
      refused(net, vSwitchId, () => net.ecs.createNetworkInterface(new Ecs.CreateNetworkInterfaceRequest({ regionId: REGION, ...request })), code, status)

    it('creates an Available secondary ENI in the vSwitch, with a MAC under 00:16:3e and the defaults', async () => {
      const vsw = await net.vSwitch()
      const sg = await net.securityGroup()
      const { body } = await net.ecs.createNetworkInterface(
        new Ecs.CreateNetworkInterfaceRequest({ regionId: REGION, vSwitchId: vsw.id, securityGroupId: sg }),
      )
      assert.ok(body)
      const id = body.networkInterfaceId ?? ''
      assert.match(id, /^eni-[0-9a-z]{20}$/)
      assert.equal(body.status, 'Available')
      assert.equal(body.type, 'Secondary')
      assert.equal(body.vpcId, net.vpcId)
      assert.equal(body.vSwitchId, vsw.id)
      assert.equal(body.zoneId, ZONE_A)
      assert.match(body.macAddress ?? '', /^00:16:3e(:[0-9a-f]{2}){3}$/)
      assert.equal(body.privateIpAddress, `${vsw.base}.1`)
      assert.deepEqual(plain(body.privateIpSets?.privateIpSet), [{ privateIpAddress: `${vsw.base}.1`, primary: true }])
      assert.deepEqual(body.securityGroupIds?.securityGroupId, [sg])
      assert.equal(body.ownerId, server.account.accountId)
      assert.equal(body.sourceDestCheck, false)

      const described = await mustDescribeEni(net.ecs, id)
      assert.equal(described.status, 'Available')
      assert.equal(described.instanceId, '')
      assert.equal(described.deleteOnRelease, false)
      assert.equal(described.queueNumber, undefined, 'an unattached, unmodified ENI shows no QueueNumber')
      assert.equal(described.attachment, undefined)
      assert.match(described.creationTime ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
      assert.equal(await availableIps(net.vpc, vsw.id), 251)

      const { body: attribute } = await net.ecs.describeNetworkInterfaceAttribute(
        new Ecs.DescribeNetworkInterfaceAttributeRequest({ regionId: REGION, networkInterfaceId: id }),
      )
      assert.equal(attribute?.networkInterfaceId, id)
      assert.equal(attribute?.macAddress, body.macAddress)
      assert.deepEqual(plain(attribute?.privateIpSets?.privateIpSet), plain(body.privateIpSets?.privateIpSet))
      assert.deepEqual(attribute?.securityGroupIds?.securityGroupId, [sg])
    })

    it('takes every optional attribute: addresses, groups, name, description, queues, flags, tags', async () => {
      const vsw = await net.vSwitch()
      const [sg1, sg2] = [await net.securityGroup(), await net.securityGroup()]
      const id = await createEni(net.ecs, {
        vSwitchId: vsw.id,
        securityGroupIds: [sg2, sg1],
        primaryIpAddress: `${vsw.base}.100`,
        privateIpAddress: [`${vsw.base}.7`, `${vsw.base}.5`],
        networkInterfaceName: 'web-eni:1',
        description: 'front end',
        queueNumber: 2,
        deleteOnRelease: true,
        sourceDestCheck: true,
        resourceGroupId: 'rg-test',
        tag: [
          new Ecs.CreateNetworkInterfaceRequestTag({ key: 'env', value: 'dev' }),
          new Ecs.CreateNetworkInterfaceRequestTag({ key: 'team', value: '' }),
        ],
      })
      const eni = await mustDescribeEni(net.ecs, id)
      assert.equal(eni.privateIpAddress, `${vsw.base}.100`)
      assert.deepEqual(plain(eni.privateIpSets?.privateIpSet), [
        { privateIpAddress: `${vsw.base}.100`, primary: true },
        { privateIpAddress: `${vsw.base}.5`, primary: false },
        { privateIpAddress: `${vsw.base}.7`, primary: false },
      ])
      assert.deepEqual(eni.securityGroupIds?.securityGroupId, [sg2, sg1])
      assert.equal(eni.networkInterfaceName, 'web-eni:1')
      assert.equal(eni.description, 'front end')
      assert.equal(eni.queueNumber, 2)
      assert.equal(eni.deleteOnRelease, true)
      assert.equal(eni.sourceDestCheck, true)
      assert.equal(eni.resourceGroupId, 'rg-test')
      assert.deepEqual(plain(eni.tags?.tag), [
        { tagKey: 'env', tagValue: 'dev' },
        { tagKey: 'team', tagValue: '' },
      ])
      assert.equal(await availableIps(net.vpc, vsw.id), 249)
    })

    it('allocates SecondaryPrivateIpAddressCount distinct addresses, never reserved ones', async () => {
      const vsw = await net.vSwitch()
      const sg = await net.securityGroup()
      const id = await createEni(net.ecs, { vSwitchId: vsw.id, securityGroupId: sg, secondaryPrivateIpAddressCount: 49 })
      const addresses = addressesOf(await mustDescribeEni(net.ecs, id))
      assert.equal(addresses.length, 50)
      assert.equal(new Set(addresses).size, 50)
      assert.ok(addresses.every((a) => a.startsWith(`${vsw.base}.`) && a !== `${vsw.base}.0`))
      assert.equal(await availableIps(net.vpc, vsw.id), 252 - 50)
    })

    it('gives every ENI its own MAC and addresses', async () => {
      const vsw = await net.vSwitch()
      const sg = await net.securityGroup()
      const ids = []
      for (let i = 0; i < 20; i++) ids.push(await createEni(net.ecs, { vSwitchId: vsw.id, securityGroupId: sg, secondaryPrivateIpAddressCount: 2 }))
      const enis = await Promise.all(ids.map((id) => mustDescribeEni(net.ecs, id)))
      assert.equal(new Set(enis.map((e) => e.macAddress)).size, 20)
      assert.equal(new Set(enis.flatMap(addressesOf)).size, 60)
    })

    it('answers a retry with the same ClientToken with the same ENI, and refuses the token with other parameters', async () => {
      const vsw = await net.vSwitch()
      const sg = await net.securityGroup()
      const request = { regionId: REGION, vSwitchId: vsw.id, securityGroupId: sg, clientToken: `token-${vsw.id}` }
      const first = await net.ecs.createNetworkInterface(new Ecs.CreateNetworkInterfaceRequest(request))
      const again = await net.ecs.createNetworkInterface(new Ecs.CreateNetworkInterfaceRequest(request))
      assert.equal(again.body?.networkInterfaceId, first.body?.networkInterfaceId)
      assert.equal(again.body?.macAddress, first.body?.macAddress)
      assert.equal(await availableIps(net.vpc, vsw.id), 251)
      const err = await sdkError(
        net.ecs.createNetworkInterface(new Ecs.CreateNetworkInterfaceRequest({ ...request, description: 'something else' })),
      )
      assert.equal(err.code, 'IdempotentParameterMismatch')
    })

    it('refuses missing and conflicting parameters', async () => {
      const vsw = await net.vSwitch()
      const sg = await net.securityGroup()
      await refusedCreate(vsw.id, { securityGroupId: sg }, 'MissingParameter', 400)
      await refusedCreate(vsw.id, { vSwitchId: vsw.id }, 'MissingParameter', 400)
      await refusedCreate(vsw.id, { vSwitchId: vsw.id, securityGroupId: sg, regionId: undefined }, 'MissingParameter', 400)
      await refusedCreate(vsw.id, { vSwitchId: vsw.id, securityGroupId: sg, regionId: 'xx-nowhere-1' }, 'InvalidRegionId.NotFound', 404)
      await refusedCreate(vsw.id, { vSwitchId: vsw.id, securityGroupId: sg, securityGroupIds: [sg] }, 'InvalidSecurityGroupId.SingleIdAndMultiIdConflict', 400)
      await refusedCreate(
        vsw.id,
        { vSwitchId: vsw.id, securityGroupId: sg, privateIpAddress: [`${vsw.base}.9`], secondaryPrivateIpAddressCount: 1 },
        'InvalidParameter.Conflict',
        400,
      )
      await refusedCreate(vsw.id, { vSwitchId: vsw.id, securityGroupId: sg, instanceType: 'Trunk' }, 'InvalidParameter', 400)
    })

    it('refuses addresses that are repeated, taken, outside the vSwitch, reserved or malformed', async () => {
      const vsw = await net.vSwitch()
      const sg = await net.securityGroup()
      const base = { vSwitchId: vsw.id, securityGroupId: sg }
      await createEni(net.ecs, { ...base, primaryIpAddress: `${vsw.base}.20`, privateIpAddress: [`${vsw.base}.21`] })
      await refusedCreate(vsw.id, { ...base, primaryIpAddress: `${vsw.base}.9`, privateIpAddress: [`${vsw.base}.9`] }, 'InvalidIp.IpRepeated', 403)
      await refusedCreate(vsw.id, { ...base, privateIpAddress: [`${vsw.base}.8`, `${vsw.base}.8`] }, 'InvalidIp.IpRepeated', 403)
      await refusedCreate(vsw.id, { ...base, primaryIpAddress: `${vsw.base}.20` }, 'InvalidPrivateIpAddress.Duplicated', 400)
      await refusedCreate(vsw.id, { ...base, privateIpAddress: [`${vsw.base}.21`] }, 'InvalidPrivateIpAddress.Duplicated', 400)
      for (const address of ['10.1.2.3', `${vsw.base}.0`, `${vsw.base}.253`, `${vsw.base}.255`]) {
        await refusedCreate(vsw.id, { ...base, primaryIpAddress: address }, 'InvalidVSwitchId.IpInvalid', 403)
      }
      await refusedCreate(vsw.id, { ...base, primaryIpAddress: `${vsw.base}.1.5` }, 'InvalidPrivateIpAddress.Malformed', 400)
    })

    it('refuses more addresses than the limits or the vSwitch has', async () => {
      const vsw = await net.vSwitch({ mask: 29 })
      const sg = await net.securityGroup()
      const base = { vSwitchId: vsw.id, securityGroupId: sg }
      const eleven = Array.from({ length: 11 }, (_, i) => `${vsw.base}.${i + 1}`)
      await refusedCreate(vsw.id, { ...base, privateIpAddress: eleven }, 'InvalidParameter', 400)
      await refusedCreate(vsw.id, { ...base, secondaryPrivateIpAddressCount: 50 }, 'InvalidParameter', 400)
      await refusedCreate(vsw.id, { ...base, secondaryPrivateIpAddressCount: 0 }, 'InvalidParameter', 400)
      // A /29 has 4 usable addresses: one ENI with 3 secondaries takes them all.
      await refusedCreate(vsw.id, { ...base, secondaryPrivateIpAddressCount: 4 }, 'InvalidVSwitchId.IpNotEnough', 403)
      await createEni(net.ecs, { ...base, secondaryPrivateIpAddressCount: 3 })
      assert.equal(await availableIps(net.vpc, vsw.id), 0)
      await refusedCreate(vsw.id, base, 'InvalidVSwitchId.IpNotEnough', 403)
    })

    it('refuses bad names, descriptions, queue numbers and tags', async () => {
      const vsw = await net.vSwitch()
      const sg = await net.securityGroup()
      const base = { vSwitchId: vsw.id, securityGroupId: sg }
      await refusedCreate(vsw.id, { ...base, networkInterfaceName: '1eni' }, 'InvalidParams.NetworkInterfaceName', 403)
      await refusedCreate(vsw.id, { ...base, networkInterfaceName: 'a' }, 'InvalidParams.NetworkInterfaceName', 403)
      await refusedCreate(vsw.id, { ...base, networkInterfaceName: 'http://eni' }, 'InvalidParams.NetworkInterfaceName', 403)
      await refusedCreate(vsw.id, { ...base, description: 'https://x' }, 'InvalidParameter', 400)
      await refusedCreate(vsw.id, { ...base, description: 'x'.repeat(257) }, 'InvalidParameter', 400)
      await refusedCreate(vsw.id, { ...base, queueNumber: 2049 }, 'InvalidParameter.InvalidEniQueueNumber', 403)
      const tags = (n: number) => Array.from({ length: n }, (_, i) => new Ecs.CreateNetworkInterfaceRequestTag({ key: `k${i}`, value: 'v' }))
      await refusedCreate(vsw.id, { ...base, tag: tags(21) }, 'QuotaExceed.Tags', 403)
      await refusedCreate(vsw.id, { ...base, tag: [...tags(1), ...tags(1)] }, 'Duplicate.TagKey', 400)
      await refusedCreate(vsw.id, { ...base, tag: [new Ecs.CreateNetworkInterfaceRequestTag({ key: 'aliyun:x', value: 'v' })] }, 'InvalidTagKey.Malformed', 400)
    })

    it('refuses security group sets that are too large, repeated, unknown, of another VPC or mixed', async () => {
      const vsw = await net.vSwitch()
      const groups = [] as string[]
      for (let i = 0; i < 6; i++) groups.push(await net.securityGroup())
      const advanced = await net.securityGroup('enterprise')
      const otherVpc = await Network.create(server.account, '198.19')
      const foreign = await otherVpc.securityGroup()
      await refusedCreate(vsw.id, { vSwitchId: vsw.id, securityGroupIds: groups }, 'JoinedGroupLimitExceed', 400)
      await refusedCreate(vsw.id, { vSwitchId: vsw.id, securityGroupIds: [groups[0], groups[0]] }, 'InvalidParameter.SecurityGroupIdRepeated', 400)
      await refusedCreate(vsw.id, { vSwitchId: vsw.id, securityGroupId: 'sg-doesnotexist' }, 'InvalidSecurityGroupId.NotFound', 404)
      await refusedCreate(vsw.id, { vSwitchId: vsw.id, securityGroupId: foreign }, 'InvalidOperation.VpcMismatch', 403)
      await refusedCreate(vsw.id, { vSwitchId: vsw.id, securityGroupIds: [groups[0], advanced] }, 'InvalidOperation.MultiGroupType', 400)
      await refusedCreate(vsw.id, { vSwitchId: 'vsw-doesnotexist', securityGroupId: groups[0] }, 'InvalidVSwitchId.NotFound', 404)
    })

    it("treats another account's vSwitch and groups as nonexistent", async () => {
      const other = await server.addAccount(`other-${dialect}`)
      const theirs = await Network.create(other)
      const theirVSwitch = await theirs.vSwitch()
      const theirGroup = await theirs.securityGroup()
      const vsw = await net.vSwitch()
      const sg = await net.securityGroup()
      await refusedCreate(vsw.id, { vSwitchId: theirVSwitch.id, securityGroupId: sg }, 'InvalidVSwitchId.NotFound', 404)
      await refusedCreate(vsw.id, { vSwitchId: vsw.id, securityGroupId: theirGroup }, 'InvalidSecurityGroupId.NotFound', 404)
      const mine = await createEni(net.ecs, { vSwitchId: vsw.id, securityGroupId: sg })
      assert.equal(await describeEni(other.ecs, mine), undefined)
      const err = await sdkError(
        other.ecs.describeNetworkInterfaceAttribute(new Ecs.DescribeNetworkInterfaceAttributeRequest({ regionId: REGION, networkInterfaceId: mine })),
      )
      assert.equal(err.code, 'InvalidEniId.NotFound')
      assert.equal(err.statusCode, 404)
    })
  })

  describe(`CreateNetworkInterface quota (${dialect})`, () => {
    let server: TestServer
    before(async () => {
      server = await startServer({ dialect, config: { quotas: { default: { secondaryEnis: 3 } } } })
    })
    after(() => server.close())

    it('holds the per-region secondary ENI quota exactly under concurrent creates, with MaxEniCountExceeded', async () => {
      const net = await Network.create(server.account)
      const vsw = await net.vSwitch()
      const sg = await net.securityGroup()
      const outcomes = await Promise.all(
        Array.from({ length: 12 }, () =>
          net.ecs
            .createNetworkInterface(new Ecs.CreateNetworkInterfaceRequest({ regionId: REGION, vSwitchId: vsw.id, securityGroupId: sg }))
            .then(
              () => 'ok',
              (err: { code?: string; statusCode?: number }) => `${err.code}/${err.statusCode}`,
            ),
        ),
      )
      assert.equal(outcomes.filter((o) => o === 'ok').length, 3, outcomes.join(','))
      assert.equal(outcomes.filter((o) => o === 'MaxEniCountExceeded/403').length, 9, outcomes.join(','))
      assert.equal(await availableIps(net.vpc, vsw.id), 252 - 3)
    })

    it("counts each account's quota apart", async () => {
      const other = await server.addAccount(`quota-${dialect}`)
      const net = await Network.create(other)
      const vsw = await net.vSwitch()
      const sg = await net.securityGroup()
      for (let i = 0; i < 3; i++) await createEni(other.ecs, { vSwitchId: vsw.id, securityGroupId: sg })
      const err = await sdkError(createEni(other.ecs, { vSwitchId: vsw.id, securityGroupId: sg }))
      assert.equal(err.code, 'MaxEniCountExceeded')
    })
  })
}
