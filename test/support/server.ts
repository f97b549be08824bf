import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import EcsModule from '@alicloud/ecs20140526'
import VpcModule from '@alicloud/vpc20160428'
import { $OpenApiUtil } from '@alicloud/openapi-core'
import { defaultConfig, parseConfig, resolveCatalog, type OpenEniConfig } from '../../src/domain/config.js'
import { buildServer } from '../../src/api/server.js'
import { cryptoRandom } from '../../src/cli/runtime.js'
import { createAccount } from '../../src/service/accounts.js'
import type { DataplaneMode, ServiceDeps } from '../../src/service/deps.js'
import { registerNoneHosts } from '../../src/service/hosts.js'
import { secretBox } from '../../src/service/secret-box.js'
import { openStore } from '../../src/store/store.js'
import { createDatabase, startPostgres } from './postgres.js'

export type EcsClient = InstanceType<typeof EcsModule.default>
export type VpcClient = InstanceType<typeof VpcModule.default>
export const Ecs = EcsModule
export const Vpc = VpcModule

export type DialectName = 'sqlite' | 'postgres'

/** The dialects API suites run on; OPENENI_TEST_DIALECTS=sqlite narrows it while iterating. */
export const DIALECTS: DialectName[] = (process.env.OPENENI_TEST_DIALECTS ?? 'sqlite,postgres')
  .split(',')
  .map((s) => s.trim())
  .filter((s): s is DialectName => s === 'sqlite' || s === 'postgres')

export const REGION = 'cn-hangzhou'
export const ZONE_A = 'cn-hangzhou-a'
export const ZONE_B = 'cn-hangzhou-b'

export interface TestAccount {
  accountId: string
  accessKeyId: string
  accessKeySecret: string
  ecs: EcsClient
  vpc: VpcClient
}

export interface TestServer {
  endpoint: string
  deps: ServiceDeps
  /** The account made at start; `addAccount` makes more for tenancy tests. */
  account: TestAccount
  addAccount(name: string): Promise<TestAccount>
  close(): Promise<void>
}

let postgres: Promise<{ url: string; stop(): Promise<void> }> | undefined
let databases = 0

/** One PostgreSQL cluster per test process, a fresh database per server. */
async function postgresUrl(): Promise<string> {
  postgres ??= startPostgres()
  const cluster = await postgres
  return createDatabase(cluster.url, `suite_${process.pid}_${++databases}`)
}

/** Stops the process's PostgreSQL cluster, if one was started (call from an `after` hook). */
export async function stopPostgres(): Promise<void> {
  if (postgres === undefined) return
  const cluster = await postgres
  postgres = undefined
  await cluster.stop()
}

export interface StartOptions {
  dialect?: DialectName
  dataplane?: DataplaneMode
  config?: Partial<OpenEniConfig> | unknown
  clock?: () => Date
}

/** An API server on 127.0.0.1 with a random port, its own data directory and database. */
export async function startServer(options: StartOptions = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'openeni-test-'))
  const config = options.config === undefined ? defaultConfig() : parseConfig(options.config)
  const url = options.dialect === 'postgres' ? await postgresUrl() : undefined
  const store = await openStore(url === undefined ? { dataDir } : { dataDir, url })
  const deps: ServiceDeps = {
    store,
    config,
    catalog: resolveCatalog(config),
    clock: options.clock ?? (() => new Date()),
    random: cryptoRandom,
    secrets: secretBox(Buffer.alloc(32, 7)),
    dataplane: options.dataplane ?? 'none',
  }
  await registerNoneHosts(deps)
  const app = await buildServer(deps, { logger: false, hostId: '127.0.0.1' })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const endpoint = `127.0.0.1:${(app.server.address() as AddressInfo).port}`
  const addAccount = async (name: string): Promise<TestAccount> => {
    const created = await createAccount(deps, name)
    return { ...created, ...clientsFor(endpoint, created.accessKeyId, created.accessKeySecret) }
  }
  const account = await addAccount('tester')
  return {
    endpoint,
    deps,
    account,
    addAccount,
    async close() {
      await app.close()
      await store.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export function clientsFor(endpoint: string, accessKeyId: string, accessKeySecret: string): { ecs: EcsClient; vpc: VpcClient } {
  const config = () =>
    new $OpenApiUtil.Config({ accessKeyId, accessKeySecret, endpoint, protocol: 'http', regionId: REGION })
  return { ecs: new Ecs.default(config()), vpc: new Vpc.default(config()) }
}

/** The error an SDK call threw, for asserting on `code` and `statusCode`. */
export async function sdkError(promise: Promise<unknown>): Promise<{ code: string; statusCode: number; message: string; data?: Record<string, unknown> }> {
  try {
    await promise
  } catch (err) {
    return err as { code: string; statusCode: number; message: string }
  }
  throw new Error('expected the call to fail, but it succeeded')
}
