import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { importRows } from '../../helpers/bulk-import.js';
import { createDatabase, type TestDatabase } from '../../helpers/postgres-cluster.js';
import { spawnServer, type ServerProcess } from '../../helpers/process.js';
import { ADMIN_KEY, startTestServer, type TestServer } from '../../helpers/server.js';

/** A real PostgreSQL with pgvector (tests/setup/postgres.ts), not PGlite. */
const serverUrl = inject('postgresUrl');

/** Enough catalog images that the first replica is still embedding when it is killed. */
const IMAGES = 800;
const TAKEOVER_MS = 15_000;

const noise = () =>
  sharp(randomBytes(64 * 64 * 3), { raw: { width: 64, height: 64, channels: 3 } })
    .png()
    .toBuffer();

describe.skipIf(!serverUrl)('a replica killed while it embeds the catalog', () => {
  let database: TestDatabase;
  let dataDir: string;
  let db: pg.Client;
  let first: ServerProcess | undefined;
  let second: TestServer | undefined;

  beforeAll(async () => {
    database = await createDatabase(serverUrl);
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'vitrina-takeover-'));
  });
  afterAll(async () => {
    first?.child.kill('SIGKILL');
    await second?.stop();
    await db?.end();
    await database?.drop();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  const embedJob = async () =>
    (
      await db.query<{ status: string; locked_by: string | null }>(
        `SELECT status, locked_by FROM jobs WHERE kind = 'embed-catalog' ORDER BY created_at DESC LIMIT 1`,
      )
    ).rows[0];
  const vectors = async () =>
    (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM version_vectors')).rows[0]!.n;

  it('is taken over by another replica within 15 s, which finishes the embedding', async () => {
    const databaseUrl = database.url;
    const env = { DATABASE_URL: databaseUrl, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' };
    first = spawnServer({ ...env, ADMIN_API_KEY: ADMIN_KEY, DEMO_CATALOG: 'false', RATE_LIMIT_PER_MINUTE: '0' });
    const url = await first.ready;
    for (let start = 0; start < IMAGES; start += 100) {
      const rows = [];
      for (let i = start; i < start + 100; i++)
        rows.push({ sku: `N-${i}`, name: `Noise ${i}`, images: [await noise()] });
      const { body } = await importRows(url, rows);
      expect(body.data?.importProducts.created, JSON.stringify(body.errors)).toBe(100);
    }
    const job = await embedJob();
    expect(job, 'the first replica is still embedding').toMatchObject({ status: 'running' });
    expect(job!.locked_by).toContain(`:${first.child.pid}:`);

    // A second replica joins; then the first dies without a word.
    second = await startTestServer({}, { databaseUrl, dataDir });
    first.child.kill('SIGKILL');
    await first.exited;
    const killed = Date.now();
    const done = await vectors();
    let takenOver = Infinity;
    while (Date.now() - killed < 60_000) {
      const now = await embedJob();
      if (now?.locked_by === second.vitrina.worker!.id || now?.status === 'succeeded') {
        takenOver = Date.now() - killed;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(takenOver, 'ms from the kill until another replica has the job').toBeLessThanOrEqual(TAKEOVER_MS);

    await second.vitrina.worker!.drain(120_000);
    const finished = Date.now() - killed;
    expect(await vectors()).toBe(IMAGES);
    console.info(
      `replica takeover: ${done} of ${IMAGES} embedded at the kill; job taken over after ${takenOver} ms, ` +
        `all embedded ${finished} ms after the kill`,
    );
  }, 180_000);
});
