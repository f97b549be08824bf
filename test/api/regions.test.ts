import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { DIALECTS, Ecs, sdkError, startServer, stopPostgres, type TestServer } from '../support/server.js'

after(stopPostgres)

const CONFIG = {
  regions: [
    {
      id: 'cn-hangzhou',
      localName: 'Hangzhou lab',
      zones: [{ id: 'cn-hangzhou-a', localName: 'Rack A' }, { id: 'cn-hangzhou-b' }],
    },
    { id: 'ap-southeast-1', zones: [{ id: 'ap-southeast-1-a' }] },
  ],
}

for (const dialect of DIALECTS) {
  describe(`regions and zones (${dialect})`, () => {
    let server: TestServer
    before(async () => {
      server = await startServer({ dialect, config: CONFIG })
    })
    after(() => server.close())

    describe('DescribeRegions', () => {
      it('lists every configured region as available, with the configured or default local name', async () => {
        const { body } = await server.account.ecs.describeRegions(new Ecs.DescribeRegionsRequest({}))
        assert.deepEqual(
          body?.regions?.region?.map((r) => [r.regionId, r.localName, r.status]),
          [
            ['cn-hangzhou', 'Hangzhou lab', 'available'],
            ['ap-southeast-1', 'ap-southeast-1', 'available'],
          ],
        )
      })

      it('answers the same for every documented language and resource type', async () => {
        const { body } = await server.account.ecs.describeRegions(
          new Ecs.DescribeRegionsRequest({ acceptLanguage: 'en-US', resourceType: 'disk', instanceChargeType: 'PostPaid' }),
        )
        assert.equal(body?.regions?.region?.length, 2)
      })

      it('refuses an unknown language with InvalidAcceptLanguage.NotFound (404)', async () => {
        const err = await sdkError(server.account.ecs.describeRegions(new Ecs.DescribeRegionsRequest({ acceptLanguage: 'xx-YY' })))
        assert.equal(err.code, 'InvalidAcceptLanguage.NotFound')
        assert.equal(err.statusCode, 404)
      })

      it('refuses an unknown resource type with InvalidResourceType.NotFound (404)', async () => {
        const err = await sdkError(server.account.ecs.describeRegions(new Ecs.DescribeRegionsRequest({ resourceType: 'vpc' })))
        assert.equal(err.code, 'InvalidResourceType.NotFound')
        assert.equal(err.statusCode, 404)
      })

      it('answers another account identically: regions belong to the deployment', async () => {
        const other = await server.addAccount('regions-other')
        const mine = await server.account.ecs.describeRegions(new Ecs.DescribeRegionsRequest({}))
        const theirs = await other.ecs.describeRegions(new Ecs.DescribeRegionsRequest({}))
        assert.deepEqual(
          theirs.body?.regions?.region?.map((r) => r.regionId),
          mine.body?.regions?.region?.map((r) => r.regionId),
        )
      })
    })

    describe('DescribeZones', () => {
      it('lists the zones of the region as availability zones for instances and vSwitches', async () => {
        const { body } = await server.account.ecs.describeZones(new Ecs.DescribeZonesRequest({ regionId: 'cn-hangzhou' }))
        const zones = body?.zones?.zone ?? []
        assert.deepEqual(
          zones.map((z) => [z.zoneId, z.localName, z.zoneType]),
          [
            ['cn-hangzhou-a', 'Rack A', 'AvailabilityZone'],
            ['cn-hangzhou-b', 'cn-hangzhou-b', 'AvailabilityZone'],
          ],
        )
        for (const zone of zones) {
          assert.deepEqual(zone.availableResourceCreation?.resourceTypes, ['Instance', 'VSwitch', 'IoOptimized'])
        }
      })

      it('offers the whole instance-type catalogue in each zone', async () => {
        const { body } = await server.account.ecs.describeZones(new Ecs.DescribeZonesRequest({ regionId: 'cn-hangzhou' }))
        const catalogue = server.deps.catalog.map((t) => t.instanceTypeId).sort()
        for (const zone of body?.zones?.zone ?? []) assert.deepEqual(zone.availableInstanceTypes?.instanceTypes, catalogue)
      })

      it('leaves the instance-type lists out with Verbose=false', async () => {
        const { body } = await server.account.ecs.describeZones(new Ecs.DescribeZonesRequest({ regionId: 'cn-hangzhou', verbose: false }))
        const zones = body?.zones?.zone ?? []
        assert.equal(zones.length, 2)
        for (const zone of zones) {
          assert.equal(zone.availableInstanceTypes, undefined)
          assert.deepEqual(zone.availableResourceCreation?.resourceTypes, ['Instance', 'VSwitch', 'IoOptimized'])
        }
      })

      it('lists only the zones of the region asked about', async () => {
        const { body } = await server.account.ecs.describeZones(new Ecs.DescribeZonesRequest({ regionId: 'ap-southeast-1' }))
        assert.deepEqual(
          body?.zones?.zone?.map((z) => z.zoneId),
          ['ap-southeast-1-a'],
        )
      })

      it('refuses a missing RegionId with MissingParameter (400)', async () => {
        const err = await sdkError(server.account.ecs.describeZones(new Ecs.DescribeZonesRequest({})))
        assert.equal(err.code, 'MissingParameter')
        assert.equal(err.statusCode, 400)
      })

      it('refuses a region this deployment does not serve with InvalidRegionId.NotFound (404)', async () => {
        const err = await sdkError(server.account.ecs.describeZones(new Ecs.DescribeZonesRequest({ regionId: 'cn-beijing' })))
        assert.equal(err.code, 'InvalidRegionId.NotFound')
        assert.equal(err.statusCode, 404)
      })

      it('refuses an unknown language with InvalidAcceptLanguage.NotFound (404)', async () => {
        const err = await sdkError(
          server.account.ecs.describeZones(new Ecs.DescribeZonesRequest({ regionId: 'cn-hangzhou', acceptLanguage: 'klingon' })),
        )
        assert.equal(err.code, 'InvalidAcceptLanguage.NotFound')
        assert.equal(err.statusCode, 404)
      })

      it('refuses a malformed Verbose with InvalidParameter (400)', async () => {
        const err = await sdkError(
          server.account.ecs.describeZones(new Ecs.DescribeZonesRequest({ regionId: 'cn-hangzhou', verbose: 'maybe' as unknown as boolean })),
        )
        assert.equal(err.code, 'InvalidParameter')
        assert.equal(err.statusCode, 400)
      })
    })
  })
}
