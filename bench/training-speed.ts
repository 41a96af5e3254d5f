/**
 * Speed of the learning loop on this machine (built-in encoder, embedded database):
 *  - a 10,000-image catalog and 500 feedback examples (synthetic base embeddings with the
 *    structure of real ones: groups of look-alike products; query photos near their product);
 *  - `startTraining` with default parameters, timed until the new version is ready, its
 *    catalog vectors derived and indexed;
 *  - `searchByImage` latency over HTTP while idle, and while the run trains and indexes.
 * Usage: node --import tsx bench/training-speed.ts [--catalog 10000] [--examples 500]
 * Writes bench/results/training-speed.{json,md}.
 */
import 'reflect-metadata';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { loadConfig } from '../src/config.js';
import { startVitrina } from '../src/app.js';
import { createLogger } from '../src/api/logger.js';
import { startEmbeddedPostgres } from '../src/db/embedded.js';
import { l2normalize } from '../src/ml/encoder.js';
import { insertSyntheticProducts } from './synthetic-catalog.js';
import { rng } from './retrieval.js';
import { toPgVectorBinary } from '../src/ml/vectors.js';
import { VitrinaClient } from '../src/client/graphql-client.js';
import { DEMO_PRODUCTS } from '../src/demo/drawings.js';
import { renderDemoImage } from '../src/demo/demo-catalog.js';

const { values } = parseArgs({
  options: { catalog: { type: 'string', default: '10000' }, examples: { type: 'string', default: '500' } },
});
const catalogSize = Number(values.catalog);
const exampleCount = Number(values.examples);
const root = path.resolve(import.meta.dirname, '..');
const ADMIN = 'bench-admin-key-0123456789';
// mulberry32: a float LCG like (seed × 1103515245 + 12345) mod 2³¹ overflows 2⁵³, falls into
// short cycles and makes duplicate vectors, which HNSW handles badly and no catalog has.
const rand = rng(7);
const round = (x: number) => Math.round(x * 10) / 10;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};

const database = await startEmbeddedPostgres();
const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'vitrina-train-bench-'));
const vitrina = await startVitrina(
  loadConfig({ DATA_DIR: dataDir, ADMIN_API_KEY: ADMIN, DEMO_CATALOG: 'true', LOG_LEVEL: 'warn' }),
  { database, port: 0, logger: createLogger('warn') },
);
await vitrina.worker!.drain(120_000);
const ds = vitrina.dataSource;
const { registry, index } = vitrina.services;
const version = await registry.active();
const encoderId = version.encoderId;
const dim = version.dim;

// Synthetic base embeddings: 500 groups of look-alikes.
const centres = Array.from({ length: 500 }, () => Float32Array.from({ length: dim }, () => rand() - 0.5));
const near = (v: Float32Array, noise: number) => l2normalize(v.map((x) => x + (rand() - 0.5) * noise));
const productVectors: Float32Array[] = [];

console.log(`catalog: ${catalogSize} products with one image each`);
await index.dropIndex(version);
for (let start = 0; start < catalogSize; start += 500) {
  const n = Math.min(500, catalogSize - start);
  const rows = await insertSyntheticProducts(ds, start, start + n - 1);
  const vectors = rows.map(() => near(centres[Math.floor(rand() * centres.length)]!, 0.6));
  productVectors.push(...vectors);
  const params: unknown[] = [encoderId, dim];
  const tuples = rows.map((r, k) => {
    params.push(r.image_sha256, toPgVectorBinary(vectors[k]!));
    return `($${params.length - 1}, $1, $2, $${params.length}::vector)`;
  });
  await ds.query(
    `INSERT INTO image_embeddings (image_sha256, encoder_id, dim, embedding) VALUES ${tuples.join(', ')}`,
    params,
  );
  await index.upsert(
    version,
    rows.map((r, k) => ({ productImageId: r.id, productId: r.product_id, vector: vectors[k]! })),
  );
}
await index.ensureIndex(version);
await index.analyze();
const productIds = (await ds.query(
  `SELECT p.id FROM products p WHERE p.category = 'synthetic' ORDER BY p.created_at, p.id`,
)) as { id: string }[];

// Feedback: one search per example photo (near its product, but off), judged CORRECT; every
// fifth also has an INCORRECT on a look-alike.
console.log(`feedback: ${exampleCount} examples`);
for (let e = 0, made = 0; made < exampleCount; e++) {
  const target = Math.floor(rand() * Math.min(productIds.length, productVectors.length));
  const sha = `bench-query-${String(e).padStart(8, '0')}`.padEnd(64, 'q');
  const [search] = (await ds.query(
    `WITH i AS (INSERT INTO images (sha256, format, width, height, byte_size) VALUES ($1, 'jpeg', 1, 1, 1)),
       e AS (INSERT INTO image_embeddings (image_sha256, encoder_id, dim, embedding) VALUES ($1, $2, $3, $4::vector))
     INSERT INTO searches (kind, user_id, query_image_sha256, model_version_id, result_limit, latency_ms)
     VALUES ('image', $5, $1, $6, 5, 1) RETURNING id`,
    [sha, encoderId, dim, toPgVectorBinary(near(productVectors[target]!, 1.2)), `bench:${e % 40}`, version.id],
  )) as { id: string }[];
  await ds.query(
    `INSERT INTO training_examples (search_id, image_sha256, user_id, feedback_type, product_id, model_version_id)
     VALUES ($1, $2, $3, 'correct', $4, $5)`,
    [search!.id, sha, `bench:${e % 40}`, productIds[target]!.id, version.id],
  );
  made++;
  if (e % 5 === 0 && made < exampleCount) {
    made++;
    await ds.query(
      `INSERT INTO training_examples (search_id, image_sha256, user_id, feedback_type, product_id, model_version_id)
       VALUES ($1, $2, $3, 'incorrect', $4, $5)`,
      [search!.id, sha, `bench:${e % 40}`, productIds[(target + 1) % productIds.length]!.id, version.id],
    );
  }
}

// Searches: real photos of the demo products, over HTTP.
const client = new VitrinaClient({ url: `${vitrina.url}/graphql`, apiKey: ADMIN });
const photos = await Promise.all(
  Array.from({ length: 60 }, async (_, i) =>
    sharp(
      await renderDemoImage(DEMO_PRODUCTS[i % DEMO_PRODUCTS.length]!, {
        angle: rand() * 40 - 20,
        scale: 0.7 + rand() * 0.3,
        background: `hsl(${Math.floor(rand() * 360)}, 30%, 75%)`,
        dx: 0,
        dy: 0,
      }),
    )
      .resize(640, 480, { fit: 'fill' })
      .jpeg({ quality: 85 })
      .toBuffer(),
  ),
);
let photo = 0;
async function timedSearch(): Promise<number> {
  const bytes = photos[photo++ % photos.length]!;
  const started = performance.now();
  await client.upload(
    'mutation($image: Upload!) { searchByImage(image: $image, limit: 5) { id results { rank } } }',
    {},
    'image',
    { bytes, filename: 'photo.jpg', contentType: 'image/jpeg' },
  );
  return performance.now() - started;
}
for (let i = 0; i < 20; i++) await timedSearch();
const idle: number[] = [];
for (let i = 0; i < 200; i++) idle.push(await timedSearch());

type Run = Record<string, unknown> & { wallSeconds: number; trainingSeconds: number };

/**
 * One training run from startTraining to its end. With `searching`, searches run back to back
 * all along, each tagged with the run's phase when it started.
 */
async function train(searching: boolean): Promise<{ run: Run; during: Record<string, number[]> }> {
  const startedAt = performance.now();
  const { startTraining } = await client.request<{ startTraining: { id: string } }>(
    'mutation { startTraining { id } }',
  );
  let phase = 'queued';
  let trainedAt: number | null = null;
  let finished: Run | null = null;
  const poller = (async () => {
    for (;;) {
      const rows = (await ds.query(
        `SELECT status, progress, duration_ms, examples_used, accuracy_before, accuracy_after, error FROM training_runs WHERE id = $1`,
        [startTraining.id],
      )) as Array<Record<string, unknown>>;
      const run = rows[0]!;
      phase = run.status !== 'running' ? String(run.status) : Number(run.progress) < 0.9 ? 'training' : 'vectors';
      if (phase !== 'queued' && phase !== 'training') trainedAt ??= performance.now();
      if (!['queued', 'running'].includes(String(run.status))) {
        finished = {
          ...run,
          wallSeconds: round((performance.now() - startedAt) / 1000),
          trainingSeconds: round(((trainedAt ?? performance.now()) - startedAt) / 1000),
        };
        return;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  const during: Record<string, number[]> = { training: [], vectors: [] };
  while (searching && !finished) {
    const tag = phase;
    const ms = await timedSearch();
    if (tag in during) during[tag]!.push(ms);
  }
  await poller;
  const run = finished as unknown as Run;
  if (run.status !== 'succeeded') throw new Error(`training ${String(run.status)}: ${String(run.error)}`);
  return { run, during };
}

// First alone (how fast a run is), then with searches all along (what it costs them).
const { run } = await train(false);
const { run: loaded, during } = await train(true);

const summary = (xs: number[]) => ({
  searches: xs.length,
  p50: round(pct(xs, 50)),
  p95: round(pct(xs, 95)),
  p99: round(pct(xs, 99)),
  max: round(Math.max(...xs)),
});
const report = {
  benchmark: 'training-speed',
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, node: process.version },
  catalog: catalogSize,
  examples: run.examples_used,
  run: {
    wallSecondsToReady: run.wallSeconds,
    trainingSeconds: run.trainingSeconds,
    durationMs: run.duration_ms,
    accuracyBefore: run.accuracy_before,
    accuracyAfter: run.accuracy_after,
  },
  runWithSearches: {
    wallSecondsToReady: loaded.wallSeconds,
    trainingSeconds: loaded.trainingSeconds,
    durationMs: loaded.duration_ms,
  },
  searchByImage: { idle: summary(idle), training: summary(during.training!), vectors: summary(during.vectors!) },
};
const s = report.searchByImage;
const table = [
  `Catalog ${catalogSize} images (dim ${dim}), ${String(run.examples_used)} feedback examples, default training parameters, embedded database, ${os.cpus().length} CPUs.`,
  '',
  '| measure | result |',
  '|---|---|',
  `| startTraining → adapter trained and evaluated | ${run.trainingSeconds} s (${loaded.trainingSeconds} s with searches running) |`,
  `| startTraining → version ready, vectors derived and indexed | ${run.wallSeconds} s (${loaded.wallSeconds} s with searches running) |`,
  `| searchByImage idle | p50 ${s.idle.p50} ms, p99 ${s.idle.p99} ms (${s.idle.searches} searches) |`,
  `| searchByImage while the adapter trains | p50 ${s.training.p50} ms, p99 ${s.training.p99} ms (${s.training.searches} searches) |`,
  `| searchByImage while the catalog vectors are derived and indexed | p50 ${s.vectors.p50} ms, p99 ${s.vectors.p99} ms, max ${s.vectors.max} ms (${s.vectors.searches} searches) |`,
].join('\n');
console.log(table);
await fs.mkdir(path.join(root, 'bench/results'), { recursive: true });
await fs.writeFile(path.join(root, 'bench/results/training-speed.json'), `${JSON.stringify(report, null, 2)}\n`);
await fs.writeFile(path.join(root, 'bench/results/training-speed.md'), `${table}\n`);
await vitrina.stop();
await database.close();
await fs.rm(dataDir, { recursive: true, force: true });
