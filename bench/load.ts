/**
 * Load and soak on loopback: `vitrina serve` (what `npm start` runs) as a child process with a
 * fresh DATA_DIR, the embedded database and the built-in encoder, a COIL-100 catalog of ~1.5k
 * images, and closed-loop clients (8 by default, a service key acting for `bench:<n>` each)
 * sending mixed traffic by a seeded weighted choice: searchByImage 70 %, giveFeedback 20 % (on
 * one of the client's earlier searches), searchByText 10 %.
 *  1. warm-up (excluded from the numbers);
 *  2. steady traffic for --duration seconds: throughput, latency percentiles per operation,
 *     errors by code, and the server's memory (RSS from /proc, V8 heap from /metrics);
 *  3. the same traffic for --phase2 seconds while a training run (startTraining) and a catalog
 *     import (the `vitrina import` CLI) run.
 * Rate limits are off (RATE_LIMIT_PER_MINUTE=0): the benchmark measures capacity, not the limiter.
 * Every uploaded photo is new to the server (a JPEG comment segment makes its bytes unique, as a
 * shopper's photo would be), so each search checks, embeds and stores its photo.
 * Usage: node --import tsx bench/load.ts [--duration 300] [--warmup 30] [--phase2 120]
 *   [--clients 8] [--seed 1] [--import-products 200] [--dataset dir] [--log-level info]
 * LOAD_DURATION, LOAD_WARMUP and LOAD_PHASE2 set the same from the environment.
 * Short check: --duration 20 --warmup 5 --phase2 20. Writes bench/results/load.{json,md}.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import { readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { buildQueries, DATASET, MILD, objectIds, rng, viewFile } from './retrieval.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: process.env.LOAD_DURATION ?? '300' },
    warmup: { type: 'string', default: process.env.LOAD_WARMUP ?? '30' },
    phase2: { type: 'string', default: process.env.LOAD_PHASE2 ?? '120' },
    clients: { type: 'string', default: '8' },
    seed: { type: 'string', default: '1' },
    'import-products': { type: 'string', default: '200' },
    dataset: { type: 'string', default: process.env.VITRINA_COIL_DIR ?? DATASET },
    'log-level': { type: 'string', default: 'info' },
  },
});
const settings = {
  warmupSeconds: Number(values.warmup),
  durationSeconds: Number(values.duration),
  phase2Seconds: Number(values.phase2),
  clients: Number(values.clients),
  seed: Number(values.seed),
  importProducts: Number(values['import-products']),
  mix: { searchByImage: 0.7, giveFeedback: 0.2, searchByText: 0.1 },
  logLevel: values['log-level']!,
  rateLimitPerMinute: 0,
};
const dataset = path.resolve(values.dataset!);
const root = path.resolve(import.meta.dirname, '..');
const ADMIN = 'bench-load-admin-key-0123456789';
const REQUEST_TIMEOUT_MS = 30_000;
const T0 = performance.now();
const now = () => (performance.now() - T0) / 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const median = (xs: number[]) => pct(xs, 50);
const log = (message: string) => console.log(`[${now().toFixed(0).padStart(4)} s] ${message}`);

// ---------------------------------------------------------------------------------------------
// Inputs, prepared before the server starts (nothing is written into the repository).

const work = await fs.mkdtemp(path.join(os.tmpdir(), 'vitrina-load-'));
const objects = await objectIds(dataset);
log(`preparing photos from ${dataset} (${objects.length} objects)`);

/** Query photos: mild shopper photos of views between the catalog's (15°, 45°, … 345°). */
const QUERY_VIEWS = Array.from({ length: 12 }, (_, i) => 15 + 30 * i);
const queries = await buildQueries(objects, QUERY_VIEWS, 2, settings.seed, MILD, dataset);

type CatalogProduct = {
  input: { name: string; category: string; sku: string; description: string };
  object: number;
  images: () => Promise<Buffer[]>;
};
/** A recoloured, relit studio view: a look-alike product that is not the object itself. */
const recolour = (object: number, view: number, hue: number, k: number, flop = false) => {
  const image = sharp(viewFile(object, view, dataset)).modulate({ hue, saturation: 1.1, brightness: 0.9 + 0.02 * k });
  return (flop ? image.flop() : image).png().toBuffer();
};
const CATALOG_VIEWS = [0, 90, 180, 270];
const SYNTHETIC_VIEWS = [0, 60, 120, 180, 240, 300];
const HUES = [40, 80, 120, 160, 200, 240, 280, 320];
const catalog: CatalogProduct[] = [];
for (const object of objects) {
  catalog.push({
    input: {
      name: `COIL object ${object}`,
      category: 'coil',
      sku: `coil-${object}`,
      description: `Studio photos of COIL-100 object ${object}`,
    },
    object,
    images: () => Promise.all(CATALOG_VIEWS.map((view) => fs.readFile(viewFile(object, view, dataset)))),
  });
  HUES.forEach((hue, k) =>
    catalog.push({
      input: {
        name: `Recoloured object ${object} hue ${hue}`,
        category: 'synthetic',
        sku: `syn-${object}-${hue}`,
        description: `A look-alike of COIL-100 object ${object}, hue turned by ${hue} degrees`,
      },
      object,
      images: () => Promise.all(SYNTHETIC_VIEWS.map((view) => recolour(object, view, hue, k))),
    }),
  );
}
const catalogImages = catalog.reduce(
  (n, p) => n + (p.input.category === 'coil' ? CATALOG_VIEWS.length : SYNTHETIC_VIEWS.length),
  0,
);

/** The phase-2 import: a manifest and an image folder, as a catalog team would hand them over. */
const importDir = path.join(work, 'import');
await fs.mkdir(importDir);
const manifest = [];
for (let i = 0; i < settings.importProducts; i++) {
  const object = objects[i % objects.length]!;
  const variant = Math.floor(i / objects.length);
  const hue = (20 + 40 * variant) % 360;
  const files: string[] = [];
  for (const view of [30, 210]) {
    const file = `imp-${i}-${view}.png`;
    await fs.writeFile(path.join(importDir, file), await recolour(object, view, hue, variant % 5, true));
    files.push(file);
  }
  manifest.push({
    sku: `imp-${i}`,
    name: `Imported object ${object} variant ${variant}`,
    category: 'imported',
    description: `Mirrored look-alike of COIL-100 object ${object}, hue turned by ${hue} degrees`,
    images: files,
  });
}
const manifestFile = path.join(work, 'import.json');
await fs.writeFile(manifestFile, JSON.stringify(manifest));

/** The same photo with a JPEG comment segment after SOI: new bytes (new SHA-256), same pixels. */
function uniquePhoto(jpeg: Buffer, tag: string): Buffer {
  const text = Buffer.from(tag);
  const segment = Buffer.alloc(4);
  segment[0] = 0xff;
  segment[1] = 0xfe;
  segment.writeUInt16BE(text.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), segment, text, jpeg.subarray(2)]);
}

const TEXT_TEMPLATES: Array<(o: number, r: () => number) => string> = [
  (o) => `COIL object ${o}`,
  (o) => `object ${o}`,
  (o, r) => `recoloured object ${o} hue ${HUES[Math.floor(r() * HUES.length)]}`,
  (o) => `objct ${o}`,
  () => 'studio photos',
  () => 'look-alike hue',
  (o) => `imported object ${o}`,
  () => 'mirrored',
];

// ---------------------------------------------------------------------------------------------
// The server: a real child process, its log in a file.

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const dataDir = path.join(work, 'data');
const logFile = path.join(work, 'server.log');
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const url = `${base}/graphql`;
const logHandle = await fs.open(logFile, 'w');
const serverEnv = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  DATA_DIR: dataDir,
  PORT: String(port),
  HOST: '127.0.0.1',
  ADMIN_API_KEY: ADMIN,
  DEMO_CATALOG: 'false',
  RATE_LIMIT_PER_MINUTE: String(settings.rateLimitPerMinute),
  LOG_LEVEL: settings.logLevel,
};
const server = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
  cwd: root,
  env: serverEnv,
  stdio: ['ignore', logHandle.fd, logHandle.fd],
});
const serverExit = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
let serverGone = false;
void serverExit.then(() => (serverGone = true));
const pid = server.pid!;
process.on('exit', () => {
  if (!serverGone) server.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (!serverGone) server.kill('SIGTERM');
    process.exit(130);
  });
}

const startedAt = now();
for (;;) {
  if (serverGone) throw new Error(`the server exited before it was healthy:\n${await fs.readFile(logFile, 'utf8')}`);
  const ok = await fetch(`${base}/healthz`).then(
    (r) => r.ok,
    () => false,
  );
  if (ok) break;
  if (now() - startedAt > 120) throw new Error('the server was not healthy within 120 s');
  await sleep(200);
}
log(`server pid ${pid} healthy on ${base} after ${round(now() - startedAt)} s`);

// ---------------------------------------------------------------------------------------------
// GraphQL over fetch: every outcome classified (GraphQL code, HTTP status, timeout, network).

type Outcome = { data?: any; code?: string; message?: string };
type Headers = Record<string, string>;

async function post(headers: Headers, body: string | FormData): Promise<Outcome> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers:
        typeof body === 'string'
          ? { ...headers, 'content-type': 'application/json' }
          : { ...headers, 'apollo-require-preflight': 'true' },
      body,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    const name = (error as Error).name;
    return { code: name === 'TimeoutError' ? 'TIMEOUT' : 'NETWORK', message: (error as Error).message };
  }
  let json: { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  try {
    json = (await res.json()) as typeof json;
  } catch (error) {
    return { code: `HTTP_${res.status}`, message: (error as Error).message };
  }
  const first = json.errors?.[0];
  if (first) return { code: first.extensions?.code ?? 'GRAPHQL_ERROR', message: first.message };
  if (res.status !== 200 || !json.data) return { code: `HTTP_${res.status}` };
  return { data: json.data };
}

const gql = (headers: Headers, query: string, variables: Record<string, unknown> = {}) =>
  post(headers, JSON.stringify({ query, variables }));

function upload(headers: Headers, query: string, variables: Record<string, unknown>, bytes: Buffer, type: string) {
  const form = new FormData();
  form.set('operations', JSON.stringify({ query, variables: { ...variables, image: null } }));
  form.set('map', '{"0":["variables.image"]}');
  form.set('0', new Blob([bytes], { type }), type === 'image/png' ? 'photo.png' : 'photo.jpg');
  return post(headers, form);
}

async function must(outcome: Promise<Outcome>, what: string): Promise<any> {
  const o = await outcome;
  if (o.code) throw new Error(`${what}: ${o.code} ${o.message ?? ''}`);
  return o.data;
}

const admin: Headers = { authorization: `Bearer ${ADMIN}` };

// ---------------------------------------------------------------------------------------------
// Memory and CPU samples of the server process, from the start.

const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
type RssSample = { t: number; rssMb: number };
type MetricsSample = { t: number; heapUsedMb: number; heapTotalMb: number; externalMb: number; rssMb: number };
const rssSamples: RssSample[] = [];
const metricSamples: MetricsSample[] = [];
let lastMetrics = '';

function procRssMb(p: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}
/** User + system CPU seconds of a process (all its threads). */
function procCpuSeconds(p: number): number | null {
  try {
    const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return null;
  }
}
/** Busy and total CPU seconds of the whole machine (all cores). */
function machineCpu(): { busy: number; total: number } {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const n = ticks.map(Number);
  const total = n.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: (total - n[3]! - n[4]!) / CLK_TCK, total: total / CLK_TCK };
}
const metricValue = (text: string, name: string) => {
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm').exec(text);
  return m ? Number(m[1]) : NaN;
};
async function scrape(): Promise<string> {
  const res = await fetch(`${base}/metrics`, { signal: AbortSignal.timeout(10_000) });
  return res.text();
}

const rssTimer = setInterval(() => {
  const rss = procRssMb(pid);
  if (rss !== null) rssSamples.push({ t: now(), rssMb: rss });
}, 2_000);
let scraping = false;
const metricsTimer = setInterval(() => {
  if (scraping || serverGone) return;
  scraping = true;
  const t = now();
  scrape()
    .then((text) => {
      lastMetrics = text;
      const mb = (name: string) => metricValue(text, name) / 2 ** 20;
      metricSamples.push({
        t,
        heapUsedMb: mb('nodejs_heap_size_used_bytes'),
        heapTotalMb: mb('nodejs_heap_size_total_bytes'),
        externalMb: mb('nodejs_external_memory_bytes'),
        rssMb: mb('process_resident_memory_bytes'),
      });
    })
    .catch(() => {})
    .finally(() => (scraping = false));
}, 5_000);

// ---------------------------------------------------------------------------------------------
// The catalog, through the API, then wait until every image is embedded.

log(`catalog: ${catalog.length} products, ${catalogImages} images`);
const productOf = new Map<number, string>();
let uploaded = 0;
const setupStarted = now();
const pending = [...catalog];
await Promise.all(
  Array.from({ length: 4 }, async () => {
    for (let item = pending.shift(); item; item = pending.shift()) {
      const { createProduct } = await must(
        gql(admin, 'mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }', {
          input: item.input,
        }),
        'createProduct',
      );
      if (item.input.category === 'coil') productOf.set(item.object, createProduct.id);
      for (const bytes of await item.images()) {
        await must(
          upload(
            admin,
            'mutation($id: ID!, $image: Upload!) { addProductImage(productId: $id, image: $image) { id } }',
            { id: createProduct.id },
            bytes,
            'image/png',
          ),
          'addProductImage',
        );
        if (++uploaded % 250 === 0) log(`uploaded ${uploaded} images`);
      }
    }
  }),
);
async function embeddingDone(): Promise<boolean> {
  const text = await scrape();
  const queued = [...text.matchAll(/^vitrina_jobs_(?:queued|running)\{kind="embed-catalog"\} (\d+)/gm)].reduce(
    (n, m) => n + Number(m[1]),
    0,
  );
  return metricValue(text, 'vitrina_embedding_backlog') === 0 && queued === 0;
}
while (!(await embeddingDone())) {
  if (now() - setupStarted > 900) throw new Error('the catalog was not embedded within 15 minutes');
  await sleep(1_000);
}
const setupSeconds = round(now() - setupStarted);
log(`catalog uploaded and embedded in ${setupSeconds} s`);

const { createApiKey } = await must(
  gql(admin, 'mutation { createApiKey(role: SERVICE, name: "load bench") { key } }'),
  'createApiKey',
);
const serviceKey = createApiKey.key as string;

// ---------------------------------------------------------------------------------------------
// Traffic: closed-loop clients over the three phases.

type Op = 'searchByImage' | 'giveFeedback' | 'searchByText';
type Sample = { op: Op; t: number; ms: number; code: string | null };
type Verdict = 'CORRECT' | 'INCORRECT' | 'CORRECT_PRODUCT';
const samples: Sample[] = [];
const errorExamples = new Map<string, string>();
const verdicts: Record<Verdict, number> = { CORRECT: 0, INCORRECT: 0, CORRECT_PRODUCT: 0 };

const trafficStart = now();
const phases = {
  warmup: { start: trafficStart, end: trafficStart + settings.warmupSeconds },
  steady: {
    start: trafficStart + settings.warmupSeconds,
    end: trafficStart + settings.warmupSeconds + settings.durationSeconds,
  },
  busy: {
    start: trafficStart + settings.warmupSeconds + settings.durationSeconds,
    end: trafficStart + settings.warmupSeconds + settings.durationSeconds + settings.phase2Seconds,
  },
};
const SEARCH =
  'mutation($image: Upload!) { searchByImage(image: $image, limit: 5) { id results { rank product { id } } } }';
const TEXT = 'mutation($text: String!) { searchByText(text: $text, limit: 5) { id results { rank product { id } } } }';
const FEEDBACK = 'mutation($input: FeedbackInput!) { giveFeedback(input: $input) { id } }';

async function client(n: number): Promise<void> {
  const random = rng(settings.seed * 1_000 + n);
  const headers: Headers = { authorization: `Bearer ${serviceKey}`, 'x-end-user': `bench:${n}` };
  /** This client's latest image searches, with the product that is really in the photo. */
  const recent: Array<{ id: string; results: string[]; right: string }> = [];
  let sent = 0;
  while (now() < phases.busy.end) {
    const r = random();
    const { mix } = settings;
    let op: Op =
      r < mix.searchByImage
        ? 'searchByImage'
        : r < mix.searchByImage + mix.giveFeedback
          ? 'giveFeedback'
          : 'searchByText';
    if (op === 'giveFeedback' && recent.length === 0) op = 'searchByImage';
    const t = now();
    const started = performance.now();
    let outcome: Outcome;
    if (op === 'searchByImage') {
      const query = queries[Math.floor(random() * queries.length)]!;
      outcome = await upload(headers, SEARCH, {}, uniquePhoto(query.image, `bench:${n}:${sent++}`), 'image/jpeg');
      const search = outcome.data?.searchByImage;
      if (search) {
        recent.push({
          id: search.id,
          results: search.results.map((x: { product: { id: string } }) => x.product.id),
          right: productOf.get(query.object)!,
        });
        if (recent.length > 50) recent.shift();
      }
    } else if (op === 'searchByText') {
      const object = objects[Math.floor(random() * objects.length)]!;
      const text = TEXT_TEMPLATES[Math.floor(random() * TEXT_TEMPLATES.length)]!(object, random);
      outcome = await gql(headers, TEXT, { text });
    } else {
      // A shopper's judgement: mostly the right product (CORRECT when listed, else pointed at
      // with CORRECT_PRODUCT, which some shoppers use even when it is listed), sometimes a wrong
      // result marked INCORRECT.
      const search = recent[Math.floor(random() * recent.length)]!;
      const listed = search.results.includes(search.right);
      const wrong = search.results.filter((id) => id !== search.right);
      const r2 = random();
      let verdict: Verdict = listed && r2 >= 0.1 ? 'CORRECT' : 'CORRECT_PRODUCT';
      let productId = search.right;
      if (wrong.length > 0 && r2 >= 0.7) {
        verdict = 'INCORRECT';
        productId = wrong[Math.floor(random() * wrong.length)]!;
      }
      verdicts[verdict]++;
      outcome = await gql(headers, FEEDBACK, { input: { searchId: search.id, productId, verdict } });
    }
    samples.push({ op, t, ms: performance.now() - started, code: outcome.code ?? null });
    if (outcome.code && !errorExamples.has(`${op} ${outcome.code}`))
      errorExamples.set(`${op} ${outcome.code}`, outcome.message ?? '');
  }
}

// Phase 2's background work: a training run and an import, both started as phase 2 begins.
type Training = {
  id?: string;
  start: number;
  end?: number;
  status?: string;
  examplesUsed?: number;
  durationMs?: number | null;
  error?: string | null;
};
type Import = { start: number; end?: number; exitCode?: number | null; report?: unknown; stderr?: string };
const training: Training = { start: NaN };
const importRun: Import = { start: NaN };

async function runTraining(): Promise<void> {
  training.start = now();
  const started = await gql(admin, 'mutation { startTraining { id } }');
  if (started.code) {
    Object.assign(training, { end: now(), status: `not started: ${started.code}`, error: started.message });
    return;
  }
  training.id = started.data.startTraining.id;
  for (;;) {
    await sleep(1_000);
    const polled = await gql(
      admin,
      'query($id: ID!) { trainingRun(id: $id) { status examplesUsed durationMs error } }',
      { id: training.id },
    );
    const run = polled.data?.trainingRun;
    if (run && !['QUEUED', 'RUNNING'].includes(run.status)) {
      Object.assign(training, { end: now(), ...run });
      return;
    }
  }
}

let importPid: number | undefined;
let importCpu = 0;
function runImport(): Promise<void> {
  importRun.start = now();
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/main.ts', 'import', manifestFile, '--images', importDir, '--json'],
    {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', VITRINA_API_URL: url, VITRINA_API_KEY: ADMIN },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  importPid = child.pid;
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      importRun.end = now();
      importRun.exitCode = code;
      importPid = undefined;
      try {
        importRun.report = JSON.parse(stdout.trim().split('\n').at(-1) ?? '');
      } catch {
        importRun.report = stdout.trim();
      }
      if (stderr.trim()) importRun.stderr = stderr.trim().slice(-2000);
      resolve();
    }),
  );
}
// The import CLI's CPU, read while it lives (a process's /proc entry goes when it exits).
const importCpuTimer = setInterval(() => {
  if (importPid) importCpu = procCpuSeconds(importPid) ?? importCpu;
}, 1_000);

type CpuMark = {
  t: number;
  machine: { busy: number; total: number };
  server: number;
  bench: number;
  importCli: number;
};
const cpuMark = (): CpuMark => ({
  t: now(),
  machine: machineCpu(),
  server: procCpuSeconds(pid) ?? NaN,
  bench: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
  importCli: importCpu,
});
const marks: Record<string, CpuMark> = {};
const loadBefore = os.loadavg();

log(
  `traffic: ${settings.clients} clients, warm-up ${settings.warmupSeconds} s, steady ${settings.durationSeconds} s, ` +
    `then ${settings.phase2Seconds} s with training + import (rate limits off: RATE_LIMIT_PER_MINUTE=0)`,
);
const background: Promise<void>[] = [];
const scheduler = (async () => {
  await sleep((phases.steady.start - now()) * 1000);
  marks.steadyStart = cpuMark();
  log('warm-up over: steady phase');
  const minute = setInterval(() => {
    const last = samples.filter((s) => s.t >= now() - 30);
    const errors = last.filter((s) => s.code).length;
    log(
      `last 30 s: ${round(last.length / 30)} req/s, ${errors} errors, server RSS ${round(rssSamples.at(-1)?.rssMb ?? NaN)} MB`,
    );
  }, 30_000);
  await sleep((phases.busy.start - now()) * 1000);
  marks.busyStart = cpuMark();
  log('phase 2: starting a training run and a catalog import');
  background.push(runTraining(), runImport());
  await sleep((phases.busy.end - now()) * 1000);
  marks.busyEnd = cpuMark();
  clearInterval(minute);
})();
await Promise.all(Array.from({ length: settings.clients }, (_, n) => client(n)));
await scheduler;
log('traffic stopped; waiting for the training run and the import');
await Promise.all(background);
clearInterval(importCpuTimer);

// A last look at the server: error counters, then a clean shutdown.
lastMetrics = await scrape().catch(() => lastMetrics);
clearInterval(rssTimer);
clearInterval(metricsTimer);
server.kill('SIGTERM');
const serverExitCode = await serverExit;
await logHandle.close();
const loadAfter = os.loadavg();

// ---------------------------------------------------------------------------------------------
// Numbers.

type Window = { start: number; end: number };
const inWindow = <T extends { t: number }>(xs: T[], w: Window) => xs.filter((x) => x.t >= w.start && x.t < w.end);

function opStats(xs: Sample[], seconds: number) {
  const ms = xs.map((s) => s.ms);
  const errors: Record<string, number> = {};
  for (const s of xs) if (s.code) errors[s.code] = (errors[s.code] ?? 0) + 1;
  const failed = xs.filter((s) => s.code).length;
  return {
    requests: xs.length,
    perSecond: round(xs.length / seconds, 2),
    p50: round(pct(ms, 50)),
    p95: round(pct(ms, 95)),
    p99: round(pct(ms, 99)),
    max: round(ms.reduce((a, b) => Math.max(a, b), -Infinity)),
    errors: failed,
    errorRate: xs.length ? round(failed / xs.length, 5) : 0,
    errorsByCode: errors,
  };
}
const OPS: Op[] = ['searchByImage', 'giveFeedback', 'searchByText'];
function phaseStats(w: Window) {
  const seconds = w.end - w.start;
  const xs = inWindow(samples, w);
  return {
    seconds: round(seconds),
    all: opStats(xs, seconds),
    ...Object.fromEntries(
      OPS.map((op) => [
        op,
        opStats(
          xs.filter((s) => s.op === op),
          seconds,
        ),
      ]),
    ),
  } as { seconds: number; all: ReturnType<typeof opStats> } & Record<Op, ReturnType<typeof opStats>>;
}
function cpuBetween(a: CpuMark | undefined, b: CpuMark | undefined) {
  if (!a || !b) return null;
  const seconds = b.t - a.t;
  const machine = b.machine.busy - a.machine.busy;
  const server = b.server - a.server;
  const bench = b.bench - a.bench;
  const importCli = b.importCli - a.importCli;
  const cores = (b.machine.total - a.machine.total) / seconds;
  return {
    // Per cent of one core; the machine's is per cent of all its cores.
    machineBusyPercentOfAllCores: round((100 * machine) / (b.machine.total - a.machine.total)),
    serverPercentOfOneCore: round((100 * server) / seconds),
    loadGeneratorPercentOfOneCore: round((100 * bench) / seconds),
    importCliPercentOfOneCore: round((100 * importCli) / seconds),
    otherProcessesPercentOfOneCore: round((100 * (machine - server - bench - importCli)) / seconds),
    cores: round(cores),
  };
}

const steady = phaseStats(phases.steady);
const busy = phaseStats(phases.busy);

/** Memory growth over the steady phase: median of its last minute against its first. */
const windowSeconds = Math.min(60, settings.durationSeconds / 3);
function growth<T extends { t: number }>(xs: T[], value: (x: T) => number) {
  const first = inWindow(xs, { start: phases.steady.start, end: phases.steady.start + windowSeconds }).map(value);
  const last = inWindow(xs, { start: phases.steady.end - windowSeconds, end: phases.steady.end }).map(value);
  const a = median(first);
  const b = median(last);
  return {
    firstMb: round(a),
    lastMb: round(b),
    growthPercent: round((100 * (b - a)) / a, 2),
    samples: [first.length, last.length],
  };
}
const rssAll = (w: Window) => inWindow(rssSamples, w).map((s) => s.rssMb);
/**
 * The V8 heap is a sawtooth (a major GC every minute or so under this load), so a window's
 * median depends on where in the tooth it falls; what a leak raises is the floor: the heap just
 * after each major GC (a sample at least 30 % below the one before).
 */
const gcTroughs = metricSamples.filter((x, i) => i > 0 && x.heapUsedMb < 0.7 * metricSamples[i - 1]!.heapUsedMb);
const steadyTroughs = inWindow(gcTroughs, phases.steady);
const heapAfterGc = {
  steady: steadyTroughs.map((x) => [round(x.t - phases.steady.start), round(x.heapUsedMb)]),
  trainingAndImport: inWindow(gcTroughs, phases.busy).map((x) => [
    round(x.t - phases.steady.start),
    round(x.heapUsedMb),
  ]),
  growthPercent:
    steadyTroughs.length >= 2
      ? round(
          (100 * (steadyTroughs.at(-1)!.heapUsedMb - steadyTroughs[0]!.heapUsedMb)) / steadyTroughs[0]!.heapUsedMb,
          2,
        )
      : null,
};
const memory = {
  windowSeconds,
  heapAfterGc,
  rss: growth(rssSamples, (s) => s.rssMb),
  heapUsed: growth(metricSamples, (s) => s.heapUsedMb),
  external: growth(metricSamples, (s) => s.externalMb),
  rssAfterCatalog: round(median(rssAll({ start: phases.warmup.start - 10, end: phases.warmup.start }))),
  rssMaxSteady: round(Math.max(...rssAll(phases.steady))),
  rssMaxPhase2: round(Math.max(...rssAll(phases.busy))),
  rssEndPhase2: round(rssSamples.filter((s) => s.t < phases.busy.end).at(-1)?.rssMb ?? NaN),
};

/** searchByImage latency and throughput minute by minute through the steady phase and phase 2. */
const perMinute = [];
for (const [phase, w] of [
  ['steady', phases.steady],
  ['training + import', phases.busy],
] as const) {
  for (let start = w.start; start < w.end - 1; start += 60) {
    const end = Math.min(start + 60, w.end);
    const ms = inWindow(samples, { start, end })
      .filter((s) => s.op === 'searchByImage')
      .map((s) => s.ms);
    perMinute.push({
      from: round(start - phases.steady.start),
      phase,
      searchesPerSecond: round(ms.length / (end - start), 2),
      p50: round(pct(ms, 50)),
      p99: round(pct(ms, 99)),
      rssMb: round(median(rssAll({ start, end }))),
    });
  }
}

const serverErrors = Object.fromEntries(
  [...lastMetrics.matchAll(/^vitrina_errors_total\{code="([^"]+)"\} (\d+)/gm)]
    .filter((m) => Number(m[2]) > 0)
    .map((m) => [m[1], Number(m[2])]),
);
// Warnings and errors the server logged (pino levels: 40 warn, 50 error, 60 fatal).
const logText = await fs.readFile(logFile, 'utf8');
const logged: Record<string, number> = {};
for (const line of logText.split('\n')) {
  const m = /^\{"level":(\d+)/.exec(line);
  if (!m || Number(m[1]) < 40) continue;
  const msg = /"msg":"([^"]*)"/.exec(line)?.[1] ?? line.slice(0, 120);
  const key = `${m[1] === '40' ? 'warn' : 'error'}: ${msg}`;
  logged[key] = (logged[key] ?? 0) + 1;
}

const dataDirMb = round(Number(execFileSync('du', ['-sm', dataDir]).toString().split('\t')[0]), 0);
const report = {
  benchmark: 'load',
  date: new Date().toISOString(),
  machine: {
    cpus: os.cpus().length,
    model: os.cpus()[0]?.model,
    memoryGb: round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    loadAverageBefore: loadBefore.map((x) => round(x, 2)),
    loadAverageAfter: loadAfter.map((x) => round(x, 2)),
  },
  settings: {
    ...settings,
    server:
      'vitrina serve (npm start) as a child process: embedded database (PGlite) in a fresh DATA_DIR, built-in encoder',
    env: { DEMO_CATALOG: 'false', RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: settings.logLevel },
    catalog: {
      products: catalog.length,
      images: catalogImages,
      about: `COIL-100 (${path.basename(dataset)}): ${objects.length} objects with views ${CATALOG_VIEWS.join('/')}°, plus ${HUES.length} recoloured look-alikes per object with views ${SYNTHETIC_VIEWS.join('/')}°`,
      setupSeconds,
    },
    queries: `${queries.length} mild shopper photos (views ${QUERY_VIEWS[0]}°, ${QUERY_VIEWS[1]}°, … ${QUERY_VIEWS.at(-1)}°), each upload made unique by a JPEG comment`,
    clients: `${settings.clients} closed-loop clients (no think time), one service key acting for bench:0 … bench:${settings.clients - 1}`,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
  },
  phases: { steady, trainingAndImport: busy },
  memory,
  perMinute,
  phase2Work: {
    training: {
      ...training,
      startedAt: round(training.start - phases.busy.start),
      seconds: training.end ? round(training.end - training.start) : null,
    },
    import: {
      products: settings.importProducts,
      images: settings.importProducts * 2,
      startedAt: round(importRun.start - phases.busy.start),
      seconds: importRun.end ? round(importRun.end - importRun.start) : null,
      exitCode: importRun.exitCode,
      report: importRun.report,
      ...(importRun.stderr ? { stderr: importRun.stderr } : {}),
    },
  },
  cpu: {
    steady: cpuBetween(marks.steadyStart, marks.busyStart),
    trainingAndImport: cpuBetween(marks.busyStart, marks.busyEnd),
  },
  feedbackVerdictsSent: verdicts,
  errorExamples: Object.fromEntries(errorExamples),
  serverErrorsTotal: serverErrors,
  serverLogWarningsAndErrors: logged,
  serverExitCode,
  dataDirMb,
  timeline: {
    phases: Object.fromEntries(
      Object.entries(phases).map(([k, w]) => [k, { start: round(w.start), end: round(w.end) }]),
    ),
    rss: rssSamples.map((s) => [round(s.t), round(s.rssMb)]),
    heap: metricSamples.map((s) => [round(s.t), round(s.heapUsedMb), round(s.heapTotalMb), round(s.externalMb)]),
  },
};

// ---------------------------------------------------------------------------------------------
// Report.

const row = (phase: string, op: string, s: ReturnType<typeof opStats>) =>
  `| ${phase} | ${op} | ${s.requests} | ${s.perSecond} | ${s.p50} | ${s.p95} | ${s.p99} | ${s.max} | ${s.errors}${
    s.errors
      ? ` (${Object.entries(s.errorsByCode)
          .map(([c, n]) => `${c} ${n}`)
          .join(', ')})`
      : ''
  } |`;
const cpuLine = (name: string, c: ReturnType<typeof cpuBetween>) =>
  c
    ? `| ${name} | ${c.machineBusyPercentOfAllCores} % of ${c.cores} cores | ${c.serverPercentOfOneCore} % | ${c.loadGeneratorPercentOfOneCore} % | ${c.importCliPercentOfOneCore} % | ${c.otherProcessesPercentOfOneCore} % |`
    : `| ${name} | – | – | – | – | – |`;
const t = report.phase2Work;
const lines = [
  `Load and soak, ${report.date.slice(0, 16).replace('T', ' ')} UTC: ${report.machine.cpus} × ${report.machine.model}, ${report.machine.memoryGb} GB, Node ${report.machine.node}; load average before ${report.machine.loadAverageBefore.join(' / ')}, after ${report.machine.loadAverageAfter.join(' / ')}.`,
  `\`vitrina serve\` as a child process (embedded database, built-in encoder, fresh DATA_DIR), **rate limits off (RATE_LIMIT_PER_MINUTE=0): capacity, not the limiter**, LOG_LEVEL=${settings.logLevel}. Catalog: ${catalog.length} products, ${catalogImages} images (COIL-100 views and recoloured look-alikes), uploaded and embedded in ${setupSeconds} s.`,
  `${settings.clients} closed-loop clients (no think time), a service key acting for bench:<n>; mix searchByImage 70 % (a new photo each time), giveFeedback 20 %, searchByText 10 %, seed ${settings.seed}. Warm-up ${settings.warmupSeconds} s (excluded), steady ${settings.durationSeconds} s, then ${settings.phase2Seconds} s while a training run and a catalog import run. Latencies in ms, as the client sees them.`,
  '',
  '| phase | operation | requests | per second | p50 | p95 | p99 | max | errors |',
  '|---|---|---:|---:|---:|---:|---:|---:|---|',
  row('steady', 'all', steady.all),
  ...OPS.map((op) => row('steady', op, steady[op])),
  row('training + import', 'all', busy.all),
  ...OPS.map((op) => row('training + import', op, busy[op])),
  '',
  `Memory of the server process (median of the steady phase's first vs last ${round(windowSeconds, 0)} s):`,
  '',
  '| measure | first | last | growth |',
  '|---|---:|---:|---:|',
  `| RSS (/proc VmRSS) | ${memory.rss.firstMb} MB | ${memory.rss.lastMb} MB | ${memory.rss.growthPercent} % |`,
  `| V8 heap used (/metrics) | ${memory.heapUsed.firstMb} MB | ${memory.heapUsed.lastMb} MB | ${memory.heapUsed.growthPercent} % |`,
  `| V8 heap used just after a major GC (first vs last in the steady phase) | ${heapAfterGc.steady[0]?.[1] ?? '–'} MB | ${heapAfterGc.steady.at(-1)?.[1] ?? '–'} MB | ${heapAfterGc.growthPercent ?? '–'} % |`,
  `| external memory (/metrics) | ${memory.external.firstMb} MB | ${memory.external.lastMb} MB | ${memory.external.growthPercent} % |`,
  '',
  `Heap used just after each major GC (s into the steady phase: MB): ${heapAfterGc.steady.map(([t, mb]) => `${t}: ${mb}`).join(', ') || 'none'}; during training + import: ${heapAfterGc.trainingAndImport.map(([t, mb]) => `${t}: ${mb}`).join(', ') || 'none'}. The heap's median per window moves with the GC sawtooth; its floor after a GC is what a leak would raise.`,
  '',
  `RSS after the catalog was built ${memory.rssAfterCatalog} MB; max in the steady phase ${memory.rssMaxSteady} MB; max during training + import ${memory.rssMaxPhase2} MB, at its end ${memory.rssEndPhase2} MB. DATA_DIR at the end: ${dataDirMb} MB.`,
  '',
  `Phase 2: training run ${t.training.status ?? 'unknown'} (${t.training.examplesUsed ?? '?'} examples, ${t.training.seconds ?? '?'} s from startTraining to its end, started ${t.training.startedAt} s into the phase); import of ${t.import.products} products / ${t.import.images} images by the CLI: exit ${t.import.exitCode}, ${t.import.seconds ?? '?'} s.`,
  '',
  '| CPU | machine busy | server | load generator | import CLI | other processes |',
  '|---|---:|---:|---:|---:|---:|',
  cpuLine('steady', report.cpu.steady),
  cpuLine('training + import', report.cpu.trainingAndImport),
  '',
  'searchByImage minute by minute:',
  '',
  '| from (s) | phase | searches/s | p50 | p99 | RSS MB |',
  '|---:|---|---:|---:|---:|---:|',
  ...perMinute.map((m) => `| ${m.from} | ${m.phase} | ${m.searchesPerSecond} | ${m.p50} | ${m.p99} | ${m.rssMb} |`),
  '',
  `Checks: error rate 0 in both phases: ${steady.all.errors + busy.all.errors === 0 ? 'yes' : 'no'}; RSS growth after warm-up < 10 %: ${memory.rss.growthPercent < 10 ? 'yes' : 'no'} (${memory.rss.growthPercent} %); searchByImage p99 ${steady.searchByImage.p99} ms steady, ${busy.searchByImage.p99} ms with training + import.`,
  '',
  `Feedback sent: ${verdicts.CORRECT} CORRECT, ${verdicts.INCORRECT} INCORRECT, ${verdicts.CORRECT_PRODUCT} CORRECT_PRODUCT. Server error counters: ${JSON.stringify(serverErrors)}. Server log warnings/errors: ${JSON.stringify(logged)}. Server exit code ${serverExitCode}.`,
];
const markdown = lines.join('\n');
console.log(`\n${markdown}`);
await fs.mkdir(path.join(root, 'bench/results'), { recursive: true });
await fs.writeFile(path.join(root, 'bench/results/load.json'), `${JSON.stringify(report, null, 2)}\n`);
await fs.writeFile(path.join(root, 'bench/results/load.md'), `${markdown}\n`);
