import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import RPCClient from '@alicloud/pop-core'
import { DIALECTS, Ecs, REGION, sdkError, startServer, stopPostgres, Vpc, ZONE_A, type TestAccount, type TestServer } from '../support/server.js'

after(stopPostgres)

/**
 * What the suite needs around its groups. VPCs, vSwitches, plain ENIs and instances come from
 * the real actions; ENIs in a transitional status or holding thousands of addresses, and VPCs or
 * instances held in a status, are written straight to the store, since no action can put them in
 * that state on demand.
 */
class Rows {
  #next = 0
  constructor(readonly server: TestServer) {}

  get db() {
    return this.server.deps.store.db
  }

  #id(prefix: string): string {
    return `${prefix}-t${randomBytes(8).toString('hex')}`
  }

  #stamp(): string {
    return new Date(Date.UTC(2026, 0, 1) + this.#next++).toISOString()
  }

  async vpc(account: TestAccount, status = 'Available'): Promise<{ vpcId: string; vSwitchId: string }> {
    const vpcId = (await account.vpc.createVpc(new Vpc.CreateVpcRequest({ regionId: REGION, cidrBlock: '198.18.0.0/16' }))).body?.vpcId ?? ''
    const vSwitchId =
      (await account.vpc.createVSwitch(new Vpc.CreateVSwitchRequest({ regionId: REGION, vpcId, zoneId: ZONE_A, cidrBlock: '198.18.0.0/16' }))).body
        ?.vSwitchId ?? ''
    if (status !== 'Available') await this.db.updateTable('vpcs').set({ status }).where('id', '=', vpcId).execute()
    return { vpcId, vSwitchId }
  }

  async eni(
    account: TestAccount,
    net: { vpcId: string; vSwitchId: string },
    groups: string[],
    options: { status?: string; ips?: number } = {},
  ): Promise<string> {
    if (options.status === undefined && options.ips === undefined) {
      const { body } = await account.ecs.createNetworkInterface(
        new Ecs.CreateNetworkInterfaceRequest({ regionId: REGION, vSwitchId: net.vSwitchId, securityGroupIds: groups }),
      )
      return body?.networkInterfaceId ?? ''
    }
    const id = this.#id('eni')
    await this.db
      .insertInto('enis')
      .values({
        id,
        account_id: account.accountId,
        region_id: REGION,
        vpc_id: net.vpcId,
        vswitch_id: net.vSwitchId,
        type: 'Secondary',
        status: options.status ?? 'Available',
        instance_id: null,
        device_index: null,
        mac: `00:16:3e:${randomBytes(3).toString('hex').match(/../g)?.join(':')}`,
        name: '',
        description: '',
        queue_number: null,
        delete_on_release: 0,
        source_dest_check: 0,
        resource_group_id: '',
        created_at: this.#stamp(),
      })
      .execute()
    const first = await this.#addressBlock(options.ips ?? 1)
    const addresses = Array.from({ length: options.ips ?? 1 }, (_, i) => first + i)
    for (let i = 0; i < addresses.length; i += 500) {
      await this.db
        .insertInto('private_ips')
        .values(addresses.slice(i, i + 500).map((address) => ({ vswitch_id: net.vSwitchId, address, eni_id: id, is_primary: address === first ? 1 : 0 })))
        .execute()
    }
    if (groups.length > 0) {
      await this.db
        .insertInto('eni_security_groups')
        .values(groups.map((security_group_id, position) => ({ eni_id: id, security_group_id, position })))
        .execute()
    }
    return id
  }

  // Far into 198.18.0.0/16, where CreateNetworkInterface's allocator, which starts low, is not yet.
  #address = 3323068416 + 32768
  async #addressBlock(size: number): Promise<number> {
    const first = this.#address
    this.#address += size
    return first
  }

  /** An instance from RunInstances, in `groups`, then put in `status` if it is not Running. */
  async instance(
    account: TestAccount,
    net: { vpcId: string; vSwitchId: string },
    groups: string[],
    status = 'Running',
  ): Promise<{ instanceId: string; eniId: string }> {
    const { body } = await account.ecs.runInstances(
      new Ecs.RunInstancesRequest({
        regionId: REGION,
        instanceType: 'ecs.g7.large',
        imageId: 'debian_12',
        vSwitchId: net.vSwitchId,
        securityGroupIds: groups,
      }),
    )
    const instanceId = body?.instanceIdSets?.instanceIdSet?.[0] ?? ''
    // No action holds an instance in a transitional status on demand (the `none` data plane
    // settles at once), so the status is set in the store.
    if (status !== 'Running') await this.db.updateTable('instances').set({ status }).where('id', '=', instanceId).execute()
    const primary = await this.db
      .selectFrom('enis')
      .select('id')
      .where('instance_id', '=', instanceId)
      .where('type', '=', 'Primary')
      .executeTakeFirstOrThrow()
    return { instanceId, eniId: primary.id }
  }

  async groupsOf(eniId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('eni_security_groups')
      .select('security_group_id')
      .where('eni_id', '=', eniId)
      .orderBy('position')
      .execute()
    return rows.map((r) => r.security_group_id)
  }

  async countGroups(account: TestAccount): Promise<number> {
    const rows = await this.db.selectFrom('security_groups').select('id').where('account_id', '=', account.accountId).execute()
    return rows.length
  }
}

type CreateRequest = ConstructorParameters<typeof Ecs.CreateSecurityGroupRequest>[0]
type DescribeRequest = ConstructorParameters<typeof Ecs.DescribeSecurityGroupsRequest>[0]

async function createGroup(account: TestAccount, request: CreateRequest): Promise<string> {
  const response = await account.ecs.createSecurityGroup(new Ecs.CreateSecurityGroupRequest({ regionId: REGION, ...request }))
  const id = response.body?.securityGroupId ?? ''
  assert.match(id, /^sg-[0-9a-z]{20}$/)
  return id
}

async function describeGroups(account: TestAccount, request: DescribeRequest = {}) {
  const { body } = await account.ecs.describeSecurityGroups(new Ecs.DescribeSecurityGroupsRequest({ regionId: REGION, ...request }))
  assert.ok(body !== undefined)
  return body
}

async function listedIds(account: TestAccount, request: DescribeRequest = {}): Promise<string[]> {
  return ((await describeGroups(account, request)).securityGroups?.securityGroup ?? []).map((g) => g.securityGroupId ?? '')
}

function join(account: TestAccount, request: ConstructorParameters<typeof Ecs.JoinSecurityGroupRequest>[0]) {
  return account.ecs.joinSecurityGroup(new Ecs.JoinSecurityGroupRequest(request))
}

function leave(account: TestAccount, request: ConstructorParameters<typeof Ecs.LeaveSecurityGroupRequest>[0]) {
  return account.ecs.leaveSecurityGroup(new Ecs.LeaveSecurityGroupRequest(request))
}

/** A raw V1 request, for parameter values the SDK's typed models cannot send. */
function raw(account: TestAccount, server: TestServer, action: string, params: Record<string, string>) {
  return new RPCClient({
    accessKeyId: account.accessKeyId,
    accessKeySecret: account.accessKeySecret,
    endpoint: `http://${server.endpoint}`,
    apiVersion: '2014-05-26',
  }).request(action, params, { method: 'POST' })
}

async function expectError(promise: Promise<unknown>, code: string, statusCode: number): Promise<void> {
  const err = await sdkError(promise)
  assert.equal(err.code, code, err.message)
  assert.equal(err.statusCode, statusCode, err.message)
}

for (const dialect of DIALECTS) {
  describe(`security groups (${dialect})`, () => {
    let server: TestServer
    let rows: Rows
    let me: TestAccount
    let other: TestAccount
    before(async () => {
      // Each test builds its own VPC, more than the default quota of 10.
      server = await startServer({ dialect, config: { quotas: { default: { vpcs: 100 } } } })
      rows = new Rows(server)
      me = server.account
      other = await server.addAccount('other')
    })
    after(() => server.close())

    describe('CreateSecurityGroup', () => {
      it('creates a basic group that Describe* show with every field', async () => {
        const net = await rows.vpc(me)
        const id = await createGroup(me, {
          vpcId: net.vpcId,
          securityGroupName: 'web-front',
          description: 'Front end servers',
          tag: [new Ecs.CreateSecurityGroupRequestTag({ key: 'env', value: 'prod' })],
        })
        const body = await describeGroups(me, { securityGroupId: id })
        assert.equal(body.regionId, REGION)
        const [group] = body.securityGroups?.securityGroup ?? []
        assert.ok(group !== undefined)
        assert.equal(group.securityGroupId, id)
        assert.equal(group.securityGroupName, 'web-front')
        assert.equal(group.description, 'Front end servers')
        assert.equal(group.securityGroupType, 'normal')
        assert.equal(group.vpcId, net.vpcId)
        assert.match(group.creationTime ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
        assert.equal(group.ruleCount, 0)
        assert.equal(group.ecsCount, 0)
        assert.equal(group.availableInstanceAmount, 6000)
        assert.equal(group.serviceManaged, false)
        assert.deepEqual(
          group.tags?.tag?.map((t) => [t.tagKey, t.tagValue]),
          [['env', 'prod']],
        )
        const attribute = (await me.ecs.describeSecurityGroupAttribute(new Ecs.DescribeSecurityGroupAttributeRequest({ regionId: REGION, securityGroupId: id })))
          .body
        assert.equal(attribute?.securityGroupId, id)
        assert.equal(attribute?.securityGroupName, 'web-front')
        assert.equal(attribute?.description, 'Front end servers')
        assert.equal(attribute?.vpcId, net.vpcId)
        assert.equal(attribute?.regionId, REGION)
        assert.equal(attribute?.innerAccessPolicy, 'Accept')
        assert.deepEqual(attribute?.permissions?.permission, [])
      })

      it('creates an advanced group that isolates its members', async () => {
        const net = await rows.vpc(me)
        const id = await createGroup(me, { vpcId: net.vpcId, securityGroupType: 'enterprise' })
        const [group] = (await describeGroups(me, { securityGroupId: id })).securityGroups?.securityGroup ?? []
        assert.equal(group?.securityGroupType, 'enterprise')
        assert.equal(group?.securityGroupName, '')
        assert.equal(group?.availableInstanceAmount, 65536)
        const attribute = await me.ecs.describeSecurityGroupAttribute(
          new Ecs.DescribeSecurityGroupAttributeRequest({ regionId: REGION, securityGroupId: id, direction: 'ingress' }),
        )
        assert.equal(attribute.body?.innerAccessPolicy, 'Drop')
      })

      it('records a change event for the new group', async () => {
        const net = await rows.vpc(me)
        const id = await createGroup(me, { vpcId: net.vpcId })
        const change = await rows.db.selectFrom('changes').selectAll().where('resource_id', '=', id).executeTakeFirst()
        assert.equal(change?.event, 'SecurityGroupCreated')
        assert.equal(change?.resource_type, 'SecurityGroup')
        assert.equal(change?.account_id, me.accountId)
        assert.equal(change?.region_id, REGION)
      })

      it('answers a missing, unknown or foreign VPC with InvalidVpcId.NotFound', async () => {
        const foreign = await rows.vpc(other)
        const before = await rows.countGroups(me)
        await expectError(me.ecs.createSecurityGroup(new Ecs.CreateSecurityGroupRequest({ regionId: REGION })), 'InvalidVpcId.NotFound', 404)
        await expectError(
          me.ecs.createSecurityGroup(new Ecs.CreateSecurityGroupRequest({ regionId: REGION, vpcId: 'vpc-nothere' })),
          'InvalidVpcId.NotFound',
          404,
        )
        await expectError(
          me.ecs.createSecurityGroup(new Ecs.CreateSecurityGroupRequest({ regionId: REGION, vpcId: foreign.vpcId })),
          'InvalidVpcId.NotFound',
          404,
        )
        assert.equal(await rows.countGroups(me), before)
      })

      it('refuses a VPC that is still Pending with IncorrectVpcStatus', async () => {
        const net = await rows.vpc(me, 'Pending')
        await expectError(
          me.ecs.createSecurityGroup(new Ecs.CreateSecurityGroupRequest({ regionId: REGION, vpcId: net.vpcId })),
          'IncorrectVpcStatus',
          400,
        )
      })

      it('refuses a missing or unknown region', async () => {
        const net = await rows.vpc(me)
        await expectError(me.ecs.createSecurityGroup(new Ecs.CreateSecurityGroupRequest({ vpcId: net.vpcId })), 'MissingParameter', 400)
        await expectError(
          me.ecs.createSecurityGroup(new Ecs.CreateSecurityGroupRequest({ regionId: 'xx-nowhere', vpcId: net.vpcId })),
          'InvalidRegionId.NotFound',
          404,
        )
      })

      it('refuses malformed names, descriptions, types and tags, creating nothing', async () => {
        const net = await rows.vpc(me)
        const before = await rows.countGroups(me)
        const cases: Array<[CreateRequest, string]> = [
          [{ securityGroupName: 'a' }, 'InvalidSecurityGroupName.Malformed'],
          [{ securityGroupName: '1abc' }, 'InvalidSecurityGroupName.Malformed'],
          [{ securityGroupName: 'http://web' }, 'InvalidSecurityGroupName.Malformed'],
          [{ description: 'x' }, 'InvalidDescription.Malformed'],
          [{ description: 'https://example.com' }, 'InvalidDescription.Malformed'],
          [{ securityGroupType: 'basic' }, 'InvalidParams.GroupType'],
          [
            {
              tag: [new Ecs.CreateSecurityGroupRequestTag({ key: 'k', value: '1' }), new Ecs.CreateSecurityGroupRequestTag({ key: 'k', value: '2' })],
            },
            'Duplicate.TagKey',
          ],
          [{ tag: [new Ecs.CreateSecurityGroupRequestTag({ key: 'aliyun-x', value: '1' })] }, 'InvalidTagKey.Malformed'],
        ]
        for (const [request, code] of cases) {
          await expectError(me.ecs.createSecurityGroup(new Ecs.CreateSecurityGroupRequest({ regionId: REGION, vpcId: net.vpcId, ...request })), code, 400)
        }
        assert.equal(await rows.countGroups(me), before)
      })

      it('answers a retry with the same ClientToken with the same group, and refuses other parameters', async () => {
        const net = await rows.vpc(me)
        const first = await createGroup(me, { vpcId: net.vpcId, clientToken: 'sg-token-1', securityGroupName: 'same' })
        const again = await createGroup(me, { vpcId: net.vpcId, clientToken: 'sg-token-1', securityGroupName: 'same' })
        assert.equal(again, first)
        assert.deepEqual(await listedIds(me, { securityGroupName: 'same' }), [first])
        await expectError(
          me.ecs.createSecurityGroup(
            new Ecs.CreateSecurityGroupRequest({ regionId: REGION, vpcId: net.vpcId, clientToken: 'sg-token-1', securityGroupName: 'different' }),
          ),
          'IdempotentParameterMismatch',
          400,
        )
      })
    })

    describe('DeleteSecurityGroup', () => {
      it('deletes a group without members, with its tags', async () => {
        const net = await rows.vpc(me)
        const id = await createGroup(me, { vpcId: net.vpcId, tag: [new Ecs.CreateSecurityGroupRequestTag({ key: 'gone', value: '' })] })
        await me.ecs.deleteSecurityGroup(new Ecs.DeleteSecurityGroupRequest({ regionId: REGION, securityGroupId: id }))
        assert.deepEqual(await listedIds(me, { securityGroupId: id }), [])
        const tags = await rows.db.selectFrom('tags').select('key').where('resource_id', '=', id).execute()
        assert.deepEqual(tags, [])
        const change = await rows.db.selectFrom('changes').select('event').where('resource_id', '=', id).orderBy('revision', 'desc').executeTakeFirst()
        assert.equal(change?.event, 'SecurityGroupDeleted')
        await expectError(
          me.ecs.deleteSecurityGroup(new Ecs.DeleteSecurityGroupRequest({ regionId: REGION, securityGroupId: id })),
          'InvalidSecurityGroupId.NotFound',
          404,
        )
      })

      it('refuses while a network interface is a member with DependencyViolation, keeping the group', async () => {
        const net = await rows.vpc(me)
        const id = await createGroup(me, { vpcId: net.vpcId })
        await rows.eni(me, net, [id])
        await expectError(
          me.ecs.deleteSecurityGroup(new Ecs.DeleteSecurityGroupRequest({ regionId: REGION, securityGroupId: id })),
          'DependencyViolation',
          403,
        )
        assert.deepEqual(await listedIds(me, { securityGroupId: id }), [id])
      })

      it("answers another account's group, or an unknown one, with InvalidSecurityGroupId.NotFound", async () => {
        const net = await rows.vpc(other)
        const theirs = await createGroup(other, { vpcId: net.vpcId })
        await expectError(
          me.ecs.deleteSecurityGroup(new Ecs.DeleteSecurityGroupRequest({ regionId: REGION, securityGroupId: theirs })),
          'InvalidSecurityGroupId.NotFound',
          404,
        )
        await expectError(
          me.ecs.deleteSecurityGroup(new Ecs.DeleteSecurityGroupRequest({ regionId: REGION, securityGroupId: 'sg-nothere' })),
          'InvalidSecurityGroupId.NotFound',
          404,
        )
        assert.deepEqual(await listedIds(other, { securityGroupId: theirs }), [theirs])
        await expectError(me.ecs.deleteSecurityGroup(new Ecs.DeleteSecurityGroupRequest({ regionId: REGION })), 'MissingParameter', 400)
      })
    })

    describe('DescribeSecurityGroups', () => {
      let tenant: TestAccount
      let netA: { vpcId: string; vSwitchId: string }
      let netB: { vpcId: string; vSwitchId: string }
      let ids: string[]
      before(async () => {
        tenant = await server.addAccount('describer')
        netA = await rows.vpc(tenant)
        netB = await rows.vpc(tenant)
        ids = []
        ids.push(await createGroup(tenant, { vpcId: netA.vpcId, securityGroupName: 'alpha', tag: [new Ecs.CreateSecurityGroupRequestTag({ key: 'team', value: 'a' })] }))
        ids.push(await createGroup(tenant, { vpcId: netA.vpcId, securityGroupName: 'beta', tag: [new Ecs.CreateSecurityGroupRequestTag({ key: 'team', value: 'b' })] }))
        ids.push(await createGroup(tenant, { vpcId: netB.vpcId, securityGroupName: 'gamma', securityGroupType: 'enterprise' }))
        ids.push(await createGroup(tenant, { vpcId: netB.vpcId, securityGroupName: 'delta' }))
        ids.push(await createGroup(tenant, { vpcId: netB.vpcId, securityGroupName: 'epsilon' }))
      })

      it('lists the account’s groups in creation order, and nobody else’s', async () => {
        assert.deepEqual(await listedIds(tenant, { maxResults: 100 }), ids)
        const seenByOther = await listedIds(other, { maxResults: 100 })
        for (const id of ids) assert.ok(!seenByOther.includes(id))
      })

      it('filters by id, id list, VPC, name, type and tags, all of them together', async () => {
        const [a, b, c, d, e] = ids as [string, string, string, string, string]
        assert.deepEqual(await listedIds(tenant, { securityGroupId: b }), [b])
        assert.deepEqual(await listedIds(tenant, { securityGroupIds: JSON.stringify([e, a, 'sg-nothere']) }), [a, e])
        assert.deepEqual(await listedIds(tenant, { securityGroupIds: JSON.stringify([a, b]), securityGroupId: b }), [b])
        assert.deepEqual(await listedIds(tenant, { securityGroupIds: JSON.stringify([a]), securityGroupId: b }), [])
        assert.deepEqual(await listedIds(tenant, { vpcId: netB.vpcId }), [c, d, e])
        assert.deepEqual(await listedIds(tenant, { securityGroupName: 'delta' }), [d])
        assert.deepEqual(await listedIds(tenant, { securityGroupType: 'enterprise' }), [c])
        assert.deepEqual(await listedIds(tenant, { securityGroupType: 'normal', vpcId: netB.vpcId }), [d, e])
        assert.deepEqual(await listedIds(tenant, { tag: [new Ecs.DescribeSecurityGroupsRequestTag({ key: 'team', value: 'b' })] }), [b])
        assert.deepEqual(await listedIds(tenant, { tag: [new Ecs.DescribeSecurityGroupsRequestTag({ key: 'team' })] }), [a, b])
        assert.deepEqual(await listedIds(tenant, { networkType: 'vpc', vpcId: netA.vpcId }), [a, b])
        assert.deepEqual(await listedIds(tenant, { networkType: 'classic' }), [])
        assert.deepEqual(await listedIds(tenant, { serviceManaged: true }), [])
        assert.deepEqual(await listedIds(tenant, { serviceManaged: false, vpcId: netA.vpcId }), [a, b])
        assert.deepEqual(await listedIds(other, { securityGroupId: a }), [])
      })

      it('pages by token: MaxResults at a time, each group once', async () => {
        const seen: string[] = []
        let token: string | undefined
        do {
          const body = await describeGroups(tenant, token === undefined ? { maxResults: 2 } : { maxResults: 2, nextToken: token })
          const page = (body.securityGroups?.securityGroup ?? []).map((g) => g.securityGroupId ?? '')
          assert.ok(page.length <= 2)
          seen.push(...page)
          token = body.nextToken === '' || body.nextToken === undefined ? undefined : body.nextToken
        } while (token !== undefined)
        assert.deepEqual(seen, ids)
      })

      it('pages by number with a total count, 10 a page by default', async () => {
        const second = await describeGroups(tenant, { pageNumber: 2, pageSize: 2 })
        assert.equal(second.totalCount, 5)
        assert.equal(second.pageNumber, 2)
        assert.equal(second.pageSize, 2)
        assert.deepEqual(
          (second.securityGroups?.securityGroup ?? []).map((g) => g.securityGroupId),
          ids.slice(2, 4),
        )
        const all = await describeGroups(tenant)
        assert.equal(all.pageSize, 10)
        assert.equal(all.securityGroups?.securityGroup?.length, 5)
        assert.deepEqual((await describeGroups(tenant, { pageNumber: 4, pageSize: 2 })).securityGroups?.securityGroup ?? [], [])
      })

      it('refuses bad paging, id lists and types', async () => {
        await expectError(describeGroups(tenant, { nextToken: 'garbage!' }), 'InValidParameter.NextToken', 400)
        await expectError(describeGroups(tenant, { pageSize: 101 }), 'InvalidParameter', 400)
        await expectError(describeGroups(tenant, { pageNumber: 0 }), 'InvalidParameter', 400)
        await expectError(describeGroups(tenant, { securityGroupIds: 'sg-1,sg-2' }), 'InvalidParameter', 400)
        const many = JSON.stringify(Array.from({ length: 101 }, (_, i) => `sg-${i}`))
        await expectError(describeGroups(tenant, { securityGroupIds: many }), 'InvalidParameter', 400)
        await expectError(describeGroups(tenant, { securityGroupType: 'basic' }), 'InvalidParams.GroupType', 400)
        await expectError(tenant.ecs.describeSecurityGroups(new Ecs.DescribeSecurityGroupsRequest({})), 'MissingParameter', 400)
      })

      it('answers DryRun with DryRunOperation once the request is valid', async () => {
        await expectError(describeGroups(tenant, { dryRun: true }), 'DryRunOperation', 400)
        await expectError(describeGroups(tenant, { dryRun: true, nextToken: 'garbage!' }), 'InValidParameter.NextToken', 400)
      })

      it('caps MaxResults at 100', async () => {
        const body = await describeGroups(tenant, { maxResults: 500 })
        assert.equal(body.securityGroups?.securityGroup?.length, 5)
        assert.equal(body.nextToken ?? '', '')
      })
    })

    describe('DescribeSecurityGroupAttribute', () => {
      it('refuses unknown, foreign and malformed requests', async () => {
        const net = await rows.vpc(other)
        const theirs = await createGroup(other, { vpcId: net.vpcId })
        const describe = (request: ConstructorParameters<typeof Ecs.DescribeSecurityGroupAttributeRequest>[0]) =>
          me.ecs.describeSecurityGroupAttribute(new Ecs.DescribeSecurityGroupAttributeRequest(request))
        await expectError(describe({ regionId: REGION, securityGroupId: theirs }), 'InvalidSecurityGroupId.NotFound', 404)
        await expectError(describe({ regionId: REGION, securityGroupId: 'sg-nothere' }), 'InvalidSecurityGroupId.NotFound', 404)
        await expectError(describe({ regionId: REGION }), 'MissingParameter', 400)
        await expectError(describe({ securityGroupId: theirs }), 'MissingParameter', 400)
        await expectError(describe({ regionId: REGION, securityGroupId: theirs, direction: 'sideways' }), 'InvalidParameter', 400)
        const own = await other.ecs.describeSecurityGroupAttribute(
          new Ecs.DescribeSecurityGroupAttributeRequest({ regionId: REGION, securityGroupId: theirs, direction: 'all' }),
        )
        assert.equal(own.body?.securityGroupId, theirs)
      })
    })

    describe('JoinSecurityGroup and LeaveSecurityGroup', () => {
      it('adds a group to a network interface, then removes it, keeping the order', async () => {
        const net = await rows.vpc(me)
        const [a, b, c] = [await createGroup(me, { vpcId: net.vpcId }), await createGroup(me, { vpcId: net.vpcId }), await createGroup(me, { vpcId: net.vpcId })]
        const eni = await rows.eni(me, net, [b])
        await join(me, { regionId: REGION, networkInterfaceId: eni, securityGroupId: c })
        await join(me, { regionId: REGION, networkInterfaceId: eni, securityGroupId: a })
        assert.deepEqual(await rows.groupsOf(eni), [b, c, a])
        await leave(me, { regionId: REGION, networkInterfaceId: eni, securityGroupId: c })
        assert.deepEqual(await rows.groupsOf(eni), [b, a])
        const events = await rows.db
          .selectFrom('changes')
          .select(['event', 'resource_type', 'payload'])
          .where('resource_id', '=', eni)
          .where('event', '=', 'NetworkInterfaceModified')
          .orderBy('revision')
          .execute()
        assert.deepEqual(
          events.map((e) => [e.resource_type, e.event, JSON.parse(e.payload)]),
          [
            ['NetworkInterface', 'NetworkInterfaceModified', { securityGroupIds: [b, c] }],
            ['NetworkInterface', 'NetworkInterfaceModified', { securityGroupIds: [b, c, a] }],
            ['NetworkInterface', 'NetworkInterfaceModified', { securityGroupIds: [b, a] }],
          ],
        )
      })

      it('acts on the primary network interface of an instance, with or without RegionId', async () => {
        const net = await rows.vpc(me)
        const [a, b] = [await createGroup(me, { vpcId: net.vpcId }), await createGroup(me, { vpcId: net.vpcId })]
        const vm = await rows.instance(me, net, [a])
        const secondary = await rows.eni(me, net, [a])
        await me.ecs.attachNetworkInterface(
          new Ecs.AttachNetworkInterfaceRequest({ regionId: REGION, networkInterfaceId: secondary, instanceId: vm.instanceId }),
        )
        await join(me, { instanceId: vm.instanceId, securityGroupId: b })
        assert.deepEqual(await rows.groupsOf(vm.eniId), [a, b])
        assert.deepEqual(await rows.groupsOf(secondary), [a])
        const [group] = (await describeGroups(me, { securityGroupId: b })).securityGroups?.securityGroup ?? []
        assert.equal(group?.ecsCount, 1)
        assert.equal(group?.availableInstanceAmount, 5999)
        await leave(me, { regionId: REGION, instanceId: vm.instanceId, securityGroupId: a })
        assert.deepEqual(await rows.groupsOf(vm.eniId), [b])
        const [left] = (await describeGroups(me, { securityGroupId: a })).securityGroups?.securityGroup ?? []
        assert.equal(left?.ecsCount, 0)
        assert.equal(left?.availableInstanceAmount, 5999)
      })

      it('works on a Stopped instance and refuses one in transition with IncorrectInstanceStatus', async () => {
        const net = await rows.vpc(me)
        const [a, b] = [await createGroup(me, { vpcId: net.vpcId }), await createGroup(me, { vpcId: net.vpcId })]
        const stopped = await rows.instance(me, net, [a], 'Stopped')
        await join(me, { instanceId: stopped.instanceId, securityGroupId: b })
        assert.deepEqual(await rows.groupsOf(stopped.eniId), [a, b])
        for (const status of ['Pending', 'Starting', 'Stopping']) {
          const vm = await rows.instance(me, net, [a], status)
          await expectError(join(me, { instanceId: vm.instanceId, securityGroupId: b }), 'IncorrectInstanceStatus', 403)
          await expectError(leave(me, { instanceId: vm.instanceId, securityGroupId: a }), 'IncorrectInstanceStatus', 403)
          assert.deepEqual(await rows.groupsOf(vm.eniId), [a])
        }
      })

      it('refuses a network interface in transition with InvalidOperation.InvalidEniState', async () => {
        const net = await rows.vpc(me)
        const [a, b] = [await createGroup(me, { vpcId: net.vpcId }), await createGroup(me, { vpcId: net.vpcId })]
        for (const status of ['Attaching', 'Detaching', 'Deleting']) {
          const eni = await rows.eni(me, net, [a, b], { status })
          await expectError(join(me, { regionId: REGION, networkInterfaceId: eni, securityGroupId: b }), 'InvalidOperation.InvalidEniState', 400)
          await expectError(leave(me, { regionId: REGION, networkInterfaceId: eni, securityGroupId: b }), 'InvalidOperation.InvalidEniState', 400)
          assert.deepEqual(await rows.groupsOf(eni), [a, b])
        }
      })

      it('refuses both targets, none, or an ENI without RegionId', async () => {
        const net = await rows.vpc(me)
        const a = await createGroup(me, { vpcId: net.vpcId })
        const vm = await rows.instance(me, net, [a])
        await expectError(
          join(me, { regionId: REGION, instanceId: vm.instanceId, networkInterfaceId: vm.eniId, securityGroupId: a }),
          'InvalidParam.EniIdAndInstanceId.Conflict',
          403,
        )
        await expectError(leave(me, { regionId: REGION, securityGroupId: a }), 'MissingParameter', 400)
        await expectError(join(me, { networkInterfaceId: vm.eniId, securityGroupId: a }), 'MissingParameter', 400)
        await expectError(join(me, { regionId: REGION, networkInterfaceId: vm.eniId }), 'MissingParameter', 400)
        await expectError(join(me, { regionId: 'xx-nowhere', instanceId: vm.instanceId, securityGroupId: a }), 'InvalidRegionId.NotFound', 404)
      })

      it("answers unknown or another account's instances, ENIs and groups with their NotFound", async () => {
        const mine = await rows.vpc(me)
        const theirs = await rows.vpc(other)
        const a = await createGroup(me, { vpcId: mine.vpcId })
        const foreignGroup = await createGroup(other, { vpcId: theirs.vpcId })
        const foreignVm = await rows.instance(other, theirs, [foreignGroup])
        const foreignEni = await rows.eni(other, theirs, [foreignGroup])
        const eni = await rows.eni(me, mine, [a])
        await expectError(join(me, { instanceId: 'i-nothere', securityGroupId: a }), 'InvalidInstanceId.NotFound', 404)
        await expectError(join(me, { instanceId: foreignVm.instanceId, securityGroupId: a }), 'InvalidInstanceId.NotFound', 404)
        await expectError(leave(me, { instanceId: foreignVm.instanceId, securityGroupId: foreignGroup }), 'InvalidInstanceId.NotFound', 404)
        await expectError(join(me, { regionId: REGION, networkInterfaceId: 'eni-nothere', securityGroupId: a }), 'InvalidEniId.NotFound', 404)
        await expectError(join(me, { regionId: REGION, networkInterfaceId: foreignEni, securityGroupId: a }), 'InvalidEniId.NotFound', 404)
        await expectError(join(me, { regionId: REGION, networkInterfaceId: eni, securityGroupId: foreignGroup }), 'InvalidSecurityGroupId.NotFound', 404)
        await expectError(leave(me, { regionId: REGION, networkInterfaceId: eni, securityGroupId: 'sg-nothere' }), 'InvalidSecurityGroupId.NotFound', 404)
        assert.deepEqual(await rows.groupsOf(foreignEni), [foreignGroup])
        assert.deepEqual(await rows.groupsOf(foreignVm.eniId), [foreignGroup])
      })

      it('refuses a group of another VPC, a group already joined, and mixed group types', async () => {
        const net = await rows.vpc(me)
        const elsewhere = await rows.vpc(me)
        const a = await createGroup(me, { vpcId: net.vpcId })
        const far = await createGroup(me, { vpcId: elsewhere.vpcId })
        const advanced = await createGroup(me, { vpcId: net.vpcId, securityGroupType: 'enterprise' })
        const eni = await rows.eni(me, net, [a])
        await expectError(join(me, { regionId: REGION, networkInterfaceId: eni, securityGroupId: far }), 'InvalidOperation.VpcMismatch', 403)
        await expectError(join(me, { regionId: REGION, networkInterfaceId: eni, securityGroupId: a }), 'InvalidInstanceId.AlreadyExists', 403)
        await expectError(join(me, { regionId: REGION, networkInterfaceId: eni, securityGroupId: advanced }), 'InvalidOperation.MultiGroupType', 400)
        assert.deepEqual(await rows.groupsOf(eni), [a])
      })

      it('refuses a sixth group with InstanceSecurityGroupLimitExceeded', async () => {
        const net = await rows.vpc(me)
        const groups: string[] = []
        for (let i = 0; i < 6; i++) groups.push(await createGroup(me, { vpcId: net.vpcId }))
        const eni = await rows.eni(me, net, groups.slice(0, 1))
        for (const g of groups.slice(1, 5)) await join(me, { regionId: REGION, networkInterfaceId: eni, securityGroupId: g })
        await expectError(join(me, { regionId: REGION, networkInterfaceId: eni, securityGroupId: groups[5] }), 'InstanceSecurityGroupLimitExceeded', 400)
        assert.deepEqual(await rows.groupsOf(eni), groups.slice(0, 5))
      })

      it('refuses to leave the last group, or a group it is not in', async () => {
        const net = await rows.vpc(me)
        const [a, b] = [await createGroup(me, { vpcId: net.vpcId }), await createGroup(me, { vpcId: net.vpcId })]
        const eni = await rows.eni(me, net, [a])
        await expectError(leave(me, { regionId: REGION, networkInterfaceId: eni, securityGroupId: a }), 'InstanceLastSecurityGroup', 403)
        await expectError(leave(me, { regionId: REGION, networkInterfaceId: eni, securityGroupId: b }), 'InvalidSecurityGroupAssociation.NotFound', 400)
        assert.deepEqual(await rows.groupsOf(eni), [a])
      })

      it('refuses a member that would overfill a basic group with SecurityGroupInstanceLimitExceed', async () => {
        const net = await rows.vpc(me)
        const [home, full] = [await createGroup(me, { vpcId: net.vpcId }), await createGroup(me, { vpcId: net.vpcId })]
        await rows.eni(me, net, [full], { ips: 5998 })
        const two = await rows.eni(me, net, [home], { ips: 3 })
        const one = await rows.eni(me, net, [home], { ips: 2 })
        const [before] = (await describeGroups(me, { securityGroupId: full })).securityGroups?.securityGroup ?? []
        assert.equal(before?.availableInstanceAmount, 2)
        await expectError(join(me, { regionId: REGION, networkInterfaceId: two, securityGroupId: full }), 'SecurityGroupInstanceLimitExceed', 403)
        await join(me, { regionId: REGION, networkInterfaceId: one, securityGroupId: full })
        const [after] = (await describeGroups(me, { securityGroupId: full })).securityGroups?.securityGroup ?? []
        assert.equal(after?.availableInstanceAmount, 0)
      })

      it('keeps the per-ENI limit when joins race', async () => {
        const net = await rows.vpc(me)
        const groups: string[] = []
        for (let i = 0; i < 8; i++) groups.push(await createGroup(me, { vpcId: net.vpcId }))
        const eni = await rows.eni(me, net, groups.slice(0, 1))
        const results = await Promise.allSettled(
          groups.slice(1).map((g) => join(me, { regionId: REGION, networkInterfaceId: eni, securityGroupId: g })),
        )
        assert.equal(results.filter((r) => r.status === 'fulfilled').length, 4)
        for (const r of results) {
          if (r.status === 'rejected') assert.equal((r.reason as { code: string }).code, 'InstanceSecurityGroupLimitExceeded')
        }
        assert.equal((await rows.groupsOf(eni)).length, 5)
      })

      it('lets a group with members go once they have all left', async () => {
        const net = await rows.vpc(me)
        const [a, b] = [await createGroup(me, { vpcId: net.vpcId }), await createGroup(me, { vpcId: net.vpcId })]
        const eni = await rows.eni(me, net, [a, b])
        await expectError(me.ecs.deleteSecurityGroup(new Ecs.DeleteSecurityGroupRequest({ regionId: REGION, securityGroupId: b })), 'DependencyViolation', 403)
        await leave(me, { regionId: REGION, networkInterfaceId: eni, securityGroupId: b })
        await me.ecs.deleteSecurityGroup(new Ecs.DeleteSecurityGroupRequest({ regionId: REGION, securityGroupId: b }))
        assert.deepEqual(await listedIds(me, { securityGroupId: b }), [])
      })
    })

    describe('raw parameters', () => {
      it('refuses a DryRun that is not a boolean and a MaxResults that is not a number', async () => {
        for (const params of <Record<string, string>[]>[{ DryRun: 'maybe' }, { MaxResults: 'ten' }]) {
          const err = (await sdkError(raw(me, server, 'DescribeSecurityGroups', { RegionId: REGION, ...params }))) as { code: string }
          assert.equal(err.code, 'InvalidParameter', JSON.stringify(params))
        }
      })
    })
  })

  describe(`security group quota (${dialect})`, () => {
    let server: TestServer
    before(async () => {
      server = await startServer({ dialect, config: { quotas: { default: { securityGroups: 3 } } } })
    })
    after(() => server.close())

    it('holds exactly under concurrent creation, and counts per account', async () => {
      const rows = new Rows(server)
      const me = server.account
      const net = await rows.vpc(me)
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, () => me.ecs.createSecurityGroup(new Ecs.CreateSecurityGroupRequest({ regionId: REGION, vpcId: net.vpcId }))),
      )
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 3)
      for (const r of results) {
        if (r.status === 'rejected') {
          assert.equal((r.reason as { code: string }).code, 'QuotaExceed.SecurityGroup')
          assert.equal((r.reason as { statusCode: number }).statusCode, 403)
        }
      }
      assert.equal(await rows.countGroups(me), 3)
      const other = await server.addAccount('quota-other')
      const theirs = await rows.vpc(other)
      await createGroup(other, { vpcId: theirs.vpcId })
    })

    it('frees a place when a group is deleted', async () => {
      const rows = new Rows(server)
      const me = server.account
      const [first] = await listedIds(me)
      assert.ok(first !== undefined)
      await me.ecs.deleteSecurityGroup(new Ecs.DeleteSecurityGroupRequest({ regionId: REGION, securityGroupId: first }))
      const net = await rows.vpc(me)
      await createGroup(me, { vpcId: net.vpcId })
      await expectError(
        me.ecs.createSecurityGroup(new Ecs.CreateSecurityGroupRequest({ regionId: REGION, vpcId: net.vpcId })),
        'QuotaExceed.SecurityGroup',
        403,
      )
    })
  })
}
