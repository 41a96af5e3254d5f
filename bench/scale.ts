/**
 * A real shop's catalog: N products with one image each imported through `vitrina import` (the
 * CLI, a child process, over the public API with the default rate limits), then searched.
 *  - import products/s, and the time from the import's end until every image is searchable;
 *  - searchByImage p50/p99 sequential, and with 8 clients;
 *  - recall@5 of the HNSW index against an exact scan;
 *  - memory: the server's RSS (this process) and the database's size.
 * Images: COIL-100 dev views (../shared/datasets/coil100-dev), each N / 2,160 times with its hue
 * turned, so that every product has an image of its own.
 * Usage: node --import tsx bench/scale.ts [--products 10000] [--seconds 15]
 * Without DATABASE_URL the embedded database (PGlite); with it, that PostgreSQL (which it empties).
 * Writes bench/results/scale-<N>[-postgres].json and .md.
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { loadConfig } from '../src/config.js';
import { startVitrina } from '../src/app.js';
import { createLogger } from '../src/api/logger.js';
import { DATASET, rng } from './retrieval.js';
import { pct, round, runClients, summary } from './search-clients.js';

const { values } = parseArgs({
  options: { products: { type: 'string', default: '10000' }, seconds: { type: 'string', default: '15' } },
});
const N = Number(values.products);
const seconds = Number(values.seconds);
const root = path.resolve(import.meta.dirname, '..');
const ADMIN = 'bench-admin-key-0123456789';
const databaseUrl = process.env.DATABASE_URL;
const rand = rng(7);
const work = await fs.mkdtemp(path.join(os.tmpdir(), 'vitrina-scale-'));
const imagesDir = path.join(work, 'images');
await fs.mkdir(imagesDir);

// 1. The catalog's images and manifest.
const views = (await fs.readdir(DATASET)).filter((f) => f.endsWith('.png')).sort();
let t = performance.now();
const lines = ['sku,name,category,images'];
for (let i = 0; i < N; i += 64) {
  await Promise.all(
    Array.from({ length: Math.min(64, N - i) }, async (_, j) => {
      const n = i + j;
      const view = views[n % views.length]!;
      const turn = Math.floor(n / views.length);
      const file = `p${n}.png`;
      const source = path.join(DATASET, view);
      const bytes =
        turn === 0
          ? await fs.readFile(source)
          : await sharp(source)
              .modulate({ hue: turn * 29 })
              .png()
              .toBuffer();
      await fs.writeFile(path.join(imagesDir, file), bytes);
    }),
  );
}
for (let n = 0; n < N; n++) lines.push(`SKU-${n},Product ${n},${views[n % views.length]!.split('__')[0]},p${n}.png`);
const manifest = path.join(work, 'catalog.csv');
await fs.writeFile(manifest, `${lines.join('\n')}\n`);
console.log(`${N} images written in ${round((performance.now() - t) / 1000)} s`);

// 2. The server, with the default settings (rate limits included) for the import.
const dataDir = path.join(work, 'data');
const start = (env: Record<string, string> = {}) =>
  startVitrina(
    loadConfig({
      DATA_DIR: dataDir,
      ADMIN_API_KEY: ADMIN,
      DEMO_CATALOG: 'false',
      LOG_LEVEL: 'warn',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      ...env,
    }),
    { port: 0, logger: createLogger('warn') },
  );
let vitrina = await start();
let ds = vitrina.dataSource;
if (databaseUrl) await ds.query('TRUNCATE products CASCADE');

// 3. The import, through the CLI.
t = performance.now();
const cli = spawn(
  process.execPath,
  ['--import', 'tsx', path.join(root, 'src/main.ts'), 'import', manifest, '--images', imagesDir, '--json'],
  {
    env: { ...process.env, VITRINA_API_URL: vitrina.url, VITRINA_API_KEY: ADMIN, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
let out = '';
cli.stdout.on('data', (chunk) => (out += chunk));
const code = await new Promise<number | null>((resolve) => cli.on('exit', resolve));
const importSeconds = (performance.now() - t) / 1000;
const imported = JSON.parse(out) as { created: number; imagesAdded: number; failures: unknown[] };
if (code !== 0 || imported.failures.length > 0) throw new Error(`import failed (${code}): ${out.slice(0, 500)}`);
console.log(`import: ${N} products in ${round(importSeconds)} s = ${round(N / importSeconds)} products/s`);

// 4. Searchable: every image has its vector in the served version.
t = performance.now();
await vitrina.worker!.drain(3_600_000);
const searchableSeconds = (performance.now() - t) / 1000;
const version = await vitrina.services.registry.active();
const vectors = await vitrina.services.index.count(version);
console.log(`searchable ${round(searchableSeconds)} s after the import ended (${vectors} vectors)`);

// 5. Searches: shopper-like JPEGs of other views, over HTTP. Restarted with rate limits off:
// 8 clients measure capacity, not the limiter's budget (as in bench:speed and bench:load).
await vitrina.stop();
vitrina = await start({ RATE_LIMIT_PER_MINUTE: '0' });
ds = vitrina.dataSource;
async function shopperPhoto(): Promise<Buffer> {
  const view = views[Math.floor(rand() * views.length)]!;
  const size = 110 + Math.floor(rand() * 60);
  return sharp(path.join(DATASET, view)).resize(size, size).jpeg({ quality: 80 }).toBuffer();
}
const photos = await Promise.all(Array.from({ length: 610 }, () => shopperPhoto()));
const url = `${vitrina.url}/graphql`;
await runClients(url, ADMIN, photos.slice(0, 10), { concurrency: 1, count: 10 });
const sequential = summary(await runClients(url, ADMIN, photos.slice(10, 310), { concurrency: 1, count: 300 }));
const concurrent8 = summary(await runClients(url, ADMIN, photos.slice(310), { concurrency: 8, seconds }), seconds);
console.log('searchByImage:', JSON.stringify({ sequential, concurrent8 }));

// 6. Recall@5 of the index against an exact scan, on catalog vectors with a little noise.
const sample = (await ds.query(
  `SELECT embedding::text AS v FROM version_vectors WHERE model_version_id = $1 ORDER BY random() LIMIT 50`,
  [version.id],
)) as Array<{ v: string }>;
let found = 0;
const knnTimes: number[] = [];
for (const { v } of sample) {
  const q = Float32Array.from(JSON.parse(v) as number[], (x) => x + (rand() - 0.5) * 0.02);
  const exact = (await ds.query(
    `SELECT product_id FROM version_vectors WHERE model_version_id = $1
     GROUP BY product_id ORDER BY min(embedding::vector(${version.dim}) <=> $2::vector(${version.dim})) LIMIT 5`,
    [version.id, `[${Array.from(q).join(',')}]`],
  )) as Array<{ product_id: string }>;
  const s = performance.now();
  const approximate = new Set((await vitrina.services.index.nearest(version, q, 5)).map((n) => n.productId));
  knnTimes.push(performance.now() - s);
  found += exact.filter((e) => approximate.has(e.product_id)).length;
}
const recall5 = round(found / (sample.length * 5));

// 7. Memory.
const rssMb = round(process.memoryUsage().rss / 2 ** 20);
const [size] = (await ds.query('SELECT pg_database_size(current_database())::bigint AS bytes')) as Array<{
  bytes: string;
}>;
const databaseMb = round(Number(size!.bytes) / 2 ** 20);

const result = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, node: process.version },
  database: databaseUrl ? 'postgresql' : 'embedded (PGlite)',
  products: N,
  encoder: version.encoderId,
  import: { seconds: round(importSeconds), productsPerSecond: round(N / importSeconds), ...imported },
  searchableSecondsAfterImport: round(searchableSeconds),
  vectors,
  search: { sequential, concurrent8 },
  knn: { p50: round(pct(knnTimes, 50)), p99: round(pct(knnTimes, 99)), recall5 },
  memory: { serverRssMb: rssMb, databaseMb },
};
await vitrina.stop();
await fs.rm(work, { recursive: true, force: true });

const name = `scale-${N}${databaseUrl ? '-postgres' : ''}`;
const results = path.join(root, 'bench', 'results');
await fs.writeFile(path.join(results, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
const md = [
  `${N} products with one image each (COIL-100 dev views, hue-turned), ${result.database}, encoder ${result.encoder}, ${os.cpus().length} CPUs, Node ${process.version}, default settings (rate limits on).`,
  '',
  '| measure | result |',
  '|---|---|',
  `| \`vitrina import\` | ${result.import.productsPerSecond} products/s (${N} in ${result.import.seconds} s) |`,
  `| searchable after the import ended | ${result.searchableSecondsAfterImport} s (${vectors} vectors) |`,
  `| searchByImage, 1 client | p50 ${sequential.p50} ms, p99 ${sequential.p99} ms |`,
  `| searchByImage, 8 clients | ${concurrent8.perSecond} searches/s, p50 ${concurrent8.p50} ms, p99 ${concurrent8.p99} ms |`,
  `| k-NN alone | p50 ${result.knn.p50} ms, p99 ${result.knn.p99} ms, recall@5 against an exact scan ${recall5} |`,
  `| memory | server RSS ${rssMb} MiB, database ${databaseMb} MiB |`,
  '',
].join('\n');
await fs.writeFile(path.join(results, `${name}.md`), md);
console.log(md);
