/**
 * `npm run bench:api`: the API's throughput and latency through the official SDK, against a
 * baseline measured in the same run (a signed DescribeRegions, which authenticates and records a
 * nonce but touches no resource), on SQLite and on PostgreSQL. Prints absolute figures, ratios to
 * the baseline, and the aims of issue 2 (≥ 1,000 create+delete pairs/s at concurrency 16 on SQLite;
 * a page of 50 among 10,000 ENIs in under 10 ms).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import EcsModule, * as $Ecs from '@alicloud/ecs20140526'
import VpcModule, * as $Vpc from '@alicloud/vpc20160428'
import { $OpenApiUtil } from '@alicloud/openapi-core'
import { startPostgres } from '../test/support/postgres.js'
import { freePort, waitHealthy } from '../test/support/cli.js'

const REGION = 'cn-hangzhou'
const KEY = { accessKeyId: 'LTAIbenchmarkbenchmark', accessKeySecret: 'bench-secret-bench-secret-0000' }
const ENI_POPULATION = Number(process.env.BENCH_ENIS ?? 10_000)
const PAIRS_C1 = Number(process.env.BENCH_PAIRS_C1 ?? 300)
const PAIRS_C16 = Number(process.env.BENCH_PAIRS_C16 ?? 3000)
/** `BENCH_DATABASES=sqlite` skips PostgreSQL (SQLite always runs: the aims are measured there). */
const DATABASES = (process.env.BENCH_DATABASES ?? 'sqlite,postgres').split(',')

interface Stats {
  count: number
  seconds: number
  perSecond: number
  p50: number
  p99: number
  /** CPU time per operation of the server process and of this (SDK client) process, in ms. */
  serverCpu: number
  clientCpu: number
}

/** CPU time (user + system) a process has used so far, in ms, from /proc. */
function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  return (Number(fields[11]) + Number(fields[12])) * (1000 / 100)
}

let serverPid = 0

/** Runs `total` operations with `concurrency` workers; returns per-operation latencies in ms. */
async function load(total: number, concurrency: number, op: (i: number) => Promise<void>): Promise<Stats> {
  const latencies: number[] = []
  let next = 0
  const serverStart = processCpuMs(serverPid)
  const clientStart = process.cpuUsage()
  const start = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++
        const t0 = performance.now()
        await op(i)
        latencies.push(performance.now() - t0)
      }
    }),
  )
  const seconds = (performance.now() - start) / 1000
  const client = process.cpuUsage(clientStart)
  const sorted = latencies.sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN
  return {
    count: sorted.length,
    seconds,
    perSecond: sorted.length / seconds,
    p50: at(0.5),
    p99: at(0.99),
    serverCpu: (processCpuMs(serverPid) - serverStart) / sorted.length,
    clientCpu: (client.user + client.system) / 1000 / sorted.length,
  }
}

async function startApi(dataDir: string, dbUrl?: string): Promise<{ endpoint: string; child: ChildProcess }> {
  const endpoint = `127.0.0.1:${await freePort()}`
  writeFileSync(join(dataDir, 'config.yaml'), `quotas:\n  default:\n    secondaryEnis: ${ENI_POPULATION + 1000}\n`)
  const bin = fileURLToPath(new URL('../bin/openeni.js', import.meta.url))
  // BENCH_SERVER_NODE_ARGS passes flags to the server's node, e.g. `--cpu-prof --cpu-prof-dir=DIR`.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter((a) => a !== '')
  const args = [...nodeArgs, bin, 'server', '--listen', endpoint, '--data', dataDir, '--dataplane', 'none', '--log-level', 'error']
  if (dbUrl !== undefined) args.push('--db', dbUrl)
  const child = spawn(process.execPath, args, {
    env: { ...process.env, OPENENI_ACCESS_KEY_ID: KEY.accessKeyId, OPENENI_ACCESS_KEY_SECRET: KEY.accessKeySecret },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  await waitHealthy(endpoint, 60_000)
  serverPid = child.pid ?? 0
  return { endpoint, child }
}

async function benchBackend(name: string, dbUrl?: string): Promise<Record<string, Stats>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'openeni-bench-'))
  const { endpoint, child } = await startApi(dataDir, dbUrl)
  try {
    const config = () => new $OpenApiUtil.Config({ ...KEY, endpoint, protocol: 'http', regionId: REGION })
    const ecs = new EcsModule.default(config())
    const vpc = new VpcModule.default(config())
    const { body: v } = await vpc.createVpc(new $Vpc.CreateVpcRequest({ regionId: REGION, cidrBlock: '198.18.0.0/16' }))
    const vpcId = v?.vpcId ?? ''
    const { body: sw } = await vpc.createVSwitch(
      new $Vpc.CreateVSwitchRequest({ regionId: REGION, vpcId, zoneId: `${REGION}-a`, cidrBlock: '198.18.0.0/16' }),
    )
    const vSwitchId = sw?.vSwitchId ?? ''
    const { body: sg } = await ecs.createSecurityGroup(new $Ecs.CreateSecurityGroupRequest({ regionId: REGION, vpcId }))
    const securityGroupIds = [sg?.securityGroupId ?? '']
    const create = async () => {
      const { body } = await ecs.createNetworkInterface(
        new $Ecs.CreateNetworkInterfaceRequest({ regionId: REGION, vSwitchId, securityGroupIds }),
      )
      return body?.networkInterfaceId ?? ''
    }
    const pair = async () => {
      const id = await create()
      await ecs.deleteNetworkInterface(new $Ecs.DeleteNetworkInterfaceRequest({ regionId: REGION, networkInterfaceId: id }))
    }
    const regions = () => ecs.describeRegions(new $Ecs.DescribeRegionsRequest({})).then(() => undefined)

    const results: Record<string, Stats> = {}
    await load(200, 4, regions) // warm-up: connections, JIT, statement caches
    results['baseline DescribeRegions c=1'] = await load(PAIRS_C1, 1, regions)
    results['baseline DescribeRegions c=16'] = await load(PAIRS_C16, 16, regions)
    results['create+delete pair c=1'] = await load(PAIRS_C1, 1, pair)
    results['create+delete pair c=16'] = await load(PAIRS_C16, 16, pair)

    process.stderr.write(`[${name}] creating ${ENI_POPULATION} ENIs…\n`)
    await load(ENI_POPULATION, 16, async () => void (await create()))
    let token: string | undefined
    results['DescribeNetworkInterfaces page of 50'] = await load(Math.floor(ENI_POPULATION / 50), 1, async () => {
      const { body } = await ecs.describeNetworkInterfaces(
        new $Ecs.DescribeNetworkInterfacesRequest({ regionId: REGION, maxResults: 50, ...(token ? { nextToken: token } : {}) }),
      )
      if (body?.networkInterfaceSets?.networkInterfaceSet?.length !== 50) throw new Error('short page')
      token = body.nextToken || undefined
    })
    results['DescribeNetworkInterfaces filtered page (VSwitchId)'] = await load(100, 1, async () => {
      await ecs.describeNetworkInterfaces(
        new $Ecs.DescribeNetworkInterfacesRequest({ regionId: REGION, vSwitchId, pageNumber: 100, pageSize: 50 }),
      )
    })
    return results
  } finally {
    child.kill('SIGTERM')
    await new Promise((resolve) => child.on('close', resolve))
    rmSync(dataDir, { recursive: true, force: true })
  }
}

function report(name: string, results: Record<string, Stats>): void {
  const base1 = results['baseline DescribeRegions c=1']
  const base16 = results['baseline DescribeRegions c=16']
  process.stdout.write(
    `\n## ${name}\n\n| measurement | ops | ops/s | p50 ms | p99 ms | server CPU ms/op | SDK client CPU ms/op | vs baseline |\n|---|---:|---:|---:|---:|---:|---:|---|\n`,
  )
  for (const [label, s] of Object.entries(results)) {
    const base = label.includes('c=16') ? base16 : base1
    const ratio =
      label.startsWith('baseline') || base === undefined
        ? '1.00 (baseline)'
        : label.startsWith('Describe')
          ? `p50 ×${(s.p50 / base.p50).toFixed(2)} of a DescribeRegions`
          : `${(s.perSecond / base.perSecond).toFixed(2)}× the request rate (a pair is 2 requests)`
    process.stdout.write(
      `| ${label} | ${s.count} | ${s.perSecond.toFixed(0)} | ${s.p50.toFixed(2)} | ${s.p99.toFixed(2)} | ${s.serverCpu.toFixed(2)} | ${s.clientCpu.toFixed(2)} | ${ratio} |\n`,
    )
  }
}

const sqlite = await benchBackend('sqlite')
report('SQLite', sqlite)
if (DATABASES.includes('postgres')) {
  const cluster = await startPostgres()
  try {
    report('PostgreSQL', await benchBackend('postgres', cluster.url))
  } finally {
    await cluster.stop()
  }
}
const pairs = sqlite['create+delete pair c=16']
const page = sqlite['DescribeNetworkInterfaces page of 50']
process.stdout.write(
  `\nAims (SQLite): create+delete pairs/s at c=16 ≥ 1000: ${pairs?.perSecond.toFixed(0)} ${(pairs?.perSecond ?? 0) >= 1000 ? 'met' : 'NOT met'}; ` +
    `page of 50 p50 < 10 ms: ${page?.p50.toFixed(2)} ms ${(page?.p50 ?? Infinity) < 10 ? 'met' : 'NOT met'}\n`,
)
