import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cryptoRandom } from '../../src/cli/runtime.js'
import { defaultConfig, resolveCatalog } from '../../src/domain/config.js'
import { createAccount } from '../../src/service/accounts.js'
import type { Caller, ServiceDeps } from '../../src/service/deps.js'
import { allocateEipAddress } from '../../src/service/eips/allocate.js'
import { recordEipCounters } from '../../src/service/eips/counters.js'
import { modifyEipAddressAttribute } from '../../src/service/eips/modify.js'
import { releaseEipAddress } from '../../src/service/eips/release.js'
import { secretBox } from '../../src/service/secret-box.js'
import { openStore } from '../../src/store/store.js'
import { runCli } from '../support/cli.js'

const HOUR = 3_600_000

interface UsageJson {
  Account: { Id: string; Name: string }
  From: string
  To: string
  Eips: Array<{ AllocationId: string; IpAddress: string; InternetChargeType: string; Hours: number; BandwidthHours: number; RxBytes: number; TxBytes: number; Charged: { Unit: string; Quantity: number } }>
  Totals: { BandwidthHours: number; TrafficBytes: number; RxBytes: number; TxBytes: number }
}

describe('openeni usage', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'openeni-usage-'))
  // Two days ago on the hour, so the whole billed hour lies in the past for the CLI's own clock.
  const base = Math.floor(Date.now() / HOUR) * HOUR - 48 * HOUR
  const iso = (offsetMinutes: number) => new Date(base + offsetMinutes * 60_000).toISOString()
  let accountId: string
  let byBandwidth: { allocationId: string; eipAddress: string }
  let byTraffic: { allocationId: string; eipAddress: string }

  before(async () => {
    let now = base
    const config = defaultConfig()
    const deps: ServiceDeps = {
      store: await openStore({ dataDir }),
      config,
      catalog: resolveCatalog(config),
      clock: () => new Date(now),
      random: cryptoRandom,
      secrets: secretBox(Buffer.alloc(32, 3)),
      dataplane: 'none',
    }
    try {
      accountId = (await createAccount(deps, 'billing')).accountId
      const caller: Caller = { accountId, requestId: 'R' }
      byBandwidth = await allocateEipAddress(deps, caller, { regionId: 'cn-hangzhou', bandwidth: '10', tags: [] })
      byTraffic = await allocateEipAddress(deps, caller, { regionId: 'cn-hangzhou', internetChargeType: 'PayByTraffic', tags: [] })
      now = base + 30 * 60_000
      await modifyEipAddressAttribute(deps, caller, { allocationId: byBandwidth.allocationId, bandwidth: '20' })
      await recordEipCounters(deps, 'host-1', [
        { allocationId: byTraffic.allocationId, at: new Date(base + 10 * 60_000), rxBytes: 1_000, txBytes: 4_000, rxPackets: 10, txPackets: 40 },
        { allocationId: byTraffic.allocationId, at: new Date(base + 20 * 60_000), rxBytes: 1_500, txBytes: 5_000, rxPackets: 15, txPackets: 50 },
      ])
      now = base + 60 * 60_000
      await releaseEipAddress(deps, caller, { allocationId: byBandwidth.allocationId })
      // Traffic in another hour, outside the billed window.
      await recordEipCounters(deps, 'host-1', [{ allocationId: byTraffic.allocationId, at: new Date(base + 70 * 60_000), rxBytes: 1_600, txBytes: 9_000, rxPackets: 16, txPackets: 90 }])
    } finally {
      await deps.store.close()
    }
  })
  after(() => rmSync(dataDir, { recursive: true, force: true }))

  it('prints the bill of an account by name as JSON: per EIP and totals, for the hours asked', async () => {
    const result = await runCli(['usage', '--account', 'billing', '--from', iso(0), '--to', iso(60), '--data', dataDir, '--output', 'json'])
    assert.equal(result.code, 0, result.stderr)
    const usage = JSON.parse(result.stdout) as UsageJson
    assert.deepEqual(usage.Account, { Id: accountId, Name: 'billing' })
    assert.deepEqual([usage.From, usage.To], [iso(0), iso(60)])
    const [first, second] = [...usage.Eips].sort((a, b) => a.InternetChargeType.localeCompare(b.InternetChargeType))
    // 30 minutes at 10 Mbit/s, then 30 at 20: 15 Mbit/s·h; billed by bandwidth even after its release.
    assert.deepEqual(first, {
      AllocationId: byBandwidth.allocationId,
      IpAddress: byBandwidth.eipAddress,
      InternetChargeType: 'PayByBandwidth',
      Hours: 1,
      BandwidthHours: 15,
      RxBytes: 0,
      TxBytes: 0,
      Charged: { Unit: 'Mbps-hour', Quantity: 15 },
    })
    // Still allocated at 5 Mbit/s; billed by the bytes it sent in the hour.
    assert.deepEqual(second, {
      AllocationId: byTraffic.allocationId,
      IpAddress: byTraffic.eipAddress,
      InternetChargeType: 'PayByTraffic',
      Hours: 1,
      BandwidthHours: 5,
      RxBytes: 1_500,
      TxBytes: 5_000,
      Charged: { Unit: 'byte', Quantity: 5_000 },
    })
    assert.deepEqual(usage.Totals, { BandwidthHours: 15, TrafficBytes: 5_000, RxBytes: 1_500, TxBytes: 5_000 })
  })

  it('prints a bill for people by account ID, hours starting in the window only', async () => {
    const result = await runCli(['usage', '--account', accountId, '--from', iso(15), '--to', iso(120), '--data', dataDir])
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stdout, new RegExp(`EIP usage of account billing \\(${accountId}\\)`))
    assert.match(result.stdout, new RegExp(`${byBandwidth.allocationId}\\s+${byBandwidth.eipAddress.replace(/\./g, '\\.')}\\s+PayByBandwidth\\s+1\\s+15\\.000`))
    assert.match(result.stdout, new RegExp(`${byTraffic.allocationId}\\s+\\S+\\s+PayByTraffic\\s+2\\s+10\\.000\\s+1600\\s+9000\\s+9000 bytes out`))
    assert.match(result.stdout, /Total: 15\.000 Mbps-hours pay-by-bandwidth, 9000 bytes out pay-by-traffic/)
  })

  it('says so when there is no usage, and refuses an unknown account or a malformed time', async () => {
    const empty = await runCli(['usage', '--account', 'billing', '--from', iso(-600), '--to', iso(-300), '--data', dataDir])
    assert.equal(empty.code, 0, empty.stderr)
    assert.match(empty.stdout, /No EIP usage in this period/)
    const unknown = await runCli(['usage', '--account', 'nobody', '--from', iso(0), '--to', iso(60), '--data', dataDir])
    assert.equal(unknown.code, 1)
    assert.match(unknown.stderr, /InvalidParameter: No account has the ID or name "nobody"/)
    const malformed = await runCli(['usage', '--account', 'billing', '--from', 'yesterday', '--to', iso(60), '--data', dataDir])
    assert.notEqual(malformed.code, 0)
    assert.match(malformed.stderr, /ISO-8601/)
    const reversed = await runCli(['usage', '--account', 'billing', '--from', iso(60), '--to', iso(0), '--data', dataDir])
    assert.equal(reversed.code, 1)
    assert.match(reversed.stderr, /must end after it starts/)
  })
})
