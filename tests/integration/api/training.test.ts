import fs from 'node:fs/promises';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_KEY, startTestServer, type TestServer } from '../../helpers/server.js';
import { buildQueries, objectIds, viewFile } from '../../../bench/retrieval.js';

const SEARCH = `mutation($image: Upload!) { searchByImage(image: $image, limit: 5) { id results { rank product { id } } } }`;
const FEEDBACK = 'mutation($input: FeedbackInput!) { giveFeedback(input: $input) { id } }';
const RUN = `query($id: ID!) { trainingRun(id: $id) {
  id status progress error examplesUsed epoch
  metricsBefore { top1 recallAt5 mrr queries } metricsAfter { top1 recallAt5 mrr queries }
  modelVersion { id name status adapterKind parentId examplesUsed metrics { top1 } parameters { batchSize epochs weightDecay } }
} }`;
const ACTIVATE =
  'mutation($id: ID!, $force: Boolean) { activateModelVersion(id: $id, force: $force) { id name status } }';

/** A small real set: COIL-100 objects, one studio view each in the catalog, shopper photos of other views. */
const OBJECTS = 8;

describe('training', () => {
  let server: TestServer;
  let user: { key: string };
  const productOf = new Map<number, string>();

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server?.stop());

  beforeEach(async () => {
    await server.reset();
    productOf.clear();
    for (const object of (await objectIds()).slice(0, OBJECTS)) {
      const res = await server.gql('mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }', {
        input: { name: `object ${object}`, category: 'coil' },
      });
      const id = res.data!.createProduct.id as string;
      productOf.set(object, id);
      const added = await server.upload(
        'mutation($id: ID!, $image: Upload!) { addProductImage(productId: $id, image: $image) { id } }',
        { id },
        'image',
        { bytes: await fs.readFile(viewFile(object, 0)), type: 'image/png' },
      );
      expect(added.errors).toBeUndefined();
    }
    await server.vitrina.worker!.drain();
    user = await server.createKey('USER');
  });

  /** Shoppers search views and judge the results like the learning-loop benchmark does. */
  async function giveFeedback(views: number[]): Promise<number> {
    const queries = await buildQueries([...productOf.keys()], views, 1, 3);
    let examples = 0;
    for (const query of queries) {
      const res = await server.upload(
        SEARCH,
        {},
        'image',
        { bytes: query.image, type: 'image/jpeg' },
        { key: user.key },
      );
      expect(res.errors).toBeUndefined();
      const search = res.data!.searchByImage;
      const right = productOf.get(query.object)!;
      const rank = search.results.find((r: { product: { id: string } }) => r.product.id === right)?.rank;
      for (const r of search.results) {
        if (rank !== undefined && r.rank > rank) break;
        if (r.product.id === right) continue;
        await server.gql(
          FEEDBACK,
          { input: { searchId: search.id, productId: r.product.id, verdict: 'INCORRECT' } },
          { key: user.key },
        );
        examples++;
      }
      const verdict = rank === undefined ? 'CORRECT_PRODUCT' : 'CORRECT';
      const given = await server.gql(
        FEEDBACK,
        { input: { searchId: search.id, productId: right, verdict } },
        { key: user.key },
      );
      expect(given.errors).toBeUndefined();
      examples++;
    }
    return examples;
  }

  async function waitForRun(id: string) {
    for (;;) {
      const res = await server.gql(RUN, { id });
      expect(res.errors).toBeUndefined();
      const run = res.data!.trainingRun;
      if (run.status !== 'QUEUED' && run.status !== 'RUNNING') return run;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('refuses to start without enough feedback, and refuses non-admins', async () => {
    await giveFeedback([30]);
    const few = await server.gql('mutation { startTraining { id } }');
    expect(few.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(few.errors?.[0]?.message).toMatch(/at least 20/);
    const asUser = await server.gql('mutation { startTraining { id } }', {}, { key: user.key });
    expect(asUser.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('trains a version from feedback, evaluates it against its parent, and serves it once activated', async () => {
    const examples = await giveFeedback([30, 90, 150, 210, 270, 330]);
    expect(examples).toBeGreaterThanOrEqual(20);
    const base = (await server.gql('{ activeModelVersion { id name } }')).data!.activeModelVersion;

    const started = await server.gql('mutation { startTraining(input: { epochs: 4 }) { id status } }');
    expect(started.errors).toBeUndefined();
    const run = await waitForRun(started.data!.startTraining.id);
    expect(run.error).toBeNull();
    expect(run.status).toBe('SUCCEEDED');
    expect(run.progress).toBe(1);
    expect(run.examplesUsed).toBe(examples);
    expect(run.metricsBefore.queries).toBeGreaterThan(0);
    expect(run.metricsAfter.queries).toBe(run.metricsBefore.queries);
    for (const m of [run.metricsBefore, run.metricsAfter]) {
      expect(m.top1).toBeGreaterThanOrEqual(0);
      expect(m.top1).toBeLessThanOrEqual(m.recallAt5);
      expect(m.mrr).toBeGreaterThanOrEqual(m.top1);
    }
    const version = run.modelVersion;
    expect(version).toMatchObject({ status: 'READY', parentId: base.id, examplesUsed: examples });
    expect(version.adapterKind).toBe('residual');
    expect(version.parameters).toMatchObject({ batchSize: 8, epochs: 4, weightDecay: 0.01 });
    expect(version.metrics.top1).toBe(run.metricsAfter.top1);

    // Every example is now marked used, and the new version has a vector per catalog image.
    const unused = await server.vitrina.dataSource.query(
      'SELECT count(*)::int AS n FROM training_examples WHERE NOT used_for_training',
    );
    expect(unused[0].n).toBe(0);
    const vectors = await server.vitrina.dataSource.query(
      'SELECT count(*)::int AS n FROM version_vectors WHERE model_version_id = $1',
      [version.id],
    );
    expect(vectors[0].n).toBe(OBJECTS);

    // Activate (forced: a tiny validation set may tie), search with it, roll back.
    const activated = await server.gql(ACTIVATE, { id: version.id, force: true });
    expect(activated.data!.activateModelVersion.status).toBe('ACTIVE');
    const [query] = await buildQueries([...productOf.keys()].slice(0, 1), [60], 1, 11);
    const res = await server.upload(
      SEARCH,
      {},
      'image',
      { bytes: query!.image, type: 'image/jpeg' },
      { key: user.key },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.searchByImage.results).toHaveLength(5);
    const stored = await server.vitrina.dataSource.query('SELECT model_version_id FROM searches WHERE id = $1', [
      res.data!.searchByImage.id,
    ]);
    expect(stored[0].model_version_id).toBe(version.id);

    const rolledBack = await server.gql('mutation { rollbackModelVersion { id status } }');
    expect(rolledBack.data!.rollbackModelVersion).toEqual({ id: base.id, status: 'ACTIVE' });
    const history = await server.gql('{ modelActivations { modelVersionId previousVersionId reason } }');
    expect(history.data!.modelActivations.slice(0, 2)).toEqual([
      { modelVersionId: base.id, previousVersionId: version.id, reason: 'rollback' },
      { modelVersionId: version.id, previousVersionId: base.id, reason: 'activate (forced)' },
    ]);
    const versions = await server.gql('{ modelVersions { id status parent { id } } }');
    expect(versions.data!.modelVersions[0]).toEqual({ id: version.id, status: 'READY', parent: { id: base.id } });
  });

  it('refuses a version worse than its parent unless forced, and one whose weights fail their checksum', async () => {
    await giveFeedback([30, 90, 150, 210, 270, 330]);
    const started = await server.gql('mutation { startTraining(input: { epochs: 1 }) { id } }');
    const run = await waitForRun(started.data!.startTraining.id);
    expect(run.status).toBe('SUCCEEDED');
    const id = run.modelVersion.id;
    const ds = server.vitrina.dataSource;
    await ds.query(
      `UPDATE training_runs SET metrics_before = '{"top1": 0.9, "recallAt5": 1, "mrr": 0.95, "queries": 10}',
         metrics_after = '{"top1": 0.5, "recallAt5": 0.9, "mrr": 0.6, "queries": 10}' WHERE id = $1`,
      [run.id],
    );
    const refused = await server.gql(ACTIVATE, { id });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'WORSE_THAN_PARENT' });
    expect((await server.gql(ACTIVATE, { id, force: true })).data!.activateModelVersion.status).toBe('ACTIVE');
    await server.gql('mutation { rollbackModelVersion { id } }');

    // Weights changed behind the registry's back: loading them fails, so does activation.
    await ds.query(`UPDATE model_versions SET adapter_checksum = repeat('0', 64) WHERE id = $1`, [id]);
    const corrupt = await server.gql(ACTIVATE, { id, force: true });
    expect(corrupt.errors?.[0]?.message).toMatch(/checksum/);
    // A version built on another encoder cannot serve here.
    await ds.query(`UPDATE model_versions SET encoder_checksum = 'another-encoder' WHERE id = $1`, [id]);
    const foreign = await server.gql(ACTIVATE, { id, force: true });
    expect(foreign.errors?.[0]?.message).toMatch(/encoder/);
  });

  it('cancels a run, and never leaves an interrupted run RUNNING', async () => {
    await giveFeedback([30, 90, 150, 210, 270, 330]);
    const started = await server.gql('mutation { startTraining(input: { epochs: 50 }) { id } }');
    const id = started.data!.startTraining.id;
    // One run at a time: a second start (a double tap, the scheduler) is refused while it is on.
    const second = await server.gql('mutation { startTraining(input: { epochs: 1 }) { id } }');
    expect(second.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'TRAINING_IN_PROGRESS',
      runId: id,
    });
    const cancelled = await server.gql('mutation($id: ID!) { cancelTraining(id: $id) { status } }', { id });
    expect(cancelled.data!.cancelTraining.status).toBe('CANCELLED');
    const run = await waitForRun(id);
    expect(run.status).toBe('CANCELLED');
    await server.vitrina.worker!.drain();
    const again = await server.gql('mutation($id: ID!) { cancelTraining(id: $id) { status } }', { id });
    expect(again.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    // A run marked running whose job is gone (a crash, then its job failed for good).
    const ds = server.vitrina.dataSource;
    const [orphan] = await ds.query(
      `INSERT INTO training_runs (status, parent_version_id, parameters) SELECT 'running', id, '{}' FROM model_versions LIMIT 1 RETURNING id`,
    );
    expect(await server.vitrina.services.training.failOrphans()).toBe(1);
    const failed = await server.gql(RUN, { id: orphan.id });
    expect(failed.data!.trainingRun).toMatchObject({ status: 'FAILED' });
    expect(failed.data!.trainingRun.error).toMatch(/interrupted/);
  });

  it('reports progress over the trainingRunUpdated subscription until the run ends', async () => {
    await giveFeedback([30, 90, 150, 210, 270, 330]);
    const client = createClient({
      url: `${server.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { Authorization: `Bearer ${ADMIN_KEY}` },
      retryAttempts: 0,
    });
    const events: Array<{ status: string; progress: number; epoch: number | null }> = [];
    const ended = new Promise<void>((resolve, reject) => {
      const dispose = client.subscribe(
        { query: 'subscription { trainingRunUpdated { id status progress epoch loss } }' },
        {
          next: (value) => {
            const run = (value.data as { trainingRunUpdated: (typeof events)[number] }).trainingRunUpdated;
            events.push(run);
            if (!['QUEUED', 'RUNNING'].includes(run.status)) {
              dispose();
              resolve();
            }
          },
          error: reject,
          complete: () => {},
        },
      );
    });
    await new Promise((r) => setTimeout(r, 200));
    const started = await server.gql('mutation { startTraining(input: { epochs: 2 }) { id } }');
    expect(started.errors).toBeUndefined();
    await ended;
    await client.dispose();
    expect(events[0]!.status).toBe('QUEUED');
    expect(events.at(-1)).toMatchObject({ status: 'SUCCEEDED', progress: 1 });
    const running = events.filter((e) => e.status === 'RUNNING');
    expect(running.some((e) => e.progress > 0 && e.progress < 1 && e.epoch !== null)).toBe(true);
    const progress = running.map((e) => e.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('fails a run it cannot evaluate, with the reason, and leaves no half-made version serving', async () => {
    // Many judgements, but all on one photo: nothing can be held out for validation.
    const [query] = await buildQueries([...productOf.keys()].slice(0, 1), [45], 1, 5);
    for (let user = 0; user < 3; user++) {
      const key = (await server.createKey('USER')).key;
      const res = await server.upload(SEARCH, {}, 'image', { bytes: query!.image, type: 'image/jpeg' }, { key });
      const searchId = res.data!.searchByImage.id;
      for (const product of productOf.values()) {
        const given = await server.gql(
          FEEDBACK,
          { input: { searchId, productId: product, verdict: 'CORRECT_PRODUCT' } },
          { key },
        );
        expect(given.errors).toBeUndefined();
      }
    }
    const started = await server.gql('mutation { startTraining { id } }');
    expect(started.errors).toBeUndefined();
    const run = await waitForRun(started.data!.startTraining.id);
    expect(run.status).toBe('FAILED');
    expect(run.error).toMatch(/validation/);
    expect(run.modelVersion.status).toBe('FAILED');
    const vectors = await server.vitrina.dataSource.query(
      'SELECT count(*)::int AS n FROM version_vectors WHERE model_version_id = $1',
      [run.modelVersion.id],
    );
    expect(vectors[0].n).toBe(0);
    const refused = await server.gql(ACTIVATE, { id: run.modelVersion.id, force: true });
    expect(refused.errors?.[0]?.message).toMatch(/failed/);
  });
});
