import { spawn } from 'node:child_process'
import type { AddressInfo } from 'node:net'
import { Command, Option } from 'commander'
import { isDomainError } from '../domain/errors.js'
import type { AgentCliOptions } from './agent.js'
import { registerDemoCommand } from './demo.js'
import { DEFAULT_UP_UNDERLAY, defaultDataDir, parseListen } from './options.js'
import { REACH_EXIT, runReach, type ReachOptions } from './reach.js'
import { registerResourceCommands } from './resources/index.js'
import type { ServerHooks, UpOptions } from './up.js'
import { parseIsoTime, usageJson, usageText } from './usage.js'

// The server, the store and the agent are loaded by the commands that run them, so a client
// command (`openeni eni list`) starts in half the time.
const runtime = () => import('./runtime.js')
const accountService = () => import('../service/accounts.js')

const program = new Command()
  .name('openeni')
  .description('OpenENI: elastic network interfaces on your own Linux hosts, behind the ECS/VPC OpenAPI')
  .showHelpAfterError()

program
  .command('server')
  .description('run the API server')
  .option('--listen <host:port>', 'address to listen on', '127.0.0.1:8080')
  .option('--data <dir>', 'data directory (SQLite file, master key, config.yaml)', defaultDataDir())
  .option('--db <url>', 'postgres://… to share state between several API servers (default: SQLite in the data directory)')
  .option('--config <file>', 'operator config file (YAML); default <data>/config.yaml when present')
  .addOption(
    new Option('--dataplane <mode>', 'none: API only, every change is acknowledged at once; agents: hosts run openeni agent')
      .choices(['none', 'agents'])
      .default('agents'),
  )
  .option('--log-level <level>', 'log level', 'info')
  .action(async (opts: ServerOpts) => runServer(opts))

program
  .command('up')
  .description(
    'start the system on this machine: the API and one local host whose agent runs in this process, sandboxed; without root or the kernel tools, the API alone with the none data plane',
  )
  .option('--listen <host:port>', 'address to listen on', '127.0.0.1:8080')
  .option('--data <dir>', 'data directory', defaultDataDir())
  .option('--prefix <p>', "the prefix of the local host's namespaces and interfaces (1-5 lowercase letters and digits)", 'oe')
  .option(
    '--underlay <a.b.c.d/len>',
    "the local host's VXLAN tunnel endpoint on the prefix's sandboxed underlay; more hosts join with openeni agent --underlay 198.19.255.N/24",
    DEFAULT_UP_UNDERLAY,
  )
  .option('--no-agent', 'the API alone, with the none data plane (every change acknowledged at once), even as root')
  .action(async (opts: UpOptions) => {
    const { planUp } = await import('./up.js')
    const up = await planUp(opts, { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) })
    await runServer({ listen: opts.listen, data: opts.data, dataplane: up.dataplane, logLevel: 'info' }, up.hooks)
  })

const accounts = program.command('accounts').description('manage accounts (works while a server runs on the same data)')
accounts
  .command('create')
  .argument('<name>', 'account name')
  .option('--data <dir>', 'data directory', defaultDataDir())
  .option('--db <url>', 'postgres://… when the servers use PostgreSQL')
  .addOption(new Option('--output <format>', 'output format').choices(['text', 'json']).default('text'))
  .action(async (name: string, opts: { data: string; db?: string; output: 'text' | 'json' }) => {
    const { openRuntime } = await runtime()
    const { createAccount } = await accountService()
    const deps = await openRuntime({ dataDir: opts.data, dbUrl: opts.db, dataplane: 'none' })
    try {
      const created = await createAccount(deps, name)
      if (opts.output === 'json') {
        process.stdout.write(`${JSON.stringify({ AccessKeyId: created.accessKeyId, AccessKeySecret: created.accessKeySecret })}\n`)
      } else {
        process.stdout.write(
          `Account ${created.name} (${created.accountId}) created.\nAccessKeyId:     ${created.accessKeyId}\nAccessKeySecret: ${created.accessKeySecret}\nThe secret is shown only this once.\n`,
        )
      }
    } finally {
      await deps.store.close()
    }
  })

const hosts = program.command('hosts').description('manage the hosts that run openeni agent (works while a server runs on the same data)')
hosts
  .command('add')
  .description("register a host in a zone and print the secret its agent signs with (again: a new secret)")
  .argument('<host-id>', "the host's ID, usually its machine name")
  .requiredOption('--zone <zone>', 'the zone the host is in')
  .option('--data <dir>', 'data directory', defaultDataDir())
  .option('--db <url>', 'postgres://… when the servers use PostgreSQL')
  .addOption(new Option('--output <format>', 'output format').choices(['text', 'json']).default('text'))
  .action(async (hostId: string, opts: { zone: string; data: string; db?: string; output: 'text' | 'json' }) => {
    const { openRuntime } = await runtime()
    const { addHost } = await import('../service/agent/credentials.js')
    const deps = await openRuntime({ dataDir: opts.data, dbUrl: opts.db, dataplane: 'agents' })
    try {
      const added = await addHost(deps, hostId, opts.zone)
      if (opts.output === 'json') {
        process.stdout.write(`${JSON.stringify({ HostId: added.hostId, ZoneId: added.zoneId, HostSecret: added.hostSecret })}\n`)
      } else {
        process.stdout.write(
          `Host ${added.hostId} registered in ${added.zoneId}.\nHostSecret: ${added.hostSecret}\nGive it to the host's agent (OPENENI_HOST_SECRET); it is shown only this once.\n`,
        )
      }
    } finally {
      await deps.store.close()
    }
  })

program
  .command('usage')
  .description("a bill-like summary of an account's EIP usage per EIP and in total (reads the store; works while a server runs)")
  .requiredOption('--account <id-or-name>', 'the account, by ID or name')
  .requiredOption('--from <iso-time>', 'first hour of the period (the hour it falls in), e.g. 2026-11-01T00:00:00Z', parseIsoTime)
  .requiredOption('--to <iso-time>', 'end of the period: hours starting before it are included', parseIsoTime)
  .option('--data <dir>', 'data directory', defaultDataDir())
  .option('--db <url>', 'postgres://… when the servers use PostgreSQL')
  .addOption(new Option('--output <format>', 'output format').choices(['text', 'json']).default('text'))
  .action(async (opts: { account: string; from: Date; to: Date; data: string; db?: string; output: 'text' | 'json' }) => {
    const { openRuntime } = await runtime()
    const { eipUsageReport } = await import('../service/eips/usage.js')
    const deps = await openRuntime({ dataDir: opts.data, dbUrl: opts.db, dataplane: 'none' })
    try {
      const report = await eipUsageReport(deps.store.db, { account: opts.account, from: opts.from, to: opts.to }, deps.clock())
      process.stdout.write(opts.output === 'json' ? `${JSON.stringify(usageJson(report))}\n` : usageText(report))
    } finally {
      await deps.store.close()
    }
  })

program
  .command('reach')
  .description('may FROM reach TO? Each an ENI ID, an instance ID or a private address; exit 0 allowed, 1 denied, 2 error')
  .argument('<from>', 'eni-…, i-… or a private IPv4 address')
  .argument('<to>', 'eni-…, i-… or a private IPv4 address')
  .argument('<traffic>', 'tcp/PORT, udp/PORT or icmp')
  .option('--endpoint <host:port>', 'the API server', '127.0.0.1:8080')
  .option('--access-key-id <id>', 'default: $OPENENI_ACCESS_KEY_ID')
  .option('--access-key-secret <secret>', 'default: $OPENENI_ACCESS_KEY_SECRET')
  .addOption(new Option('--output <format>', 'output format').choices(['text', 'json']).default('text'))
  // A usage mistake is an error like any other here: exit 2, so that 1 always means denied.
  .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : REACH_EXIT.error))
  .action(async (from: string, to: string, traffic: string, opts: ReachOptions) => {
    process.exitCode = await runReach(from, to, traffic, opts, {
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
    })
  })

program
  .command('agent')
  .description("run a host's data plane agent: realises the host's desired state in the kernel (sandboxed in a namespace of its own unless --production)")
  .option('--server <url>', 'an API server, host:port or http://host:port')
  .option('--host-id <id>', 'the host, as registered with openeni hosts add')
  .option('--zone <zone>', 'the zone the host is registered in')
  .option('--prefix <p>', 'the prefix of every namespace and interface it makes (1-5 lowercase letters and digits)', 'oe')
  .option('--production', "act on the root namespace instead of a sandbox (never used by tests)")
  .option('--secret-file <file>', 'read the host secret from a file instead of $OPENENI_HOST_SECRET')
  .option(
    '--underlay <a.b.c.d/len>',
    "the host's VXLAN tunnel endpoint: sandboxed, on a veth into the prefix's shared underlay namespace; with --production, an address already on one of the machine's interfaces",
  )
  .option('--cleanup', 'remove every namespace and interface of the prefix, then exit')
  .action(async (opts: AgentCliOptions) => {
    const { runAgent } = await import('./agent.js')
    process.exitCode = await runAgent(opts, (text) => process.stderr.write(text))
  })

program
  .command('exec')
  .description("run a program inside an instance's network namespace (openeni exec i-… -- ping 198.18.0.5), or with --public in the sandboxed public network, as a client on the Internet")
  .argument('<words...>', 'INSTANCE-ID -- PROGRAM ARGS…, or with --public: -- PROGRAM ARGS…')
  .option('--public', 'run in the public network of the prefix instead of an instance')
  .option('--prefix <p>', 'the agents\' prefix', 'oe')
  .action(async (words: string[], opts: { prefix: string; public?: boolean }) => {
    const [instanceId, ...rest] = words
    const { execNamespace, publicNamespace } = await import('./agent.js')
    const found = opts.public === true ? publicNamespace(opts.prefix) : await execNamespace(opts.prefix, instanceId ?? '')
    const command = opts.public === true ? words : rest
    if ('error' in found || command.length === 0) {
      process.stderr.write(`openeni exec: ${'error' in found ? found.error : 'no program given'}\n`)
      process.exitCode = 1
      return
    }
    const child = spawn('ip', ['netns', 'exec', found.namespace, ...command], { stdio: 'inherit' })
    process.exitCode = await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)))
  })

interface ServerOpts {
  listen: string
  data: string
  db?: string
  config?: string
  dataplane: 'none' | 'agents'
  logLevel: string
}

async function runServer(opts: ServerOpts, hooks: ServerHooks = {}): Promise<void> {
  const { host, port } = parseListen(opts.listen)
  const [{ openRuntime }, { bootstrapAccount }, { registerNoneHosts }, { buildServer, closeGracefully }, { saveBootstrapProfile }, { hostPort }] = await Promise.all([
    runtime(),
    accountService(),
    import('../service/hosts.js'),
    import('../api/server.js'),
    import('./profiles.js'),
    import('./up.js'),
  ])
  const deps = await openRuntime({ dataDir: opts.data, dbUrl: opts.db, configPath: opts.config, dataplane: opts.dataplane })
  const envKey = process.env.OPENENI_ACCESS_KEY_ID
  const envSecret = process.env.OPENENI_ACCESS_KEY_SECRET
  const created = await bootstrapAccount(
    deps,
    envKey && envSecret ? { accessKeyId: envKey, accessKeySecret: envSecret } : undefined,
  )
  if (created !== undefined && !(envKey && envSecret)) {
    // Printed once, to the terminal, never to the log.
    process.stdout.write(
      `Bootstrap account "${created.name}" (${created.accountId}) created.\nAccessKeyId:     ${created.accessKeyId}\nAccessKeySecret: ${created.accessKeySecret}\nKeep the secret now: it is not shown again.\n`,
    )
  }
  await registerNoneHosts(deps)
  const app = await buildServer(deps, { logger: { level: opts.logLevel }, hostId: host })
  let closing = false
  const shutdown = async (signal: string) => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'shutting down: finishing in-flight requests')
    await hooks.stopping?.()
    await closeGracefully(app)
    await deps.store.close()
    process.exit(0)
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))
  await app.listen({ host, port })
  const address = app.server.address() as AddressInfo
  // Known only now, with the port `HOST:0` was given; the CLI then works as root right away.
  if (created !== undefined && !(envKey && envSecret)) process.stdout.write(`${await saveBootstrapProfile(address, created)}\n`)
  // Said on the terminal, with the port the system chose for `--listen HOST:0`.
  if (hooks.listening === undefined) process.stdout.write(`OpenENI API listening on http://${hostPort(address)}.\n`)
  else await hooks.listening(deps, address)
}

registerResourceCommands(program)
registerDemoCommand(program)

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`openeni: ${isDomainError(err) ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})


