import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { embeddedOptions, startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded.js';

/**
 * #13, item 9: the embedded PostgreSQL asks no password, so it must not listen where another
 * local user can reach it: a Unix socket in DATA_DIR/run, a directory only its owner can enter.
 */
describe('the embedded database socket', () => {
  const started: EmbeddedPostgres[] = [];
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(started.map((db) => db.close()));
    await Promise.all(dirs.map((dir) => fs.rm(dir, { recursive: true, force: true })));
  });

  it('listens on a Unix socket in a mode-700 directory of DATA_DIR, not on a TCP port', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'vitrina-sock-'));
    dirs.push(dataDir);
    // A socket file left by a process killed with -9 does not stop the next start.
    await fs.mkdir(path.join(dataDir, 'run'), { mode: 0o755 });
    await fs.writeFile(path.join(dataDir, 'run', '.s.PGSQL.5432'), '');
    const { socketDir } = embeddedOptions(dataDir);
    const db = await startEmbeddedPostgres({ socketDir });
    started.push(db);

    const url = new URL(db.url);
    expect(url.port).toBe('');
    expect(url.searchParams.get('host')).toBe(path.join(dataDir, 'run'));
    const dir = await fs.stat(path.join(dataDir, 'run'));
    expect(dir.mode & 0o777).toBe(0o700);
    expect((await fs.stat(path.join(dataDir, 'run', '.s.PGSQL.5432'))).isSocket()).toBe(true);

    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await client.end();
  });

  it('falls back to a private temporary directory when DATA_DIR is too long for a socket path', async () => {
    const db = await startEmbeddedPostgres({ socketDir: path.join(os.tmpdir(), 'x'.repeat(120)) });
    started.push(db);
    const dir = new URL(db.url).searchParams.get('host')!;
    expect(dir.startsWith(path.join(os.tmpdir(), 'vitrina-pg-'))).toBe(true);
    expect((await fs.stat(dir)).mode & 0o777).toBe(0o700);
    await db.close();
    await expect(fs.stat(dir)).rejects.toThrow(/ENOENT/);
  });
});
