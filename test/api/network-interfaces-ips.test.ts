import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { DIALECTS, Ecs, REGION, startServer, stopPostgres, type TestServer } from '../support/server.js'
import { addressesOf, attach, availableIps, createEni, mustDescribeEni, Network, plain, refused, runInstance } from '../support/network.js'

after(stopPostgres)

type AssignFields = ConstructorParameters<typeof Ecs.AssignPrivateIpAddressesRequest>[0]
type UnassignFields = ConstructorParameters<typeof Ecs.UnassignPrivateIpAddressesRequest>[0]

for (const dialect of DIALECTS) {
  describe(`AssignPrivateIpAddresses / UnassignPrivateIpAddresses (${dialect})`, () => {
    let server: TestServer
    let net: Network
    before(async () => {
      server = await startServer({ dialect })
      net = await Network.create(server.account)
    })
    after(() => server.close())

    const assign = (fields: AssignFields) =>
      net.ecs.assignPrivateIpAddresses(new Ecs.AssignPrivateIpAddressesRequest({ regionId: REGION, ...fields }))
    const unassign = (fields: UnassignFields) =>
      net.ecs.unassignPrivateIpAddresses(new Ecs.UnassignPrivateIpAddressesRequest({ regionId: REGION, ...fields }))

    const refusedHere = (vSwitchId: string, call: () => Promise<unknown>, code: string, status: number) => refused(net, vSwitchId, call, code, status)

    async function setup(mask?: number) {
      const vsw = await net.vSwitch(mask === undefined ? {} : { mask })
      const sg = await net.securityGroup()
      return { vsw, sg, eni: (fields = {}) => createEni(net.ecs, { vSwitchId: vsw.id, securityGroupId: sg, ...fields }) }
    }

    it('assigns named addresses and answers with them as a plain string list', async () => {
      const { vsw, eni } = await setup()
      const id = await eni()
      const { body } = await assign({ networkInterfaceId: id, privateIpAddress: [`${vsw.base}.30`, `${vsw.base}.31`] })
      assert.deepEqual(plain(body?.assignedPrivateIpAddressesSet), {
        networkInterfaceId: id,
        privateIpSet: { privateIpAddress: [`${vsw.base}.30`, `${vsw.base}.31`] },
        ipv4PrefixSet: { ipv4Prefixes: [] },
      })
      assert.deepEqual(addressesOf(await mustDescribeEni(net.ecs, id)).slice(1), [`${vsw.base}.30`, `${vsw.base}.31`])
      assert.equal(await availableIps(net.vpc, vsw.id), 252 - 3)
    })

    it('assigns a count of free addresses, distinct from every other ENI, even when requests race', async () => {
      const { vsw, eni } = await setup(27)
      const ids = []
      for (let i = 0; i < 4; i++) ids.push(await eni())
      await Promise.all(ids.map((id) => assign({ networkInterfaceId: id, secondaryPrivateIpAddressCount: 5 })))
      const all = (await Promise.all(ids.map((id) => mustDescribeEni(net.ecs, id)))).flatMap(addressesOf)
      assert.equal(all.length, 24)
      assert.equal(new Set(all).size, 24)
      assert.equal(await availableIps(net.vpc, vsw.id), 28 - 24)
    })

    it('gives an address to one ENI only when several ask for it at once', async () => {
      const { vsw, eni } = await setup()
      const ids = []
      for (let i = 0; i < 8; i++) ids.push(await eni())
      const outcomes = await Promise.all(
        ids.map((id) => assign({ networkInterfaceId: id, privateIpAddress: [`${vsw.base}.200`] }).then(() => 'ok', (err: { code: string }) => err.code)),
      )
      assert.equal(outcomes.filter((o) => o === 'ok').length, 1, outcomes.join(','))
      assert.ok(outcomes.every((o) => o === 'ok' || o === 'InvalidPrivateIpAddress.Duplicated'), outcomes.join(','))
    })

    it('unassigns secondary addresses, returning them to the vSwitch for anyone to take', async () => {
      const { vsw, eni } = await setup()
      const id = await eni({ privateIpAddress: [`${vsw.base}.40`, `${vsw.base}.41`] })
      const free = await availableIps(net.vpc, vsw.id)
      await unassign({ networkInterfaceId: id, privateIpAddress: [`${vsw.base}.41`] })
      assert.deepEqual(addressesOf(await mustDescribeEni(net.ecs, id)).slice(1), [`${vsw.base}.40`])
      assert.equal(await availableIps(net.vpc, vsw.id), free + 1)
      const other = await eni()
      await assign({ networkInterfaceId: other, privateIpAddress: [`${vsw.base}.41`] })
    })

    it('answers a retry with the same ClientToken with the same addresses', async () => {
      const { vsw, eni } = await setup()
      const id = await eni()
      const request = { networkInterfaceId: id, secondaryPrivateIpAddressCount: 2, clientToken: `assign-${id}` }
      const first = await assign(request)
      const again = await assign(request)
      assert.deepEqual(plain(again.body?.assignedPrivateIpAddressesSet), plain(first.body?.assignedPrivateIpAddressesSet))
      assert.equal(addressesOf(await mustDescribeEni(net.ecs, id)).length, 3)
      assert.equal(await availableIps(net.vpc, vsw.id), 252 - 3)
    })

    it('assigns to an attached ENI and to a primary ENI of a Running instance, within the type', async () => {
      const { vsw, sg, eni } = await setup()
      const instanceId = await runInstance(net.ecs, { vSwitchId: vsw.id, securityGroupId: sg })
      const { body } = await net.ecs.describeNetworkInterfaces(new Ecs.DescribeNetworkInterfacesRequest({ regionId: REGION, instanceId }))
      const primary = body?.networkInterfaceSets?.networkInterfaceSet?.[0]?.networkInterfaceId ?? ''
      await assign({ networkInterfaceId: primary, secondaryPrivateIpAddressCount: 5 })
      await refusedHere(vsw.id, () => assign({ networkInterfaceId: primary, secondaryPrivateIpAddressCount: 1 }), 'InvalidOperation.Ipv4CountExceeded', 403)
      await unassign({ networkInterfaceId: primary, privateIpAddress: [addressesOf(await mustDescribeEni(net.ecs, primary))[1] ?? ''] })
      const id = await eni({ secondaryPrivateIpAddressCount: 4 })
      await attach(net.ecs, id, instanceId)
      await assign({ networkInterfaceId: id, secondaryPrivateIpAddressCount: 1 })
      await refusedHere(vsw.id, () => assign({ networkInterfaceId: id, privateIpAddress: [`${vsw.base}.250`] }), 'InvalidOperation.Ipv4CountExceeded', 403)
    })

    it('holds a detached ENI to 49 secondary addresses', async () => {
      const { vsw, eni } = await setup()
      const id = await eni({ secondaryPrivateIpAddressCount: 40 })
      await refusedHere(vsw.id, () => assign({ networkInterfaceId: id, secondaryPrivateIpAddressCount: 10 }), 'MaxEniPrivateIpsCountExceeded', 403)
      await assign({ networkInterfaceId: id, secondaryPrivateIpAddressCount: 9 })
      assert.equal(addressesOf(await mustDescribeEni(net.ecs, id)).length, 50)
    })

    it('refuses malformed, conflicting and missing requests', async () => {
      const { vsw, eni } = await setup()
      const id = await eni()
      const cases: Array<[AssignFields, string, number]> = [
        [{ networkInterfaceId: id }, 'MissingParameter', 400],
        [{ networkInterfaceId: id, privateIpAddress: [`${vsw.base}.9`], secondaryPrivateIpAddressCount: 1 }, 'InvalidParameter.Conflict', 400],
        [{ networkInterfaceId: id, privateIpAddress: Array.from({ length: 33 }, (_, i) => `${vsw.base}.${i + 100}`) }, 'InvalidParameter', 400],
        [{ networkInterfaceId: id, secondaryPrivateIpAddressCount: 0 }, 'InvalidParameter', 400],
        [{ networkInterfaceId: id, privateIpAddress: [`${vsw.base}.9`, `${vsw.base}.9`] }, 'InvalidIp.IpRepeated', 403],
        [{ networkInterfaceId: id, privateIpAddress: [`${vsw.base}.x`] }, 'InvalidPrivateIpAddress.Malformed', 400],
        [{ networkInterfaceId: id, privateIpAddress: ['10.9.9.9'] }, 'InvalidVSwitchId.IpInvalid', 403],
        [{ networkInterfaceId: id, privateIpAddress: [`${vsw.base}.254`] }, 'InvalidVSwitchId.IpInvalid', 403],
        [{ networkInterfaceId: 'eni-doesnotexist', secondaryPrivateIpAddressCount: 1 }, 'InvalidEniId.NotFound', 404],
        [{ secondaryPrivateIpAddressCount: 1 }, 'MissingParameter', 400],
      ]
      for (const [fields, code, status] of cases) await refusedHere(vsw.id, () => assign(fields), code, status)
    })

    it('refuses addresses another ENI or this one already holds, and an exhausted vSwitch', async () => {
      const { vsw, eni } = await setup(29)
      const holder = await eni({ privateIpAddress: [`${vsw.base}.2`] })
      const id = await eni()
      await refusedHere(vsw.id, () => assign({ networkInterfaceId: id, privateIpAddress: [`${vsw.base}.2`] }), 'InvalidPrivateIpAddress.Duplicated', 400)
      const own = addressesOf(await mustDescribeEni(net.ecs, id))[0] ?? ''
      await refusedHere(vsw.id, () => assign({ networkInterfaceId: id, privateIpAddress: [own] }), 'InvalidPrivateIpAddress.Duplicated', 400)
      await refusedHere(vsw.id, () => assign({ networkInterfaceId: holder, secondaryPrivateIpAddressCount: 2 }), 'InvalidVSwitchId.IpNotEnough', 403)
    })

    it('refuses to unassign the primary address, an address not on the ENI, or nothing', async () => {
      const { vsw, eni } = await setup()
      const other = await eni({ privateIpAddress: [`${vsw.base}.61`] })
      const id = await eni({ primaryIpAddress: `${vsw.base}.50`, privateIpAddress: [`${vsw.base}.51`] })
      const cases: Array<[UnassignFields, string, number]> = [
        [{ networkInterfaceId: id, privateIpAddress: [`${vsw.base}.50`] }, 'InvalidParameter', 400],
        [{ networkInterfaceId: id, privateIpAddress: [`${vsw.base}.61`] }, 'InvalidIp.IpUnassigned', 403],
        [{ networkInterfaceId: id, privateIpAddress: [`${vsw.base}.51`, `${vsw.base}.99`] }, 'InvalidIp.IpUnassigned', 403],
        [{ networkInterfaceId: id }, 'MissingParameter', 400],
        [{ networkInterfaceId: 'eni-doesnotexist', privateIpAddress: [`${vsw.base}.51`] }, 'InvalidEniId.NotFound', 404],
      ]
      for (const [fields, code, status] of cases) await refusedHere(vsw.id, () => unassign(fields), code, status)
      assert.deepEqual(addressesOf(await mustDescribeEni(net.ecs, other)).slice(1), [`${vsw.base}.61`])
    })

    it("treats another account's ENI as nonexistent", async () => {
      const { vsw, eni } = await setup()
      const id = await eni({ privateIpAddress: [`${vsw.base}.70`] })
      const intruder = await server.addAccount(`ips-${dialect}`)
      for (const call of [
        () =>
          intruder.ecs.assignPrivateIpAddresses(
            new Ecs.AssignPrivateIpAddressesRequest({ regionId: REGION, networkInterfaceId: id, secondaryPrivateIpAddressCount: 1 }),
          ),
        () =>
          intruder.ecs.unassignPrivateIpAddresses(
            new Ecs.UnassignPrivateIpAddressesRequest({ regionId: REGION, networkInterfaceId: id, privateIpAddress: [`${vsw.base}.70`] }),
          ),
      ]) {
        await refusedHere(vsw.id, call, 'InvalidEniId.NotFound', 404)
      }
    })
  })
}
