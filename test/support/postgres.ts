/**
 * A throwaway PostgreSQL cluster per test process: `initdb` into a temporary directory, a server on
 * 127.0.0.1 only, trust authentication for loopback and the socket inside that directory, and
 * durability switched off because nothing here needs to survive a crash.
 *
 * The server runs as the `postgres` system user when we are root (PostgreSQL refuses to run as
 * root) and is spawned directly with that uid rather than through `runuser`/`su`: those fork and
 * turn SIGINT into SIGTERM, which is PostgreSQL's "smart" shutdown and waits for every pooled
 * client to hang up. Spawned directly, the child is the postmaster, so signals and the exit event
 * are its own.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  chownSync,
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

export interface PostgresCluster {
  /** `postgres://postgres@127.0.0.1:PORT/openeni`, a database created for the caller. */
  readonly url: string;
  /** Fast shutdown, wait for the postmaster to exit, remove the directory. Safe to call twice. */
  stop(): Promise<void>;
}

const INSTALL_ROOT = '/usr/lib/postgresql';
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
const PORT_ATTEMPTS = 5;

const SERVER_SETTINGS: Record<string, string> = {
  listen_addresses: '127.0.0.1',
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
  max_connections: '200',
};

// Loopback only, on top of listen_addresses: a second line of defence if a setting is overridden.
const PG_HBA = 'local all all trust\nhost all all 127.0.0.1/32 trust\n';

const execFileAsync = promisify(execFile);

interface ClusterProcess {
  readonly dir: string;
  server: ChildProcess | undefined;
}

/** Clusters still running in this process, stopped synchronously if the process ends first. */
const live = new Set<ClusterProcess>();

export async function startPostgres(): Promise<PostgresCluster> {
  const bin = findBinDir();
  const owner = serverOwner();
  const dir = mkdtempSync(join(tmpdir(), 'openeni-pg-'));
  const entry: ClusterProcess = { dir, server: undefined };
  live.add(entry);
  installExitHandlers();
  try {
    if (owner) chownSync(dir, owner.uid, owner.gid);
    await initCluster(bin, dir, owner);
    const { server, port } = await startServer(bin, dir, owner, entry);
    const url = `postgres://postgres@127.0.0.1:${port}/openeni`;
    await createDatabase(url, 'openeni');
    // A suite that forgets stop() must not keep its test process alive; the exit handler reaps it.
    server.unref();
    let stopping: Promise<void> | undefined;
    return {
      url,
      stop: () => (stopping ??= stopCluster(entry)),
    };
  } catch (error) {
    await stopCluster(entry);
    throw error;
  }
}

/** Creates database `name` on the cluster behind `url` and returns a URL that points at it. */
export async function createDatabase(url: string, name: string): Promise<string> {
  if (!/^[A-Za-z0-9_-]{1,63}$/.test(name)) {
    throw new Error(`createDatabase: ${JSON.stringify(name)} is not a plain database name`);
  }
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.href });
  await client.connect();
  try {
    await client.query(`create database ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
  const target = new URL(url);
  target.pathname = `/${name}`;
  return target.href;
}

function findBinDir(): string {
  const versions = existsSync(INSTALL_ROOT)
    ? readdirSync(INSTALL_ROOT).filter((v) => existsSync(join(INSTALL_ROOT, v, 'bin', 'initdb')))
    : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (newest === undefined) {
    throw new Error(
      `PostgreSQL server binaries not found (${INSTALL_ROOT}/*/bin/initdb): ` +
        'install the Debian package `postgresql` (apt-get install postgresql), or run `bash scripts/test`',
    );
  }
  return join(INSTALL_ROOT, newest, 'bin');
}

interface Owner {
  uid: number;
  gid: number;
}

/** The `postgres` user when we are root; otherwise the server simply runs as us. */
function serverOwner(): Owner | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error(
      'running as root but there is no `postgres` system user: install the Debian package `postgresql`',
    );
  }
}

async function initCluster(bin: string, dir: string, owner: Owner | undefined): Promise<void> {
  const args = ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C'];
  try {
    await execFileAsync(join(bin, 'initdb'), [...args, '--no-sync', '--no-instructions'], {
      cwd: dir,
      ...owner,
    });
  } catch (error) {
    const hint = owner ? ' (the postgres user must be able to reach it: check the parents of TMPDIR)' : '';
    throw new Error(`initdb failed in ${dir}${hint}: ${(error as Error).message}`);
  }
  const hba = join(dir, 'data', 'pg_hba.conf');
  writeFileSync(hba, PG_HBA);
  if (owner) chownSync(hba, owner.uid, owner.gid);
}

async function startServer(
  bin: string,
  dir: string,
  owner: Owner | undefined,
  entry: ClusterProcess,
): Promise<{ server: ChildProcess; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const logPath = join(dir, `server-${port}.log`);
    const settings = { ...SERVER_SETTINGS, port: String(port), unix_socket_directories: dir };
    const logFd = openSync(logPath, 'w');
    const server = spawn(
      join(bin, 'postgres'),
      ['-D', join(dir, 'data'), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])],
      // Same process group as us on purpose: a Ctrl-C or a group kill reaches the server too.
      { cwd: dir, stdio: ['ignore', logFd, logFd], ...owner },
    );
    closeSync(logFd);
    entry.server = server;
    const failure = await waitUntilReady(server, port);
    if (failure === undefined) return { server, port };

    const log = tail(readFileSync(logPath, 'utf8'));
    // The port was free when we probed it; another process can take it before the server binds.
    if (server.exitCode !== null && /Address already in use/.test(log) && attempt < PORT_ATTEMPTS) {
      continue;
    }
    // The directory, log included, is removed on the way out, so the log travels in the message.
    throw new Error(`PostgreSQL on 127.0.0.1:${port} ${failure}. Server log:\n${log}`);
  }
}

/** Resolves undefined once a client can run a query, or a description of why it never could. */
async function waitUntilReady(server: ChildProcess, port: number): Promise<string | undefined> {
  const exited = new Promise<string>((resolve) =>
    server.once('exit', (code, signal) => resolve(`exited during startup (${signal ?? `code ${code}`})`)),
  );
  const spawnFailed = new Promise<string>((resolve) =>
    server.on('error', (error) => resolve(`could not be spawned: ${error.message}`)),
  );
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastError = 'no attempt';
  while (Date.now() < deadline) {
    const attempt = canQuery(port).then(
      () => undefined,
      (error: Error) => {
        lastError = error.message;
        return 'retry' as const;
      },
    );
    const outcome = await Promise.race([attempt, exited, spawnFailed]);
    if (outcome === undefined) return undefined;
    if (outcome !== 'retry') return outcome;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  server.kill('SIGQUIT');
  return `did not accept connections within ${READY_TIMEOUT_MS / 1000}s (last error: ${lastError})`;
}

async function canQuery(port: number): Promise<void> {
  const client = new pg.Client({
    host: '127.0.0.1',
    port,
    user: 'postgres',
    database: 'postgres',
    connectionTimeoutMillis: 2_000,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
  } finally {
    await client.end().catch(() => {});
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function stopCluster(entry: ClusterProcess): Promise<void> {
  const { server } = entry;
  if (server && isRunning(server)) {
    server.ref();
    const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
    // SIGINT is the "fast" shutdown: roll back open transactions, disconnect clients, exit.
    server.kill('SIGINT');
    if (!(await within(exited, STOP_TIMEOUT_MS))) {
      server.kill('SIGKILL');
      await exited;
    }
  }
  await rm(entry.dir, { recursive: true, force: true });
  live.delete(entry);
}

function isRunning(server: ChildProcess): boolean {
  return server.pid !== undefined && server.exitCode === null && server.signalCode === null;
}

async function within(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function tail(log: string): string {
  return log.length > 8000 ? `…${log.slice(-8000)}` : log;
}

let exitHandlersInstalled = false;

/**
 * 'exit' listeners cannot await, so the last resort is synchronous: SIGQUIT (immediate shutdown,
 * which still releases shared memory, unlike SIGKILL), poll /proc until the postmaster is gone,
 * then rmSync. SIGKILL of this process still leaks the cluster: nothing runs then.
 */
function installExitHandlers(): void {
  if (exitHandlersInstalled) return;
  exitHandlersInstalled = true;
  process.on('exit', stopAllSync);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}

function onSignal(signal: NodeJS.Signals): void {
  stopAllSync();
  // Die of the same signal, as we would have without our listener, unless someone else handles it.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function stopAllSync(): void {
  const running = [...live].flatMap(({ server }) => (server && isRunning(server) ? [server.pid!] : []));
  for (const pid of running) {
    try {
      process.kill(pid, 'SIGQUIT');
    } catch {
      // Already gone.
    }
  }
  const deadline = Date.now() + 5_000;
  for (const pid of running) {
    while (isAliveSync(pid) && Date.now() < deadline) sleepSync(10);
  }
  for (const entry of live) rmSync(entry.dir, { recursive: true, force: true });
  live.clear();
}

/** An exited child stays a zombie until the event loop reaps it, so kill(pid, 0) is not enough. */
function isAliveSync(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
