/**
 * The simulated shop both learning benchmarks run on: a real vitrina (embedded database,
 * built-in encoder) over the GraphQL API, a COIL-100 catalog of one studio view (0°) per object,
 * and shoppers who judge their results the way real ones would.
 */
import 'reflect-metadata';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { startVitrina, type Vitrina } from '../src/app.js';
import { createLogger } from '../src/api/logger.js';
import { VitrinaClient } from '../src/client/graphql-client.js';
import { buildQueries, objectIds, viewFile, type Query } from './retrieval.js';

const ADMIN = 'bench-admin-key-0123456789';
export const LIMIT = 5;

export type SearchAnswer = {
  id: string;
  experimentArm?: string | null;
  results: Array<{ rank: number; product: { id: string } }>;
};
export type Verdict = 'CORRECT' | 'INCORRECT' | 'CORRECT_PRODUCT';
export type RunMetrics = { top1: number; recallAt5: number; mrr: number; queries: number };
export type Run = {
  status: string;
  progress: number;
  error: string | null;
  examplesUsed: number;
  durationMs: number | null;
  metricsBefore: RunMetrics | null;
  metricsAfter: RunMetrics | null;
  modelVersion: { id: string; name: string } | null;
};

export type CoilShop = {
  vitrina: Vitrina;
  url: string;
  admin: VitrinaClient;
  objects: number[];
  productOf: Map<number, string>;
  objectOf: Map<string, number>;
  /** A client for a key of this role, acting for `endUser` when given. */
  client(role: 'USER' | 'SERVICE', endUser?: string): Promise<VitrinaClient>;
  stop(): Promise<void>;
};

/** A vitrina whose catalog is one 0° studio view per COIL object, embedded and searchable. */
export async function openCoilShop(dataset: string): Promise<CoilShop> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'vitrina-bench-'));
  const vitrina = await startVitrina(
    // The simulated shoppers search faster than a person: at the default 600 a minute, a search
    // would wait out a 429's Retry-After (~50 s) and count it as latency. Limits are not measured here.
    loadConfig({
      DATA_DIR: dataDir,
      ADMIN_API_KEY: ADMIN,
      DEMO_CATALOG: 'false',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '0',
    }),
    { port: 0, logger: createLogger('warn') },
  );
  const url = `${vitrina.url}/graphql`;
  const admin = new VitrinaClient({ url, apiKey: ADMIN });
  const objects = await objectIds(dataset);
  const productOf = new Map<number, string>();
  for (const object of objects) {
    const { createProduct } = await admin.request<{ createProduct: { id: string } }>(
      'mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }',
      { input: { name: `COIL object ${object}`, category: 'coil', sku: `coil-${object}` } },
    );
    await admin.upload(
      'mutation($id: ID!, $image: Upload!) { addProductImage(productId: $id, image: $image) { id } }',
      { id: createProduct.id },
      'image',
      {
        bytes: await fs.readFile(viewFile(object, 0, dataset)),
        filename: `obj${object}__0.png`,
        contentType: 'image/png',
      },
    );
    productOf.set(object, createProduct.id);
  }
  await vitrina.worker!.drain(300_000);
  const keys = new Map<string, string>();
  return {
    vitrina,
    url,
    admin,
    objects,
    productOf,
    objectOf: new Map([...productOf].map(([object, id]) => [id, object])),
    async client(role, endUser) {
      if (!keys.has(role)) {
        const { createApiKey } = await admin.request<{ createApiKey: { key: string } }>(
          'mutation($role: Role!) { createApiKey(role: $role, name: "bench shopper") { key } }',
          { role },
        );
        keys.set(role, createApiKey.key);
      }
      return new VitrinaClient({ url, apiKey: keys.get(role)!, endUser });
    },
    async stop() {
      await vitrina.stop();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function searchPhoto(client: VitrinaClient, query: Query): Promise<SearchAnswer> {
  const { searchByImage } = await client.upload<{ searchByImage: SearchAnswer }>(
    'mutation($image: Upload!, $limit: Int) { searchByImage(image: $image, limit: $limit) { id experimentArm results { rank product { id } } } }',
    { limit: LIMIT },
    'image',
    { bytes: query.image, filename: 'photo.jpg', contentType: 'image/jpeg' },
  );
  return searchByImage;
}

/** Share of `queries` whose first result is their object (3 decimals), searched as `client` (the admin). */
export async function heldOutTop1(shop: CoilShop, queries: Query[], client = shop.admin): Promise<number> {
  let hits = 0;
  for (const query of queries) {
    const result = await searchPhoto(client, query);
    if (result.results[0] && shop.objectOf.get(result.results[0].product.id) === query.object) hits++;
  }
  return Math.round((hits / queries.length) * 1000) / 1000;
}

/** Serve this version from now on, even if its run did worse than its parent. */
export async function activate(shop: CoilShop, versionId: string): Promise<void> {
  await shop.admin.request('mutation($id: ID!) { activateModelVersion(id: $id, force: true) { id } }', {
    id: versionId,
  });
}

/**
 * A shopper's judgement of one search: INCORRECT on each wrong product ranked above the right
 * one, then CORRECT on the right one — or CORRECT_PRODUCT when it is not listed.
 * Returns the right product's rank (undefined when missing) and the verdicts given.
 */
export async function judge(
  client: VitrinaClient,
  search: SearchAnswer,
  rightProductId: string,
): Promise<{ rank: number | undefined; verdicts: Verdict[] }> {
  const rank = search.results.find((r) => r.product.id === rightProductId)?.rank;
  const verdicts: Verdict[] = [];
  const give = async (productId: string, verdict: Verdict) => {
    await client.request('mutation($input: FeedbackInput!) { giveFeedback(input: $input) { id } }', {
      input: { searchId: search.id, productId, verdict },
    });
    verdicts.push(verdict);
  };
  for (const r of search.results) {
    if (rank !== undefined && r.rank > rank) break;
    if (r.product.id !== rightProductId) await give(r.product.id, 'INCORRECT');
  }
  await give(rightProductId, rank === undefined ? 'CORRECT_PRODUCT' : 'CORRECT');
  return { rank, verdicts };
}

export type Feedback = { searches: number; top1: number; feedback: Record<Verdict, number> };

/** Shoppers (one user key) search and judge photos of `views`. */
export async function collectFeedback(
  shop: CoilShop,
  { views, variants, seed, dataset }: { views: number[]; variants: number; seed: number; dataset: string },
): Promise<Feedback> {
  const shopper = await shop.client('USER');
  const queries = await buildQueries(shop.objects, views, variants, seed, undefined, dataset);
  const feedback: Record<Verdict, number> = { CORRECT: 0, INCORRECT: 0, CORRECT_PRODUCT: 0 };
  let top1 = 0;
  for (const query of queries) {
    const { rank, verdicts } = await judge(
      shopper,
      await searchPhoto(shopper, query),
      shop.productOf.get(query.object)!,
    );
    if (rank === 1) top1++;
    for (const v of verdicts) feedback[v]++;
  }
  return { searches: queries.length, top1: top1 / queries.length, feedback };
}

/** An admin trains on the feedback given so far and waits for the run. */
export async function train(shop: CoilShop): Promise<{ run: Run; wallSeconds: number }> {
  const started = performance.now();
  const { startTraining } = await shop.admin.request<{ startTraining: { id: string } }>(
    'mutation { startTraining { id } }',
  );
  let run: Run;
  for (;;) {
    ({ trainingRun: run } = await shop.admin.request<{ trainingRun: Run }>(
      `query($id: ID!) { trainingRun(id: $id) { status progress error examplesUsed durationMs
         metricsBefore { top1 recallAt5 mrr queries } metricsAfter { top1 recallAt5 mrr queries }
         modelVersion { id name } } }`,
      { id: startTraining.id },
    ));
    if (!['QUEUED', 'RUNNING'].includes(run.status)) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  if (run.status !== 'SUCCEEDED') throw new Error(`training ${run.status}: ${run.error}`);
  return { run, wallSeconds: (performance.now() - started) / 1000 };
}

/** Shoppers search and judge photos of `views`; then an admin trains on that feedback and waits. */
export async function trainOnFeedback(
  shop: CoilShop,
  options: { views: number[]; variants: number; seed: number; dataset: string },
): Promise<{ run: Run; searches: number; top1: number; feedback: Record<Verdict, number>; wallSeconds: number }> {
  const given = await collectFeedback(shop, options);
  return { ...given, ...(await train(shop)) };
}
