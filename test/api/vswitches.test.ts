import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { latestRevision } from '../../src/service/change-log.js'
import { DIALECTS, Ecs, REGION, sdkError, startServer, stopPostgres, Vpc, ZONE_A, ZONE_B, type TestAccount, type TestServer } from '../support/server.js'
import { assertDeletedWithHistory } from '../support/records.js'

after(stopPostgres)

const OTHER_REGION = 'cn-shanghai'
const VSWITCH_QUOTA = 4

const CONFIG = {
  regions: [
    { id: REGION, zones: [{ id: ZONE_A }, { id: ZONE_B }] },
    { id: OTHER_REGION, zones: [{ id: `${OTHER_REGION}-a` }] },
  ],
  quotas: { default: { vSwitchesPerVpc: VSWITCH_QUOTA } },
}

type VSwitchFields = ConstructorParameters<typeof Vpc.CreateVSwitchRequest>[0]
type DescribeFields = ConstructorParameters<typeof Vpc.DescribeVSwitchesRequest>[0]

/** 198.18.0.1 as the unsigned integer the store keeps. */
const FIRST_USABLE = 198 * 2 ** 24 + 18 * 2 ** 16 + 1

for (const dialect of DIALECTS) {
  describe(`vSwitches (${dialect})`, () => {
    let server: TestServer
    let accounts = 0
    before(async () => {
      server = await startServer({ dialect, config: CONFIG })
    })
    after(() => server.close())

    /** Each test gets its own account with one VPC, 198.18.0.0/16 in REGION. */
    async function fresh(): Promise<{ account: TestAccount; vpcId: string }> {
      const account = await server.addAccount(`vswitches-${++accounts}`)
      const { body } = await account.vpc.createVpc(new Vpc.CreateVpcRequest({ regionId: REGION, cidrBlock: '198.18.0.0/16' }))
      return { account, vpcId: body?.vpcId ?? '' }
    }

    async function createVSwitch(account: TestAccount, fields: VSwitchFields): Promise<string> {
      const { body } = await account.vpc.createVSwitch(new Vpc.CreateVSwitchRequest(fields))
      assert.ok(body?.vSwitchId)
      return body.vSwitchId
    }

    async function list(account: TestAccount, fields: DescribeFields) {
      const { body } = await account.vpc.describeVSwitches(new Vpc.DescribeVSwitchesRequest({ pageSize: 50, ...fields }))
      return body?.vSwitches?.vSwitch ?? []
    }

    async function listIds(account: TestAccount, fields: DescribeFields) {
      return (await list(account, fields)).map((v) => v.vSwitchId)
    }

    async function describe1(account: TestAccount, vSwitchId: string) {
      return (await list(account, { regionId: REGION, vSwitchId }))[0]
    }

    /** What a refused request must leave untouched: the account's vSwitches and the change log. */
    async function snapshot(account: TestAccount) {
      return { vSwitches: await listIds(account, { regionId: REGION }), revision: await latestRevision(server.deps.store.db) }
    }

    async function refusal(account: TestAccount, call: () => Promise<unknown>, code: string, status: number): Promise<void> {
      const before = await snapshot(account)
      const err = await sdkError(call())
      assert.equal(err.code, code, err.message)
      assert.equal(err.statusCode, status)
      assert.deepEqual(await snapshot(account), before)
    }

    /** A secondary ENI in the vSwitch holding 1 + `secondaries` addresses, made through the ECS API. */
    async function createEni(account: TestAccount, vpcId: string, vSwitchId: string, secondaries: number): Promise<string> {
      const { body: sg } = await account.ecs.createSecurityGroup(new Ecs.CreateSecurityGroupRequest({ regionId: REGION, vpcId }))
      const { body } = await account.ecs.createNetworkInterface(
        new Ecs.CreateNetworkInterfaceRequest({
          regionId: REGION,
          vSwitchId,
          securityGroupId: sg?.securityGroupId,
          ...(secondaries > 0 ? { secondaryPrivateIpAddressCount: secondaries } : {}),
        }),
      )
      return body?.networkInterfaceId ?? ''
    }

    describe('CreateVSwitch', () => {
      it('creates an Available zonal vSwitch bound to the system route table of its VPC', async () => {
        const { account, vpcId } = await fresh()
        const id = await createVSwitch(account, {
          regionId: REGION,
          vpcId,
          zoneId: ZONE_A,
          cidrBlock: '198.18.1.0/24',
          vSwitchName: 'web',
          description: 'front end',
          tag: [new Vpc.CreateVSwitchRequestTag({ key: 'tier', value: 'web' })],
        })
        assert.match(id, /^vsw-[0-9a-z]{20}$/)
        const { body } = await account.vpc.describeVpcs(new Vpc.DescribeVpcsRequest({ regionId: REGION, vpcId }))
        const vpc = body?.vpcs?.vpc?.[0]
        const v = await describe1(account, id)
        assert.ok(v)
        assert.deepEqual(
          [v.vpcId, v.zoneId, v.cidrBlock, v.status, v.vSwitchName, v.description, v.isDefault],
          [vpcId, ZONE_A, '198.18.1.0/24', 'Available', 'web', 'front end', false],
        )
        assert.equal(v.availableIpAddressCount, 252)
        assert.deepEqual([v.routeTable?.routeTableId, v.routeTable?.routeTableType], [vpc?.routerTableIds?.routerTableIds?.[0], 'System'])
        assert.equal(v.ownerId, Number(account.accountId))
        assert.match(v.creationTime ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
        assert.deepEqual(
          v.tags?.tag?.map((t) => [t.key, t.value]),
          [['tier', 'web']],
        )
      })

      it('creates a regional vSwitch when ZoneId is left out, shown with an empty ZoneId', async () => {
        const { account, vpcId } = await fresh()
        const id = await createVSwitch(account, { vpcId, cidrBlock: '198.18.0.0/24' })
        assert.equal((await describe1(account, id))?.zoneId, '')
        const row = await server.deps.store.db.selectFrom('vswitches').select(['zone_id', 'alloc_hint']).where('id', '=', id).executeTakeFirst()
        assert.equal(row?.zone_id, null)
        assert.equal(Number(row?.alloc_hint), FIRST_USABLE)
      })

      it('picks the lowest free block for a CidrMask', async () => {
        const { account, vpcId } = await fresh()
        await createVSwitch(account, { vpcId, cidrBlock: '198.18.0.0/24' })
        await createVSwitch(account, { vpcId, cidrBlock: '198.18.2.0/23' })
        const picked = await createVSwitch(account, { vpcId, cidrMask: 24 })
        const next = await createVSwitch(account, { vpcId, cidrMask: 22 })
        assert.equal((await describe1(account, picked))?.cidrBlock, '198.18.1.0/24')
        assert.equal((await describe1(account, next))?.cidrBlock, '198.18.4.0/22')
      })

      it('records the creation in the change log', async () => {
        const { account, vpcId } = await fresh()
        const id = await createVSwitch(account, { vpcId, cidrBlock: '198.18.0.0/24', zoneId: ZONE_B })
        const change = await server.deps.store.db.selectFrom('changes').selectAll().where('resource_id', '=', id).executeTakeFirst()
        assert.deepEqual([change?.resource_type, change?.event, change?.account_id, change?.region_id], ['VSwitch', 'VSwitchCreated', account.accountId, REGION])
      })

      it('answers a retry with the same ClientToken with the same vSwitch, creating one', async () => {
        const { account, vpcId } = await fresh()
        const first = await createVSwitch(account, { vpcId, cidrBlock: '198.18.0.0/24', clientToken: 'vsw-token' })
        const again = await createVSwitch(account, { vpcId, cidrBlock: '198.18.0.0/24', clientToken: 'vsw-token' })
        assert.equal(again, first)
        assert.deepEqual(await listIds(account, { vpcId }), [first])
        await refusal(
          account,
          () => account.vpc.createVSwitch(new Vpc.CreateVSwitchRequest({ vpcId, cidrBlock: '198.18.1.0/24', clientToken: 'vsw-token' })),
          'IdempotentParameterMismatch',
          400,
        )
      })

      const refusals: Array<[string, VSwitchFields, string, number]> = [
        ['a missing VpcId', { vpcId: undefined }, 'MissingParameter', 400],
        ['a missing CidrBlock', { cidrBlock: undefined }, 'MissingParameter', 400],
        ['both CidrBlock and CidrMask', { cidrMask: 24 }, 'InvalidParameter.Conflict', 400],
        ['an unknown VPC', { vpcId: 'vpc-nothere' }, 'InvalidVpcId.NotFound', 404],
        ['a region not served', { regionId: 'cn-beijing' }, 'InvalidRegionId.NotFound', 404],
        ['another region than the VPC’s', { regionId: OTHER_REGION }, 'InvalidVpcId.NotFound', 404],
        ['an unknown zone', { zoneId: `${REGION}-z` }, 'InvalidZoneId.NotFound', 404],
        ['a zone of another region', { zoneId: `${OTHER_REGION}-a` }, 'InvalidZoneId.NotFound', 404],
        ['a block outside the VPC', { cidrBlock: '10.0.0.0/24' }, 'InvalidParameter', 400],
        ['a block with host bits', { cidrBlock: '198.18.0.1/24' }, 'InvalidCidrBlock.Malformed', 400],
        ['a /30 block', { cidrBlock: '198.18.0.0/30' }, 'InvalidCirdrBlock.MaskLength', 400],
        ['a /15 block', { cidrBlock: '198.18.0.0/15' }, 'InvalidCirdrBlock.MaskLength', 400],
        ['a CidrMask of 30', { cidrBlock: undefined, cidrMask: 30 }, 'InvalidCirdrBlock.MaskLength', 400],
        ['a name starting with https://', { vSwitchName: 'https://web' }, 'InvalidVSwitchName.Malformed', 400],
        ['a description of 257 characters', { description: 'x'.repeat(257) }, 'InvalidVSwitchDiscription.Malformed', 400],
        ['a reserved tag key', { tag: [new Vpc.CreateVSwitchRequestTag({ key: 'acs:x', value: 'v' })] }, 'InvalidTagKey.Malformed', 400],
      ]
      for (const [what, fields, code, status] of refusals) {
        it(`refuses ${what} with ${code} (${status}) and creates nothing`, async () => {
          const { account, vpcId } = await fresh()
          await refusal(
            account,
            () => account.vpc.createVSwitch(new Vpc.CreateVSwitchRequest({ regionId: REGION, vpcId, zoneId: ZONE_A, cidrBlock: '198.18.0.0/24', ...fields })),
            code,
            status,
          )
        })
      }

      it('refuses a block overlapping a sibling with InvalidCidrBlock.Overlapped (400)', async () => {
        const { account, vpcId } = await fresh()
        await createVSwitch(account, { vpcId, cidrBlock: '198.18.0.0/20' })
        await refusal(account, () => account.vpc.createVSwitch(new Vpc.CreateVSwitchRequest({ vpcId, cidrBlock: '198.18.1.0/24' })), 'InvalidCidrBlock.Overlapped', 400)
        await refusal(account, () => account.vpc.createVSwitch(new Vpc.CreateVSwitchRequest({ vpcId, cidrBlock: '198.18.0.0/16' })), 'InvalidCidrBlock.Overlapped', 400)
      })

      it('refuses a CidrMask when no block of that size is free with InvalidCidrBlock.Overlapped (400)', async () => {
        const account = await server.addAccount(`vswitches-${++accounts}`)
        const { body } = await account.vpc.createVpc(new Vpc.CreateVpcRequest({ regionId: REGION, cidrBlock: '198.18.0.0/24' }))
        const vpcId = body?.vpcId ?? ''
        await createVSwitch(account, { vpcId, cidrBlock: '198.18.0.0/25' })
        await createVSwitch(account, { vpcId, cidrBlock: '198.18.0.192/26' })
        await refusal(account, () => account.vpc.createVSwitch(new Vpc.CreateVSwitchRequest({ vpcId, cidrMask: 25 })), 'InvalidCidrBlock.Overlapped', 400)
      })

      it("treats another account's VPC as unknown", async () => {
        const { vpcId } = await fresh()
        const { account } = await fresh()
        await refusal(account, () => account.vpc.createVSwitch(new Vpc.CreateVSwitchRequest({ vpcId, cidrBlock: '198.18.0.0/24' })), 'InvalidVpcId.NotFound', 404)
      })

      it(`holds the quota of ${VSWITCH_QUOTA} vSwitches per VPC exactly, however many ask at once`, async () => {
        const { account, vpcId } = await fresh()
        const outcomes = await Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            account.vpc.createVSwitch(new Vpc.CreateVSwitchRequest({ vpcId, cidrBlock: `198.18.${i}.0/24` })).then(
              () => 'ok',
              (err: { code?: string }) => err.code ?? 'error',
            ),
          ),
        )
        assert.equal(outcomes.filter((o) => o === 'ok').length, VSWITCH_QUOTA, outcomes.join(','))
        assert.equal(outcomes.filter((o) => o === 'QuotaExceeded.VSwitch').length, 12 - VSWITCH_QUOTA, outcomes.join(','))
        assert.equal((await listIds(account, { vpcId })).length, VSWITCH_QUOTA)
        // Per VPC: another VPC of the account still takes vSwitches.
        const { body } = await account.vpc.createVpc(new Vpc.CreateVpcRequest({ regionId: REGION, cidrBlock: '10.0.0.0/16' }))
        await createVSwitch(account, { vpcId: body?.vpcId ?? '', cidrBlock: '10.0.0.0/24' })
      })

      it('gives one block to only one of many simultaneous requests for it', async () => {
        const { account, vpcId } = await fresh()
        const outcomes = await Promise.all(
          Array.from({ length: 8 }, () =>
            account.vpc.createVSwitch(new Vpc.CreateVSwitchRequest({ vpcId, cidrBlock: '198.18.7.0/24' })).then(
              () => 'ok',
              (err: { code?: string }) => err.code ?? 'error',
            ),
          ),
        )
        assert.equal(outcomes.filter((o) => o === 'ok').length, 1, outcomes.join(','))
        assert.equal(outcomes.filter((o) => o === 'InvalidCidrBlock.Overlapped').length, 7, outcomes.join(','))
      })
    })

    describe('DeleteVSwitch', () => {
      it('deletes an unused vSwitch and its tags, and records it', async () => {
        const { account, vpcId } = await fresh()
        const id = await createVSwitch(account, { vpcId, cidrBlock: '198.18.0.0/24', tag: [new Vpc.CreateVSwitchRequestTag({ key: 'k', value: 'v' })] })
        await account.vpc.deleteVSwitch(new Vpc.DeleteVSwitchRequest({ regionId: REGION, vSwitchId: id }))
        assert.deepEqual(await listIds(account, { vpcId }), [])
        const { body } = await account.vpc.describeVpcs(new Vpc.DescribeVpcsRequest({ regionId: REGION, vpcId }))
        assert.deepEqual(body?.vpcs?.vpc?.[0]?.vSwitchIds?.vSwitchId, [])
        await assertDeletedWithHistory(server, id, ['VSwitchCreated', 'VSwitchDeleted'])
      })

      it('finds the vSwitch by ID alone when RegionId is left out, and frees its block', async () => {
        const { account, vpcId } = await fresh()
        const id = await createVSwitch(account, { vpcId, cidrBlock: '198.18.0.0/24' })
        await account.vpc.deleteVSwitch(new Vpc.DeleteVSwitchRequest({ vSwitchId: id }))
        await createVSwitch(account, { vpcId, cidrBlock: '198.18.0.0/24' })
      })

      it('validates a DryRun and keeps the vSwitch, answering DryRunOperation (400)', async () => {
        const { account, vpcId } = await fresh()
        const id = await createVSwitch(account, { vpcId, cidrBlock: '198.18.0.0/24' })
        await refusal(account, () => account.vpc.deleteVSwitch(new Vpc.DeleteVSwitchRequest({ vSwitchId: id, dryRun: true })), 'DryRunOperation', 400)
      })

      it('refuses while an ENI uses it with DependencyViolation (400)', async () => {
        const { account, vpcId } = await fresh()
        const id = await createVSwitch(account, { vpcId, cidrBlock: '198.18.0.0/24', zoneId: ZONE_A })
        await createEni(account, vpcId, id, 0)
        await refusal(account, () => account.vpc.deleteVSwitch(new Vpc.DeleteVSwitchRequest({ vSwitchId: id })), 'DependencyViolation', 400)
      })

      it('refuses an unknown vSwitch with InvalidVSwitchId.NotFound (404)', async () => {
        const { account } = await fresh()
        await refusal(account, () => account.vpc.deleteVSwitch(new Vpc.DeleteVSwitchRequest({ vSwitchId: 'vsw-nothere' })), 'InvalidVSwitchId.NotFound', 404)
      })

      it("treats another account's vSwitch as unknown and keeps it", async () => {
        const owner = await fresh()
        const id = await createVSwitch(owner.account, { vpcId: owner.vpcId, cidrBlock: '198.18.0.0/24' })
        const { account } = await fresh()
        await refusal(account, () => account.vpc.deleteVSwitch(new Vpc.DeleteVSwitchRequest({ vSwitchId: id })), 'InvalidVSwitchId.NotFound', 404)
        assert.deepEqual(await listIds(owner.account, { vpcId: owner.vpcId }), [id])
      })

      it('treats a vSwitch of another region than the one named as unknown', async () => {
        const { account, vpcId } = await fresh()
        const id = await createVSwitch(account, { vpcId, cidrBlock: '198.18.0.0/24' })
        await refusal(
          account,
          () => account.vpc.deleteVSwitch(new Vpc.DeleteVSwitchRequest({ regionId: OTHER_REGION, vSwitchId: id })),
          'InvalidVSwitchId.NotFound',
          404,
        )
      })

      it('refuses a region not served with InvalidRegionId.NotFound (404) and a missing VSwitchId with MissingParameter (400)', async () => {
        const { account, vpcId } = await fresh()
        const id = await createVSwitch(account, { vpcId, cidrBlock: '198.18.0.0/24' })
        await refusal(account, () => account.vpc.deleteVSwitch(new Vpc.DeleteVSwitchRequest({ regionId: 'cn-beijing', vSwitchId: id })), 'InvalidRegionId.NotFound', 404)
        await refusal(account, () => account.vpc.deleteVSwitch(new Vpc.DeleteVSwitchRequest({ regionId: REGION })), 'MissingParameter', 400)
      })
    })

    describe('DescribeVSwitches', () => {
      it('counts available addresses exactly: usable ones minus those ENIs hold', async () => {
        const { account, vpcId } = await fresh()
        const small = await createVSwitch(account, { vpcId, cidrBlock: '198.18.0.0/29', zoneId: ZONE_A })
        const large = await createVSwitch(account, { vpcId, cidrBlock: '198.18.16.0/20', zoneId: ZONE_A })
        const empty = await createVSwitch(account, { vpcId, cidrBlock: '198.18.1.0/24' })
        await createEni(account, vpcId, small, 2)
        await createEni(account, vpcId, large, 0)
        await createEni(account, vpcId, large, 4)
        const counts = new Map((await list(account, { vpcId })).map((v) => [v.vSwitchId, v.availableIpAddressCount]))
        // /29: 8 − 4 reserved − 3 held; /20: 4096 − 4 − 6 held; /24: 256 − 4.
        assert.deepEqual(
          [counts.get(small), counts.get(large), counts.get(empty)],
          [1, 4086, 252],
        )
      })

      it('filters by VpcId alone, RegionId alone, VSwitchId, name and tags', async () => {
        const { account, vpcId } = await fresh()
        const a = await createVSwitch(account, { vpcId, cidrBlock: '198.18.0.0/24', vSwitchName: 'a', tag: [new Vpc.CreateVSwitchRequestTag({ key: 'env', value: 'prod' })] })
        const b = await createVSwitch(account, { vpcId, cidrBlock: '198.18.1.0/24', vSwitchName: 'b', tag: [new Vpc.CreateVSwitchRequestTag({ key: 'env', value: 'dev' })] })
        const { body } = await account.vpc.createVpc(new Vpc.CreateVpcRequest({ regionId: REGION, cidrBlock: '10.0.0.0/16' }))
        const c = await createVSwitch(account, { vpcId: body?.vpcId ?? '', cidrBlock: '10.0.0.0/24', vSwitchName: 'a' })
        assert.deepEqual(await listIds(account, { vpcId }), [a, b])
        assert.deepEqual(await listIds(account, { regionId: REGION }), [a, b, c])
        assert.deepEqual(await listIds(account, { regionId: REGION, vpcId }), [a, b])
        assert.deepEqual(await listIds(account, { regionId: REGION, vSwitchId: b }), [b])
        assert.deepEqual(await listIds(account, { regionId: REGION, vSwitchName: 'a' }), [a, c])
        const tag = (key: string, value?: string) => new Vpc.DescribeVSwitchesRequestTag(value === undefined ? { key } : { key, value })
        assert.deepEqual(await listIds(account, { regionId: REGION, tag: [tag('env', 'dev')] }), [b])
        assert.deepEqual(await listIds(account, { regionId: REGION, tag: [tag('env')] }), [a, b])
      })

      it('matches a zone with its own vSwitches and the regional ones, which serve every zone', async () => {
        const { account, vpcId } = await fresh()
        const inA = await createVSwitch(account, { vpcId, cidrBlock: '198.18.0.0/24', zoneId: ZONE_A })
        const inB = await createVSwitch(account, { vpcId, cidrBlock: '198.18.1.0/24', zoneId: ZONE_B })
        const regional = await createVSwitch(account, { vpcId, cidrBlock: '198.18.2.0/24' })
        assert.deepEqual(await listIds(account, { vpcId, zoneId: ZONE_A }), [inA, regional])
        assert.deepEqual(await listIds(account, { vpcId, zoneId: ZONE_B }), [inB, regional])
      })

      it('lists every vSwitch when IsDefault is unset or false, and none for true: OpenENI makes no default vSwitch', async () => {
        const { account, vpcId } = await fresh()
        const id = await createVSwitch(account, { vpcId, cidrBlock: '198.18.0.0/24' })
        assert.deepEqual(await listIds(account, { vpcId, isDefault: false }), [id])
        const { body } = await account.vpc.describeVSwitches(new Vpc.DescribeVSwitchesRequest({ vpcId, isDefault: true }))
        assert.deepEqual([body?.totalCount, body?.vSwitches?.vSwitch], [0, []])
      })

      it('pages by number, 10 by default, in creation order, with the total', async () => {
        const account = await server.addAccount(`vswitches-${++accounts}`)
        const ids: string[] = []
        for (let v = 0; v < 3; v++) {
          const { body } = await account.vpc.createVpc(new Vpc.CreateVpcRequest({ regionId: REGION, cidrBlock: `10.${v}.0.0/16` }))
          for (let s = 0; s < 4; s++) ids.push(await createVSwitch(account, { vpcId: body?.vpcId ?? '', cidrBlock: `10.${v}.${s}.0/24` }))
        }
        const first = await account.vpc.describeVSwitches(new Vpc.DescribeVSwitchesRequest({ regionId: REGION }))
        assert.deepEqual([first.body?.totalCount, first.body?.pageNumber, first.body?.pageSize], [12, 1, 10])
        assert.deepEqual(
          first.body?.vSwitches?.vSwitch?.map((v) => v.vSwitchId),
          ids.slice(0, 10),
        )
        const third = await account.vpc.describeVSwitches(new Vpc.DescribeVSwitchesRequest({ regionId: REGION, pageNumber: 3, pageSize: 5 }))
        assert.deepEqual(
          third.body?.vSwitches?.vSwitch?.map((v) => v.vSwitchId),
          ids.slice(10),
        )
      })

      it('shows only the caller’s vSwitches and only the region asked about', async () => {
        const { account, vpcId } = await fresh()
        const id = await createVSwitch(account, { vpcId, cidrBlock: '198.18.0.0/24' })
        assert.deepEqual(await listIds(account, { regionId: OTHER_REGION }), [])
        const other = await fresh()
        assert.deepEqual(await listIds(other.account, { vpcId }), [])
        assert.deepEqual(await listIds(other.account, { regionId: REGION, vSwitchId: id }), [])
      })

      it('validates a DryRun, answering DryRunOperation (400)', async () => {
        const { account, vpcId } = await fresh()
        const err = await sdkError(account.vpc.describeVSwitches(new Vpc.DescribeVSwitchesRequest({ vpcId, dryRun: true })))
        assert.deepEqual([err.code, err.statusCode], ['DryRunOperation', 400])
      })

      const refusals: Array<[string, DescribeFields, string, number]> = [
        ['neither RegionId nor VpcId', {}, 'MissingParameter', 400],
        ['a region not served', { regionId: 'cn-beijing' }, 'InvalidRegionId.NotFound', 404],
        ['a PageSize of 51', { regionId: REGION, pageSize: 51 }, 'InvalidParameter', 400],
        ['a PageNumber of 0', { regionId: REGION, pageNumber: 0 }, 'InvalidParameter', 400],
      ]
      for (const [what, fields, code, status] of refusals) {
        it(`refuses ${what} with ${code} (${status})`, async () => {
          const { account } = await fresh()
          const err = await sdkError(account.vpc.describeVSwitches(new Vpc.DescribeVSwitchesRequest(fields)))
          assert.deepEqual([err.code, err.statusCode], [code, status])
        })
      }
    })
  })
}
