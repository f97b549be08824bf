import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, isolatedCliEnv, runCli, type RunResult } from '../support/cli.js'

type Json = Record<string, any>

interface Seen {
  action: string
  accessKeyId: string
  query: Record<string, string>
}

const ENIS = ['eni-a', 'eni-b', 'eni-c'].map((id) => ({ NetworkInterfaceId: id, Status: 'Available', Type: 'Secondary' }))
const VPCS = ['vpc-a', 'vpc-b', 'vpc-c'].map((id) => ({ VpcId: id, Status: 'Available' }))

/**
 * A stand-in API server: answers like OpenENI but holds an attach in Attaching forever (so --wait
 * times out deterministically), pages in small pages (so the CLI must follow them) and records
 * which key and region each request came with. It checks no signature: what is tested here is
 * which values the CLI picks and how it behaves, not the API.
 */
function answer(seen: Seen): { status: number; body: unknown } {
  const page = (items: unknown[], size: number, index: number) => items.slice(index * size, index * size + size)
  switch (seen.action) {
    case 'DescribeRegions':
      return { status: 200, body: { Regions: { Region: [{ RegionId: 'cn-hangzhou', LocalName: 'Local region', Status: 'available' }] } } }
    case 'DescribeZones':
      return { status: 200, body: { Zones: { Zone: [{ ZoneId: `${seen.query.RegionId}-a`, LocalName: 'A', ZoneType: 'AvailabilityZone' }] } } }
    case 'AttachNetworkInterface':
      return { status: 200, body: {} }
    case 'DescribeNetworkInterfaceAttribute': {
      const id = seen.query.NetworkInterfaceId
      return { status: 200, body: { NetworkInterfaceId: id, Status: id === 'eni-stuck' ? 'Attaching' : 'Available' } }
    }
    case 'DescribeNetworkInterfaces': {
      // Two a page whatever is asked, and a token to the next page.
      const index = seen.query.NextToken === undefined ? 0 : Number(seen.query.NextToken)
      const nextToken = (index + 1) * 2 < ENIS.length ? String(index + 1) : ''
      return { status: 200, body: { NextToken: nextToken, TotalCount: ENIS.length, NetworkInterfaceSets: { NetworkInterfaceSet: page(ENIS, 2, index) } } }
    }
    case 'DescribeVpcs':
      return { status: 200, body: { TotalCount: VPCS.length, PageNumber: Number(seen.query.PageNumber), Vpcs: { Vpc: page(VPCS, 2, Number(seen.query.PageNumber) - 1) } } }
    default:
      return { status: 400, body: { Code: 'InvalidAction.NotFound', Message: `no ${seen.action} here` } }
  }
}

describe('openeni profiles, --wait, paging and connection failures', () => {
  const root = mkdtempSync(join(tmpdir(), 'openeni-cli-profiles-'))
  const config = join(root, 'new-dir', 'config.yaml')
  const requests: Seen[] = []
  let fake: Server
  let endpoint: string
  const env = isolatedCliEnv(config)
  const cli = (args: string[], extra: NodeJS.ProcessEnv = {}) => runCli(args, { ...env, ...extra })
  const ok = async (args: string[], extra: NodeJS.ProcessEnv = {}): Promise<RunResult> => {
    const result = await cli(args, extra)
    assert.equal(result.code, 0, `openeni ${args.join(' ')}: ${result.stderr}`)
    return result
  }
  const fails = async (code: number, args: string[], stderr: RegExp, extra: NodeJS.ProcessEnv = {}) => {
    const result = await cli(args, extra)
    assert.equal(result.code, code, `openeni ${args.join(' ')}: ${result.stdout}${result.stderr}`)
    assert.match(result.stderr, stderr)
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace')
    return result
  }
  /** The requests made with this key, which each test makes its own. */
  const by = (accessKeyId: string) => requests.filter((r) => r.accessKeyId === accessKeyId)

  before(async () => {
    fake = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://fake')
      const seen: Seen = {
        action: String(req.headers['x-acs-action'] ?? ''),
        accessKeyId: /Credential=([^,]+)/.exec(String(req.headers.authorization ?? ''))?.[1] ?? '',
        query: Object.fromEntries(url.searchParams),
      }
      requests.push(seen)
      req.resume()
      if (seen.accessKeyId === 'LTAInotAnApi') {
        res.writeHead(502, { 'content-type': 'text/html' }).end('<html>bad gateway</html>')
        return
      }
      const { status, body } = answer(seen)
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ RequestId: 'FAKE-REQUEST', ...(body as object) }))
    })
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve))
    endpoint = `127.0.0.1:${(fake.address() as AddressInfo).port}`
  })
  after(async () => {
    await new Promise((resolve) => fake.close(resolve))
    rmSync(root, { recursive: true, force: true })
  })

  it('configures profiles in a private file, lists them, switches and never prints a secret', async () => {
    const first = await ok(['configure', '--endpoint', endpoint, '--access-key-id', 'LTAIone', '--access-key-secret', 'secret-one-0123456789'])
    assert.match(first.stdout, /Saved profile "default" .*\(current\)/)
    assert.equal(statSync(config).mode & 0o777, 0o600)
    assert.equal(statSync(join(root, 'new-dir')).mode & 0o777, 0o700)
    const second = await ok(['configure', '--profile', 'two', '--endpoint', endpoint, '--access-key-id', 'LTAItwo', '--access-key-secret', 'secret-two-0123456789', '--region', 'cn-shanghai', '-o', 'text'])
    assert.equal(second.stdout, 'two\n')
    const [list, table] = await Promise.all([ok(['profile', 'list', '-o', 'json']), ok(['profile', 'show', 'two'])])
    assert.deepEqual(JSON.parse(list.stdout), [
      { Name: 'default', Current: true, Endpoint: endpoint, AccessKeyId: 'LTAIone', AccessKeySecret: 'secr****89', RegionId: 'cn-hangzhou' },
      { Name: 'two', Current: false, Endpoint: endpoint, AccessKeyId: 'LTAItwo', AccessKeySecret: 'secr****89', RegionId: 'cn-shanghai' },
    ])
    assert.match(table.stdout, /^AccessKeySecret\s+secr\*\*\*\*89$/m)
    assert.match(table.stdout, /^File\s+\S+config\.yaml$/m)
    for (const out of [first.stdout, second.stdout, list.stdout, table.stdout]) assert.doesNotMatch(out, /secret-(one|two)/)

    await ok(['profile', 'use', 'two'])
    // Changing one field keeps the others.
    await ok(['configure', '--region', 'cn-beijing'])
    const shown = JSON.parse((await ok(['profile', 'show', '-o', 'json'])).stdout) as Json
    assert.deepEqual([shown.Name, shown.AccessKeyId, shown.RegionId, shown.Current], ['two', 'LTAItwo', 'cn-beijing', true])
    assert.match(readFileSync(config, 'utf8'), /current: two/)
    await Promise.all([
      fails(2, ['profile', 'use', 'nothere'], /no profile named "nothere"/),
      fails(2, ['configure', '--profile', 'keyless', '--endpoint', endpoint], /needs --access-key-id and --access-key-secret/),
    ])
  })

  it('takes each value from its flag, else the environment, else the profile', async () => {
    await Promise.all([
      ok(['zone', 'list', '--profile', 'default']),
      ok(['zone', 'list'], { OPENENI_ACCESS_KEY_ID: 'LTAIenv', OPENENI_ACCESS_KEY_SECRET: 'env-secret', OPENENI_REGION: 'cn-env' }),
      ok(['zone', 'list', '--access-key-id', 'LTAIflag', '--access-key-secret', 'x', '--region', 'cn-flag'], {
        OPENENI_ACCESS_KEY_ID: 'LTAIenvLoses',
        OPENENI_ACCESS_KEY_SECRET: 'env-secret',
        OPENENI_REGION: 'cn-env',
      }),
      ok(['zone', 'list', '-o', 'text'], { OPENENI_PROFILE: 'default' }).then((r) => assert.equal(r.stdout, 'cn-hangzhou-a\n')),
      fails(2, ['zone', 'list', '--profile', 'nothere'], /no profile named "nothere"/),
    ])
    assert.deepEqual(
      ['LTAIone', 'LTAIenv', 'LTAIflag', 'LTAIenvLoses'].map((key) => by(key).map((r) => r.query.RegionId)),
      [['cn-hangzhou', 'cn-hangzhou'], ['cn-env'], ['cn-flag'], []],
    )
  })

  it('exits 2 without credentials or with a broken profiles file, with a JSON error on request', async () => {
    const empty = { OPENENI_CONFIG: join(root, 'none.yaml') }
    const broken = join(root, 'broken.yaml')
    writeFileSync(broken, 'profiles: [not, a, map]\n')
    const [noKey] = await Promise.all([
      fails(2, ['region', 'list', '-o', 'json'], /no credentials: run openeni configure/, empty),
      fails(2, ['region', 'list'], /the profiles file .*broken\.yaml is invalid/, { OPENENI_CONFIG: broken }),
    ])
    assert.equal(JSON.parse(noKey.stdout).Code, 'Cli.Usage')
  })

  it('exits 4 when --wait times out and 1 when the resource settles elsewhere', async () => {
    const key = { OPENENI_ACCESS_KEY_ID: 'LTAIwait', OPENENI_ACCESS_KEY_SECRET: 'x' }
    const [timedOut, elsewhere] = await Promise.all([
      fails(4, ['eni', 'attach', 'eni-stuck', '--instance', 'i-x', '--wait', '--timeout', '1', '-o', 'json', '--endpoint', endpoint], /timed out after 1 s waiting for eni-stuck to be InUse; it is still Attaching/, key),
      fails(1, ['eni', 'attach', 'eni-other', '--instance', 'i-x', '--wait', '--endpoint', endpoint], /waiting for eni-other to be InUse, it is Available instead/, key),
    ])
    assert.equal(JSON.parse(timedOut.stdout).Code, 'Cli.WaitTimeout')
    assert.equal(elsewhere.stdout, '')
    assert.ok(by('LTAIwait').filter((r) => r.action === 'DescribeNetworkInterfaceAttribute' && r.query.NetworkInterfaceId === 'eni-stuck').length >= 2)
  })

  it('follows every page of a list unless --max says otherwise', async () => {
    const key = (id: string) => ({ OPENENI_ACCESS_KEY_ID: id, OPENENI_ACCESS_KEY_SECRET: 'x', OPENENI_ENDPOINT: endpoint })
    const [all, some, vpcs] = await Promise.all([
      ok(['eni', 'list', '-o', 'json'], key('LTAIpages')),
      ok(['eni', 'list', '--max', '2', '-o', 'text'], key('LTAIfew')),
      ok(['vpc', 'list', '-o', 'text'], key('LTAIvpcs')),
    ])
    assert.deepEqual((JSON.parse(all.stdout) as Json[]).map((e) => e.NetworkInterfaceId), ['eni-a', 'eni-b', 'eni-c'])
    assert.deepEqual(by('LTAIpages').map((r) => [r.query.MaxResults, r.query.NextToken]), [['500', undefined], ['500', '1']])
    assert.equal(some.stdout, 'eni-a\neni-b\n')
    assert.deepEqual(by('LTAIfew').map((r) => r.query.MaxResults), ['2'])
    assert.equal(vpcs.stdout, 'vpc-a\nvpc-b\nvpc-c\n')
    assert.deepEqual(by('LTAIvpcs').map((r) => r.query.PageNumber), ['1', '2'])
  })

  it('exits 3 when the server cannot be reached or does not answer as an API server', async () => {
    const key = { OPENENI_ACCESS_KEY_ID: 'LTAInotAnApi', OPENENI_ACCESS_KEY_SECRET: 'x' }
    const [down] = await Promise.all([
      fails(3, ['eni', 'list', '--endpoint', `127.0.0.1:${await freePort()}`, '-o', 'json'], /^Error: cannot reach the OpenENI API at http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED$/m, key),
      fails(3, ['region', 'list', '--endpoint', endpoint], /HTTP 502 with a body that is not JSON/, key),
    ])
    assert.equal(JSON.parse(down.stdout).Code, 'Cli.Unreachable')
  })
})
