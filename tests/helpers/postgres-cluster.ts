import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
/** Debian's PostgreSQL 15; scripts/ensure-postgres.sh installs it and builds pgvector for it. */
const BIN = '/usr/lib/postgresql/15/bin';

export type PostgresCluster = { url: string; stop(): Promise<void> };

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

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
