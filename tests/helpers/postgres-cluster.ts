import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './net.js';

const run = promisify(execFile);
/** Debian's PostgreSQL 15; scripts/ensure-postgres.sh installs it and builds pgvector for it. */
const BIN = '/usr/lib/postgresql/15/bin';

export type PostgresCluster = { url: string; stop(): Promise<void> };

/** Why a throwaway cluster cannot start here, or null when it can. */
export async function postgresUnavailable(): Promise<string | null> {
  try {
    await fs.access(path.join(BIN, 'initdb'));
  } catch {
    return `no PostgreSQL 15 at ${BIN}`;
  }
  const { stdout } = await run(path.join(BIN, 'pg_config'), ['--sharedir']);
  try {
    await fs.access(path.join(stdout.trim(), 'extension', 'vector.control'));
  } catch {
    return 'pgvector is not installed into PostgreSQL 15 (scripts/ensure-postgres.sh builds it)';
  }
  return null;
}

/**
 * A throwaway PostgreSQL 15 cluster in a temporary directory, on a free port, trusting local
 * connections; run as the `postgres` user when this process is root (initdb refuses root).
 */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vitrina-pg-'));
  const asRoot = process.getuid?.() === 0;
  const as = (command: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', command, ...args]) : run(command, args);
  if (asRoot) await run('chown', ['postgres', dir]);
  const data = path.join(dir, 'data');
  await as(path.join(BIN, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`;
  await as(path.join(BIN, 'pg_ctl'), ['-D', data, '-o', options, '-l', path.join(dir, 'log'), '-w', 'start']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await as(path.join(BIN, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => {});
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

/** Run `work` on a client of the database at `url`, then close the client. */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export type TestDatabase = { name: string; url: string; drop(): Promise<void> };

/** A new, empty database of a test's own on the PostgreSQL server at `serverUrl`. */
export async function createDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `vitrina_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  await withClient(serverUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  return {
    name,
    url: Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString(),
    drop: () => withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  };
}
