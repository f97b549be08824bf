import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startServerProcesses, type ServerProcesses } from '../support/cli.js'
import { createEni, Network, runInstance } from '../support/network.js'
import { startPostgres } from '../support/postgres.js'
import {
  clientsFor,
  DIALECTS,
  Ecs,
  REGION,
  startServer,
  stopPostgres,
  type EcsClient,
  type VpcClient,
} from '../support/server.js'

after(stopPostgres)

const ATTEMPTS = 50
/** `ecs.g7.large` allows 3 ENIs including the primary (EniQuantity counts it, spec §5.15). */
const TYPE = 'ecs.g7.large'
const ENI_QUANTITY = 3

interface Fixture {
  vSwitchId: string
  securityGroupId: string
  instanceId: string
}

async function fixture(account: { ecs: EcsClient; vpc: VpcClient }): Promise<Fixture> {
  const network = await Network.create(account)
  const vSwitchId = (await network.vSwitch({ mask: 20 })).id
  const securityGroupId = await network.securityGroup()
  const instanceId = await runInstance(account.ecs, { vSwitchId, securityGroupId, instanceType: TYPE })
  return { vSwitchId, securityGroupId, instanceId }
}

async function createEnis(ecs: EcsClient, f: Fixture, count: number): Promise<string[]> {
  const ids: string[] = []
  for (let i = 0; i < count; i++) ids.push(await createEni(ecs, { vSwitchId: f.vSwitchId, securityGroupId: f.securityGroupId }))
  return ids
}

/** Fires every attach at once (round-robin over the given clients) and tallies the outcomes. */
async function attachAll(clients: EcsClient[], instanceId: string, eniIds: string[]): Promise<Map<string, number>> {
  const outcomes = await Promise.all(
    eniIds.map((id, i) =>
      (clients[i % clients.length] as EcsClient)
        .attachNetworkInterface(new Ecs.AttachNetworkInterfaceRequest({ regionId: REGION, networkInterfaceId: id, instanceId }))
        .then(
          () => 'ok',
          (err: { code?: string }) => err.code ?? 'error',
        ),
    ),
  )
  const tally = new Map<string, number>()
  for (const o of outcomes) tally.set(o, (tally.get(o) ?? 0) + 1)
  return tally
}

async function attachedTo(ecs: EcsClient, instanceId: string): Promise<Array<{ id: string; deviceIndex: number }>> {
  const { body } = await ecs.describeNetworkInterfaces(
    new Ecs.DescribeNetworkInterfacesRequest({ regionId: REGION, instanceId, maxResults: 100 }),
  )
  return (body?.networkInterfaceSets?.networkInterfaceSet ?? []).map((e) => ({
    id: e.networkInterfaceId ?? '',
    deviceIndex: e.attachment?.deviceIndex ?? -1,
  }))
}

function assertExactQuota(tally: Map<string, number>, attached: Array<{ deviceIndex: number }>): void {
  assert.equal(tally.get('ok'), ENI_QUANTITY - 1, JSON.stringify([...tally]))
  assert.equal(tally.get('EniPerInstanceLimitExceeded'), ATTEMPTS - (ENI_QUANTITY - 1), JSON.stringify([...tally]))
  assert.equal(attached.length, ENI_QUANTITY)
  assert.deepEqual(
    attached.map((a) => a.deviceIndex).sort(),
    Array.from({ length: ENI_QUANTITY }, (_, i) => i),
  )
}

for (const dialect of DIALECTS) {
  describe(`concurrency (${dialect}, one server)`, () => {
    it(`${ATTEMPTS} simultaneous attaches to an instance whose type allows ${ENI_QUANTITY} ENIs leave exactly ${ENI_QUANTITY} attached`, async () => {
      const server = await startServer({ dialect })
      try {
        const { ecs } = server.account
        const f = await fixture(server.account)
        const enis = await createEnis(ecs, f, ATTEMPTS)
        const tally = await attachAll([ecs], f.instanceId, enis)
        assertExactQuota(tally, await attachedTo(ecs, f.instanceId))
      } finally {
        await server.close()
      }
    })

    it('never gives one address to two ENIs, however many ask for it at once', async () => {
      const server = await startServer({ dialect })
      try {
        const { ecs } = server.account
        const f = await fixture(server.account)
        const enis = await createEnis(ecs, f, 10)
        const outcomes = await Promise.all(
          enis.map((id) =>
            ecs
              .assignPrivateIpAddresses(
                new Ecs.AssignPrivateIpAddressesRequest({ regionId: REGION, networkInterfaceId: id, privateIpAddress: ['198.18.15.200'] }),
              )
              .then(
                () => 'ok',
                (err: { code?: string }) => err.code ?? 'error',
              ),
          ),
        )
        assert.equal(outcomes.filter((o) => o === 'ok').length, 1, outcomes.join(','))
        assert.ok(outcomes.every((o) => o === 'ok' || o === 'InvalidPrivateIpAddress.Duplicated'), outcomes.join(','))
      } finally {
        await server.close()
      }
    })
  })
}

if (DIALECTS.includes('postgres')) {
  describe('concurrency (PostgreSQL, two server processes)', () => {
    let cluster: Awaited<ReturnType<typeof startPostgres>> | undefined
    let servers: ServerProcesses | undefined

    before(async () => {
      cluster = await startPostgres()
      servers = await startServerProcesses({
        count: 2,
        dbUrl: cluster.url,
        // Each server has its own data directory: they share only the database and the master key.
        root: mkdtempSync(join(tmpdir(), 'openeni-two-servers-')),
        dataplane: 'none',
        key: { accessKeyId: 'LTAItwoServersTest0001', accessKeySecret: 'two-servers-secret-0123456789' },
        masterKey: 'ab'.repeat(32),
      })
    })
    after(async () => {
      await servers?.stop()
      await cluster?.stop()
    })

    it(`${ATTEMPTS} simultaneous attaches through two servers leave exactly ${ENI_QUANTITY} attached`, async () => {
      const { endpoints, key } = servers!
      const [a, b] = endpoints.map((e) => clientsFor(e, key.accessKeyId, key.accessKeySecret))
      assert.ok(a && b)
      const f = await fixture(a)
      const enis = await createEnis(a.ecs, f, ATTEMPTS)
      const tally = await attachAll([a.ecs, b.ecs], f.instanceId, enis)
      assertExactQuota(tally, await attachedTo(b.ecs, f.instanceId))
    })
  })
}
