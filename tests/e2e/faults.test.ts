import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, spawnServer, type ServerProcess } from '../helpers/process.js';
import { makeImage } from '../helpers/images.js';
import { embeddedDataDir, startEmbeddedPostgres } from '../../src/db/embedded.js';
import { adapterChecksum, deserializeAdapter } from '../../src/trainer/adapter.js';

/**
 * kill -9 of a real `vitrina serve` (embedded PGlite under DATA_DIR) in the middle of a catalog
 * import, of embedding jobs and of training runs, then a restart on the same DATA_DIR. The
 * steps share one DATA_DIR and run in order, each on what the previous ones left; the last
 * opens the data directory itself and checks every table for duplicates and half-written rows.
 * `npm run faults` runs this file ten times in a row (bench/results/faults.md).
 */

const ADMIN = 'fault-test-admin-key-0123456789';
/** Products in the import manifest; every 10th has a second image, and the last shares product 0's. */
const IMPORTED = 150;
/** Products whose images are uploaded at once by several clients (the embedding step). */
const BULK = 250;
const UPLOADERS = 8;
/** Shopper searches judged to make training data (each: one positive and up to two negatives). */
const SEARCHES = 40;
/** Each step restarts the server once or more: generous, as a timeout here only catches hangs. */
const STEP_TIMEOUT_MS = 300_000;

type Gql = <T = any>(query: string, variables?: Record<string, unknown>) => Promise<{ data?: T; errors?: any[] }>;

type Running = {
  process: ServerProcess;
  url: string;
  gql: Gql;
  upload(productId: string, bytes: Buffer): Promise<{ data?: any; errors?: any[] }>;
  search(bytes: Buffer): Promise<{ data?: any; errors?: any[] }>;
  /** The scrape-time gauges this test watches. */
  state(): Promise<{ backlog: number; embedRunning: number; embedQueued: number }>;
};

/** FAULTS_TRACE=1 logs when each kill landed and how long each step took. */
const trace = (...args: unknown[]) => {
  if (process.env.FAULTS_TRACE) console.log(`[faults +${((Date.now() - T0) / 1000).toFixed(1)}s]`, ...args);
};
const T0 = Date.now();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  { timeoutMs = 120_000, context = () => '' }: { timeoutMs?: number; context?: () => string } = {},
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${context()}`);
    await sleep(40);
  }
}

describe('kill -9 and restart on the same DATA_DIR', () => {
  let dir: string;
  let dataDir: string;
  let imagesDir: string;
  let manifest: string;
  let server: Running | null = null;
  /** Product id by SKU, as the server reports it. */
  const productIds = new Map<string, string>();
  let failedVersion = '';
  let trainedVersion = '';

  const env = () => ({
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    ADMIN_API_KEY: ADMIN,
    DEMO_CATALOG: 'false',
    // Imports and uploads here send hundreds of requests a minute with one key.
    RATE_LIMIT_PER_MINUTE: '0',
  });

  async function start(): Promise<Running> {
    const spawned = spawnServer(env());
    const url = await spawned.ready;
    const post = async (body: RequestInit['body'], headers: Record<string, string>) => {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN}`, ...headers },
        body,
      });
      return (await res.json()) as { data?: any; errors?: any[] };
    };
    const multipart = (query: string, variables: Record<string, unknown>, bytes: Buffer) => {
      const form = new FormData();
      form.set('operations', JSON.stringify({ query, variables: { ...variables, image: null } }));
      form.set('map', JSON.stringify({ 0: ['variables.image'] }));
      form.set('0', new Blob([bytes]), 'photo');
      return post(form, { 'apollo-require-preflight': 'true' });
    };
    const running: Running = {
      process: spawned,
      url,
      gql: (query, variables = {}) =>
        post(JSON.stringify({ query, variables }), { 'content-type': 'application/json' }) as any,
      upload: (productId, bytes) =>
        multipart(
          'mutation($id: ID!, $image: Upload!) { addProductImage(productId: $id, image: $image) { id } }',
          { id: productId },
          bytes,
        ),
      search: (bytes) =>
        multipart(
          'mutation($image: Upload!) { searchByImage(image: $image, limit: 5) { id results { rank product { id sku } } } }',
          {},
          bytes,
        ),
      async state() {
        const text = await (await fetch(`${url}/metrics`)).text();
        const gauge = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? NaN);
        return {
          backlog: gauge(/^vitrina_embedding_backlog (\d+)$/m),
          embedRunning: gauge(/^vitrina_jobs_running\{kind="embed-catalog"\} (\d+)$/m),
          embedQueued: gauge(/^vitrina_jobs_queued\{kind="embed-catalog"\} (\d+)$/m),
        };
      },
    };
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    return running;
  }

  async function kill9(running: Running): Promise<void> {
    running.process.child.kill('SIGKILL');
    await running.process.exited;
    server = null;
  }

  async function restart(): Promise<Running> {
    const started = Date.now();
    server = await start();
    trace(`serving after ${Date.now() - started} ms`);
    return server;
  }

  /** Every embedding job done and nothing left unembedded for the active version. */
  async function settled(running: Running): Promise<void> {
    let last = {};
    await waitFor(
      'the embedding queue to drain',
      async () => {
        const s = await running.state();
        last = s;
        return s.backlog === 0 && s.embedRunning === 0 && s.embedQueued === 0;
      },
      { context: () => ` (${JSON.stringify(last)}); the server's log ends:\n${running.process.output().slice(-6000)}` },
    );
  }

  function runImport(url: string): { exited: Promise<{ code: number | null; out: string; err: string }> } {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/main.ts', 'import', manifest, '--images', imagesDir, '--json'],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          VITRINA_API_URL: `${url}/graphql`,
          VITRINA_API_KEY: ADMIN,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    return { exited: new Promise((resolve) => child.on('exit', (code) => resolve({ code, out, err }))) };
  }

  async function productCount(running: Running): Promise<number> {
    const res = await running.gql('{ products(first: 1) { totalCount } }');
    return res.data!.products.totalCount;
  }

  async function allProducts(running: Running): Promise<Array<{ id: string; sku: string; images: any[] }>> {
    const all = [];
    for (let after: string | null = null; ;) {
      const res: any = await running.gql(
        'query($after: String) { products(first: 100, after: $after) { nodes { id sku images { imageSha256 } } pageInfo { endCursor hasNextPage } } }',
        { after },
      );
      expect(res.errors).toBeUndefined();
      all.push(...res.data.products.nodes);
      if (!res.data.products.pageInfo.hasNextPage) return all;
      after = res.data.products.pageInfo.endCursor;
    }
  }

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vitrina-faults-'));
    dataDir = path.join(dir, 'data');
    imagesDir = path.join(dir, 'catalog');
    await fs.mkdir(imagesDir);
    const rows = [];
    for (let i = 0; i < IMPORTED; i++) {
      const images = [`p${i}.jpg`];
      await fs.writeFile(
        path.join(imagesDir, images[0]!),
        await makeImage(i + 1, { width: 160, height: 120, format: 'jpeg' }),
      );
      if (i % 10 === 0) {
        images.push(`p${i}-back.png`);
        await fs.writeFile(path.join(imagesDir, images[1]!), await makeImage(i + 1, { width: 120, height: 120 }));
      }
      if (i === IMPORTED - 1) images.push('p0.jpg');
      rows.push({ sku: `SKU-${i}`, name: `Product ${i}`, category: i % 2 ? 'odd' : 'even', images });
    }
    manifest = path.join(dir, 'catalog.json');
    await fs.writeFile(manifest, JSON.stringify(rows));
  });

  afterAll(async () => {
    if (server) await kill9(server);
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it(
    'a catalog import killed halfway: the re-run completes it and a third run changes nothing',
    async () => {
      const first = await restart();
      const cli = runImport(first.url);
      // Inside the import: some products are in, most are not.
      const before = await waitFor('the import to be under way', async () => {
        const n = await productCount(first);
        return n >= 40 ? n : null;
      });
      trace('kill -9 during the import with', before, 'products in');
      await kill9(first);
      const interrupted = await cli.exited;
      expect(interrupted.code, interrupted.err).toBe(1);
      expect(interrupted.err).toMatch(/UNAVAILABLE/);

      const second = await restart();
      const resumed = await runImport(second.url).exited;
      expect(resumed.code, resumed.err).toBe(0);
      const report = JSON.parse(resumed.out);
      expect(report.failures).toEqual([]);
      // What the killed run created stays; the rest is created now, once.
      expect(report.created).toBeGreaterThan(0);
      expect(report.created).toBeLessThanOrEqual(IMPORTED - before);

      const again = await runImport(second.url).exited;
      expect(again.code, again.err).toBe(0);
      expect(JSON.parse(again.out)).toEqual({
        rows: IMPORTED,
        created: 0,
        imagesAdded: 0,
        unchanged: IMPORTED,
        failures: [],
      });

      const products = await allProducts(second);
      expect(products).toHaveLength(IMPORTED);
      expect(new Set(products.map((p) => p.sku)).size).toBe(IMPORTED);
      for (const p of products) {
        productIds.set(p.sku, p.id);
        const i = Number(p.sku.slice(4));
        const expected = 1 + (i % 10 === 0 ? 1 : 0) + (i === IMPORTED - 1 ? 1 : 0);
        expect(p.images, p.sku).toHaveLength(expected);
        expect(new Set(p.images.map((im) => im.imageSha256)).size).toBe(expected);
      }
      await settled(second);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'embedding jobs killed while embedding resume on restart and embed every image',
    async () => {
      const running = server!;
      const images = await Promise.all(
        // Another size than the import's: makeImage repeats itself every 256 seeds.
        Array.from({ length: BULK }, (_, i) => makeImage(i + 1, { width: 176, height: 132, format: 'jpeg' })),
      );
      const ids: string[] = [];
      for (let i = 0; i < BULK; i += 50) {
        const created = await Promise.all(
          Array.from({ length: Math.min(50, BULK - i) }, (_, j) =>
            running.gql<{ createProduct: { id: string } }>(
              'mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }',
              { input: { name: `Bulk ${i + j}`, sku: `BULK-${i + j}` } },
            ),
          ),
        );
        for (const res of created) ids.push(res.data!.createProduct.id);
      }

      // Several clients upload at once, faster than the worker embeds: a backlog builds up.
      const uploaded = new Set<number>();
      let next = 0;
      const uploads = Promise.all(
        Array.from({ length: UPLOADERS }, async () => {
          while (next < BULK) {
            const i = next++;
            const res = await running.upload(ids[i]!, images[i]!).catch(() => null);
            if (res && !res.errors) uploaded.add(i);
          }
        }),
      );
      let done = false;
      void uploads.then(() => (done = true));
      const seen = await waitFor('the embedding job to be at work', async () => {
        const s = await running.state();
        const working = s.embedRunning === 1 && s.backlog > 0;
        return working && (s.backlog >= 40 || done) ? s : null;
      });
      // Some of the backlog's images got their vectors already: the kill lands inside the work.
      expect(uploaded.size).toBeGreaterThan(seen.backlog);
      trace('kill -9 while embedding:', seen, uploaded.size, 'images uploaded');
      await kill9(running);
      await uploads;

      const restarted = await restart();
      // A client retries what it did not see succeed; an image that is there already is a no-op.
      for (let i = 0; i < BULK; i++) {
        if (uploaded.has(i)) continue;
        const res = await restarted.upload(ids[i]!, images[i]!);
        expect(res.errors).toBeUndefined();
      }
      await settled(restarted);
      const products = await allProducts(restarted);
      expect(products).toHaveLength(IMPORTED + BULK);
      for (const id of ids) expect(products.find((p) => p.id === id)!.images).toHaveLength(1);
    },
    STEP_TIMEOUT_MS,
  );

  const RUN = 'query($id: ID!) { trainingRun(id: $id) { id status progress error modelVersion { id status } } }';

  async function trainingRun(running: Running, id: string) {
    const res = await running.gql(RUN, { id });
    expect(res.errors).toBeUndefined();
    return res.data!.trainingRun as {
      id: string;
      status: string;
      progress: number;
      error: string | null;
      modelVersion: { id: string; status: string } | null;
    };
  }

  /** Kill the server once the run is RUNNING and `when` holds for its progress. */
  async function killDuring(running: Running, runId: string, when: (progress: number) => boolean) {
    const seen: number[] = [];
    const run = await waitFor('the training run to reach the wanted phase', async () => {
      const r = await trainingRun(running, runId);
      if (r.status !== 'QUEUED' && r.status !== 'RUNNING') {
        throw new Error(`run ended before the kill: ${JSON.stringify(r)}, progress seen ${seen}`);
      }
      if (seen.at(-1) !== r.progress) seen.push(r.progress);
      return r.status === 'RUNNING' && when(r.progress) ? r : null;
    });
    await kill9(running);
    trace('progress seen before the kill:', seen.map((p) => p.toFixed(3)).join(' '));
    return run;
  }

  async function finished(running: Running, runId: string) {
    return waitFor('the training run to end', async () => {
      const r = await trainingRun(running, runId);
      return r.status === 'QUEUED' || r.status === 'RUNNING' ? null : r;
    });
  }

  async function judgeSearches(running: Running): Promise<void> {
    // Shoppers' photos: another rendering of a catalog product, judged against the results.
    const feedback = (input: Record<string, unknown>) =>
      running.gql('mutation($input: FeedbackInput!) { giveFeedback(input: $input) { id } }', { input });
    for (let i = 0; i < SEARCHES; i++) {
      const res = await running.search(await makeImage(i + 1, { width: 200, height: 150 }));
      expect(res.errors).toBeUndefined();
      const search = res.data.searchByImage;
      const right = productIds.get(`SKU-${i}`)!;
      const found = search.results.some((r: any) => r.product.id === right);
      for (const r of search.results.filter((r: any) => r.product.id !== right).slice(0, 2)) {
        expect(
          (await feedback({ searchId: search.id, productId: r.product.id, verdict: 'INCORRECT' })).errors,
        ).toBeUndefined();
      }
      const verdict = found ? 'CORRECT' : 'CORRECT_PRODUCT';
      expect((await feedback({ searchId: search.id, productId: right, verdict })).errors).toBeUndefined();
    }
  }

  async function startTraining(running: Running): Promise<string> {
    // Enough epochs of a full matrix that the run trains for a few seconds.
    const started = await running.gql(
      'mutation { startTraining(input: { epochs: 30, adapterKind: "linear" }) { id } }',
    );
    expect(started.errors).toBeUndefined();
    return started.data.startTraining.id;
  }

  it(
    'a training run killed while training is re-run; killed again while writing its vectors it fails cleanly',
    async () => {
      await judgeSearches(server!);
      const runId = await startTraining(server!);
      // Inside the epochs (the tfjs worker thread is training).
      const killed = await killDuring(server!, runId, (p) => p >= 0.3 && p < 0.85);
      trace('first kill at progress', killed.progress);

      // Its job is queued again: the same run trains again, into the same version.
      const again = await killDuring(await restart(), runId, (p) => p > 0.9);
      trace('second kill at progress', again.progress);
      expect(again.modelVersion!.id).toBe(killed.modelVersion!.id);

      // Killed twice, its job has used its attempts: the run fails, saying why, and so does its version.
      const failed = await finished(await restart(), runId);
      expect(failed.status).toBe('FAILED');
      expect(failed.error).toMatch(/interrupted/);
      expect(failed.modelVersion).toEqual({ id: killed.modelVersion!.id, status: 'FAILED' });
      failedVersion = failed.modelVersion!.id;
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'a training run killed while writing its vectors is re-run and ends with a ready version',
    async () => {
      const runId = await startTraining(server!);
      const killed = await killDuring(server!, runId, (p) => p > 0.9);
      trace('kill at progress', killed.progress);

      const done = await finished(await restart(), runId);
      expect(done.error).toBeNull();
      expect(done.status).toBe('SUCCEEDED');
      expect(done.modelVersion).toEqual({ id: killed.modelVersion!.id, status: 'READY' });
      trainedVersion = done.modelVersion!.id;
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'leaves no duplicate or half-written product, image, embedding, vector, version or job',
    async () => {
      // Once the catch-up after the last restart is done, nothing may be left running.
      await settled(server!);
      await kill9(server!);
      const database = await startEmbeddedPostgres({ dataDir: embeddedDataDir(dataDir) });
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      const rows = async (sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows;
      try {
        // Products: unique by SKU, all there.
        expect(
          await rows(
            `SELECT count(*)::int AS n, count(DISTINCT sku)::int AS skus FROM products WHERE deleted_at IS NULL`,
          ),
        ).toEqual([{ n: IMPORTED + BULK, skus: IMPORTED + BULK }]);
        // Images: each attached once per product; the import's shared image is stored once.
        const imageCount = IMPORTED + IMPORTED / 10 + 1 + BULK;
        expect(
          await rows(
            `SELECT count(*)::int AS n, count(DISTINCT (product_id, image_sha256))::int AS pairs FROM product_images`,
          ),
        ).toEqual([{ n: imageCount, pairs: imageCount }]);
        expect(await rows(`SELECT count(DISTINCT image_sha256)::int AS n FROM product_images`)).toEqual([
          { n: imageCount - 1 },
        ]);
        // Every catalog file is whole: its bytes hash to its name.
        const stored = await rows(
          `SELECT i.sha256, i.format, i.byte_size FROM images i WHERE EXISTS (SELECT 1 FROM product_images pi WHERE pi.image_sha256 = i.sha256)`,
        );
        expect(stored).toHaveLength(imageCount - 1);
        for (const f of stored) {
          const ext = f.format === 'jpeg' ? 'jpg' : f.format;
          const bytes = await fs.readFile(path.join(dataDir, 'images', f.sha256.slice(0, 2), `${f.sha256}.${ext}`));
          expect(bytes.length).toBe(f.byte_size);
          expect(createHash('sha256').update(bytes).digest('hex')).toBe(f.sha256);
        }

        // A file being written when the process died stays under a temporary name, never as a
        // stored image (it is renamed into place once whole), and the next start removes it.
        const files = await fs.readdir(path.join(dataDir, 'images'), { recursive: true });
        expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);

        // Exactly one base embedding per catalog image and encoder, of the encoder's dimension.
        const [encoder] = await rows(`SELECT encoder_id, dim FROM model_versions WHERE status = 'active'`);
        expect(
          await rows(
            `SELECT pi.image_sha256, count(ie.*)::int AS n FROM (SELECT DISTINCT image_sha256 FROM product_images) pi
           LEFT JOIN image_embeddings ie ON ie.image_sha256 = pi.image_sha256 AND ie.encoder_id = $1
           GROUP BY pi.image_sha256 HAVING count(ie.*) <> 1`,
            [encoder.encoder_id],
          ),
        ).toEqual([]);
        expect(await rows(`SELECT DISTINCT dim, vector_dims(embedding) AS dims FROM image_embeddings`)).toEqual([
          { dim: encoder.dim, dims: encoder.dim },
        ]);

        // Versions: the base (active), the trained one (ready) and the one whose run failed.
        const versions = await rows(
          `SELECT id, status, adapter_kind, adapter_weights, adapter_checksum, dim,
                (SELECT count(*)::int FROM version_vectors v WHERE v.model_version_id = mv.id) AS vectors,
                (SELECT count(DISTINCT product_image_id)::int FROM version_vectors v WHERE v.model_version_id = mv.id) AS images
         FROM model_versions mv ORDER BY created_at`,
        );
        expect(versions.map((v) => [v.id, v.status])).toEqual([
          [versions[0].id, 'active'],
          [failedVersion, 'failed'],
          [trainedVersion, 'ready'],
        ]);
        for (const v of versions) {
          if (v.status === 'failed') {
            expect(v.vectors, 'a failed version keeps no vectors').toBe(0);
            continue;
          }
          // One vector per catalog image, no more, no less.
          expect({ vectors: v.vectors, images: v.images }).toEqual({ vectors: imageCount, images: imageCount });
          if (v.adapter_kind === null) continue;
          // The adapter is whole: it matches its checksum and loads.
          expect(adapterChecksum(v.adapter_weights)).toBe(v.adapter_checksum);
          expect(deserializeAdapter(v.adapter_weights).dim).toBe(v.dim);
        }
        expect(
          await rows(
            `SELECT count(*)::int AS n FROM version_vectors v
           WHERE NOT EXISTS (SELECT 1 FROM product_images pi WHERE pi.id = v.product_image_id AND pi.product_id = v.product_id)`,
          ),
        ).toEqual([{ n: 0 }]);

        // Nothing stuck: no job or run left running or queued, no embedding job given up.
        expect(
          await rows(
            `SELECT kind, status FROM jobs WHERE status IN ('queued', 'running') OR (kind = 'embed-catalog' AND status = 'failed')`,
          ),
        ).toEqual([]);
        expect(
          await rows(`SELECT status, count(*)::int AS n FROM training_runs GROUP BY status ORDER BY status`),
        ).toEqual([
          { status: 'failed', n: 1 },
          { status: 'succeeded', n: 1 },
        ]);
      } finally {
        await client.end();
        await database.close();
      }
    },
    STEP_TIMEOUT_MS,
  );
});
