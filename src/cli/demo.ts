import { Command, Option } from 'commander'
import Table from 'cli-table3'
import { describeError } from './demo/cleanup.js'
import { profilesPath, readProfiles, resolveConnection, type Connection } from './profiles.js'
import { DemoPrecondition, DemoStepError, Interrupted, runDemo, type DemoResult } from './demo/story.js'

interface DemoCliOptions {
  profile?: string
  region?: string
  endpoint?: string
  accessKeyId?: string
  accessKeySecret?: string
  prefix: string
  keep?: boolean
  output: 'text' | 'json'
}

/** `openeni demo`: the product's story, played on the real data plane of a running `openeni up`. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'play the story on a running openeni up, as root: VPC, two instances, an ENI with two EIPs, a one-port security group, traffic checks, a hot-plug and a failover, each measured; then clean up',
    )
    .option('--profile <name>', 'the CLI profile to connect with (default: $OPENENI_PROFILE, else the current one)')
    .option('--endpoint <host:port>', "the API server (default: $OPENENI_ENDPOINT, else the profile's, else 127.0.0.1:8080)")
    .option('--access-key-id <id>', "default: $OPENENI_ACCESS_KEY_ID, else the profile's")
    .option('--access-key-secret <secret>', "default: $OPENENI_ACCESS_KEY_SECRET, else the profile's")
    .option('--region <id>', "the region to play in (default: $OPENENI_REGION, else the profile's, else the server's first)")
    .option('--prefix <p>', "the prefix of openeni up's namespaces", 'oe')
    .option('--keep', 'leave the resources for the console and print their IDs')
    .addOption(new Option('--output <format>', 'text: the narrated timeline; json: the measured results').choices(['text', 'json']).default('text'))
    .action(async (opts: DemoCliOptions) => {
      process.exitCode = await demoCommand(opts)
    })
}

async function demoCommand(opts: DemoCliOptions): Promise<number> {
  let connection: Connection
  try {
    const path = profilesPath()
    connection = resolveConnection(opts, process.env, await readProfiles(path), path)
  } catch (err) {
    process.stderr.write(`openeni demo: ${describeError(err)}\n`)
    return 2
  }
  const json = opts.output === 'json'
  // In JSON mode standard output carries the results alone; the timeline goes to standard error.
  const narrate = (line: string) => (json ? process.stderr : process.stdout).write(line)
  let result: DemoResult
  try {
    result = await runDemo({ credentials: connection.credentials, regionId: connection.regionId, prefix: opts.prefix, keep: opts.keep === true }, narrate)
  } catch (err) {
    const partial = (err as { result?: Partial<DemoResult> }).result
    const error =
      err instanceof DemoStepError
        ? { step: err.step, code: codeOf(err.cause), message: describeError(err.cause) }
        : { step: err instanceof DemoPrecondition ? 'preconditions' : 'demo', code: codeOf(err), message: describeError(err) }
    if (json) process.stdout.write(`${JSON.stringify({ ...partial, ok: false, error })}\n`)
    process.stderr.write(`openeni demo: ${error.step === 'demo' ? '' : `${error.step}: `}${error.message}\n`)
    // As a shell reports a program that SIGINT ended, though the demo stopped on its own after cleaning up.
    return err instanceof Interrupted ? 130 : 1
  }
  process.stdout.write(json ? `${JSON.stringify(result)}\n` : summary(result))
  return result.ok && result.cleanup.failed.length === 0 && result.cleanup.namespacesLeft.length === 0 ? 0 : 1
}

function codeOf(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined
}

/** The measured results as a table after the timeline. */
function summary(result: DemoResult): string {
  const table = new Table({ head: ['check', 'expected', 'measured', ''], style: { head: [], border: [] } })
  for (const check of result.checks) {
    table.push([`${check.name}: public → ${check.to}`, check.expected, check.answer ?? 'no answer', check.ok ? '✔' : '✘'])
  }
  const h = result.hotplug
  table.push([`hot-plug of ${h.device}: ${h.target}`, '0 lost', `${h.lost} of ${h.sent} lost`, h.lost === 0 ? '✔' : '✘'])
  for (const s of result.failover.streams) {
    table.push([`failover: ${s.target}`, 'primary, then standby', `${s.runs.map((r) => r.tag).join(', then ')}; gap ${s.maxGapMs} ms, ${s.lost} of ${s.sent} lost`, s.runs.length === 2 ? '✔' : '✘'])
  }
  const verdict = result.ok ? 'every check as expected' : 'some checks NOT as expected'
  return `\n${table.toString()}\n${verdict}; failover gap ${result.failover.gapMs} ms; ${(result.durationMs / 1000).toFixed(1)} s in all\n`
}
