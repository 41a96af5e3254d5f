/**
 * Speed of the search path on this machine, with the built-in encoder and the embedded database:
 *  1. encoder throughput (images/s) on 640×480 JPEG photos, in batches;
 *  2. k-NN latency at 1k / 10k / 50k catalog vectors (HNSW, one version);
 *  3. end-to-end `searchByImage` over HTTP at 10k: sequential p50/p95/p99, and throughput with
 *     8 concurrent clients.
 * Usage: node --import tsx bench/search-speed.ts [--sizes 1000,10000,50000] [--seconds 15]
 * Writes bench/results/search-speed.json and .md.
 */
import 'reflect-metadata';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { startVitrina } from '../src/app.js';
import { createLogger } from '../src/api/logger.js';
import { startEmbeddedPostgres } from '../src/db/embedded.js';
import { BuiltinEncoder } from '../src/ml/builtin/index.js';
import { DEMO_PRODUCTS, type View } from '../src/demo/drawings.js';
import { renderDemoImage } from '../src/demo/demo-catalog.js';
import { l2normalize } from '../src/ml/encoder.js';
import { insertSyntheticProducts } from './synthetic-catalog.js';
import { pct, round, runClients, summary } from './search-clients.js';
import { rng } from './retrieval.js';
import { VectorIndex } from '../src/services/vector-index.js';

const { values } = parseArgs({
  options: { sizes: { type: 'string', default: '1000,10000,50000' }, seconds: { type: 'string', default: '15' } },
});
const sizes = values.sizes!.split(',').map(Number);
const seconds = Number(values.seconds);
const root = path.resolve(import.meta.dirname, '..');
const ADMIN = 'bench-admin-key-0123456789';

// mulberry32: a float LCG like (seed × 1103515245 + 12345) mod 2³¹ overflows 2⁵³, falls into
// short cycles and makes duplicate vectors, which HNSW handles badly and no catalog has.
const rand = rng(42);

async function photo(i: number): Promise<Buffer> {
  const item = DEMO_PRODUCTS[i % DEMO_PRODUCTS.length]!;
  const view: View = {
    angle: rand() * 60 - 30,
    scale: 0.6 + rand() * 0.4,
    background: `hsl(${Math.floor(rand() * 360)}, 30%, 75%)`,
    dx: rand() * 40 - 20,
    dy: rand() * 40 - 20,
  };
  const png = await renderDemoImage(item, view);
  const sharp = (await import('sharp')).default;
  return sharp(png).resize(640, 480, { fit: 'fill' }).jpeg({ quality: 85 }).toBuffer();
}

const report: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
};

// 1. Encoder throughput.
const encoder = new BuiltinEncoder();
const photos = await Promise.all(Array.from({ length: 64 }, (_, i) => photo(i)));
await encoder.embedImages(photos.slice(0, 8)); // warm-up
const total = 640;
const t = performance.now();
for (let done = 0; done < total; done += 32)
  await encoder.embedImages(Array.from({ length: 32 }, (_, j) => photos[(done + j) % photos.length]!));
const imagesPerSecond = total / ((performance.now() - t) / 1000);
report.encoder = {
  id: encoder.id,
  dim: encoder.dim,
  photo: '640x480 JPEG',
  batch: 32,
  imagesPerSecond: round(imagesPerSecond),
};
console.log(`encoder: ${round(imagesPerSecond)} images/s`);

// A server over an in-memory embedded database. Rate limits off (RATE_LIMIT_PER_MINUTE=0), as in
// bench:load: the 8 clients measure capacity, not the limiter's budget of 600 a minute.
const database = await startEmbeddedPostgres();
const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'vitrina-bench-'));
const vitrina = await startVitrina(
  loadConfig({
    DATA_DIR: dataDir,
    ADMIN_API_KEY: ADMIN,
    DEMO_CATALOG: 'true',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '0',
  }),
  { database, port: 0, logger: createLogger('warn'), encoder },
);
await vitrina.worker!.drain(120_000);
const { index, registry } = vitrina.services;
const version = await registry.active();
const ds = vitrina.dataSource;

/**
 * Synthetic catalog vectors with the structure real descriptors have: products fall into
 * groups of look-alikes (a mixture of 500 directions with noise). Uniformly random vectors
 * would be the worst case for HNSW, unlike any catalog.
 */
const centres = Array.from({ length: 500 }, () => Float32Array.from({ length: version.dim }, () => rand() - 0.5));
function catalogVector(): Float32Array {
  const centre = centres[Math.floor(rand() * centres.length)]!;
  return l2normalize(centre.map((c) => c + (rand() - 0.5) * 0.6));
}

/**
 * Grow the catalog to `to` vectors the way a bulk import does: rows first, then the version's
 * HNSW index built once over all of them (growing an HNSW graph row by row is much slower).
 */
async function growCatalog(to: number): Promise<{ insertSeconds: number; indexSeconds: number }> {
  const have = Number((await ds.query('SELECT count(*)::int AS n FROM version_vectors'))[0].n);
  let t = performance.now();
  await index.dropIndex(version);
  for (let start = have; start < to; start += 1000) {
    const n = Math.min(1000, to - start);
    const rows = await insertSyntheticProducts(ds, start, start + n - 1);
    for (let k = 0; k < rows.length; k += 250) {
      await index.upsert(
        version,
        rows.slice(k, k + 250).map((r) => ({ productImageId: r.id, productId: r.product_id, vector: catalogVector() })),
      );
    }
    process.stdout.write(`\rcatalog vectors: ${start + n}`);
  }
  process.stdout.write('\n');
  const insertSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  await index.ensureIndex(version);
  await index.analyze(); // as the embedding job does after its batches
  return { insertSeconds: round(insertSeconds), indexSeconds: round((performance.now() - t) / 1000) };
}

// 2. k-NN latency.
const knn: Record<string, unknown> = {};
const queries = Array.from({ length: 200 }, () => catalogVector());
const endToEnd: Record<string, unknown> = {};
for (const size of sizes) {
  const load = await growCatalog(size);
  for (const q of queries.slice(0, 20)) await index.nearest(version, q, 5);
  const times: number[] = [];
  for (const q of queries) {
    const s = performance.now();
    await index.nearest(version, q, 5);
    times.push(performance.now() - s);
  }
  const usesIndex = (await index.explainNearest(version, queries[0]!, 5)).includes(VectorIndex.indexName(version));
  // Recall of the HNSW answer against an exact scan: the share of the true 5 nearest products found.
  let found = 0;
  const checked = queries.slice(0, 50);
  for (const q of checked) {
    const exact = (await ds.query(
      `SELECT product_id FROM version_vectors WHERE model_version_id = $1
       GROUP BY product_id ORDER BY min(embedding::vector(${version.dim}) <=> $2::vector(${version.dim})) LIMIT 5`,
      [version.id, `[${Array.from(q).join(',')}]`],
    )) as Array<{ product_id: string }>;
    const approximate = new Set((await index.nearest(version, q, 5)).map((n) => n.productId));
    found += exact.filter((e) => approximate.has(e.product_id)).length;
  }
  const recall5 = round(found / (checked.length * 5));
  knn[size] = {
    recall5,
    p50: round(pct(times, 50)),
    p95: round(pct(times, 95)),
    p99: round(pct(times, 99)),
    usesHnswIndex: usesIndex,
    ...load,
  };
  console.log(
    `k-NN at ${size}: p50 ${round(pct(times, 50))} ms, p99 ${round(pct(times, 99))} ms, recall@5 ${recall5}, HNSW index used: ${usesIndex}`,
  );
  if (size === 10_000 || size === sizes[sizes.length - 1]) endToEnd[size] = await httpSearches();
}
report.knn = knn;
report.searchByImage = endToEnd;

async function httpSearches(): Promise<Record<string, unknown>> {
  // Distinct photos, so that embeddings are computed, not reused.
  const fresh = await Promise.all(Array.from({ length: 600 }, (_, i) => photo(1000 + i)));
  await runClients(`${vitrina.url}/graphql`, ADMIN, fresh.slice(0, 10), { concurrency: 1, count: 10 }); // warm-up
  const sequential = summary(
    await runClients(`${vitrina.url}/graphql`, ADMIN, fresh.slice(10, 310), { concurrency: 1, count: 300 }),
  );
  const concurrent8 = summary(
    await runClients(`${vitrina.url}/graphql`, ADMIN, fresh.slice(310), { concurrency: 8, seconds }),
    seconds,
  );
  const result = { sequential, concurrent8 };
  console.log('searchByImage over HTTP:', JSON.stringify(result));
  return result;
}

await vitrina.stop();
await database.close();
await fs.rm(dataDir, { recursive: true, force: true });

await fs.mkdir(path.join(root, 'bench/results'), { recursive: true });
await fs.writeFile(path.join(root, 'bench/results/search-speed.json'), `${JSON.stringify(report, null, 2)}\n`);
const lines = [
  '| measure | result |',
  '|---|---|',
  `| built-in encoder, 640×480 JPEG, batches of 32 | ${round(imagesPerSecond)} images/s |`,
];
for (const [size, r] of Object.entries(knn) as [
  string,
  { p50: number; p95: number; p99: number; recall5: number; usesHnswIndex: boolean; indexSeconds: number },
][]) {
  lines.push(
    `| k-NN, ${size} vectors | p50 ${r.p50} ms, p95 ${r.p95} ms, p99 ${r.p99} ms (HNSW: ${r.usesHnswIndex ? 'yes' : 'no'}, recall@5 against an exact scan ${r.recall5}; index built in ${r.indexSeconds} s) |`,
  );
}
for (const [size, r] of Object.entries(endToEnd) as [string, any][]) {
  lines.push(
    `| searchByImage over HTTP, ${size} vectors, 1 client | p50 ${r.sequential.p50} ms, p95 ${r.sequential.p95} ms, p99 ${r.sequential.p99} ms |`,
  );
  lines.push(
    `| searchByImage over HTTP, ${size} vectors, 8 clients | ${r.concurrent8.perSecond} searches/s, p50 ${r.concurrent8.p50} ms, p99 ${r.concurrent8.p99} ms |`,
  );
}
await fs.writeFile(path.join(root, 'bench/results/search-speed.md'), `${lines.join('\n')}\n`);
console.log(lines.join('\n'));
