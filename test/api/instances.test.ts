import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { acknowledgeHost } from '../../src/service/hosts.js'
import {
  DIALECTS,
  Ecs,
  REGION,
  sdkError,
  startServer,
  stopPostgres,
  Vpc,
  ZONE_A,
  ZONE_B,
  type TestAccount,
  type TestServer,
} from '../support/server.js'

after(stopPostgres)

const OTHER_REGION = 'cn-shanghai'
// Two regions, so the tests can show that instances are confined to theirs; each test makes its
// own VPC, more than the default quota of 10.
const CONFIG = {
  regions: [
    { id: REGION, zones: [{ id: ZONE_A }, { id: ZONE_B }] },
    { id: OTHER_REGION, zones: [{ id: `${OTHER_REGION}-a` }] },
  ],
  quotas: { default: { vpcs: 100 } },
}

type RunRequest = ConstructorParameters<typeof Ecs.RunInstancesRequest>[0]
type DescribeRequest = ConstructorParameters<typeof Ecs.DescribeInstancesRequest>[0]
type Instance = NonNullable<NonNullable<Awaited<ReturnType<TestAccount['ecs']['describeInstances']>>['body']>['instances']>['instance'] extends
  | (infer I)[]
  | undefined
  ? I
  : never

/** A VPC with a vSwitch and a security group, made through the VPC and ECS APIs like a user would. */
interface Network {
  vpcId: string
  vSwitchId: string
  securityGroupId: string
}

let cidrSeed = 0

async function createVSwitch(account: TestAccount, vpcId: string, cidrBlock: string, zoneId?: string): Promise<string> {
  const created = await account.vpc.createVSwitch(new Vpc.CreateVSwitchRequest({ regionId: REGION, vpcId, cidrBlock, zoneId }))
  return created.body!.vSwitchId!
}

async function createGroup(account: TestAccount, vpcId: string): Promise<string> {
  const created = await account.ecs.createSecurityGroup(new Ecs.CreateSecurityGroupRequest({ regionId: REGION, vpcId }))
  return created.body!.securityGroupId!
}

/** A fresh VPC 198.18.0.0/16 with a /24 vSwitch in zone A (or regional with zoneId null). */
async function network(account: TestAccount, options: { zoneId?: string | null; mask?: number } = {}): Promise<Network> {
  const vpc = await account.vpc.createVpc(new Vpc.CreateVpcRequest({ regionId: REGION, cidrBlock: '198.18.0.0/16' }))
  const vpcId = vpc.body!.vpcId!
  const zoneId = options.zoneId === null ? undefined : (options.zoneId ?? ZONE_A)
  const vSwitchId = await createVSwitch(account, vpcId, `198.18.${++cidrSeed}.0/${options.mask ?? 24}`, zoneId)
  return { vpcId, vSwitchId, securityGroupId: await createGroup(account, vpcId) }
}

async function run(account: TestAccount, net: Network, request: RunRequest = {}): Promise<string[]> {
  const response = await account.ecs.runInstances(
    new Ecs.RunInstancesRequest({
      regionId: REGION,
      instanceType: 'ecs.g7.large',
      imageId: 'ubuntu_22_04_x64',
      vSwitchId: net.vSwitchId,
      securityGroupId: net.securityGroupId,
      ...request,
    }),
  )
  return response.body!.instanceIdSets!.instanceIdSet!
}

async function runOne(account: TestAccount, net: Network, request: RunRequest = {}): Promise<string> {
  const [id, ...more] = await run(account, net, request)
  assert.ok(id !== undefined && more.length === 0, 'one instance is launched')
  return id
}

async function describe_(account: TestAccount, request: DescribeRequest = {}) {
  const response = await account.ecs.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION, ...request }))
  return response.body!
}

async function instance(account: TestAccount, id: string): Promise<Instance> {
  const found = (await describe_(account, { instanceIds: JSON.stringify([id]) })).instances!.instance!
  assert.equal(found.length, 1, `instance ${id} is described`)
  return found[0]!
}

async function describeEni(account: TestAccount, networkInterfaceId: string) {
  const response = await account.ecs.describeNetworkInterfaceAttribute(
    new Ecs.DescribeNetworkInterfaceAttributeRequest({ regionId: REGION, networkInterfaceId }),
  )
  return response.body!
}

const stop = (a: TestAccount, instanceId: string) => a.ecs.stopInstance(new Ecs.StopInstanceRequest({ instanceId }))
const start = (a: TestAccount, instanceId: string) => a.ecs.startInstance(new Ecs.StartInstanceRequest({ instanceId }))
const reboot = (a: TestAccount, instanceId: string) => a.ecs.rebootInstance(new Ecs.RebootInstanceRequest({ instanceId }))
const remove = (a: TestAccount, instanceId: string, request: { force?: boolean; dryRun?: boolean } = {}) =>
  a.ecs.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId, ...request }))

/** The change-log events of one resource, oldest first. */
async function events(server: TestServer, resourceId: string): Promise<string[]> {
  const rows = await server.deps.store.db
    .selectFrom('changes')
    .select('event')
    .where('resource_id', '=', resourceId)
    .orderBy('revision')
    .execute()
  return rows.map((r) => r.event)
}

/** Row counts of everything an instance action can touch, to show a refused request changed nothing. */
async function snapshot(server: TestServer): Promise<Record<string, number>> {
  const db = server.deps.store.db
  const counts: Record<string, number> = {}
  for (const table of ['instances', 'enis', 'private_ips', 'eni_security_groups', 'tags', 'changes'] as const) {
    const { n } = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    counts[table] = Number(n)
  }
  const statuses = await db.selectFrom('instances').select(['id', 'status']).orderBy('id').execute()
  counts.statuses = statuses.reduce((hash, r) => hash + r.status.length * r.id.length, 0)
  return counts
}

/** Asserts the call is refused with `code` (and `status`), and that nothing changed. */
async function assertRefused(server: TestServer, call: () => Promise<unknown>, code: string, status?: number): Promise<void> {
  const before = await snapshot(server)
  const err = await sdkError(call())
  assert.equal(err.code, code, err.message)
  if (status !== undefined) assert.equal(err.statusCode, status)
  assert.deepEqual(await snapshot(server), before, `${code}: the refused request changed nothing`)
}

/** The change log of an instance launched, stopped and started again: each move, then its host's confirmation. */
const LAUNCH_STOP_START = ['InstancePending', 'InstanceRunning', 'InstanceStopping', 'InstanceStopped', 'InstanceStarting', 'InstanceRunning']

const MINUTE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z$/

for (const dialect of DIALECTS) {
  describe(`instances (${dialect})`, () => {
    let server: TestServer
    let me: TestAccount
    let other: TestAccount
    before(async () => {
      server = await startServer({ dialect, config: CONFIG })
      me = server.account
      other = await server.addAccount('other')
    })
    after(() => server.close())

    describe('RunInstances', () => {
      it('launches an instance with its primary ENI, Running at once with the none data plane', async () => {
        const net = await network(me)
        const id = await runOne(me, net, { tag: [new Ecs.RunInstancesRequestTag({ key: 'team', value: 'web' })] })
        assert.ok(id?.startsWith('i-'))
        const shown = await instance(me, id)
        assert.equal(shown.status, 'Running')
        assert.equal(shown.instanceName, id)
        assert.equal(shown.hostName, `iZ${id.slice(2)}Z`)
        assert.equal(shown.instanceType, 'ecs.g7.large')
        assert.equal(shown.instanceTypeFamily, 'ecs.g7')
        assert.equal(shown.cpu, 2)
        assert.equal(shown.memory, 8192)
        assert.equal(shown.imageId, 'ubuntu_22_04_x64')
        assert.equal(shown.regionId, REGION)
        assert.equal(shown.zoneId, ZONE_A)
        assert.equal(shown.instanceNetworkType, 'vpc')
        assert.equal(shown.ioOptimized, true)
        assert.equal(shown.deletionProtection, false)
        assert.match(shown.creationTime ?? '', MINUTE_TIME)
        assert.match(shown.startTime ?? '', MINUTE_TIME)
        assert.equal(shown.vpcAttributes?.vpcId, net.vpcId)
        assert.equal(shown.vpcAttributes?.vSwitchId, net.vSwitchId)
        assert.deepEqual(shown.securityGroupIds?.securityGroupId, [net.securityGroupId])
        assert.deepEqual(shown.tags?.tag?.map((t) => [t.tagKey, t.tagValue]), [['team', 'web']])
        const [primary, ...rest] = shown.networkInterfaces!.networkInterface!
        assert.equal(rest.length, 0)
        assert.equal(primary?.type, 'Primary')
        assert.match(primary?.macAddress ?? '', /^00:16:3e(:[0-9a-f]{2}){3}$/)
        assert.deepEqual(shown.vpcAttributes?.privateIpAddress?.ipAddress, [primary?.primaryIpAddress])
        assert.deepEqual(
          primary?.privateIpSets?.privateIpSet?.map((ip) => [ip.privateIpAddress, ip.primary]),
          [[primary?.primaryIpAddress, true]],
        )
        // The primary ENI is InUse on the instance, carries its tags and cannot be mistaken for a standalone one.
        const eni = await describeEni(me, primary!.networkInterfaceId!)
        assert.equal(eni.status, 'InUse')
        assert.equal(eni.type, 'Primary')
        assert.equal(eni.instanceId, id)
        assert.equal(eni.attachment?.deviceIndex, 0)
        assert.deepEqual(eni.tags?.tag?.map((t) => [t.tagKey, t.tagValue]), [['team', 'web']])
        // Pending first, then the host's acknowledgement.
        assert.deepEqual(await events(server, id), ['InstancePending', 'InstanceRunning'])
      })

      it('launches several instances with UniqueSuffix names and consecutive addresses from PrivateIpAddress', async () => {
        const net = await network(me)
        const ids = await run(me, net, {
          amount: 3,
          instanceName: 'web',
          hostName: 'web',
          uniqueSuffix: true,
          privateIpAddress: `198.18.${cidrSeed}.10`,
          description: 'front end',
        })
        assert.equal(ids.length, 3)
        const shown = (await describe_(me, { instanceIds: JSON.stringify(ids) })).instances!.instance!
        const byAddress = shown
          .map((i) => [i.vpcAttributes?.privateIpAddress?.ipAddress?.[0], i.instanceName, i.hostName, i.description])
          .sort((a, b) => String(a[0]).localeCompare(String(b[0])))
        assert.deepEqual(
          byAddress.map((row) => row[0]),
          [10, 11, 12].map((n) => `198.18.${cidrSeed}.${n}`),
        )
        assert.deepEqual(new Set(byAddress.map((row) => row[1])), new Set(['web001', 'web002', 'web003']))
        assert.deepEqual(new Set(byAddress.map((row) => row[2])), new Set(['web001', 'web002', 'web003']))
        assert.ok(byAddress.every((row) => row[3] === 'front end'))
      })

      it('names batch instances from a [begin,bits] sequence', async () => {
        const net = await network(me)
        const ids = await run(me, net, { amount: 2, instanceName: 'db-[7,2]' })
        const names = (await describe_(me, { instanceIds: JSON.stringify(ids) })).instances!.instance!.map((i) => i.instanceName)
        assert.deepEqual(new Set(names), new Set(['db-07', 'db-08']))
      })

      it('gives secondary ENIs the instance vSwitch and groups by default, after the primary by device index', async () => {
        const net = await network(me)
        const id = await runOne(me, net, {
          networkInterface: [
            new Ecs.RunInstancesRequestNetworkInterface({ instanceType: 'Secondary', secondaryPrivateIpAddressCount: 2, networkInterfaceName: 'data' }),
            new Ecs.RunInstancesRequestNetworkInterface({ deleteOnRelease: false, description: 'kept' }),
          ],
        })
        const enis = (await instance(me, id!)).networkInterfaces!.networkInterface!
        assert.deepEqual(
          enis.map((e) => e.type),
          ['Primary', 'Secondary', 'Secondary'],
        )
        assert.equal(enis[1]?.privateIpSets?.privateIpSet?.length, 3)
        assert.equal(new Set(enis.flatMap((e) => e.privateIpSets!.privateIpSet!.map((ip) => ip.privateIpAddress))).size, 5)
        const [first, second] = await Promise.all([describeEni(me, enis[1]!.networkInterfaceId!), describeEni(me, enis[2]!.networkInterfaceId!)])
        assert.equal(first.status, 'InUse')
        assert.equal(first.vSwitchId, net.vSwitchId)
        assert.deepEqual(first.securityGroupIds?.securityGroupId, [net.securityGroupId])
        assert.equal(first.networkInterfaceName, 'data')
        assert.equal(first.deleteOnRelease, true)
        assert.equal(first.attachment?.deviceIndex, 1)
        assert.equal(second.deleteOnRelease, false)
        assert.equal(second.description, 'kept')
        assert.equal(second.attachment?.deviceIndex, 2)
      })

      it('takes the primary ENI from a NetworkInterface.N of type Primary', async () => {
        const net = await network(me)
        const group = await createGroup(me, net.vpcId)
        const [id] = await me.ecs
          .runInstances(
            new Ecs.RunInstancesRequest({
              regionId: REGION,
              instanceType: 'ecs.g7.large',
              imageId: 'img',
              networkInterface: [
                new Ecs.RunInstancesRequestNetworkInterface({
                  instanceType: 'Primary',
                  vSwitchId: net.vSwitchId,
                  securityGroupIds: [net.securityGroupId, group],
                  primaryIpAddress: `198.18.${cidrSeed}.77`,
                  queueNumber: 2,
                }),
              ],
            }),
          )
          .then((r) => r.body!.instanceIdSets!.instanceIdSet!)
        const shown = await instance(me, id!)
        assert.equal(shown.vpcAttributes?.vSwitchId, net.vSwitchId)
        assert.deepEqual(shown.vpcAttributes?.privateIpAddress?.ipAddress, [`198.18.${cidrSeed}.77`])
        assert.deepEqual(shown.securityGroupIds?.securityGroupId, [net.securityGroupId, group])
      })

      it('lets ZoneId pick the zone of a regional vSwitch, the first zone by default', async () => {
        const net = await network(me, { zoneId: null })
        const inB = await runOne(me, net, { zoneId: ZONE_B })
        const inDefault = await runOne(me, net)
        assert.equal((await instance(me, inB!)).zoneId, ZONE_B)
        assert.equal((await instance(me, inDefault!)).zoneId, ZONE_A)
      })

      it('launches a non-I/O-optimized instance where the type allows it', async () => {
        const net = await network(me)
        const id = await runOne(me, net, { instanceType: 'ecs.t6-c1m1.large', ioOptimized: 'none' })
        assert.equal((await instance(me, id!)).ioOptimized, false)
        await assertRefused(server, () => run(me, net, { ioOptimized: 'none' }), 'InvalidIoOptimize.ValueNotSupported', 400)
        await assertRefused(
          server,
          () =>
            run(me, net, {
              instanceType: 'ecs.t6-c1m1.large',
              ioOptimized: 'none',
              networkInterface: [new Ecs.RunInstancesRequestNetworkInterface({ instanceType: 'Secondary' })],
            }),
          'InvalidInstanceType.ElasticNetworkInterfaceNotSupported',
          400,
        )
      })

      it('attaches an existing Available ENI at launch, to one instance only', async () => {
        const net = await network(me)
        const created = await me.ecs.createNetworkInterface(
          new Ecs.CreateNetworkInterfaceRequest({ regionId: REGION, vSwitchId: net.vSwitchId, securityGroupId: net.securityGroupId }),
        )
        const eniId = created.body!.networkInterfaceId!
        const existing = [new Ecs.RunInstancesRequestNetworkInterface({ networkInterfaceId: eniId })]
        await assertRefused(server, () => run(me, net, { amount: 2, networkInterface: existing }), 'InvalidParam.NetworkInterface', 400)
        const id = await runOne(me, net, { networkInterface: existing })
        const enis = (await instance(me, id!)).networkInterfaces!.networkInterface!
        assert.deepEqual(
          enis.map((e) => e.networkInterfaceId),
          [enis[0]!.networkInterfaceId, eniId],
        )
        const eni = await describeEni(me, eniId)
        assert.equal(eni.status, 'InUse')
        assert.equal(eni.instanceId, id)
        assert.equal(eni.attachment?.deviceIndex, 1)
        // An ENI in use cannot join a second new instance.
        await assertRefused(server, () => run(me, net, { networkInterface: existing }), 'InvalidOperation.InvalidEniState', 400)
        // Another account's ENI does not exist for the caller.
        const theirs = await network(other)
        const theirEni = await other.ecs.createNetworkInterface(
          new Ecs.CreateNetworkInterfaceRequest({ regionId: REGION, vSwitchId: theirs.vSwitchId, securityGroupId: theirs.securityGroupId }),
        )
        const foreign = [new Ecs.RunInstancesRequestNetworkInterface({ networkInterfaceId: theirEni.body!.networkInterfaceId })]
        await assertRefused(server, () => run(me, net, { networkInterface: foreign }), 'InvalidEniId.NotFound', 404)
      })

      it('launches as many as the vSwitch has addresses for, down to MinAmount', async () => {
        const net = await network(me, { mask: 29 }) // 8 addresses, 4 usable
        await assertRefused(server, () => run(me, net, { amount: 5 }), 'QuotaExceeded.PrivateIpAddress', 400)
        await assertRefused(server, () => run(me, net, { amount: 5, minAmount: 5 }), 'QuotaExceeded.PrivateIpAddress', 400)
        const ids = await run(me, net, { amount: 5, minAmount: 2 })
        assert.equal(ids.length, 4)
        await assertRefused(server, () => run(me, net, { amount: 1 }), 'QuotaExceeded.PrivateIpAddress', 400)
      })

      it('never hands one address to two concurrent launches', async () => {
        const net = await network(me, { mask: 29 }) // 4 usable addresses
        const outcomes = await Promise.allSettled(Array.from({ length: 4 }, () => run(me, net, { amount: 2, minAmount: 1 })))
        const launched = outcomes.flatMap((o) => (o.status === 'fulfilled' ? o.value : []))
        assert.equal(launched.length, 4)
        for (const o of outcomes) if (o.status === 'rejected') assert.equal((o.reason as { code: string }).code, 'QuotaExceeded.PrivateIpAddress')
        const shown = (await describe_(me, { vSwitchId: net.vSwitchId })).instances!.instance!
        assert.equal(new Set(shown.map((i) => i.vpcAttributes!.privateIpAddress!.ipAddress![0])).size, 4)
      })

      it('answers a repeated ClientToken with the first launch, and refuses it with other parameters', async () => {
        const net = await network(me)
        const first = await run(me, net, { clientToken: 'launch-token-1', amount: 2 })
        const before = await snapshot(server)
        const again = await run(me, net, { clientToken: 'launch-token-1', amount: 2 })
        assert.deepEqual(again, first)
        assert.deepEqual(await snapshot(server), before)
        await assertRefused(server, () => run(me, net, { clientToken: 'launch-token-1', amount: 3 }), 'IdempotentParameterMismatch', 400)
      })

      it('validates a DryRun fully and launches nothing', async () => {
        const net = await network(me)
        await assertRefused(server, () => run(me, net, { dryRun: true, amount: 2 }), 'DryRunOperation', 400)
        await assertRefused(server, () => run(me, net, { dryRun: true, instanceType: 'ecs.nope.large' }), 'InvalidInstanceType.ValueNotSupported', 400)
      })

      it('refuses malformed or missing parameters', async () => {
        const net = await network(me)
        await assertRefused(server, () => run(me, net, { imageId: undefined }), 'MissingParameter', 400)
        await assertRefused(server, () => run(me, net, { instanceType: undefined }), 'MissingParameter', 400)
        await assertRefused(server, () => run(me, net, { regionId: '' }), 'MissingParameter', 400)
        await assertRefused(server, () => run(me, net, { regionId: 'mars-north-1' }), 'InvalidRegionId.NotFound', 404)
        await assertRefused(server, () => run(me, net, { amount: 'three' as unknown as number }), 'InvalidParameter', 400)
        await assertRefused(server, () => run(me, net, { ioOptimized: 'maybe' }), 'InvalidParameter', 400)
        await assertRefused(server, () => run(me, net, { vSwitchId: undefined }), 'InvalidVSwitchId.Necessary', 400)
        await assertRefused(server, () => run(me, net, { securityGroupId: undefined }), 'MissingParameter', 400)
        await assertRefused(
          server,
          () => run(me, net, { securityGroupIds: [net.securityGroupId] }),
          'InvalidSecurityGroupId.SingleIdAndMultiIdConflict',
          400,
        )
      })

      it('refuses unknown instance types and amounts out of range', async () => {
        const net = await network(me)
        await assertRefused(server, () => run(me, net, { instanceType: 'ecs.g99.huge' }), 'InvalidInstanceType.ValueNotSupported', 400)
        for (const request of [{ amount: 0 }, { amount: 101 }, { amount: 2, minAmount: 3 }, { minAmount: 0 }]) {
          await assertRefused(server, () => run(me, net, request), 'InvalidParam.Amount', 403)
        }
      })

      it('refuses a vSwitch, group or zone that does not fit', async () => {
        const net = await network(me)
        const elsewhere = await network(me)
        const theirs = await network(other)
        await assertRefused(server, () => run(me, net, { vSwitchId: 'vsw-nothere' }), 'InvalidVSwitchId.NotFound', 404)
        await assertRefused(server, () => run(me, net, { vSwitchId: theirs.vSwitchId }), 'InvalidVSwitchId.NotFound', 404)
        await assertRefused(server, () => run(me, net, { regionId: OTHER_REGION }), 'InvalidVSwitchId.NotFound', 404)
        await assertRefused(server, () => run(me, net, { securityGroupId: 'sg-nothere' }), 'InvalidSecurityGroupId.NotFound', 404)
        await assertRefused(server, () => run(me, net, { securityGroupId: theirs.securityGroupId }), 'InvalidSecurityGroupId.NotFound', 404)
        await assertRefused(server, () => run(me, net, { securityGroupId: elsewhere.securityGroupId }), 'InvalidParameter.Mismatch', 400)
        await assertRefused(
          server,
          () => run(me, net, { networkInterface: [new Ecs.RunInstancesRequestNetworkInterface({ vSwitchId: elsewhere.vSwitchId })] }),
          'InvalidParameter.Mismatch',
          400,
        )
        await assertRefused(server, () => run(me, net, { zoneId: ZONE_B }), 'InvalidParameter.Mismatch', 400)
        await assertRefused(server, () => run(me, net, { zoneId: 'cn-hangzhou-z' }), 'InvalidZoneId.NotFound', 404)
        // A secondary ENI in another zone than its instance.
        const inB = await createVSwitch(me, net.vpcId, `198.18.${++cidrSeed}.0/24`, ZONE_B)
        await assertRefused(
          server,
          () => run(me, net, { networkInterface: [new Ecs.RunInstancesRequestNetworkInterface({ vSwitchId: inB })] }),
          'InvalidOperation.AvailabilityZoneMismatch',
          403,
        )
      })

      it('refuses conflicting or excessive network interfaces', async () => {
        const net = await network(me)
        const primary = new Ecs.RunInstancesRequestNetworkInterface({
          instanceType: 'Primary',
          vSwitchId: net.vSwitchId,
          securityGroupId: net.securityGroupId,
        })
        const secondary = new Ecs.RunInstancesRequestNetworkInterface({ instanceType: 'Secondary' })
        await assertRefused(server, () => run(me, net, { networkInterface: [primary] }), 'InvalidParam.NetworkInterface', 400)
        await assertRefused(
          server,
          () => run(me, net, { amount: 2, privateIpAddress: `198.18.${cidrSeed}.20`, networkInterface: [secondary] }),
          'InvalidParam.SecondaryNetworkInterface',
          400,
        )
        await assertRefused(server, () => run(me, net, { networkInterface: [secondary, secondary, secondary] }), 'EniPerInstanceLimitExceeded', 403)
        await assertRefused(server, () => run(me, net, { networkInterfaceQueueNumber: 64 }), 'InvalidOperation.MaxEniQueueNumberExceeded', 403)
        await assertRefused(
          server,
          () => run(me, net, { networkInterface: [new Ecs.RunInstancesRequestNetworkInterface({ secondaryPrivateIpAddressCount: 6 })] }),
          'InvalidOperation.Ipv4CountExceeded',
          403,
        )
      })

      it('refuses primary addresses outside the vSwitch or already taken', async () => {
        const net = await network(me)
        const at = (n: number) => `198.18.${cidrSeed}.${n}`
        await runOne(me, net, { privateIpAddress: at(5) })
        await assertRefused(server, () => run(me, net, { privateIpAddress: '198.19.0.10' }), 'InvalidPrivateIpAddress', 400)
        await assertRefused(server, () => run(me, net, { privateIpAddress: at(255) }), 'InvalidPrivateIpAddress', 400)
        await assertRefused(server, () => run(me, net, { amount: 2, privateIpAddress: at(252) }), 'InvalidPrivateIpAddress', 400)
        await assertRefused(server, () => run(me, net, { privateIpAddress: '198.18.x.1' }), 'InvalidPrivateIpAddress.Malformed', 400)
        await assertRefused(server, () => run(me, net, { privateIpAddress: at(5) }), 'InvalidPrivateIpAddress.Duplicated', 400)
        // All or nothing: the second instance's address is taken, so neither is launched.
        await assertRefused(server, () => run(me, net, { amount: 2, privateIpAddress: at(4) }), 'InvalidPrivateIpAddress.Duplicated', 400)
      })

      it('refuses malformed names, description and tags', async () => {
        const net = await network(me)
        await assertRefused(server, () => run(me, net, { instanceName: '9lives' }), 'InvalidInstanceName.Malformed', 400)
        await assertRefused(server, () => run(me, net, { hostName: 'bad_host' }), 'InvalidHostName.Malformed', 400)
        await assertRefused(server, () => run(me, net, { description: 'https://x' }), 'InvalidDescription.Malformed', 400)
        await assertRefused(
          server,
          () => run(me, net, { tag: [new Ecs.RunInstancesRequestTag({ key: 'aliyun:x', value: 'v' })] }),
          'InvalidTagKey.Malformed',
          400,
        )
      })

      it('refuses to launch where no host can take the instance', async () => {
        const lonely = await startServer({ dialect, dataplane: 'agents' })
        try {
          const net = await network(lonely.account)
          await assertRefused(lonely, () => run(lonely.account, net), 'OperationDenied.NoStock', 403)
        } finally {
          await lonely.close()
        }
      })
    })

    describe('StartInstance, StopInstance, RebootInstance', () => {
      it('stops and starts an instance through Stopping and Starting, keeping its ENIs and addresses', async () => {
        const net = await network(me)
        const id = await runOne(me, net, { networkInterface: [new Ecs.RunInstancesRequestNetworkInterface({ secondaryPrivateIpAddressCount: 1 })] })
        const before = (await instance(me, id!)).networkInterfaces
        await stop(me, id!)
        const stopped = await instance(me, id!)
        assert.equal(stopped.status, 'Stopped')
        assert.deepEqual(stopped.networkInterfaces, before)
        await start(me, id!)
        const started = await instance(me, id!)
        assert.equal(started.status, 'Running')
        assert.deepEqual(started.networkInterfaces, before)
        await reboot(me, id!)
        assert.equal((await instance(me, id!)).status, 'Running')
        // The reboot goes through Starting, as the instance comes back up.
        assert.deepEqual(await events(server, id!), [...LAUNCH_STOP_START, 'InstanceStarting', 'InstanceRunning'])
      })

      it('refuses each action outside the status it starts from with IncorrectInstanceStatus', async () => {
        const net = await network(me)
        const id = await runOne(me, net)
        await assertRefused(server, () => start(me, id!), 'IncorrectInstanceStatus', 403)
        await stop(me, id!)
        await assertRefused(server, () => stop(me, id!), 'IncorrectInstanceStatus', 403)
        await assertRefused(server, () => reboot(me, id!), 'IncorrectInstanceStatus', 403)
      })

      it('answers DryRun without changing the instance', async () => {
        const net = await network(me)
        const id = await runOne(me, net)
        await assertRefused(server, () => me.ecs.stopInstance(new Ecs.StopInstanceRequest({ instanceId: id, dryRun: true })), 'DryRunOperation', 400)
        await assertRefused(server, () => me.ecs.rebootInstance(new Ecs.RebootInstanceRequest({ instanceId: id, dryRun: true })), 'DryRunOperation', 400)
        await stop(me, id!)
        await assertRefused(server, () => me.ecs.startInstance(new Ecs.StartInstanceRequest({ instanceId: id, dryRun: true })), 'DryRunOperation', 400)
        // A dry run still validates: a Stopped instance cannot be stopped.
        await assertRefused(
          server,
          () => me.ecs.stopInstance(new Ecs.StopInstanceRequest({ instanceId: id, dryRun: true })),
          'IncorrectInstanceStatus',
          403,
        )
      })

      it("treats unknown instances and other accounts' instances alike: InvalidInstanceId.NotFound", async () => {
        const net = await network(me)
        const id = await runOne(me, net)
        for (const call of [stop, start, reboot]) {
          await assertRefused(server, () => call(me, 'i-nothere'), 'InvalidInstanceId.NotFound', 404)
          await assertRefused(server, () => call(other, id!), 'InvalidInstanceId.NotFound', 404)
          await assertRefused(server, () => call(me, ''), 'MissingParameter', 400)
        }
      })
    })

    describe('DeleteInstance', () => {
      it('deletes the primary ENI, deletes DeleteOnRelease secondaries and leaves the others Available', async () => {
        const net = await network(me)
        const id = await runOne(me, net, {
          tag: [new Ecs.RunInstancesRequestTag({ key: 'team', value: 'gone' })],
          networkInterface: [
            new Ecs.RunInstancesRequestNetworkInterface({ secondaryPrivateIpAddressCount: 1 }),
            new Ecs.RunInstancesRequestNetworkInterface({ deleteOnRelease: false, secondaryPrivateIpAddressCount: 1 }),
          ],
        })
        const [primary, doomed, kept] = (await instance(me, id!)).networkInterfaces!.networkInterface!
        const keptBefore = await describeEni(me, kept!.networkInterfaceId!)
        await stop(me, id!)
        await remove(me, id!)

        assert.equal((await describe_(me, { instanceIds: JSON.stringify([id]) })).instances!.instance!.length, 0)
        for (const gone of [primary, doomed]) {
          const err = await sdkError(describeEni(me, gone!.networkInterfaceId!))
          assert.equal(err.code, 'InvalidEniId.NotFound')
        }
        const survivor = await describeEni(me, kept!.networkInterfaceId!)
        assert.equal(survivor.status, 'Available')
        assert.equal(survivor.instanceId, '')
        assert.equal(survivor.macAddress, keptBefore.macAddress)
        assert.deepEqual(survivor.privateIpSets, keptBefore.privateIpSets)
        assert.deepEqual(survivor.securityGroupIds, keptBefore.securityGroupIds)
        assert.equal(survivor.attachment, undefined)

        const db = server.deps.store.db
        const leftovers = await db.selectFrom('tags').select('key').where('resource_id', '=', id!).execute()
        assert.deepEqual(leftovers, [])
        const held = await db.selectFrom('private_ips').select('eni_id').where('eni_id', 'in', [primary!.networkInterfaceId!, doomed!.networkInterfaceId!]).execute()
        assert.deepEqual(held, [])
        assert.deepEqual((await events(server, id!)).slice(-1), ['InstanceDeleted'])

        // The released primary address can be used again at once.
        const again = await runOne(me, net, { privateIpAddress: primary!.primaryIpAddress })
        assert.deepEqual((await instance(me, again!)).vpcAttributes?.privateIpAddress?.ipAddress, [primary!.primaryIpAddress])
      })

      it('deletes a Running instance only with Force', async () => {
        const net = await network(me)
        const id = await runOne(me, net)
        await assertRefused(server, () => remove(me, id!), 'IncorrectInstanceStatus', 403)
        await remove(me, id!, { force: true })
        assert.equal((await describe_(me, { instanceIds: JSON.stringify([id]) })).totalCount, 0)
      })

      it('refuses an instance under deletion protection, even with Force', async () => {
        const net = await network(me)
        const id = await runOne(me, net, { deletionProtection: true })
        assert.equal((await instance(me, id!)).deletionProtection, true)
        await assertRefused(server, () => remove(me, id!, { force: true }), 'InvalidOperation.DeletionProtection', 403)
      })

      it('answers DryRun and refuses unknown or foreign instances', async () => {
        const net = await network(me)
        const id = await runOne(me, net)
        await assertRefused(server, () => remove(me, id!, { force: true, dryRun: true }), 'DryRunOperation', 400)
        await assertRefused(server, () => remove(me, 'i-nothere'), 'InvalidInstanceId.NotFound', 404)
        await assertRefused(server, () => remove(other, id!, { force: true }), 'InvalidInstanceId.NotFound', 404)
        await assertRefused(server, () => remove(me, ''), 'MissingParameter', 400)
      })
    })

    describe('DescribeInstances', () => {
      let net: Network
      let web: string[]
      let db: string
      let small: string
      before(async () => {
        net = await network(me)
        web = await run(me, net, { amount: 3, instanceName: 'Web-[1,1]', tag: [new Ecs.RunInstancesRequestTag({ key: 'role', value: 'web' })] })
        db = (await run(me, net, { instanceName: 'db', instanceType: 'ecs.g6.large', tag: [new Ecs.RunInstancesRequestTag({ key: 'role', value: 'db' })] }))[0]!
        small = (await run(me, net, { instanceName: 'tiny', instanceType: 'ecs.t6-c1m1.large', ioOptimized: 'none' }))[0]!
        await stop(me, db)
      })

      const ids = async (request: DescribeRequest) => (await describe_(me, { vpcId: net.vpcId, ...request })).instances!.instance!.map((i) => i.instanceId!).sort()

      it('filters by ID, VPC, vSwitch, zone, type, family, status, image and I/O optimization', async () => {
        const all = [...web, db, small].sort()
        assert.deepEqual(await ids({}), all)
        assert.deepEqual(await ids({ instanceIds: JSON.stringify([db, small, 'i-nothere']) }), [db, small].sort())
        assert.deepEqual(await ids({ vSwitchId: net.vSwitchId }), all)
        assert.deepEqual(await ids({ zoneId: ZONE_A }), all)
        assert.deepEqual(await ids({ zoneId: ZONE_B }), [])
        assert.deepEqual(await ids({ instanceType: 'ecs.g6.large' }), [db])
        assert.deepEqual(await ids({ instanceTypeFamily: 'ecs.g7' }), [...web].sort())
        assert.deepEqual(await ids({ instanceTypeFamily: 'ecs.g7', instanceType: 'ecs.g6.large' }), [])
        assert.deepEqual(await ids({ instanceTypeFamily: 'ecs.zz' }), [])
        assert.deepEqual(await ids({ status: 'Stopped' }), [db])
        assert.deepEqual(await ids({ imageId: 'ubuntu_22_04_x64' }), all)
        assert.deepEqual(await ids({ imageId: 'other' }), [])
        assert.deepEqual(await ids({ ioOptimized: false }), [small])
        assert.deepEqual(await ids({ instanceNetworkType: 'vpc' }), all)
        assert.deepEqual(await ids({ instanceNetworkType: 'classic' }), [])
      })

      it('filters by name with the * wildcard, tags, security group and private address', async () => {
        assert.deepEqual(await ids({ instanceName: 'Web-*' }), [...web].sort())
        assert.deepEqual(await ids({ instanceName: 'web-2' }), (await ids({ instanceName: '*2' })).filter((id) => web.includes(id)))
        assert.deepEqual(await ids({ instanceName: 'db' }), [db])
        assert.deepEqual(await ids({ instanceName: 'd_' }), [])
        assert.deepEqual(await ids({ tag: [new Ecs.DescribeInstancesRequestTag({ key: 'role', value: 'db' })] }), [db])
        assert.deepEqual(await ids({ tag: [new Ecs.DescribeInstancesRequestTag({ key: 'role' })] }), [...web, db].sort())
        assert.deepEqual(await ids({ securityGroupId: net.securityGroupId }), [...web, db, small].sort())
        assert.deepEqual(await ids({ securityGroupId: 'sg-nothere' }), [])
        const address = (await instance(me, db)).vpcAttributes!.privateIpAddress!.ipAddress![0]!
        assert.deepEqual(await ids({ privateIpAddresses: JSON.stringify([address, '198.18.250.250']) }), [db])
      })

      it('filters by creation time with Filter.N', async () => {
        const now = new Date()
        const minute = (offsetMinutes: number) => new Date(now.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 16) + 'Z'
        const filter = (key: string, value: string) => new Ecs.DescribeInstancesRequestFilter({ key, value })
        assert.equal((await ids({ filter: [filter('CreationStartTime', minute(-10)), filter('CreationEndTime', minute(1))] })).length, 5)
        assert.deepEqual(await ids({ filter: [filter('CreationStartTime', minute(2))] }), [])
        assert.deepEqual(await ids({ filter: [filter('CreationEndTime', minute(-10))] }), [])
        await assertRefused(server, () => describe_(me, { filter: [filter('Color', minute(0))] }), 'InvalidFilterKey.NotFound', 404)
        await assertRefused(server, () => describe_(me, { filter: [filter('CreationStartTime', 'yesterday')] }), 'InvalidFilterValue', 404)
      })

      it('pages by PageNumber/PageSize and by MaxResults/NextToken', async () => {
        const first = await describe_(me, { vpcId: net.vpcId, pageSize: 2 })
        assert.equal(first.totalCount, 5)
        assert.equal(first.pageNumber, 1)
        assert.equal(first.pageSize, 2)
        const third = await describe_(me, { vpcId: net.vpcId, pageSize: 2, pageNumber: 3 })
        assert.equal(third.instances!.instance!.length, 1)
        // MaxResults below 10 counts as 10, so one page holds all five.
        const clamped = await describe_(me, { vpcId: net.vpcId, maxResults: 1 })
        assert.equal(clamped.instances!.instance!.length, 5)
        assert.equal(clamped.nextToken, '')

        const many = await network(me)
        const batch = await run(me, many, { amount: 12 })
        const seen: string[] = []
        let nextToken: string | undefined
        do {
          const page = await describe_(me, { vpcId: many.vpcId, maxResults: 10, nextToken })
          seen.push(...page.instances!.instance!.map((i) => i.instanceId!))
          nextToken = page.nextToken || undefined
        } while (nextToken !== undefined)
        assert.deepEqual(seen.sort(), [...batch].sort())
        await assertRefused(server, () => describe_(me, { nextToken: 'garbage!' }), 'InValidParameter.NextToken', 400)
        await assertRefused(server, () => describe_(me, { pageSize: 101 }), 'InvalidParameter', 400)
      })

      it("shows nothing of another account's instances nor of another region's", async () => {
        assert.deepEqual((await describe_(other, { instanceIds: JSON.stringify(web) })).instances!.instance, [])
        assert.equal((await describe_(me, { regionId: OTHER_REGION })).totalCount, 0)
        // The power actions carry no RegionId: the ID alone finds the instance.
        assert.equal((await instance(me, small)).regionId, REGION)
      })

      it('refuses malformed filters and answers DryRun', async () => {
        await assertRefused(server, () => describe_(me, { instanceIds: 'i-1,i-2' }), 'InvalidParameter', 400)
        await assertRefused(
          server,
          () => describe_(me, { instanceIds: JSON.stringify(Array.from({ length: 101 }, (_, i) => `i-${i}`)) }),
          'InvalidParameter',
          400,
        )
        await assertRefused(server, () => describe_(me, { privateIpAddresses: '["198.18.1"]' }), 'InvalidPrivateIpAddress.Malformed', 400)
        await assertRefused(server, () => describe_(me, { status: 'Deleted' }), 'InvalidStatus.NotFound', 404)
        await assertRefused(server, () => describe_(me, { instanceNetworkType: 'vlan' }), 'InvalidNetworkType.NotFound', 404)
        await assertRefused(server, () => describe_(me, { regionId: '' }), 'MissingParameter', 400)
        await assertRefused(server, () => describe_(me, { dryRun: true }), 'DryRunOperation', 400)
      })
    })
  })

  describe(`instances with a host that confirms later (${dialect})`, () => {
    let server: TestServer
    const HOST = 'host-test-a'
    before(async () => {
      server = await startServer({ dialect, dataplane: 'agents' })
      const now = new Date().toISOString()
      await server.deps.store.db
        .insertInto('hosts')
        .values({ id: HOST, region_id: REGION, zone_id: ZONE_A, dataplane: 'linux', created_at: now, last_seen_at: now })
        .execute()
    })
    after(() => server.close())

    it('keeps instances Pending, Stopping and Starting until their host confirms, refusing other moves meanwhile', async () => {
      const me = server.account
      const net = await network(me)
      const id = await runOne(me, net)
      assert.equal((await instance(me, id!)).status, 'Pending')
      await assertRefused(server, () => stop(me, id!), 'IncorrectInstanceStatus', 403)
      await assertRefused(server, () => start(me, id!), 'IncorrectInstanceStatus', 403)
      await assertRefused(server, () => remove(me, id!, { force: true }), 'IncorrectInstanceStatus.Initializing', 403)

      await acknowledgeHost(server.deps, HOST)
      assert.equal((await instance(me, id!)).status, 'Running')
      await stop(me, id!)
      assert.equal((await instance(me, id!)).status, 'Stopping')
      await assertRefused(server, () => remove(me, id!, { force: true }), 'IncorrectInstanceStatus', 403)
      await acknowledgeHost(server.deps, HOST)
      await start(me, id!)
      assert.equal((await instance(me, id!)).status, 'Starting')
      await assertRefused(server, () => reboot(me, id!), 'IncorrectInstanceStatus', 403)
      await acknowledgeHost(server.deps, HOST)
      assert.equal((await instance(me, id!)).status, 'Running')
      assert.deepEqual(await events(server, id!), LAUNCH_STOP_START)
    })
  })
}
