import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import RPCClient from '@alicloud/pop-core'
import { readChanges } from '../../src/service/change-log.js'
import { allocateEip, describeEip, describeEips, mustDescribeEip, refusedEip, releaseEip } from '../support/eips.js'
import { Network } from '../support/network.js'
import { DIALECTS, REGION, sdkError, startServer, stopPostgres, Vpc, ZONE_B, type TestServer, type VpcClient } from '../support/server.js'

after(stopPostgres)

type AllocateFields = ConstructorParameters<typeof Vpc.AllocateEipAddressRequest>[0]
type ModifyFields = ConstructorParameters<typeof Vpc.ModifyEipAddressAttributeRequest>[0]

function addressNumber(ip: string): number {
  return ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0)
}

for (const dialect of DIALECTS) {
  describe(`AllocateEipAddress / ModifyEipAddressAttribute / ReleaseEipAddress (${dialect})`, () => {
    let server: TestServer
    let net: Network
    let vSwitchId: string
    before(async () => {
      server = await startServer({ dialect })
      net = await Network.create(server.account)
      vSwitchId = (await net.vSwitch()).id
    })
    after(() => server.close())

    const allocateCall = (fields: AllocateFields) => () => net.vpc.allocateEipAddress(new Vpc.AllocateEipAddressRequest({ regionId: REGION, ...fields }))
    const modify = (fields: ModifyFields) => net.vpc.modifyEipAddressAttribute(new Vpc.ModifyEipAddressAttributeRequest({ regionId: REGION, ...fields }))
    const refusedHere = (call: () => Promise<unknown>, code: string, status: number) => refusedEip(net, vSwitchId, call, code, status)

    it('allocates an Available, unbound EIP from the default pool with the reference defaults', async () => {
      const { allocationId, ipAddress } = await allocateEip(net.vpc)
      assert.match(allocationId, /^eip-[0-9a-z]{20}$/)
      const n = addressNumber(ipAddress)
      assert.ok(n > addressNumber('203.0.113.0') && n < addressNumber('203.0.113.255'), `${ipAddress} is a usable address of 203.0.113.0/24`)
      const eip = await mustDescribeEip(net.vpc, allocationId)
      assert.equal(eip.ipAddress, ipAddress)
      assert.equal(eip.status, 'Available')
      assert.equal(eip.bandwidth, '5')
      assert.equal(eip.eipBandwidth, '5')
      assert.equal(eip.internetChargeType, 'PayByBandwidth')
      assert.equal(eip.chargeType, 'PostPaid')
      assert.equal(eip.ISP, 'BGP')
      assert.equal(eip.netmode, 'public')
      assert.equal(eip.regionId, REGION)
      assert.equal(eip.instanceId, '')
      assert.equal(eip.instanceType, '')
      assert.equal(eip.privateIpAddress, '')
      assert.equal(eip.expiredTime, '')
      assert.equal(eip.serviceManaged, 0)
      assert.match(eip.allocationTime ?? '', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
    })

    it('takes the bandwidth, charge type, name, description, tags, resource group and zone asked for', async () => {
      const { allocationId } = await allocateEip(net.vpc, {
        bandwidth: '200',
        internetChargeType: 'PayByTraffic',
        name: 'web-1',
        description: 'front door',
        resourceGroupId: 'rg-test',
        zone: ZONE_B,
        ISP: 'BGP_PRO',
        tag: [new Vpc.AllocateEipAddressRequestTag({ key: 'env', value: 'prod' })],
      })
      const eip = await mustDescribeEip(net.vpc, allocationId)
      assert.equal(eip.bandwidth, '200')
      assert.equal(eip.internetChargeType, 'PayByTraffic')
      assert.equal(eip.name, 'web-1')
      assert.equal(eip.description, 'front door')
      assert.equal(eip.resourceGroupId, 'rg-test')
      assert.equal(eip.zone, ZONE_B)
      assert.equal(eip.ISP, 'BGP_PRO')
      assert.deepEqual(eip.tags?.tag?.map((t) => [t.key, t.value]), [['env', 'prod']])
    })

    it('gives the address asked for when it is free, and refuses a taken one or one outside the pool', async () => {
      const { allocationId, ipAddress } = await allocateEip(net.vpc, { ipAddress: '203.0.113.200' })
      assert.equal(ipAddress, '203.0.113.200')
      await refusedHere(allocateCall({ ipAddress: '203.0.113.200' }), 'Ip.Allocated', 400)
      await refusedHere(allocateCall({ ipAddress: '198.51.100.7' }), 'ResourceNotFound.Ip', 400)
      await refusedHere(allocateCall({ ipAddress: '203.0.113.0' }), 'ResourceNotFound.Ip', 400)
      await refusedHere(allocateCall({ ipAddress: '203.0.113.255' }), 'ResourceNotFound.Ip', 400)
      await refusedHere(allocateCall({ ipAddress: '203.0.113' }), 'InvalidParameter', 400)
      await refusedHere(allocateCall({ ipAddress: '203.0.113.201', zone: ZONE_B }), 'ExclusiveParam.ZoneAndIpAddress', 400)
      await releaseEip(net.vpc, allocationId)
      assert.equal((await allocateEip(net.vpc, { ipAddress: '203.0.113.200' })).ipAddress, '203.0.113.200', 'a released address can be asked for again')
    })

    it('holds the bandwidth ranges of each charge type', async () => {
      await allocateEip(net.vpc, { bandwidth: '500' })
      await allocateEip(net.vpc, { bandwidth: '1', internetChargeType: 'PayByTraffic' })
      await refusedHere(allocateCall({ bandwidth: '501' }), 'InvalidBandwidth.Malformed', 400)
      await refusedHere(allocateCall({ bandwidth: '201', internetChargeType: 'PayByTraffic' }), 'InvalidBandwidth.Malformed', 400)
      await refusedHere(allocateCall({ bandwidth: '0' }), 'InvalidBandwidth.Malformed', 400)
      await refusedHere(allocateCall({ bandwidth: '5.5' }), 'InvalidBandwidth.Malformed', 400)
      await refusedHere(allocateCall({ bandwidth: 'fast' }), 'InvalidBandwidth.Malformed', 400)
      await refusedHere(allocateCall({ bandwidth: '1001', instanceChargeType: 'PrePaid', period: 1 }), 'InvalidBandwidth.Malformed', 400)
    })

    it('allocates a subscription EIP with its term and order, and never releases it', async () => {
      const { body } = await net.vpc.allocateEipAddress(
        new Vpc.AllocateEipAddressRequest({ regionId: REGION, instanceChargeType: 'PrePaid', pricingCycle: 'Year', period: 1, bandwidth: '1000', autoPay: true }),
      )
      assert.ok(body?.allocationId)
      assert.equal(typeof body.orderId, 'number')
      const eip = await mustDescribeEip(net.vpc, body.allocationId)
      assert.equal(eip.chargeType, 'PrePaid')
      assert.equal(eip.bandwidth, '1000')
      const expires = new Date(`${eip.expiredTime?.slice(0, -1)}:00Z`)
      const inAYear = Date.now() + 365 * 86_400_000
      assert.ok(Math.abs(expires.getTime() - inAYear) < 2 * 86_400_000, `${eip.expiredTime} is a year away`)
      await refusedHere(() => releaseEip(net.vpc, body.allocationId ?? ''), 'Forbidden.ChargeTypeIsPrepaid', 400)
    })

    it('refuses charge terms that do not fit together', async () => {
      await refusedHere(allocateCall({ instanceChargeType: 'PrePaid', internetChargeType: 'PayByTraffic', period: 1 }), 'InvalidParameter', 400)
      await refusedHere(allocateCall({ instanceChargeType: 'PrePaid' }), 'MissingParameter', 400)
      await refusedHere(allocateCall({ instanceChargeType: 'PrePaid', pricingCycle: 'Month', period: 10 }), 'InvalidParameter', 400)
      await refusedHere(allocateCall({ instanceChargeType: 'PrePaid', pricingCycle: 'Year', period: 6 }), 'InvalidParameter', 400)
      await refusedHere(allocateCall({ instanceChargeType: 'PrePaid', period: 1, name: 'named' }), 'InvalidParameter', 400)
      await refusedHere(allocateCall({ instanceChargeType: 'Monthly' }), 'InvalidParameter', 400)
      await refusedHere(allocateCall({ internetChargeType: 'PayByLcu' }), 'InvalidParameter', 400)
    })

    it('refuses what this deployment does not offer, and malformed names', async () => {
      await refusedHere(allocateCall({ ISP: 'ChinaTelecom' }), 'IllegalParam.Isp', 400)
      await refusedHere(allocateCall({ zone: 'cn-hangzhou-z' }), 'IllegalParam.Zone', 400)
      await refusedHere(allocateCall({ publicIpAddressPoolId: 'pippool-1' }), 'ResourceNotFound.PublicIpAddressPool', 400)
      await refusedHere(allocateCall({ instanceId: 'eip-released' }), 'UnsupportedParameter', 400)
      await refusedHere(allocateCall({ name: '1st' }), 'InvalidEipAddressName.Malformed', 400)
      await refusedHere(allocateCall({ name: 'a'.repeat(129) }), 'InvalidEipAddressName.Malformed', 400)
      await refusedHere(allocateCall({ description: 'https://example.com' }), 'InvalidDescription.Malformed', 400)
      await refusedHere(allocateCall({ tag: [new Vpc.AllocateEipAddressRequestTag({ key: 'aliyun:x', value: 'v' })] }), 'InvalidTagKey.Malformed', 400)
      await refusedHere(() => net.vpc.allocateEipAddress(new Vpc.AllocateEipAddressRequest({ regionId: 'xx-nowhere-1' })), 'InvalidRegionId.NotFound', 404)
      await refusedHere(() => net.vpc.allocateEipAddress(new Vpc.AllocateEipAddressRequest({})), 'MissingParameter', 400)
    })

    it('validates a DryRun allocation, sent as pop-core does, and allocates nothing', async () => {
      const client = new RPCClient({
        accessKeyId: server.account.accessKeyId,
        accessKeySecret: server.account.accessKeySecret,
        endpoint: `http://${server.endpoint}`,
        apiVersion: '2016-04-28',
      })
      const before = (await describeEips(net.vpc)).totalCount
      const dry = await sdkError(client.request('AllocateEipAddress', { RegionId: REGION, Bandwidth: '10', DryRun: 'true' }, { method: 'POST' }))
      assert.equal(dry.code, 'DryRunOperation')
      const bad = await sdkError(client.request('AllocateEipAddress', { RegionId: REGION, Bandwidth: '999', DryRun: 'true' }, { method: 'POST' }))
      assert.equal(bad.code, 'InvalidBandwidth.Malformed')
      assert.equal((await describeEips(net.vpc)).totalCount, before)
      const real = (await client.request('AllocateEipAddress', { RegionId: REGION }, { method: 'POST' })) as { AllocationId: string; EipAddress: string }
      assert.match(real.AllocationId, /^eip-/)
    })

    it('answers a retry with the same ClientToken with the same EIP, and refuses the token for other parameters', async () => {
      const first = await allocateEip(net.vpc, { clientToken: 'alloc-once', bandwidth: '7' })
      const again = await allocateEip(net.vpc, { clientToken: 'alloc-once', bandwidth: '7' })
      assert.deepEqual(again, first)
      await refusedHere(allocateCall({ clientToken: 'alloc-once', bandwidth: '8' }), 'IdempotentParameterMismatch', 400)
    })

    it('changes bandwidth, name and description, clears them with empty values, and records the change', async () => {
      const { allocationId } = await allocateEip(net.vpc, { name: 'before', description: 'old words' })
      await modify({ allocationId, bandwidth: '50', name: 'after', description: 'new words' })
      let eip = await mustDescribeEip(net.vpc, allocationId)
      assert.deepEqual([eip.bandwidth, eip.name, eip.description], ['50', 'after', 'new words'])
      await modify({ allocationId, name: '', description: '' })
      eip = await mustDescribeEip(net.vpc, allocationId)
      assert.deepEqual([eip.bandwidth, eip.name, eip.description], ['50', '', ''])
      await modify({ allocationId })
      assert.equal((await mustDescribeEip(net.vpc, allocationId)).bandwidth, '50', 'nothing given changes nothing')
      const changes = await readChanges(server.deps.store.db, { afterRevision: 0, limit: 10_000 })
      const modified = changes.filter((c) => c.resourceId === allocationId && c.event === 'EipModified')
      assert.equal((modified[0]?.payload as { bandwidth?: number }).bandwidth, 50)
    })

    it('refuses a bandwidth outside the range of the charge type and malformed attributes', async () => {
      const { allocationId } = await allocateEip(net.vpc, { internetChargeType: 'PayByTraffic' })
      await refusedHere(() => modify({ allocationId, bandwidth: '201' }), 'Abs.InvalidBandwidth.Malformed', 400)
      await refusedHere(() => modify({ allocationId, bandwidth: '0' }), 'Abs.InvalidBandwidth.Malformed', 400)
      await refusedHere(() => modify({ allocationId, name: '-dash' }), 'InvalidEipAddressName.Malformed', 400)
      await refusedHere(() => modify({ allocationId, description: 'http://x' }), 'InvalidDescription.Malformed', 400)
      await refusedHere(() => modify({ allocationId: 'eip-doesnotexist' }), 'InvalidAllocationId.NotFound', 404)
      await refusedHere(() => modify({ allocationId: '' }), 'MissingParameter', 400)
    })

    it('releases an unbound EIP at once, finding it without a RegionId too', async () => {
      const { allocationId } = await allocateEip(net.vpc)
      await net.vpc.releaseEipAddress(new Vpc.ReleaseEipAddressRequest({ allocationId }))
      assert.equal(await describeEip(net.vpc, allocationId), undefined)
      await refusedHere(() => releaseEip(net.vpc, allocationId), 'InvalidAllocationId.NotFound', 404)
      await refusedHere(
        () => net.vpc.releaseEipAddress(new Vpc.ReleaseEipAddressRequest({ regionId: 'xx-nowhere-1', allocationId })),
        'InvalidRegionId.NotFound',
        404,
      )
    })
  })

  describe(`DescribeEipAddresses (${dialect})`, () => {
    let server: TestServer
    let vpc: VpcClient
    let ids: string[]
    let addresses: string[]
    before(async () => {
      server = await startServer({ dialect })
      vpc = server.account.vpc
      ids = []
      addresses = []
      for (const fields of [
        { name: 'alpha', internetChargeType: 'PayByTraffic', resourceGroupId: 'rg-a' },
        { name: 'beta', tag: [new Vpc.AllocateEipAddressRequestTag({ key: 'team', value: 'net' })] },
        { name: 'gamma', instanceChargeType: 'PrePaid', period: 1, tag: [new Vpc.AllocateEipAddressRequestTag({ key: 'team', value: 'ops' })] },
      ]) {
        const { allocationId, ipAddress } = await allocateEip(vpc, fields.name === 'gamma' ? { ...fields, name: undefined } : fields)
        ids.push(allocationId)
        addresses.push(ipAddress)
      }
    })
    after(() => server.close())

    const listed = async (fields: ConstructorParameters<typeof Vpc.DescribeEipAddressesRequest>[0]) =>
      (await describeEips(vpc, fields)).items.map((e) => e.allocationId)

    it('lists the EIPs of the region in creation order, with the total and page numbers', async () => {
      assert.deepEqual(await listed({}), ids)
      const { body } = await vpc.describeEipAddresses(new Vpc.DescribeEipAddressesRequest({ regionId: REGION, pageSize: 2, pageNumber: 2 }))
      assert.equal(body?.totalCount, 3)
      assert.equal(body?.pageNumber, 2)
      assert.equal(body?.pageSize, 2)
      assert.deepEqual(body?.eipAddresses?.eipAddress?.map((e) => e.allocationId), ids.slice(2))
      const first = await vpc.describeEipAddresses(new Vpc.DescribeEipAddressesRequest({ regionId: REGION }))
      assert.equal(first.body?.pageSize, 10)
    })

    it('filters by ID, address, status, name, charge types, ISP, resource group, tag and creation time', async () => {
      assert.deepEqual(await listed({ allocationId: `${ids[2]},${ids[0]}` }), [ids[0], ids[2]])
      assert.deepEqual(await listed({ eipAddress: addresses[1] }), [ids[1]])
      assert.deepEqual(await listed({ status: 'Available' }), ids)
      assert.deepEqual(await listed({ status: 'InUse' }), [])
      assert.deepEqual(await listed({ eipName: 'beta' }), [ids[1]])
      assert.deepEqual(await listed({ chargeType: 'PrePaid' }), [ids[2]])
      assert.deepEqual(await listed({ chargeType: 'PostPaid' }), ids.slice(0, 2))
      assert.deepEqual(await listed({ ISP: 'BGP' }), ids)
      assert.deepEqual(await listed({ ISP: 'BGP_PRO' }), [])
      assert.deepEqual(await listed({ resourceGroupId: 'rg-a' }), [ids[0]])
      assert.deepEqual(await listed({ tag: [new Vpc.DescribeEipAddressesRequestTag({ key: 'team' })] }), ids.slice(1))
      assert.deepEqual(await listed({ tag: [new Vpc.DescribeEipAddressesRequestTag({ key: 'team', value: 'ops' })] }), [ids[2]])
      assert.deepEqual(await listed({ associatedInstanceType: 'Nat' }), [], 'a type this deployment binds nothing to matches nothing')
      assert.deepEqual(await listed({ lockReason: 'financial' }), [])
      assert.deepEqual(await listed({ segmentInstanceId: 'eipsg-1' }), [])
      const past = new Date(Date.now() - 3_600_000).toISOString().slice(0, 16) + 'Z'
      const future = new Date(Date.now() + 3_600_000).toISOString().slice(0, 16) + 'Z'
      assert.deepEqual(await listed({ filter: [new Vpc.DescribeEipAddressesRequestFilter({ key: 'CreationStartTime', value: past })] }), ids)
      assert.deepEqual(await listed({ filter: [new Vpc.DescribeEipAddressesRequestFilter({ key: 'CreationStartTime', value: future })] }), [])
    })

    it("refuses malformed filters with the reference's codes", async () => {
      const call = (fields: ConstructorParameters<typeof Vpc.DescribeEipAddressesRequest>[0]) =>
        sdkError(vpc.describeEipAddresses(new Vpc.DescribeEipAddressesRequest({ regionId: REGION, ...fields })))
      const cases: Array<[ConstructorParameters<typeof Vpc.DescribeEipAddressesRequest>[0], string, number]> = [
        [{ associatedInstanceType: 'Router' }, 'InvalidIAssociatedInstanceType.ValueNotSupported', 400],
        [{ chargeType: 'Hourly' }, 'InvalidChargeType.ValueNotSupported', 400],
        [{ lockReason: 'unpaid' }, 'InvalidLockReason.NotFound', 404],
        [{ filter: [new Vpc.DescribeEipAddressesRequestFilter({ key: 'Owner', value: 'x' })] }, 'InvalidFilterKey.NotFound', 404],
        [{ filter: [new Vpc.DescribeEipAddressesRequestFilter({ key: 'CreationEndTime', value: 'yesterday' })] }, 'InvalidFilterValue', 404],
        [{ status: 'Broken' }, 'InvalidParameter', 400],
        [{ eipAddress: '203.0.113' }, 'InvalidParameter', 400],
        [{ allocationId: Array.from({ length: 51 }, (_, i) => `eip-${i}`).join(',') }, 'InvalidParameter', 400],
        [{ pageSize: 101 }, 'InvalidParameter', 400],
        [{ pageNumber: 0 }, 'InvalidParameter', 400],
        [{ dryRun: true }, 'DryRunOperation', 400],
      ]
      for (const [fields, code, status] of cases) {
        const err = await call(fields)
        assert.equal(err.code, code, JSON.stringify(fields))
        assert.equal(err.statusCode, status)
      }
      const noRegion = await sdkError(vpc.describeEipAddresses(new Vpc.DescribeEipAddressesRequest({})))
      assert.equal(noRegion.code, 'MissingParameter')
    })

    it("shows another account none of these EIPs, and treats their IDs as unknown", async () => {
      const other = await server.addAccount('stranger')
      assert.deepEqual((await describeEips(other.vpc)).items, [])
      assert.deepEqual((await describeEips(other.vpc, { allocationId: ids.join(',') })).items, [])
      for (const call of [
        () => other.vpc.releaseEipAddress(new Vpc.ReleaseEipAddressRequest({ regionId: REGION, allocationId: ids[0] })),
        () => other.vpc.modifyEipAddressAttribute(new Vpc.ModifyEipAddressAttributeRequest({ regionId: REGION, allocationId: ids[0], bandwidth: '9' })),
        () => other.vpc.unassociateEipAddress(new Vpc.UnassociateEipAddressRequest({ regionId: REGION, allocationId: ids[0] })),
        () =>
          other.vpc.describeEipMonitorData(
            new Vpc.DescribeEipMonitorDataRequest({ regionId: REGION, allocationId: ids[0], startTime: new Date().toISOString().slice(0, 19) + 'Z', endTime: new Date().toISOString().slice(0, 19) + 'Z' }),
          ),
      ]) {
        const err = await sdkError(call())
        assert.equal(err.code, 'InvalidAllocationId.NotFound')
        assert.equal(err.statusCode, 404)
      }
      assert.equal((await mustDescribeEip(vpc, ids[0] ?? '')).bandwidth, '5')
    })
  })

  describe(`EIP pool and quota (${dialect})`, () => {
    let server: TestServer
    let vpc: VpcClient
    before(async () => {
      // Six usable addresses in the /29 (.1–.6) plus both of the /31, which has no network or broadcast address.
      server = await startServer({
        dialect,
        config: { eipPools: { [REGION]: ['203.0.113.0/29', '203.0.113.16/31'] }, quotas: { default: { eips: 9 } } },
      })
      vpc = server.account.vpc
    })
    after(() => server.close())

    it('hands out every usable address of the configured blocks once, then OperationFailed.InsufficientEIP', async () => {
      const taken = []
      for (let i = 0; i < 8; i++) taken.push((await allocateEip(vpc)).ipAddress)
      assert.deepEqual(
        [...taken].sort((a, b) => addressNumber(a) - addressNumber(b)),
        ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4', '203.0.113.5', '203.0.113.6', '203.0.113.16', '203.0.113.17'],
      )
      const err = await sdkError(allocateEip(vpc))
      assert.equal(err.code, 'OperationFailed.InsufficientEIP')
      assert.equal(err.statusCode, 400)
      // A released address is handed out again, but only once the others before it were tried.
      const all = (await describeEips(vpc)).items
      const freed = all.find((e) => e.ipAddress === '203.0.113.3')
      await releaseEip(vpc, freed?.allocationId ?? '')
      assert.equal((await allocateEip(vpc)).ipAddress, '203.0.113.3')
    })

    it('holds the per-account EIP quota, counting each account on its own', async () => {
      const quota = await startServer({ dialect, config: { quotas: { default: { eips: 2 } } } })
      try {
        const { vpc: client } = quota.account
        await allocateEip(client)
        await allocateEip(client)
        const err = await sdkError(allocateEip(client))
        assert.equal(err.code, 'QuotaExceeded.Eip')
        assert.equal(err.statusCode, 400)
        assert.equal((await describeEips(client)).items.length, 2)
        const second = await quota.addAccount('second')
        await allocateEip(second.vpc)
      } finally {
        await quota.close()
      }
    })

    it('has no pool in a configured region without one', async () => {
      const twoRegions = await startServer({
        dialect,
        config: {
          regions: [
            { id: REGION, zones: [{ id: 'cn-hangzhou-a' }] },
            { id: 'cn-beijing', zones: [{ id: 'cn-beijing-a' }] },
          ],
        },
      })
      try {
        const client = twoRegions.account.vpc
        await allocateEip(client)
        const err = await sdkError(client.allocateEipAddress(new Vpc.AllocateEipAddressRequest({ regionId: 'cn-beijing' })))
        assert.equal(err.code, 'OperationFailed.InsufficientEIP')
      } finally {
        await twoRegions.close()
      }
    })
  })
}
