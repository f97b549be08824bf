import { Command, InvalidArgumentError, Option } from 'commander'
import { ApiClient, ApiError, ApiUnreachable } from '../api-client.js'
import { defaultRegionId, profilesPath, readProfiles, resolveConnection, type ConnectionFlags } from '../profiles.js'
import { EXIT, EXIT_CODES_HELP, NotFound, UnexpectedState, UsageError, WaitTimeout, type ExitCode } from './exit-codes.js'
import { OUTPUT_FORMATS, printOutcome, type Outcome, type OutputFormat } from './output.js'
import { waitFor, type WaitTarget } from './wait.js'

export interface CommonOptions extends ConnectionFlags {
  output: OutputFormat
  wait?: boolean
  timeout?: number
}

/** What a resource command's handler works with. */
export interface CommandContext {
  client: ApiClient
  regionId: string
  /** Waits for `target` when the command was given --wait; does nothing otherwise. */
  settle(target: WaitTarget): Promise<void>
}

export type Handler<O> = (ctx: CommandContext, args: string[], opts: O & CommonOptions) => Promise<Outcome>

/** A usage mistake is exit 2 everywhere, the same as one the handler finds itself; --help says so. */
function exitOnUsage(command: Command): Command {
  return command.exitOverride((err) => process.exit(err.exitCode === 0 ? EXIT.ok : EXIT.usage)).addHelpText('after', `\n${EXIT_CODES_HELP}`)
}

/** A noun (`eni`, `vpc`, …) under `parent`. */
export function noun(parent: Command, name: string, description: string): Command {
  return exitOnUsage(parent.command(name).description(description))
}

export function positiveInteger(name: string) {
  return (value: string): number => {
    if (!/^\d{1,9}$/.test(value) || Number(value) < 1) throw new InvalidArgumentError(`${name} expects a positive whole number`)
    return Number(value)
  }
}

/** The options every verb takes: where to connect, with which key, and the output format. */
function withConnection(command: Command): Command {
  return command
    .option('--profile <name>', 'the profile to use (default: $OPENENI_PROFILE, else the current one)')
    .option('--endpoint <host:port>', 'the API server (default: $OPENENI_ENDPOINT, else the profile)')
    .option('--access-key-id <id>', 'default: $OPENENI_ACCESS_KEY_ID, else the profile')
    .option('--access-key-secret <secret>', 'default: $OPENENI_ACCESS_KEY_SECRET, else the profile')
    .option('--region <id>', `default: $OPENENI_REGION, else the profile, else ${defaultRegionId()}`)
    .addOption(new Option('-o, --output <format>', 'table for people, json for programs, text for bare IDs').choices(OUTPUT_FORMATS).default('table'))
}

/** Adds --wait and --timeout to a verb whose action settles later. */
export function waitable(command: Command, what: string): Command {
  return command
    .option('--wait', `wait until ${what} (a spinner on a terminal)`)
    .option('--timeout <seconds>', 'give up waiting after this long (exit 4)', positiveInteger('--timeout'), 120)
}

/** A verb of `parent` that talks to the API; `handler` returns what to print. */
export function verb<O>(parent: Command, name: string, description: string, handler: Handler<O>): Command {
  const command = withConnection(exitOnUsage(parent.command(name).description(description)))
  return command.action(async (...all: unknown[]) => {
    const self = all[all.length - 1] as Command
    const opts = self.opts<O & CommonOptions>()
    process.exitCode = await runHandler(handler, self.args, opts)
  })
}

/** A verb that needs no server (`configure`, `profile …`): the same error handling and output. */
export function localVerb<O>(parent: Command, name: string, description: string, handler: (args: string[], opts: O & { output: OutputFormat }) => Promise<Outcome>): Command {
  const command = exitOnUsage(parent.command(name).description(description))
    .addOption(new Option('-o, --output <format>', 'table, json or text').choices(OUTPUT_FORMATS).default('table'))
  return command.action(async (...all: unknown[]) => {
    const self = all[all.length - 1] as Command
    const opts = self.opts<O & { output: OutputFormat }>()
    process.exitCode = await report(opts.output, () => handler(self.args, opts))
  })
}

async function runHandler<O>(handler: Handler<O>, args: string[], opts: O & CommonOptions): Promise<ExitCode> {
  return report(opts.output, async () => {
    const path = profilesPath()
    const connection = resolveConnection(opts, process.env, await readProfiles(path), path)
    const ctx: CommandContext = {
      client: new ApiClient(connection.credentials),
      regionId: connection.regionId,
      settle: async (target) => {
        if (opts.wait === true) await waitFor(target, { timeoutSeconds: opts.timeout ?? 120 })
      },
    }
    return handler(ctx, args, opts)
  })
}

/** Runs `produce` and prints its outcome, or the failure on stderr (and as JSON with --output json). */
async function report(format: OutputFormat, produce: () => Promise<Outcome>): Promise<ExitCode> {
  try {
    printOutcome(await produce(), format, (text) => process.stdout.write(text))
    return EXIT.ok
  } catch (err) {
    const failure = describeFailure(err)
    process.stderr.write(`Error: ${failure.line}\n`)
    if (format === 'json') process.stdout.write(`${JSON.stringify(failure.json, null, 2)}\n`)
    return failure.exit
  }
}

interface Failure {
  exit: ExitCode
  line: string
  json: { Code: string; Message: string; RequestId?: string }
}

function describeFailure(err: unknown): Failure {
  if (err instanceof ApiError) {
    return {
      exit: EXIT.failed,
      line: `${err.code}: ${err.message} (RequestId ${err.requestId})`,
      json: { Code: err.code, Message: err.message, RequestId: err.requestId },
    }
  }
  const local = (exit: ExitCode, code: string, message: string): Failure => ({ exit, line: message, json: { Code: code, Message: message } })
  if (err instanceof NotFound) return { exit: EXIT.failed, line: `${err.code}: ${err.message}`, json: { Code: err.code, Message: err.message } }
  if (err instanceof UsageError) return local(EXIT.usage, 'Cli.Usage', err.message)
  if (err instanceof ApiUnreachable) return local(EXIT.unreachable, 'Cli.Unreachable', err.message)
  if (err instanceof WaitTimeout) return local(EXIT.timeout, 'Cli.WaitTimeout', err.message)
  if (err instanceof UnexpectedState) return local(EXIT.failed, 'Cli.UnexpectedState', err.message)
  // Not an expected failure: a bug or the file system; still one line, never a stack trace.
  return local(EXIT.failed, 'Cli.Internal', err instanceof Error ? err.message : String(err))
}

/** The option's value, or a usage error naming it: for options required only in some combinations. */
export function need<T>(value: T | undefined, what: string): T {
  if (value === undefined || value === '') throw new UsageError(`${what} is required`)
  return value
}

/** `--max N` on a list verb. */
export function withMax(command: Command): Command {
  return command.option('--max <n>', 'at most this many items (default: all, page after page)', positiveInteger('--max'))
}

/** Collects a repeatable option (`--sg a --sg b`), also accepting commas (`--sg a,b`). */
export function repeatable(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(',').map((s) => s.trim()).filter((s) => s !== '')]
}

export type Tags = Array<{ Key: string; Value: string }>

/** `--tag key=value`, repeatable, as the API's `Tag.N.Key` / `Tag.N.Value`. */
export function withTags(command: Command): Command {
  return command.option('--tag <key=value>', 'a tag, repeatable', (value: string, previous: Tags | undefined) => {
    const at = value.indexOf('=')
    if (at <= 0) throw new InvalidArgumentError('--tag expects KEY=VALUE')
    return [...(previous ?? []), { Key: value.slice(0, at), Value: value.slice(at + 1) }]
  })
}

/** `true` or `false`, for options that set a boolean attribute either way. */
export function booleanArgument(name: string) {
  return (value: string): boolean => {
    if (value !== 'true' && value !== 'false') throw new InvalidArgumentError(`${name} expects true or false`)
    return value === 'true'
  }
}

/** Exactly one of several options that name the same thing two ways (`--instance` or `--eni`). */
export function exactlyOne(options: Record<string, string | undefined>): [string, string] {
  const given = Object.entries(options).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')
  if (given.length !== 1) throw new UsageError(`give exactly one of ${Object.keys(options).join(', ')}`)
  return given[0]!
}
