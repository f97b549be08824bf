import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { recordEipCounters, type CounterSample } from '../../src/service/eips/counters.js'
import { eipUsageReport } from '../../src/service/eips/usage.js'
import { allocateEip, releaseEip } from '../support/eips.js'
import { DIALECTS, REGION, sdkError, startServer, stopPostgres, Vpc, type TestServer } from '../support/server.js'

after(stopPostgres)

const at = (time: string) => new Date(`2026-11-23T${time}Z`)

for (const dialect of DIALECTS) {
  describe(`EIP metering: counters, DescribeEipMonitorData, usage (${dialect})`, () => {
    let server: TestServer
    let now = at('10:00:00')
    let perBandwidth: string
    let perTraffic: string
    before(async () => {
      // The server's clock is set by the test; the SDK signs with the real time, so the allowed
      // skew is widened to cover the difference.
      server = await startServer({ dialect, clock: () => new Date(now), config: { security: { signatureSkewSeconds: 400 * 86_400 } } })
      const { vpc } = server.account
      perBandwidth = (await allocateEip(vpc, { bandwidth: '5' })).allocationId
      perTraffic = (await allocateEip(vpc, { bandwidth: '5', internetChargeType: 'PayByTraffic' })).allocationId
    })
    after(() => server.close())

    const sample = (allocationId: string, time: string, rxBytes: number, txBytes: number, packets = 1): CounterSample => ({
      allocationId,
      at: at(time),
      rxBytes,
      txBytes,
      rxPackets: packets,
      txPackets: packets,
    })
    const monitor = (fields: Partial<ConstructorParameters<typeof Vpc.DescribeEipMonitorDataRequest>[0]>) =>
      server.account.vpc.describeEipMonitorData(
        new Vpc.DescribeEipMonitorDataRequest({ regionId: REGION, allocationId: perTraffic, startTime: '2026-11-23T10:00:00Z', endTime: '2026-11-23T10:05:00Z', ...fields }),
      )

    it('turns counters into deltas per host, counting a restart from zero and ignoring repeats and unknown EIPs', async () => {
      now = at('10:05:00')
      const first = await recordEipCounters(server.deps, 'host-1', [
        // Out of order on purpose: readings are taken in time order.
        sample(perTraffic, '10:02:10', 1_500, 2_600, 3),
        sample(perTraffic, '10:01:30', 1_000, 2_000, 2),
        sample('eip-neverallocated', '10:01:30', 5, 5),
      ])
      assert.deepEqual(first, { recorded: 2, ignored: 1 })
      const second = await recordEipCounters(server.deps, 'host-1', [
        sample(perTraffic, '10:02:10', 1_500, 2_600, 3),
        sample(perTraffic, '10:03:00', 100, 50, 1),
      ])
      assert.deepEqual(second, { recorded: 1, ignored: 1 }, 'the repeated reading changes nothing')
      assert.deepEqual(await recordEipCounters(server.deps, 'host-2', [sample(perTraffic, '10:03:30', 10, 10, 1)]), { recorded: 1, ignored: 0 })

      const { body } = await monitor({ period: 60 })
      const points = body?.eipMonitorDatas?.eipMonitorData ?? []
      assert.deepEqual(
        points.map((p) => [p.timeStamp, p.eipRX, p.eipTX, p.eipFlow, p.eipPackets, p.eipBandwidth]),
        [
          ['2026-11-23T10:00:00Z', 0, 0, 0, 0, 0],
          ['2026-11-23T10:01:00Z', 1_000, 2_000, 3_000, 4, 400],
          ['2026-11-23T10:02:00Z', 500, 600, 1_100, 2, Math.round((1_100 * 8) / 60)],
          ['2026-11-23T10:03:00Z', 110, 60, 170, 4, Math.round((170 * 8) / 60)],
          ['2026-11-23T10:04:00Z', 0, 0, 0, 0, 0],
        ],
      )
      const fiveMinutes = await monitor({ period: 300, startTime: '2026-11-23T10:00:00Z', endTime: '2026-11-23T10:10:00Z' })
      assert.deepEqual(
        fiveMinutes.body?.eipMonitorDatas?.eipMonitorData?.map((p) => [p.timeStamp, p.eipFlow]),
        [
          ['2026-11-23T10:00:00Z', 4_270],
          ['2026-11-23T10:05:00Z', 0],
        ],
      )
      const rounded = await monitor({ startTime: '2026-11-23T10:00:30Z', endTime: '2026-11-23T10:02:00Z' })
      assert.deepEqual(rounded.body?.eipMonitorDatas?.eipMonitorData?.map((p) => p.timeStamp), ['2026-11-23T10:01:00Z'], 'seconds round up to the minute')
    })

    it('refuses counters that are not whole numbers from zero, and samples without a time, changing nothing', async () => {
      const before = (await monitor({ period: 300 })).body?.eipMonitorDatas?.eipMonitorData?.[0]?.eipFlow
      for (const bad of [{ ...sample(perTraffic, '10:04:00', 1, 1), rxBytes: -5 }, { ...sample(perTraffic, '10:04:00', 1, 1), at: new Date('nope') }]) {
        await assert.rejects(recordEipCounters(server.deps, 'host-1', [sample(perTraffic, '10:04:00', 9_000, 9_000), bad]), { code: 'InvalidParameter' })
      }
      await assert.rejects(recordEipCounters(server.deps, '', []), { code: 'InvalidParameter' })
      assert.equal((await monitor({ period: 300 })).body?.eipMonitorDatas?.eipMonitorData?.[0]?.eipFlow, before)
    })

    it("refuses monitor queries with the reference's codes", async () => {
      const cases: Array<[Partial<ConstructorParameters<typeof Vpc.DescribeEipMonitorDataRequest>[0]>, string, number]> = [
        [{ startTime: '2026-11-23 10:00' }, 'InvalidStartTime.Malformed', 400],
        [{ endTime: 'tomorrow' }, 'InvalidEndTime.Malformed', 400],
        [{ startTime: '2026-11-23T10:05:00Z', endTime: '2026-11-23T10:00:00Z' }, 'InvalidEndTime.Malformed', 400],
        [{ period: 120 }, 'InvalidPeriod.ValueNotSupported', 400],
        [{ startTime: '2026-10-01T00:00:00Z', endTime: '2026-10-01T01:00:00Z' }, 'InvalidStartTime.TooEarly', 400],
        [{ startTime: '2026-11-23T00:00:00Z', endTime: '2026-11-23T08:00:00Z' }, 'OperationDenied.TooManyDataQueried', 400],
        [{ allocationId: 'eip-doesnotexist' }, 'InvalidAllocationId.NotFound', 404],
        [{ allocationId: '' }, 'MissingParameter', 400],
        [{ startTime: '' }, 'MissingParameter', 400],
      ]
      for (const [fields, code, status] of cases) {
        const err = await sdkError(monitor(fields))
        assert.equal(err.code, code, JSON.stringify(fields))
        assert.equal(err.statusCode, status)
      }
    })

    it('bills bandwidth-hours from the allocation, modify and release history, split at hours and bandwidth changes', async () => {
      const { vpc } = server.account
      now = at('10:20:00')
      await vpc.modifyEipAddressAttribute(new Vpc.ModifyEipAddressAttributeRequest({ regionId: REGION, allocationId: perBandwidth, bandwidth: '20' }))
      now = at('11:30:00')
      await vpc.modifyEipAddressAttribute(new Vpc.ModifyEipAddressAttributeRequest({ regionId: REGION, allocationId: perBandwidth, bandwidth: '20' }))
      now = at('11:45:00')
      await releaseEip(vpc, perBandwidth)
      // Traffic measured just before the release still belongs to the EIP's bill.
      await recordEipCounters(server.deps, 'host-1', [sample(perBandwidth, '11:44:00', 300, 700)])
      now = at('12:10:00')

      const report = await eipUsageReport(server.deps.store.db, { account: 'tester', from: at('10:30:00'), to: at('12:00:00') }, now)
      assert.equal(report.account.id, server.account.accountId)
      assert.equal(report.from, '2026-11-23T10:00:00.000Z', 'the first hour is the one the start falls in')
      const lines = new Map(report.bill.lines.map((l) => [l.allocationId, l]))
      const released = lines.get(perBandwidth)
      assert.ok(released)
      // 10:00–10:20 at 5, 10:20–11:00 at 20; 11:00–11:45 at 20 (a modify to the same bandwidth changes nothing).
      assert.ok(Math.abs(released.bandwidthHours - (5 / 3 + 40 / 3 + 15)) < 1e-9, String(released.bandwidthHours))
      assert.deepEqual([released.hours, released.rxBytes, released.txBytes, released.charged.unit], [2, 300, 700, 'Mbps-hour'])
      const traffic = lines.get(perTraffic)
      assert.ok(traffic)
      // Still allocated: charged for its outbound bytes; its bandwidth-hours so far (10:00–12:00 at 5) are shown too.
      assert.deepEqual([traffic.txBytes, traffic.rxBytes, traffic.charged], [2_660, 1_610, { unit: 'byte', quantity: 2_660 }])
      assert.ok(Math.abs(traffic.bandwidthHours - 10) < 1e-9, String(traffic.bandwidthHours))
      assert.ok(Math.abs(report.bill.totals.bandwidthHours - released.bandwidthHours) < 1e-9)
      assert.equal(report.bill.totals.trafficBytes, 2_660)

      const later = await eipUsageReport(server.deps.store.db, { account: server.account.accountId, from: at('11:00:00'), to: at('13:00:00') }, now)
      const tail = later.bill.lines.find((l) => l.allocationId === perBandwidth)
      assert.ok(tail && Math.abs(tail.bandwidthHours - 15) < 1e-9, 'a narrower window shows only its hours')
      await assert.rejects(eipUsageReport(server.deps.store.db, { account: 'nobody', from: at('10:00:00'), to: at('11:00:00') }, now), { code: 'InvalidParameter' })
      await assert.rejects(eipUsageReport(server.deps.store.db, { account: 'tester', from: at('11:00:00'), to: at('10:00:00') }, now), { code: 'InvalidParameter' })
    })
  })
}
