/**
 * Shared setup of the API suites: a VPC per server, a fresh vSwitch per test
 * (so tests never share addresses), security groups, instances, and short readers over the SDK.
 */
import assert from 'node:assert/strict'
import { Ecs, REGION, sdkError, Vpc, ZONE_A, type EcsClient, type TestAccount, type VpcClient } from './server.js'

export type EniSet = NonNullable<
  NonNullable<Awaited<ReturnType<EcsClient['describeNetworkInterfaces']>>['body']>['networkInterfaceSets']
>['networkInterfaceSet'] extends (infer T)[] | undefined
  ? T
  : never

/** A VPC `<prefix>.0.0/16` of one account, handing out /24 vSwitches `<prefix>.N.0/24` one after another. */
export class Network {
  #nextBlock = 0
  private constructor(
    readonly account: Pick<TestAccount, 'ecs' | 'vpc'>,
    readonly vpcId: string,
    readonly prefix: string,
  ) {}

  static async create(account: Pick<TestAccount, 'ecs' | 'vpc'>, prefix = '198.18'): Promise<Network> {
    const { body } = await account.vpc.createVpc(new Vpc.CreateVpcRequest({ regionId: REGION, cidrBlock: `${prefix}.0.0/16` }))
    assert.ok(body?.vpcId)
    return new Network(account, body.vpcId, prefix)
  }

  get ecs(): EcsClient {
    return this.account.ecs
  }

  get vpc(): VpcClient {
    return this.account.vpc
  }

  /** A new vSwitch: a /24 by default (252 usable addresses), zonal in zone A unless told otherwise. */
  async vSwitch(options: { zoneId?: string | null; mask?: number } = {}): Promise<{ id: string; cidr: string; base: string }> {
    const base = `${this.prefix}.${this.#nextBlock++}`
    const cidr = `${base}.0/${options.mask ?? 24}`
    const zoneId = options.zoneId === undefined ? ZONE_A : (options.zoneId ?? undefined)
    const { body } = await this.vpc.createVSwitch(new Vpc.CreateVSwitchRequest({ regionId: REGION, vpcId: this.vpcId, zoneId, cidrBlock: cidr }))
    assert.ok(body?.vSwitchId)
    return { id: body.vSwitchId, cidr, base }
  }

  async securityGroup(type?: 'normal' | 'enterprise'): Promise<string> {
    const { body } = await this.ecs.createSecurityGroup(
      new Ecs.CreateSecurityGroupRequest({ regionId: REGION, vpcId: this.vpcId, securityGroupType: type }),
    )
    assert.ok(body?.securityGroupId)
    return body.securityGroupId
  }
}

export async function createEni(ecs: EcsClient, fields: ConstructorParameters<typeof Ecs.CreateNetworkInterfaceRequest>[0]): Promise<string> {
  const { body } = await ecs.createNetworkInterface(new Ecs.CreateNetworkInterfaceRequest({ regionId: REGION, ...fields }))
  assert.ok(body?.networkInterfaceId)
  return body.networkInterfaceId
}

/** The ENI as DescribeNetworkInterfaces shows it, or undefined when it does not exist for this caller. */
export async function describeEni(ecs: EcsClient, id: string): Promise<EniSet | undefined> {
  const { body } = await ecs.describeNetworkInterfaces(new Ecs.DescribeNetworkInterfacesRequest({ regionId: REGION, networkInterfaceId: [id] }))
  return body?.networkInterfaceSets?.networkInterfaceSet?.[0]
}

export async function mustDescribeEni(ecs: EcsClient, id: string): Promise<EniSet> {
  const eni = await describeEni(ecs, id)
  assert.ok(eni, `${id} should exist`)
  return eni
}

export function addressesOf(eni: EniSet): string[] {
  return (eni.privateIpSets?.privateIpSet ?? []).map((ip) => ip.privateIpAddress ?? '')
}

export async function availableIps(vpc: VpcClient, vSwitchId: string): Promise<number> {
  const { body } = await vpc.describeVSwitches(new Vpc.DescribeVSwitchesRequest({ regionId: REGION, vSwitchId }))
  const count = body?.vSwitches?.vSwitch?.[0]?.availableIpAddressCount
  assert.equal(typeof count, 'number')
  return count as number
}

/** One instance of `instanceType` (ecs.g7.large by default: 3 ENIs, 6 IPv4 per ENI, 2 queues each, 6 in all). */
export async function runInstance(
  ecs: EcsClient,
  fields: { vSwitchId: string; securityGroupId: string; instanceType?: string } & Partial<ConstructorParameters<typeof Ecs.RunInstancesRequest>[0]>,
): Promise<string> {
  const { body } = await ecs.runInstances(
    new Ecs.RunInstancesRequest({ regionId: REGION, imageId: 'debian_12', instanceType: 'ecs.g7.large', ...fields }),
  )
  const id = body?.instanceIdSets?.instanceIdSet?.[0]
  assert.ok(id)
  return id
}

export async function attach(ecs: EcsClient, networkInterfaceId: string, instanceId: string): Promise<void> {
  await ecs.attachNetworkInterface(new Ecs.AttachNetworkInterfaceRequest({ regionId: REGION, networkInterfaceId, instanceId }))
}

export async function detach(ecs: EcsClient, networkInterfaceId: string, instanceId: string): Promise<void> {
  await ecs.detachNetworkInterface(new Ecs.DetachNetworkInterfaceRequest({ regionId: REGION, networkInterfaceId, instanceId }))
}

/** Everything the caller can see of its ENIs and the vSwitch's free addresses: equal before and after a refusal. */
export async function snapshot(ecs: EcsClient, vpc: VpcClient, vSwitchId: string): Promise<unknown> {
  const { body } = await ecs.describeNetworkInterfaces(new Ecs.DescribeNetworkInterfacesRequest({ regionId: REGION, pageSize: 1000 }))
  return plain({ enis: body?.networkInterfaceSets?.networkInterfaceSet ?? [], free: await availableIps(vpc, vSwitchId) })
}

/** SDK models are class instances; compare their data as plain JSON. */
export function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value ?? null)) as T
}

/** Asserts a refused call's code and HTTP status, and that it changed nothing the caller can see. */
export async function refused(net: Network, vSwitchId: string, call: () => Promise<unknown>, code: string, status: number): Promise<void> {
  const before = await snapshot(net.ecs, net.vpc, vSwitchId)
  const err = await sdkError(call())
  assert.equal(err.code, code, err.message)
  assert.equal(err.statusCode, status)
  assert.deepEqual(await snapshot(net.ecs, net.vpc, vSwitchId), before)
}
