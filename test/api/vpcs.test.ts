import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { latestRevision } from '../../src/service/change-log.js'
import { DIALECTS, Ecs, REGION, sdkError, startServer, stopPostgres, Vpc, ZONE_A, type TestAccount, type TestServer } from '../support/server.js'
import { assertDeletedWithHistory } from '../support/records.js'

after(stopPostgres)

const OTHER_REGION = 'cn-shanghai'
const VPC_QUOTA = 12

const CONFIG = {
  regions: [
    { id: REGION, zones: [{ id: ZONE_A }, { id: `${REGION}-b` }] },
    { id: OTHER_REGION, zones: [{ id: `${OTHER_REGION}-a` }] },
  ],
  quotas: { default: { vpcs: VPC_QUOTA } },
}

type VpcFields = ConstructorParameters<typeof Vpc.CreateVpcRequest>[0]

for (const dialect of DIALECTS) {
  describe(`VPCs (${dialect})`, () => {
    let server: TestServer
    let accounts = 0
    before(async () => {
      server = await startServer({ dialect, config: CONFIG })
    })
    after(() => server.close())

    /** Each test gets its own account, so quotas and listings start empty. */
    const fresh = () => server.addAccount(`vpcs-${++accounts}`)

    async function createVpc(account: TestAccount, fields: VpcFields = {}): Promise<string> {
      const { body } = await account.vpc.createVpc(new Vpc.CreateVpcRequest({ regionId: REGION, cidrBlock: '198.18.0.0/16', ...fields }))
      assert.ok(body?.vpcId)
      return body.vpcId
    }

    async function describe1(account: TestAccount, vpcId: string, regionId = REGION) {
      const { body } = await account.vpc.describeVpcs(new Vpc.DescribeVpcsRequest({ regionId, vpcId }))
      return body?.vpcs?.vpc?.[0]
    }

    async function listIds(account: TestAccount, fields: ConstructorParameters<typeof Vpc.DescribeVpcsRequest>[0] = {}) {
      const { body } = await account.vpc.describeVpcs(new Vpc.DescribeVpcsRequest({ regionId: REGION, pageSize: 50, ...fields }))
      return body?.vpcs?.vpc?.map((v) => v.vpcId) ?? []
    }

    /** What a refused request must leave untouched: the account's VPCs and the change log. */
    async function snapshot(account: TestAccount) {
      return { vpcs: await listIds(account), revision: await latestRevision(server.deps.store.db) }
    }

    async function refusal(account: TestAccount, call: () => Promise<unknown>, code: string, status: number): Promise<void> {
      const before = await snapshot(account)
      const err = await sdkError(call())
      assert.equal(err.code, code, err.message)
      assert.equal(err.statusCode, status)
      assert.deepEqual(await snapshot(account), before)
    }

    describe('CreateVpc', () => {
      it('creates an Available VPC with its vRouter and system route table, as Describe shows it', async () => {
        const account = await fresh()
        const { body } = await account.vpc.createVpc(
          new Vpc.CreateVpcRequest({
            regionId: REGION,
            cidrBlock: '198.18.0.0/16',
            userCidr: '10.0.0.0/8,192.168.0.0/16',
            vpcName: 'prod',
            description: 'production network',
            tag: [new Vpc.CreateVpcRequestTag({ key: 'env', value: 'prod' })],
          }),
        )
        assert.match(body?.vpcId ?? '', /^vpc-[0-9a-z]{20}$/)
        assert.match(body?.VRouterId ?? '', /^vrt-[0-9a-z]{20}$/)
        assert.match(body?.routeTableId ?? '', /^vtb-[0-9a-z]{20}$/)
        const vpc = await describe1(account, body?.vpcId ?? '')
        assert.ok(vpc)
        assert.equal(vpc.status, 'Available')
        assert.equal(vpc.cidrBlock, '198.18.0.0/16')
        assert.deepEqual(vpc.userCidrs?.userCidr, ['10.0.0.0/8', '192.168.0.0/16'])
        assert.equal(vpc.vpcName, 'prod')
        assert.equal(vpc.description, 'production network')
        assert.equal(vpc.regionId, REGION)
        assert.equal(vpc.VRouterId, body?.VRouterId)
        assert.deepEqual(vpc.routerTableIds?.routerTableIds, [body?.routeTableId])
        assert.deepEqual(vpc.vSwitchIds?.vSwitchId, [])
        assert.equal(vpc.isDefault, false)
        assert.equal(vpc.ownerId, Number(account.accountId))
        assert.match(vpc.creationTime ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
        assert.deepEqual(
          vpc.tags?.tag?.map((t) => [t.key, t.value]),
          [['env', 'prod']],
        )
      })

      it('takes 172.16.0.0/12 when CidrBlock is left out', async () => {
        const account = await fresh()
        const { body } = await account.vpc.createVpc(new Vpc.CreateVpcRequest({ regionId: REGION }))
        assert.equal((await describe1(account, body?.vpcId ?? ''))?.cidrBlock, '172.16.0.0/12')
      })

      it('records the creation in the change log', async () => {
        const account = await fresh()
        const vpcId = await createVpc(account)
        const change = await server.deps.store.db.selectFrom('changes').selectAll().where('resource_id', '=', vpcId).executeTakeFirst()
        assert.deepEqual([change?.resource_type, change?.event, change?.account_id, change?.region_id], ['Vpc', 'VpcCreated', account.accountId, REGION])
      })

      it('answers a retry with the same ClientToken with the same VPC, creating one', async () => {
        const account = await fresh()
        const first = await createVpc(account, { clientToken: 'token-1' })
        const again = await createVpc(account, { clientToken: 'token-1' })
        assert.equal(again, first)
        assert.deepEqual(await listIds(account), [first])
      })

      it('refuses the same ClientToken with other parameters with IdempotentParameterMismatch (400)', async () => {
        const account = await fresh()
        await createVpc(account, { clientToken: 'token-2' })
        await refusal(
          account,
          () => account.vpc.createVpc(new Vpc.CreateVpcRequest({ regionId: REGION, cidrBlock: '10.0.0.0/16', clientToken: 'token-2' })),
          'IdempotentParameterMismatch',
          400,
        )
      })

      it('validates a DryRun and creates nothing, answering DryRunOperation (400)', async () => {
        const account = await fresh()
        await refusal(account, () => account.vpc.createVpc(new Vpc.CreateVpcRequest({ regionId: REGION, dryRun: true })), 'DryRunOperation', 400)
      })

      it('checks the rules even on a DryRun', async () => {
        const account = await fresh()
        await refusal(
          account,
          () => account.vpc.createVpc(new Vpc.CreateVpcRequest({ regionId: REGION, cidrBlock: '198.18.0.1/16', dryRun: true })),
          'InvalidParameter',
          400,
        )
      })

      const refusals: Array<[string, VpcFields, string, number]> = [
        ['a missing RegionId', { regionId: undefined }, 'MissingParameter', 400],
        ['a region not served', { regionId: 'cn-beijing' }, 'InvalidRegionId.NotFound', 404],
        ['a CIDR block with host bits', { cidrBlock: '198.18.0.1/16' }, 'InvalidParameter', 400],
        ['a malformed CIDR block', { cidrBlock: '198.18.0.0' }, 'InvalidParameter', 400],
        ['a /29 VPC', { cidrBlock: '198.18.0.0/29' }, 'InvalidParameter', 400],
        ['a block in 100.64.0.0/10', { cidrBlock: '100.64.0.0/16' }, 'OperationDenied.CidrInExcludeCidrs', 400],
        ['a malformed user CIDR', { userCidr: '10.0.0.1/8' }, 'InvalidUserCidr.Malformed', 400],
        ['four user CIDRs', { userCidr: '10.0.0.0/8,11.0.0.0/8,12.0.0.0/8,13.0.0.0/8' }, 'InvalidUserCidr.Quota', 400],
        ['a name starting with http://', { vpcName: 'http://prod' }, 'InvalidVpcName.Malformed', 400],
        ['a name with a slash', { vpcName: 'a/b' }, 'InvalidVpcName.Malformed', 400],
        ['a description of 257 characters', { description: 'x'.repeat(257) }, 'InvalidVpcDiscription.Malformed', 400],
        ['a reserved tag key', { tag: [new Vpc.CreateVpcRequestTag({ key: 'aliyun:x', value: 'v' })] }, 'InvalidTagKey.Malformed', 400],
        ['a malformed DryRun', { dryRun: 'sometimes' as unknown as boolean }, 'InvalidParameter', 400],
      ]
      for (const [what, fields, code, status] of refusals) {
        it(`refuses ${what} with ${code} (${status}) and creates nothing`, async () => {
          const account = await fresh()
          await refusal(
            account,
            () => account.vpc.createVpc(new Vpc.CreateVpcRequest({ regionId: REGION, cidrBlock: '198.18.0.0/16', ...fields })),
            code,
            status,
          )
        })
      }

      it(`holds the quota of ${VPC_QUOTA} VPCs per account and region exactly, however many ask at once`, async () => {
        const account = await fresh()
        const outcomes = await Promise.all(
          Array.from({ length: VPC_QUOTA + 8 }, () =>
            account.vpc.createVpc(new Vpc.CreateVpcRequest({ regionId: REGION, cidrBlock: '198.18.0.0/16' })).then(
              () => 'ok',
              (err: { code?: string }) => err.code ?? 'error',
            ),
          ),
        )
        assert.equal(outcomes.filter((o) => o === 'ok').length, VPC_QUOTA, outcomes.join(','))
        assert.equal(outcomes.filter((o) => o === 'QuotaExceeded.Vpc').length, 8, outcomes.join(','))
        assert.equal((await listIds(account)).length, VPC_QUOTA)
        await refusal(account, () => account.vpc.createVpc(new Vpc.CreateVpcRequest({ regionId: REGION })), 'QuotaExceeded.Vpc', 400)
        // The quota is per region and per account.
        await account.vpc.createVpc(new Vpc.CreateVpcRequest({ regionId: OTHER_REGION }))
        await createVpc(await fresh())
      })
    })

    describe('DeleteVpc', () => {
      it('deletes an empty VPC and its tags, and records it', async () => {
        const account = await fresh()
        const vpcId = await createVpc(account, { tag: [new Vpc.CreateVpcRequestTag({ key: 'k', value: 'v' })] })
        await account.vpc.deleteVpc(new Vpc.DeleteVpcRequest({ regionId: REGION, vpcId }))
        assert.deepEqual(await listIds(account), [])
        await assertDeletedWithHistory(server, vpcId, ['VpcCreated', 'VpcDeleted'])
      })

      it('finds the VPC by ID alone when RegionId is left out', async () => {
        const account = await fresh()
        const { body } = await account.vpc.createVpc(new Vpc.CreateVpcRequest({ regionId: OTHER_REGION }))
        await account.vpc.deleteVpc(new Vpc.DeleteVpcRequest({ vpcId: body?.vpcId }))
        assert.equal(await describe1(account, body?.vpcId ?? '', OTHER_REGION), undefined)
      })

      it('accepts ForceDelete on an empty VPC', async () => {
        const account = await fresh()
        const vpcId = await createVpc(account)
        await account.vpc.deleteVpc(new Vpc.DeleteVpcRequest({ vpcId, forceDelete: true }))
        assert.deepEqual(await listIds(account), [])
      })

      it('validates a DryRun and keeps the VPC, answering DryRunOperation (400)', async () => {
        const account = await fresh()
        const vpcId = await createVpc(account)
        await refusal(account, () => account.vpc.deleteVpc(new Vpc.DeleteVpcRequest({ vpcId, dryRun: true })), 'DryRunOperation', 400)
      })

      it('refuses an unknown VPC with InvalidVpcId.NotFound (404)', async () => {
        const account = await fresh()
        await refusal(account, () => account.vpc.deleteVpc(new Vpc.DeleteVpcRequest({ vpcId: 'vpc-nothere' })), 'InvalidVpcId.NotFound', 404)
      })

      it("treats another account's VPC as unknown and keeps it", async () => {
        const owner = await fresh()
        const vpcId = await createVpc(owner)
        const other = await fresh()
        await refusal(other, () => other.vpc.deleteVpc(new Vpc.DeleteVpcRequest({ vpcId })), 'InvalidVpcId.NotFound', 404)
        assert.deepEqual(await listIds(owner), [vpcId])
      })

      it('treats a VPC of another region than the one named as unknown', async () => {
        const account = await fresh()
        const vpcId = await createVpc(account)
        await refusal(account, () => account.vpc.deleteVpc(new Vpc.DeleteVpcRequest({ regionId: OTHER_REGION, vpcId })), 'InvalidVpcId.NotFound', 404)
        assert.deepEqual(await listIds(account), [vpcId])
      })

      it('refuses a region not served with InvalidRegionId.NotFound (404)', async () => {
        const account = await fresh()
        const vpcId = await createVpc(account)
        await refusal(account, () => account.vpc.deleteVpc(new Vpc.DeleteVpcRequest({ regionId: 'cn-beijing', vpcId })), 'InvalidRegionId.NotFound', 404)
      })

      it('refuses a missing VpcId with MissingParameter (400)', async () => {
        const account = await fresh()
        await refusal(account, () => account.vpc.deleteVpc(new Vpc.DeleteVpcRequest({ regionId: REGION })), 'MissingParameter', 400)
      })

      it('refuses a VPC holding a vSwitch with DependencyViolation.VSwitch (400)', async () => {
        const account = await fresh()
        const vpcId = await createVpc(account)
        await account.vpc.createVSwitch(new Vpc.CreateVSwitchRequest({ vpcId, cidrBlock: '198.18.0.0/24' }))
        await refusal(account, () => account.vpc.deleteVpc(new Vpc.DeleteVpcRequest({ vpcId })), 'DependencyViolation.VSwitch', 400)
      })

      it('refuses a VPC holding a security group with DependencyViolation.SecurityGroup (400)', async () => {
        const account = await fresh()
        const vpcId = await createVpc(account)
        await account.ecs.createSecurityGroup(new Ecs.CreateSecurityGroupRequest({ regionId: REGION, vpcId }))
        await refusal(account, () => account.vpc.deleteVpc(new Vpc.DeleteVpcRequest({ vpcId })), 'DependencyViolation.SecurityGroup', 400)
      })

      it('refuses a VPC holding an ENI with DependencyViolation.NetworkInterface (400)', async () => {
        const account = await fresh()
        const vpcId = await createVpc(account)
        const { body: vsw } = await account.vpc.createVSwitch(new Vpc.CreateVSwitchRequest({ vpcId, cidrBlock: '198.18.0.0/24' }))
        const { body: sg } = await account.ecs.createSecurityGroup(new Ecs.CreateSecurityGroupRequest({ regionId: REGION, vpcId }))
        await account.ecs.createNetworkInterface(
          new Ecs.CreateNetworkInterfaceRequest({ regionId: REGION, vSwitchId: vsw?.vSwitchId, securityGroupId: sg?.securityGroupId }),
        )
        await refusal(account, () => account.vpc.deleteVpc(new Vpc.DeleteVpcRequest({ vpcId })), 'DependencyViolation.NetworkInterface', 400)
      })

      it('refuses a VPC holding an instance with DependencyViolation.Instance (400)', async () => {
        const account = await fresh()
        const vpcId = await createVpc(account)
        const { body: vsw } = await account.vpc.createVSwitch(new Vpc.CreateVSwitchRequest({ vpcId, cidrBlock: '198.18.0.0/24', zoneId: ZONE_A }))
        // Planted as a row: this suite is about the VPC's rule, not about how instances are made.
        await server.deps.store.db
          .insertInto('instances')
          .values({
            id: `i-vpcs${accounts}`,
            account_id: account.accountId,
            region_id: REGION,
            zone_id: ZONE_A,
            host_id: null,
            instance_type: 'ecs.g7.large',
            io_optimized: 1,
            name: '',
            host_name: 'host',
            description: '',
            image_id: 'debian_12',
            status: 'Stopped',
            vpc_id: vpcId,
            vswitch_id: vsw?.vSwitchId ?? '',
            deletion_protection: 0,
            created_at: new Date().toISOString(),
            started_at: null,
          })
          .execute()
        await refusal(account, () => account.vpc.deleteVpc(new Vpc.DeleteVpcRequest({ vpcId })), 'DependencyViolation.Instance', 400)
      })
    })

    describe('DescribeVpcs', () => {
      it('pages by 10 by default, in creation order, with the total', async () => {
        const account = await fresh()
        const ids: string[] = []
        for (let i = 0; i < 11; i++) ids.push(await createVpc(account))
        const first = await account.vpc.describeVpcs(new Vpc.DescribeVpcsRequest({ regionId: REGION }))
        assert.deepEqual([first.body?.totalCount, first.body?.pageNumber, first.body?.pageSize], [11, 1, 10])
        assert.deepEqual(
          first.body?.vpcs?.vpc?.map((v) => v.vpcId),
          ids.slice(0, 10),
        )
        const second = await account.vpc.describeVpcs(new Vpc.DescribeVpcsRequest({ regionId: REGION, pageNumber: 2 }))
        assert.deepEqual(
          second.body?.vpcs?.vpc?.map((v) => v.vpcId),
          ids.slice(10),
        )
        const small = await account.vpc.describeVpcs(new Vpc.DescribeVpcsRequest({ regionId: REGION, pageNumber: 3, pageSize: 4 }))
        assert.deepEqual(
          small.body?.vpcs?.vpc?.map((v) => v.vpcId),
          ids.slice(8, 11),
        )
        assert.equal(small.body?.totalCount, 11)
      })

      it('filters by a comma-separated VpcId list, by name and by tags', async () => {
        const account = await fresh()
        const a = await createVpc(account, { vpcName: 'alpha', tag: [new Vpc.CreateVpcRequestTag({ key: 'env', value: 'prod' })] })
        const b = await createVpc(account, { vpcName: 'beta', tag: [new Vpc.CreateVpcRequestTag({ key: 'env', value: 'dev' })] })
        const c = await createVpc(account, { vpcName: 'alpha' })
        assert.deepEqual(await listIds(account, { vpcId: `${a},${c}` }), [a, c])
        assert.deepEqual(await listIds(account, { vpcId: ' , ' }), [a, b, c])
        assert.deepEqual(await listIds(account, { vpcName: 'alpha' }), [a, c])
        const tag = (key: string, value?: string) => new Vpc.DescribeVpcsRequestTag(value === undefined ? { key } : { key, value })
        assert.deepEqual(await listIds(account, { tag: [tag('env', 'dev')] }), [b])
        assert.deepEqual(await listIds(account, { tag: [tag('env')] }), [a, b])
        assert.deepEqual(await listIds(account, { tag: [tag('env', 'prod')], vpcName: 'beta' }), [])
      })

      it('lists every VPC when IsDefault is unset or false, and none for true: OpenENI makes no default VPC', async () => {
        const account = await fresh()
        const a = await createVpc(account)
        assert.deepEqual(await listIds(account), [a])
        assert.deepEqual(await listIds(account, { isDefault: false }), [a])
        assert.deepEqual(await listIds(account, { isDefault: true }), [])
      })

      it("lists each VPC's vSwitches", async () => {
        const account = await fresh()
        const vpcId = await createVpc(account)
        const { body: one } = await account.vpc.createVSwitch(new Vpc.CreateVSwitchRequest({ vpcId, cidrBlock: '198.18.0.0/24' }))
        const { body: two } = await account.vpc.createVSwitch(new Vpc.CreateVSwitchRequest({ vpcId, cidrBlock: '198.18.1.0/24' }))
        assert.deepEqual((await describe1(account, vpcId))?.vSwitchIds?.vSwitchId, [one?.vSwitchId, two?.vSwitchId])
      })

      it('shows only the region asked about and only the caller’s VPCs', async () => {
        const account = await fresh()
        const here = await createVpc(account)
        await account.vpc.createVpc(new Vpc.CreateVpcRequest({ regionId: OTHER_REGION }))
        assert.deepEqual(await listIds(account), [here])
        const other = await fresh()
        assert.deepEqual(await listIds(other), [])
        assert.deepEqual(await listIds(other, { vpcId: here }), [])
      })

      it('validates a DryRun, answering DryRunOperation (400)', async () => {
        const account = await fresh()
        const err = await sdkError(account.vpc.describeVpcs(new Vpc.DescribeVpcsRequest({ regionId: REGION, dryRun: true })))
        assert.deepEqual([err.code, err.statusCode], ['DryRunOperation', 400])
      })

      const refusals: Array<[string, ConstructorParameters<typeof Vpc.DescribeVpcsRequest>[0], string, number]> = [
        ['a missing RegionId', { regionId: undefined }, 'MissingParameter', 400],
        ['a region not served', { regionId: 'cn-beijing' }, 'InvalidRegionId.NotFound', 404],
        ['21 VPC IDs', { vpcId: Array.from({ length: 21 }, (_, i) => `vpc-${i}`).join(',') }, 'InvalidVpcIdNumber.NotSupported', 400],
        ['a PageSize of 51', { pageSize: 51 }, 'InvalidParameter', 400],
        ['a PageNumber of 0', { pageNumber: 0 }, 'InvalidParameter', 400],
        ['a malformed IsDefault', { isDefault: 'yes' as unknown as boolean }, 'InvalidParameter', 400],
      ]
      for (const [what, fields, code, status] of refusals) {
        it(`refuses ${what} with ${code} (${status})`, async () => {
          const account = await fresh()
          const err = await sdkError(account.vpc.describeVpcs(new Vpc.DescribeVpcsRequest({ regionId: REGION, ...fields })))
          assert.deepEqual([err.code, err.statusCode], [code, status])
        })
      }
    })
  })
}
