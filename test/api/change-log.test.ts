import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { signAcs3 } from '../../src/api/aliyun/signature.js'
import { DIALECTS, REGION, startServer, stopPostgres, Vpc, type TestAccount, type TestServer } from '../support/server.js'

after(stopPostgres)

interface ChangesPage {
  revision: number
  changes: Array<{ revision: number; resourceType: string; resourceId: string; event: string; accountId: string }>
}

async function readChanges(server: TestServer, account: TestAccount, after: number): Promise<ChangesPage> {
  const signed = signAcs3({
    method: 'GET',
    host: server.endpoint,
    path: '/rest/v1/changes',
    query: { after: String(after), limit: '1000' },
    action: 'ListChanges',
    version: 'rest-v1',
    accessKeyId: account.accessKeyId,
    secret: account.accessKeySecret,
  })
  const response = await fetch(`http://${server.endpoint}${signed.url}`, { headers: signed.headers })
  assert.equal(response.status, 200)
  return (await response.json()) as ChangesPage
}

for (const dialect of DIALECTS) {
  describe(`change log (${dialect})`, () => {
    let server: TestServer
    before(async () => {
      server = await startServer({ dialect })
    })
    after(() => server.close())

    it('appends every change in revision order, readable from any revision, per account', async () => {
      const { vpc } = server.account
      const created = await vpc.createVpc(new Vpc.CreateVpcRequest({ regionId: REGION, cidrBlock: '198.18.0.0/16' }))
      const vpcId = created.body?.vpcId ?? ''
      const vsw = await vpc.createVSwitch(
        new Vpc.CreateVSwitchRequest({ regionId: REGION, vpcId, zoneId: `${REGION}-a`, cidrBlock: '198.18.1.0/24' }),
      )
      await vpc.deleteVSwitch(new Vpc.DeleteVSwitchRequest({ regionId: REGION, vSwitchId: vsw.body?.vSwitchId ?? '' }))

      const all = await readChanges(server, server.account, 0)
      const mine = all.changes.filter((c) => c.resourceId === vpcId || c.resourceId === vsw.body?.vSwitchId)
      assert.deepEqual(
        mine.map((c) => c.resourceType),
        ['Vpc', 'VSwitch', 'VSwitch'],
      )
      const revisions = all.changes.map((c) => c.revision)
      assert.deepEqual(revisions, [...revisions].sort((a, b) => a - b))
      assert.equal(new Set(revisions).size, revisions.length)
      assert.ok(all.revision >= (revisions.at(-1) ?? 0))

      const first = mine[0]?.revision ?? 0
      const rest = await readChanges(server, server.account, first)
      assert.deepEqual(
        rest.changes.map((c) => c.revision),
        revisions.filter((r) => r > first),
      )

      const other = await server.addAccount('someone-else')
      const theirs = await readChanges(server, other, 0)
      assert.ok(theirs.changes.every((c) => c.accountId === other.accountId))
      assert.ok(!theirs.changes.some((c) => c.resourceId === vpcId))
    })

    it('refuses an unsigned read', async () => {
      const response = await fetch(`http://${server.endpoint}/rest/v1/changes?after=0`)
      assert.equal(response.status, 400)
      assert.equal(((await response.json()) as { Code: string }).Code, 'MissingParameter')
    })
  })
}
