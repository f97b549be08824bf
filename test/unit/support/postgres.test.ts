import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import pg from 'pg';
import { createDatabase, startPostgres } from '../../support/postgres.js';

const execFileAsync = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const supportModule = new URL('../../support/postgres.ts', import.meta.url).href;

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** The error code of a TCP connect to 127.0.0.1:port, or 'connected'. */
function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

function portOf(url: string): number {
  return Number(new URL(url).port);
}

/**
 * Starts a cluster in a separate Node process that then ends without calling stop(), the way a
 * crashing or interrupted test file would; resolves with what that process saw.
 */
async function clusterLeftBy(ending: 'process.exit(3)' | "process.kill(process.pid, 'SIGTERM')") {
  const script = `
    import pg from 'pg';
    import { dirname } from 'node:path';
    import { startPostgres } from ${JSON.stringify(supportModule)};
    const { url } = await startPostgres();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query("select current_setting('data_directory') as data");
    console.log(JSON.stringify({ url, dir: dirname(rows[0].data) }));
    setInterval(() => {}, 1000);
    ${ending};
  `;
  const child = execFileAsync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: repoRoot,
  });
  const outcome = await child.then(
    ({ stdout }) => ({ stdout, code: 0, signal: null }),
    (error: { stdout: string; stderr: string; code: number | null; signal: string | null }) => {
      if (!error.stdout) throw new Error(`child failed before starting PostgreSQL:\n${error.stderr}`);
      return error;
    },
  );
  const { url, dir } = JSON.parse(outcome.stdout) as { url: string; dir: string };
  return { url, dir, code: outcome.code, signal: outcome.signal };
}

describe('startPostgres', () => {
  it('serves the openeni database on 127.0.0.1 and leaves nothing behind once stopped', async (t) => {
    const started = performance.now();
    const cluster = await startPostgres();
    const startMs = performance.now() - started;

    assert.match(cluster.url, /^postgres:\/\/postgres@127\.0\.0\.1:\d+\/openeni$/);
    const dir = await withClient(cluster.url, async (client) => {
      assert.deepEqual((await client.query('select 1 as one')).rows, [{ one: 1 }]);
      await client.query('create table eni (id text primary key, ip inet not null)');
      await client.query("insert into eni values ('eni-1', '198.18.0.10'), ('eni-2', '198.18.0.11')");
      const { rows } = await client.query('select id, host(ip) as ip from eni order by id');
      assert.deepEqual(rows, [
        { id: 'eni-1', ip: '198.18.0.10' },
        { id: 'eni-2', ip: '198.18.0.11' },
      ]);
      const setting = async (name: string) =>
        (await client.query('select current_setting($1) as value', [name])).rows[0].value as string;
      assert.equal(await setting('listen_addresses'), '127.0.0.1');
      assert.equal(await setting('fsync'), 'off');
      assert.equal(await setting('max_connections'), '200');
      assert.equal(await setting('server_encoding'), 'UTF8');
      return dirname(await setting('data_directory'));
    });
    assert.ok(existsSync(dir));

    const stopping = performance.now();
    await cluster.stop();
    const stopMs = performance.now() - stopping;
    t.diagnostic(`start ${Math.round(startMs)} ms, stop ${Math.round(stopMs)} ms`);

    assert.equal(await tryConnect(portOf(cluster.url)), 'ECONNREFUSED');
    assert.equal(existsSync(dir), false);
    await cluster.stop();
  });

  it('stops with fast shutdown even while a client is still connected', async () => {
    const cluster = await startPostgres();
    const client = new pg.Client({ connectionString: cluster.url });
    client.on('error', () => {});
    await client.connect();
    await client.query('begin');

    await cluster.stop();

    assert.equal(await tryConnect(portOf(cluster.url)), 'ECONNREFUSED');
    await client.end().catch(() => {});
  });

  it('creates separate databases on the same cluster with createDatabase', async (t) => {
    const cluster = await startPostgres();
    t.after(() => cluster.stop());

    const suiteUrl = await createDatabase(cluster.url, 'store_suite');

    assert.equal(portOf(suiteUrl), portOf(cluster.url));
    assert.equal(new URL(suiteUrl).pathname, '/store_suite');
    await withClient(suiteUrl, (client) => client.query('create table only_here (n int)'));
    const tables = (url: string) =>
      withClient(url, async (client) =>
        (await client.query("select count(*)::int as n from pg_tables where tablename = 'only_here'")).rows[0].n,
      );
    assert.equal(await tables(suiteUrl), 1);
    assert.equal(await tables(cluster.url), 0);
    await assert.rejects(createDatabase(cluster.url, 'store_suite'), /already exists/);
    await assert.rejects(createDatabase(cluster.url, 'x"; drop'), /not a plain database name/);
  });

  it('stops the cluster and removes its directory when the process exits without stop()', async () => {
    const left = await clusterLeftBy('process.exit(3)');

    assert.equal(left.code, 3);
    assert.equal(await tryConnect(portOf(left.url)), 'ECONNREFUSED');
    assert.equal(existsSync(left.dir), false);
  });

  it('stops the cluster and removes its directory when the process gets SIGTERM', async () => {
    const left = await clusterLeftBy("process.kill(process.pid, 'SIGTERM')");

    assert.equal(left.signal, 'SIGTERM');
    assert.equal(await tryConnect(portOf(left.url)), 'ECONNREFUSED');
    assert.equal(existsSync(left.dir), false);
  });
});
