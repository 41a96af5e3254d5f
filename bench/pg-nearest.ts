/**
 * `npm run bench:pg-nearest`: the k-NN function's latency on a real PostgreSQL (DATABASE_URL,
 * with pgvector), with JIT as the server has it and with the function's own `jit = off`.
 * PGlite has no JIT, so only a real server shows the difference. It writes to the database it
 * is given: use a throwaway one. Results: bench/results/pg-nearest.{json,md}.
 */
import 'reflect-metadata';
import fs from 'node:fs/promises';
import path from 'node:path';
import { createDataSource, migrate } from '../src/db/data-source.js';
import { ModelVersion } from '../src/entities/model-version.entity.js';
import { l2normalize } from '../src/ml/encoder.js';
import { VectorIndex } from '../src/services/vector-index.js';
import { createRepositories } from '../src/repositories/index.js';
import { createRandom } from '../src/lib/random.js';
import { insertSyntheticGalleryViews, insertSyntheticProducts, type SyntheticImage } from './synthetic-catalog.js';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('bench:pg-nearest needs DATABASE_URL: a throwaway PostgreSQL with pgvector');
  process.exit(2);
}
const DIM = 604;
const SIZES = [300, 10_000];
const CALLS = 200;
/** Products with 20 gallery views each in the gallery case. */
const GALLERY_PRODUCTS = 500;
const FUNCTIONS = ['vitrina_nearest', 'vitrina_explain_nearest'].map(
  (name) => `${name}(uuid, integer, vector, integer, integer)`,
);

const ds = createDataSource({ url, embedded: false });
await ds.initialize();
await migrate(ds, { lock: true });
const index = new VectorIndex(createRepositories(ds));
const random = createRandom(7);
const vector = () => l2normalize(Float32Array.from({ length: DIM }, () => random.next() - 0.5));
const server = (await ds.query('SHOW server_version'))[0].server_version as string;
const jitSetting = (await ds.query('SHOW jit'))[0].jit as string;

const repo = ds.getRepository(ModelVersion);
const rows: Array<Record<string, string | number>> = [];

/** p50 / p99 of CALLS k-NN queries on `version` with JIT as `jit` says. */
async function measure(version: ModelVersion, vectors: string, jit: string): Promise<void> {
  for (const fn of FUNCTIONS) {
    await ds.query(jit === 'server default' ? `ALTER FUNCTION ${fn} RESET jit` : `ALTER FUNCTION ${fn} SET jit = off`);
  }
  const times: number[] = [];
  for (let i = 0; i < CALLS + 10; i++) {
    const t = performance.now();
    await index.nearest(version, vector(), 5);
    if (i >= 10) times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))]! * 10) / 10;
  const row = { vectors, jit, p50Ms: at(0.5), p99Ms: at(0.99) };
  rows.push(row);
  console.log(row);
}

let have = 0;
let largest: { version: ModelVersion; images: SyntheticImage[] } | null = null;
for (const size of SIZES) {
  const version = await repo.save(
    repo.create({
      name: `bench-${size}-${Date.now()}`,
      encoderId: 'bench',
      encoderChecksum: 'x',
      dim: DIM,
      status: 'ready',
      parameters: {},
    }),
  );
  const images = await insertSyntheticProducts(ds, have + 1, have + size);
  have += size;
  await index.ensureIndex(version);
  await index.upsertPaced(
    version,
    images.map((image) => ({ productImageId: image.id, productId: image.product_id, vector: vector() })),
  );
  await index.analyze();
  for (const jit of ['server default', 'off (the fix)']) await measure(version, String(size), jit);
  largest = { version, images };
}

// Gallery views beside the largest catalog: a second HNSW scan in the same query (the plan must
// use both partial indexes, not a scan of either table).
const { version, images } = largest!;
const views = await insertSyntheticGalleryViews(ds, version.id, images.slice(0, GALLERY_PRODUCTS), 20, vector);
await index.ensureIndex(version);
await index.analyze();
const plan = await index.explainNearest(version, vector(), 5);
const galleryRows = `${SIZES.at(-1)} + ${views} gallery views`;
await measure(version, galleryRows, 'off (the fix)');
const indexScans = [...plan.matchAll(/Index Scan using (\S+)/g)].map((m) => m[1]);
console.log(`plan with gallery views: ${indexScans.join(', ')}`);
for (const fn of FUNCTIONS) await ds.query(`ALTER FUNCTION ${fn} SET jit = off`);
await ds.destroy();

const results = path.join(import.meta.dirname, 'results');
await fs.mkdir(results, { recursive: true });
const report = {
  date: new Date().toISOString(),
  server,
  jitSetting,
  dim: DIM,
  calls: CALLS,
  rows,
  galleryPlanIndexScans: indexScans,
};
await fs.writeFile(path.join(results, 'pg-nearest.json'), `${JSON.stringify(report, null, 2)}\n`);
await fs.writeFile(
  path.join(results, 'pg-nearest.md'),
  [
    `# vitrina_nearest on PostgreSQL ${server} (jit = ${jitSetting}), ${DIM}-d, ${CALLS} calls each`,
    '',
    '| vectors | JIT in the function | p50 ms | p99 ms |',
    '| ---: | --- | ---: | ---: |',
    ...rows.map((r) => `| ${r.vectors} | ${r.jit} | ${r.p50Ms} | ${r.p99Ms} |`),
    '',
    `With gallery views, the index scans of the plan: ${indexScans.join(', ')}.`,
    '',
  ].join('\n'),
);
