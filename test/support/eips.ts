/**
 * Short readers and writers of EIPs over the VPC SDK for the EIP suites, and the refusal check
 * that proves a refused call changed nothing the caller can see of its EIPs and ENIs.
 */
import assert from 'node:assert/strict'
import { plain, snapshot, type Network } from './network.js'
import { REGION, sdkError, Vpc, type VpcClient } from './server.js'

export type EipItem = NonNullable<
  NonNullable<Awaited<ReturnType<VpcClient['describeEipAddresses']>>['body']>['eipAddresses']
>['eipAddress'] extends (infer T)[] | undefined
  ? T
  : never

type AllocateFields = ConstructorParameters<typeof Vpc.AllocateEipAddressRequest>[0]
type AssociateFields = ConstructorParameters<typeof Vpc.AssociateEipAddressRequest>[0]
type UnassociateFields = ConstructorParameters<typeof Vpc.UnassociateEipAddressRequest>[0]
type DescribeFields = ConstructorParameters<typeof Vpc.DescribeEipAddressesRequest>[0]

export async function allocateEip(vpc: VpcClient, fields: AllocateFields = {}): Promise<{ allocationId: string; ipAddress: string }> {
  const { body } = await vpc.allocateEipAddress(new Vpc.AllocateEipAddressRequest({ regionId: REGION, ...fields }))
  assert.ok(body?.allocationId && body.eipAddress)
  return { allocationId: body.allocationId, ipAddress: body.eipAddress }
}

export function associateEip(vpc: VpcClient, fields: AssociateFields) {
  return vpc.associateEipAddress(new Vpc.AssociateEipAddressRequest({ regionId: REGION, ...fields }))
}

export function unassociateEip(vpc: VpcClient, fields: UnassociateFields) {
  return vpc.unassociateEipAddress(new Vpc.UnassociateEipAddressRequest({ regionId: REGION, ...fields }))
}

export function releaseEip(vpc: VpcClient, allocationId: string) {
  return vpc.releaseEipAddress(new Vpc.ReleaseEipAddressRequest({ regionId: REGION, allocationId }))
}

export async function describeEips(vpc: VpcClient, fields: DescribeFields = {}): Promise<{ items: EipItem[]; totalCount: number }> {
  const { body } = await vpc.describeEipAddresses(new Vpc.DescribeEipAddressesRequest({ regionId: REGION, pageSize: 100, ...fields }))
  return { items: body?.eipAddresses?.eipAddress ?? [], totalCount: body?.totalCount ?? -1 }
}

/** The EIP as DescribeEipAddresses shows it, or undefined when it does not exist for this caller. */
export async function describeEip(vpc: VpcClient, allocationId: string): Promise<EipItem | undefined> {
  return (await describeEips(vpc, { allocationId })).items[0]
}

export async function mustDescribeEip(vpc: VpcClient, allocationId: string): Promise<EipItem> {
  const eip = await describeEip(vpc, allocationId)
  assert.ok(eip, `${allocationId} should exist`)
  return eip
}

/** Asserts a refused call's code and HTTP status, and that the caller's EIPs and ENIs are as before. */
export async function refusedEip(net: Network, vSwitchId: string, call: () => Promise<unknown>, code: string, status: number): Promise<void> {
  const before = { eips: plain((await describeEips(net.vpc)).items), rest: await snapshot(net.ecs, net.vpc, vSwitchId) }
  const err = await sdkError(call())
  assert.equal(err.code, code, err.message)
  assert.equal(err.statusCode, status)
  assert.deepEqual({ eips: plain((await describeEips(net.vpc)).items), rest: await snapshot(net.ecs, net.vpc, vSwitchId) }, before)
}
