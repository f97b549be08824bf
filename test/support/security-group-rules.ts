/** Short SDK calls for the security-group rule suites. */
import assert from 'node:assert/strict'
import RPCClient from '@alicloud/pop-core'
import { Ecs, REGION, sdkError, type EcsClient, type TestAccount, type TestServer } from './server.js'
import { plain } from './network.js'

export type IngressPermission = ConstructorParameters<typeof Ecs.AuthorizeSecurityGroupRequestPermissions>[0]
export type EgressPermission = ConstructorParameters<typeof Ecs.AuthorizeSecurityGroupEgressRequestPermissions>[0]
export type AuthorizeExtra = Omit<ConstructorParameters<typeof Ecs.AuthorizeSecurityGroupRequest>[0], 'permissions'>
export type AuthorizeEgressExtra = Omit<ConstructorParameters<typeof Ecs.AuthorizeSecurityGroupEgressRequest>[0], 'permissions'>

export function authorize(ecs: EcsClient, securityGroupId: string, permissions: IngressPermission[], extra: AuthorizeExtra = {}) {
  return ecs.authorizeSecurityGroup(
    new Ecs.AuthorizeSecurityGroupRequest({
      regionId: REGION,
      securityGroupId,
      ...(permissions.length > 0 ? { permissions: permissions.map((p) => new Ecs.AuthorizeSecurityGroupRequestPermissions(p)) } : {}),
      ...extra,
    }),
  )
}

export function authorizeEgress(ecs: EcsClient, securityGroupId: string, permissions: EgressPermission[], extra: AuthorizeEgressExtra = {}) {
  return ecs.authorizeSecurityGroupEgress(
    new Ecs.AuthorizeSecurityGroupEgressRequest({
      regionId: REGION,
      securityGroupId,
      ...(permissions.length > 0 ? { permissions: permissions.map((p) => new Ecs.AuthorizeSecurityGroupEgressRequestPermissions(p)) } : {}),
      ...extra,
    }),
  )
}

export type Rule = NonNullable<
  NonNullable<NonNullable<Awaited<ReturnType<EcsClient['describeSecurityGroupAttribute']>>['body']>['permissions']>['permission']
>[number]

/** Every rule of the group, both directions, as plain data (all pages). */
export async function rulesOf(ecs: EcsClient, securityGroupId: string, direction?: string): Promise<Rule[]> {
  const rules: Rule[] = []
  let nextToken: string | undefined
  do {
    const { body } = await ecs.describeSecurityGroupAttribute(
      new Ecs.DescribeSecurityGroupAttributeRequest({ regionId: REGION, securityGroupId, direction, maxResults: 1000, nextToken }),
    )
    rules.push(...plain(body?.permissions?.permission ?? []))
    nextToken = body?.nextToken || undefined
  } while (nextToken !== undefined)
  return rules
}

export async function ruleIdsOf(ecs: EcsClient, securityGroupId: string, direction?: string): Promise<string[]> {
  return (await rulesOf(ecs, securityGroupId, direction)).map((r) => r.securityGroupRuleId ?? '')
}

/** Asserts the call's code and status, and that the groups' rules are as they were. */
export async function refusedRules(ecs: EcsClient, groups: string[], call: () => Promise<unknown>, code: string, status: number): Promise<void> {
  const before = await Promise.all(groups.map((g) => rulesOf(ecs, g)))
  const err = await sdkError(call())
  assert.equal(err.code, code, err.message)
  assert.equal(err.statusCode, status, err.message)
  assert.deepEqual(await Promise.all(groups.map((g) => rulesOf(ecs, g))), before)
}

/** A raw V1 request, for parameters the SDK's typed models cannot send; errors carry `statusCode` as the SDK's do. */
export async function rawCall(account: TestAccount, server: TestServer, action: string, params: Record<string, string>): Promise<unknown> {
  const client = new RPCClient({
    accessKeyId: account.accessKeyId,
    accessKeySecret: account.accessKeySecret,
    endpoint: `http://${server.endpoint}`,
    apiVersion: '2014-05-26',
  })
  try {
    return await client.request(action, { RegionId: REGION, ...params }, { method: 'POST' })
  } catch (err) {
    const popError = err as { statusCode?: number; entry?: { response?: { statusCode?: number } } }
    popError.statusCode = popError.entry?.response?.statusCode
    throw err
  }
}
