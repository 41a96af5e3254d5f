import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_PRODUCTS, SHOPPER_VIEW, STUDIO_VIEWS } from '../../../src/demo/drawings.js';
import { renderDemoImage } from '../../../src/demo/demo-catalog.js';
import { migrations as allMigrations } from '../../../src/db/migrations/index.js';
import { l2normalize } from '../../../src/ml/encoder.js';
import { createDatabase, withClient, type TestDatabase } from '../../helpers/postgres-cluster.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

/** A real PostgreSQL with pgvector (tests/setup/postgres.ts), not PGlite. */
const serverUrl = inject('postgresUrl');

const SEARCH = `mutation($image: Upload!) {
  searchByImage(image: $image, limit: 3) { modelVersion { id } results { product { sku } } }
}`;
const ADD_IMAGE = 'mutation($id: ID!, $image: Upload!) { addProductImage(productId: $id, image: $image) { id } }';

describe.skipIf(!serverUrl)('on a real PostgreSQL with pgvector', () => {
  let database: TestDatabase;
  let dataDir: string;
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    database = await createDatabase(serverUrl);
    const databaseUrl = database.url;
    // One image store, as replicas must share (docs/operations.md).
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'vitrina-replicas-'));
    // Two replicas start together: the migrations run once, under the advisory lock.
    [a, b] = await Promise.all([
      startTestServer({}, { databaseUrl, dataDir }),
      startTestServer({}, { databaseUrl, dataDir }),
    ]);
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await database?.drop();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('serves two replicas from one database: a product added through one is found through the other', async () => {
    const items = DEMO_PRODUCTS.slice(0, 4);
    for (const item of items) {
      const created = await a.gql('mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }', {
        input: { name: item.name, category: item.category, sku: item.sku },
      });
      const id = created.data!.createProduct.id as string;
      for (const view of STUDIO_VIEWS) {
        const added = await a.upload(ADD_IMAGE, { id }, 'image', { bytes: await renderDemoImage(item, view) });
        expect(added.errors).toBeUndefined();
      }
    }
    // Either replica's worker may have claimed the embedding job.
    await Promise.all([a.vitrina.worker!.drain(), b.vitrina.worker!.drain()]);

    for (const item of items) {
      const photo = await renderDemoImage(item, SHOPPER_VIEW, 'jpeg');
      const res = await b.upload(SEARCH, {}, 'image', { bytes: photo, type: 'image/jpeg' });
      expect(res.errors).toBeUndefined();
      expect(res.data!.searchByImage.results[0].product.sku).toBe(item.sku);
    }
    const migrations = await withClient(database.url, (c) => c.query('SELECT count(*)::int AS n FROM migrations'));
    expect(migrations.rows[0].n, 'each migration applied once').toBe(allMigrations.length);
  });

  it('never JIT-compiles a search, even where the server would compile every query', async () => {
    // JIT for everything on this database's new sessions: a search that paid for LLVM compilation
    // (as every search did before vitrina_nearest turned it off for its call) shows it in its plan.
    await withClient(serverUrl, (c) => c.query(`ALTER DATABASE ${database.name} SET jit_above_cost = 0`));
    const version = await a.vitrina.services.registry.active();
    const random = () => Math.sin(Math.random() * 1e4);
    const vector = l2normalize(Float32Array.from({ length: version.dim }, random));
    await withClient(database.url, async (c) => {
      const control = await c.query('EXPLAIN SELECT sum(i) FROM generate_series(1, 1000) AS i');
      expect(control.rows.map((r) => r['QUERY PLAN']).join('\n'), 'JIT is live on this server').toContain('JIT');

      const { rows } = await c.query('SELECT plan FROM vitrina_explain_nearest($1, $2, $3::vector, $4, $5) AS plan', [
        version.id,
        version.dim,
        `[${[...vector].join(',')}]`,
        10,
        40,
      ]);
      const plan = rows.map((r) => r.plan).join('\n');
      expect(plan).toContain('Index Scan');
      expect(plan).not.toContain('JIT');
    });
  });

  it("records when a version's gallery changes, and the drift score test starts there", async () => {
    const item = DEMO_PRODUCTS[5]!;
    const created = await a.gql('mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }', {
      input: { name: item.name, category: item.category, sku: item.sku },
    });
    const productId = created.data!.createProduct.id as string;
    await a.upload(ADD_IMAGE, { id: productId }, 'image', { bytes: await renderDemoImage(item, STUDIO_VIEWS[0]!) });
    await Promise.all([a.vitrina.worker!.drain(), b.vitrina.worker!.drain()]);
    const photo = await renderDemoImage(item, SHOPPER_VIEW, 'jpeg');
    const searched = await a.upload('mutation($image: Upload!) { searchByImage(image: $image) { id } }', {}, 'image', {
      bytes: photo,
      type: 'image/jpeg',
    });
    const changedAt = async () =>
      (
        await withClient(database.url, (c) =>
          c.query(`SELECT gallery_changed_at AS t FROM model_versions WHERE status = 'active'`),
        )
      ).rows[0].t as Date | null;
    expect(await changedAt()).toBeNull();
    // An admin's own confirmation is accepted at once: one view joins the active version's gallery.
    const input = { searchId: searched.data!.searchByImage.id, productId, verdict: 'CORRECT_PRODUCT' };
    expect(
      (await a.gql('mutation($input: FeedbackInput!) { giveFeedback(input: $input) { id } }', { input })).errors,
    ).toBeUndefined();
    const views = await a.gql('{ galleryViews(status: ACCEPTED) { nodes { id } } }');
    const viewId = views.data!.galleryViews.nodes[0].id as string;
    const accepted = (await changedAt())!;
    expect(accepted).toBeInstanceOf(Date);
    await a.gql('mutation($id: ID!) { reviewGalleryView(id: $id, accept: true) { id } }', { id: viewId });
    expect((await changedAt())!.getTime(), 'the same vector again is no change').toBe(accepted.getTime());
    const drift = await b.gql('{ driftReport { tests { test since reference { size } } } }');
    expect(drift.data!.driftReport[0].tests).toContainEqual({
      test: 'TOP1_SCORE_KS',
      since: accepted.toISOString(),
      reference: { size: 0 },
    });
    await a.gql('mutation($id: ID!) { removeGalleryView(id: $id) { id } }', { id: viewId });
    expect((await changedAt())!.getTime()).toBeGreaterThan(accepted.getTime());
  });

  it('starts two replicas together on an empty database: one base version, one demo catalog', async () => {
    const fresh = await createDatabase(serverUrl);
    const shared = await fs.mkdtemp(path.join(os.tmpdir(), 'vitrina-replicas-'));
    const replicas: TestServer[] = [];
    try {
      const started = await Promise.allSettled(
        [0, 1].map(() => startTestServer({ DEMO_CATALOG: 'true' }, { databaseUrl: fresh.url, dataDir: shared })),
      );
      for (const s of started) if (s.status === 'fulfilled') replicas.push(s.value);
      expect(started.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled']);
      const counts = await withClient(fresh.url, (c) =>
        c.query(
          `SELECT (SELECT count(*)::int FROM products) AS products, (SELECT count(*)::int FROM model_versions) AS versions`,
        ),
      );
      expect(counts.rows[0]).toEqual({ products: DEMO_PRODUCTS.length, versions: 1 });
    } finally {
      for (const replica of replicas) await replica.stop();
      await fresh.drop();
      await fs.rm(shared, { recursive: true, force: true });
    }
  });
});
