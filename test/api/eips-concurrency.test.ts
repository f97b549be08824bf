import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { allocateEip, associateEip, describeEips, mustDescribeEip } from '../support/eips.js'
import { addressesOf, createEni, mustDescribeEni, Network, runInstance } from '../support/network.js'
import { DIALECTS, REGION, startServer, stopPostgres, Vpc, type TestServer } from '../support/server.js'

after(stopPostgres)

/** Runs every call at once and tallies the outcomes by error code ('ok' for a success). */
async function tally(calls: Array<() => Promise<unknown>>): Promise<Map<string, number>> {
  const outcomes = await Promise.all(calls.map((call) => call().then(() => 'ok', (err: { code?: string }) => err.code ?? 'error')))
  const counts = new Map<string, number>()
  for (const o of outcomes) counts.set(o, (counts.get(o) ?? 0) + 1)
  return counts
}

for (const dialect of DIALECTS) {
  describe(`EIPs under concurrent requests (${dialect})`, () => {
    let server: TestServer
    let net: Network
    before(async () => {
      // A pool of exactly eight addresses: six in the /29, both of the /31.
      server = await startServer({ dialect, config: { eipPools: { [REGION]: ['203.0.113.0/29', '203.0.113.16/31'] }, quotas: { default: { eips: 50 } } } })
      net = await Network.create(server.account)
    })
    after(() => server.close())

    it('gives 20 simultaneous allocations from a pool of 8 addresses 8 distinct addresses and 12 refusals', async () => {
      const counts = await tally(Array.from({ length: 20 }, () => () => allocateEip(net.vpc)))
      assert.equal(counts.get('ok'), 8, JSON.stringify([...counts]))
      assert.equal(counts.get('OperationFailed.InsufficientEIP'), 12, JSON.stringify([...counts]))
      const addresses = (await describeEips(net.vpc)).items.map((e) => e.ipAddress)
      assert.equal(addresses.length, 8)
      assert.equal(new Set(addresses).size, 8)
    })

    it('lets one of two simultaneous associations of one EIP win, and binds it exactly once', async () => {
      const released = (await describeEips(net.vpc)).items.slice(0, 1)
      for (const eip of released) await net.vpc.releaseEipAddress(new Vpc.ReleaseEipAddressRequest({ regionId: REGION, allocationId: eip.allocationId }))
      const vsw = await net.vSwitch()
      const sg = await net.securityGroup()
      const a = await runInstance(net.ecs, { vSwitchId: vsw.id, securityGroupId: sg })
      const b = await runInstance(net.ecs, { vSwitchId: vsw.id, securityGroupId: sg })
      const { allocationId } = await allocateEip(net.vpc)
      const counts = await tally([a, b].map((instanceId) => () => associateEip(net.vpc, { allocationId, instanceId })))
      assert.equal(counts.get('ok'), 1, JSON.stringify([...counts]))
      assert.equal(counts.get('IncorrectEipStatus'), 1, JSON.stringify([...counts]))
      const eip = await mustDescribeEip(net.vpc, allocationId)
      assert.ok(eip.instanceId === a || eip.instanceId === b)
      assert.equal(eip.status, 'InUse')
    })

    it('lets one of several EIPs raced onto one private address win', async () => {
      const taken = new Set((await describeEips(net.vpc, { status: 'Available' })).items.map((e) => e.allocationId))
      assert.ok(taken.size >= 2, 'two unbound EIPs are left in the pool test')
      const vsw = await net.vSwitch()
      const sg = await net.securityGroup()
      const eniId = await createEni(net.ecs, { vSwitchId: vsw.id, securityGroupId: sg, secondaryPrivateIpAddressCount: 1 })
      const secondary = addressesOf(await mustDescribeEni(net.ecs, eniId))[1]
      const counts = await tally(
        [...taken].map((allocationId) => () => associateEip(net.vpc, { allocationId, instanceId: eniId, instanceType: 'NetworkInterface', privateIpAddress: secondary })),
      )
      assert.equal(counts.get('ok'), 1, JSON.stringify([...counts]))
      assert.equal(counts.get('InvalidAssociation.Duplicated'), taken.size - 1, JSON.stringify([...counts]))
      const bound = (await describeEips(net.vpc, { associatedInstanceType: 'NetworkInterface', associatedInstanceId: eniId })).items
      assert.deepEqual(bound.map((e) => e.privateIpAddress), [secondary])
    })
  })
}
