import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url))

/** The CLI profile file of this test process's CLI runs, in its own temporary directory. */
const TEST_CLI_CONFIG = join(mkdtempSync(join(tmpdir(), 'openeni-cli-config-')), 'config.yaml')
process.on('exit', () => rmSync(dirname(TEST_CLI_CONFIG), { recursive: true, force: true }))

/**
 * The environment of CLI runs that must take their key, server and region from `config` (a profile
 * file) and their flags alone: nothing from the environment of whoever runs the tests.
 */
export function isolatedCliEnv(config: string): NodeJS.ProcessEnv {
  return {
    OPENENI_CONFIG: config,
    OPENENI_PROFILE: '',
    OPENENI_ENDPOINT: '',
    OPENENI_ACCESS_KEY_ID: '',
    OPENENI_ACCESS_KEY_SECRET: '',
    OPENENI_REGION: '',
  }
}

/** A free TCP port on loopback, found by letting the kernel pick one. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0))
    })
  })
}

export interface RunResult {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs `openeni ARGS…` from the sources to completion. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, env)
    let stdout = ''
    let stderr = ''
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

export function spawnCli(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: ROOT,
    // CLI profiles go to a file of the test run, never the user's own (`openeni server` saves one
    // for a new bootstrap key), unless the test names one.
    env: { ...process.env, OPENENI_CONFIG: TEST_CLI_CONFIG, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

/**
 * The address a server started with `--listen 127.0.0.1:0` listens on, as it prints it ("… listening
 * on http://HOST:PORT"): the system picks the port as the server binds it, so no other test's
 * process can take it first (a port found free and handed over later can be, and a health check
 * would then be answered by that process). Fails when the process exits first.
 */
export function listeningOn(child: ChildProcess, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = ''
    let stderr = ''
    const done = (settle: () => void) => {
      clearTimeout(timer)
      child.stdout?.off('data', onOut)
      child.stderr?.off('data', onErr)
      child.off('close', onClose)
      settle()
    }
    const onOut = (chunk: Buffer) => {
      stdout += chunk.toString()
      const address = /listening on http:\/\/(\S+?)[.;]?(?:\s|$)/.exec(stdout)?.[1]
      if (address !== undefined) done(() => resolve(address))
    }
    const onErr = (chunk: Buffer) => (stderr += chunk.toString())
    const onClose = (code: number | null) => done(() => reject(new Error(`the server exited (${code}) before listening: ${stderr}`)))
    const timer = setTimeout(() => done(() => reject(new Error(`the server did not say where it listens within ${timeoutMs} ms: ${stdout}${stderr}`))), timeoutMs)
    child.stdout?.on('data', onOut)
    child.stderr?.on('data', onErr)
    child.on('close', onClose)
  })
}

/** Waits until GET /healthz answers 200, or fails after `timeoutMs`. */
export async function waitHealthy(endpoint: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      const response = await fetch(`http://${endpoint}/healthz`)
      if (response.status === 200) return
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${endpoint} did not become healthy within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** Several `openeni server` processes sharing one PostgreSQL database (and master key), nothing else. */
export interface ServerProcesses {
  endpoints: string[]
  /** The data directory of server `i`, for CLI commands run beside it. */
  dataDir(i: number): string
  key: { accessKeyId: string; accessKeySecret: string }
  /** The environment the servers run with (bootstrap key, master key), for CLI commands beside them. */
  env: NodeJS.ProcessEnv
  stop(): Promise<void>
}

/**
 * Starts `count` servers on `dbUrl`, each with its own data directory under `root`, and waits until
 * all are healthy. `stop` sends SIGTERM, waits for every process to exit and removes `root`.
 */
export async function startServerProcesses(options: {
  count: number
  dbUrl: string
  root: string
  dataplane: 'none' | 'agents'
  key: { accessKeyId: string; accessKeySecret: string }
  masterKey: string
}): Promise<ServerProcesses> {
  const env = {
    OPENENI_ACCESS_KEY_ID: options.key.accessKeyId,
    OPENENI_ACCESS_KEY_SECRET: options.key.accessKeySecret,
    OPENENI_MASTER_KEY: options.masterKey,
  }
  const dataDir = (i: number) => join(options.root, `s${i}`)
  const endpoints: string[] = []
  const children: ChildProcess[] = []
  const stop = async () => {
    for (const child of children) child.kill('SIGTERM')
    await Promise.all(children.map((c) => new Promise((resolve) => (c.exitCode !== null ? resolve(null) : c.on('close', resolve)))))
    rmSync(options.root, { recursive: true, force: true })
  }
  try {
    for (let i = 0; i < options.count; i++) {
      const args = ['server', '--listen', '127.0.0.1:0', '--data', dataDir(i), '--db', options.dbUrl, '--dataplane', options.dataplane, '--log-level', 'warn']
      children.push(spawnCli(args, env))
    }
    endpoints.push(...(await Promise.all(children.map((child) => listeningOn(child)))))
    await Promise.all(endpoints.map((e) => waitHealthy(e, 30_000)))
  } catch (err) {
    await stop()
    throw err
  }
  return { endpoints, dataDir, key: options.key, env, stop }
}
