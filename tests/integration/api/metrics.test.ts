import fs from 'node:fs/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { DEMO_PRODUCTS, SHOPPER_VIEW, STUDIO_VIEWS } from '../../../src/demo/drawings.js';
import { renderDemoImage } from '../../../src/demo/demo-catalog.js';
import { EMBED_JOB } from '../../../src/services/embedding.service.js';
import { TRAIN_JOB } from '../../../src/services/training.service.js';
import { addVersion } from '../../helpers/versions.js';

const SEARCH = `mutation($image: Upload!) { searchByImage(image: $image, limit: 3) {
  id modelVersion { id name } results { rank product { id } } } }`;
const FEEDBACK = 'mutation($input: FeedbackInput!) { giveFeedback(input: $input) { id feedbackType } }';
const SUGGEST = 'mutation($input: SuggestProductInput!) { suggestProduct(input: $input) { id } }';

type Sample = { name: string; labels: Record<string, string>; value: number };

/** `/metrics` as samples (the Prometheus text format, as prom-client writes it). */
async function scrape(url: string): Promise<Sample[]> {
  const res = await fetch(`${url}/metrics`);
  expect(res.status).toBe(200);
  const samples: Sample[] = [];
  for (const line of (await res.text()).split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key!] = value!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** The sum of a metric's samples whose labels include `labels`. */
function total(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

describe('metrics wiring', () => {
  let server: TestServer;
  let user: { key: string };
  let version: string;
  const items = DEMO_PRODUCTS.slice(0, 3);

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server?.stop());

  beforeEach(async () => {
    await server.reset();
    for (const item of items) {
      const res = await server.gql('mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }', {
        input: { name: item.name, category: item.category, description: item.description, sku: item.sku },
      });
      const added = await server.upload(
        'mutation($id: ID!, $image: Upload!) { addProductImage(productId: $id, image: $image) { id } }',
        { id: res.data!.createProduct.id },
        'image',
        { bytes: await renderDemoImage(item, STUDIO_VIEWS[0]!) },
      );
      expect(added.errors).toBeUndefined();
    }
    await server.vitrina.worker!.drain();
    user = await server.createKey('USER', 'shopper');
    version = (await server.vitrina.services.registry.active()).name;
  });

  async function search(index: number) {
    const photo = await renderDemoImage(items[index]!, SHOPPER_VIEW, 'jpeg');
    const res = await server.upload(SEARCH, {}, 'image', { bytes: photo, type: 'image/jpeg' }, { key: user.key });
    expect(res.errors).toBeUndefined();
    return res.data!.searchByImage as { id: string; results: Array<{ rank: number; product: { id: string } }> };
  }

  const feedback = async (searchId: string, productId: string, verdict: string, comment?: string) => {
    const res = await server.gql(FEEDBACK, { input: { searchId, productId, verdict, comment } }, { key: user.key });
    expect(res.errors).toBeUndefined();
  };

  it('counts feedback once per new or changed verdict, with its version and arm', async () => {
    const s = await search(0);
    const top = s.results[0]!.product.id;
    const labels = { model_version: version, arm: 'none' };
    const before = await scrape(server.url);

    await feedback(s.id, top, 'CORRECT');
    const once = await scrape(server.url);
    expect(total(once, 'vitrina_feedback_total', { verdict: 'correct', ...labels })).toBe(
      total(before, 'vitrina_feedback_total', { verdict: 'correct', ...labels }) + 1,
    );

    // A double tap (the same verdict again) changes nothing; nor does a comment added to it.
    await feedback(s.id, top, 'CORRECT');
    await feedback(s.id, top, 'CORRECT');
    await feedback(s.id, top, 'CORRECT', 'the blue one, exactly');
    const repeated = await scrape(server.url);
    expect(total(repeated, 'vitrina_feedback_total')).toBe(total(once, 'vitrina_feedback_total'));

    // A changed mind is new feedback.
    await feedback(s.id, top, 'INCORRECT');
    const changed = await scrape(server.url);
    expect(total(changed, 'vitrina_feedback_total', { verdict: 'incorrect', ...labels })).toBe(
      total(once, 'vitrina_feedback_total', { verdict: 'incorrect', ...labels }) + 1,
    );
    expect(total(changed, 'vitrina_feedback_total')).toBe(total(once, 'vitrina_feedback_total') + 1);
  });

  it('counts a top-1 judgement when a search is first judged, and not again when its outcome flips', async () => {
    const judged = (samples: Sample[], outcome: string) =>
      total(samples, 'vitrina_top1_judgements_total', {
        model_version: version,
        arm: 'none',
        outcome,
        shadow: 'false',
      });
    const s = await search(1);
    const [first, second] = s.results.map((r) => r.product.id);
    const start = await scrape(server.url);

    await feedback(s.id, first!, 'CORRECT');
    const correct = await scrape(server.url);
    expect(judged(correct, 'correct')).toBe(judged(start, 'correct') + 1);
    expect(judged(correct, 'incorrect')).toBe(judged(start, 'incorrect'));

    // More feedback that leaves the judgement as it was (its top result is still the right one).
    await feedback(s.id, second!, 'INCORRECT');
    const same = await scrape(server.url);
    expect(total(same, 'vitrina_feedback_total')).toBe(total(correct, 'vitrina_feedback_total') + 1);
    expect(total(same, 'vitrina_top1_judgements_total')).toBe(total(correct, 'vitrina_top1_judgements_total'));

    // A changed mind is new feedback, but the same judged search: the report counts it once, and
    // so do the counters the dashboard's judged searches and accuracy are made of.
    await feedback(s.id, first!, 'INCORRECT');
    const flipped = await scrape(server.url);
    expect(total(flipped, 'vitrina_feedback_total')).toBe(total(same, 'vitrina_feedback_total') + 1);
    expect(total(flipped, 'vitrina_top1_judgements_total')).toBe(total(same, 'vitrina_top1_judgements_total'));
    await feedback(s.id, first!, 'CORRECT');
    const back = await scrape(server.url);
    expect(total(back, 'vitrina_top1_judgements_total')).toBe(total(same, 'vitrina_top1_judgements_total'));

    // A text search judges no ranking.
    const text = await server.gql(
      'mutation($text: String!) { searchByText(text: $text, limit: 3) { id results { product { id } } } }',
      { text: items[2]!.name },
      { key: user.key },
    );
    expect(text.errors).toBeUndefined();
    const hit = text.data!.searchByText.results[0]?.product.id;
    expect(hit).toBeDefined();
    await feedback(text.data!.searchByText.id, hit, 'CORRECT');
    const afterText = await scrape(server.url);
    expect(total(afterText, 'vitrina_top1_judgements_total')).toBe(total(back, 'vitrina_top1_judgements_total'));
    expect(total(afterText, 'vitrina_feedback_total')).toBe(total(back, 'vitrina_feedback_total') + 1);
  });

  it('labels judgements by experiment and control, and counts a shadow control judged without a named product apart', async () => {
    const shadowed = await addVersion(server.vitrina, 'shadowed', 1.4);
    const active = await server.vitrina.services.registry.active();
    const created = await server.gql(
      'mutation($input: CreateExperimentInput!) { createExperiment(input: $input) { id } }',
      {
        input: {
          name: 'shadow metrics',
          mode: 'SHADOW',
          arms: [
            { modelVersionId: active.id, weight: 1, name: 'incumbent' },
            { modelVersionId: shadowed, weight: 0, name: 'challenger' },
          ],
        },
      },
    );
    expect(created.errors).toBeUndefined();
    const s = await search(0);
    const [first, second] = s.results.map((r) => r.product.id);
    const judged = (samples: Sample[], arm: string, truthKnown: string) =>
      total(samples, 'vitrina_top1_judgements_total', {
        experiment: 'shadow metrics',
        mode: 'shadow',
        arm,
        control: String(arm === 'incumbent'),
        truth_known: truthKnown,
      });
    // The top result marked wrong, no product named: only the shown ranking is judged.
    await feedback(s.id, first!, 'INCORRECT');
    const unnamed = await scrape(server.url);
    expect(judged(unnamed, 'incumbent', 'false')).toBe(1);
    expect(judged(unnamed, 'incumbent', 'true')).toBe(0);
    expect(judged(unnamed, 'challenger', 'true')).toBe(0);
    // The right product named: both rankings are judged on it, where the comparison counts them.
    await feedback(s.id, second!, 'CORRECT');
    const named = await scrape(server.url);
    expect(judged(named, 'incumbent', 'true')).toBe(1);
    expect(judged(named, 'challenger', 'true')).toBe(1);
    expect(judged(named, 'incumbent', 'false')).toBe(1);
    const report = await server.gql('query($id: ID!) { experimentReport(id: $id) { arms { arm { name } judged } } }', {
      id: created.data!.createExperiment.id,
    });
    expect(report.data!.experimentReport.arms).toEqual([
      { arm: { name: 'incumbent' }, judged: 1 },
      { arm: { name: 'challenger' }, judged: 1 },
    ]);
    const stopped = await server.gql('mutation($id: ID!) { stopExperiment(id: $id) { id } }', {
      id: created.data!.createExperiment.id,
    });
    expect(stopped.errors).toBeUndefined();
  });

  it('counts a suggested product once, as new_item feedback that judges nothing', async () => {
    const s = await search(2);
    const before = await scrape(server.url);
    for (let i = 0; i < 2; i++) {
      const res = await server.gql(
        SUGGEST,
        { input: { searchId: s.id, name: 'A brand new thing', category: 'misc' } },
        { key: user.key },
      );
      expect(res.errors).toBeUndefined();
    }
    const after = await scrape(server.url);
    const newItem = { verdict: 'new_item', model_version: version, arm: 'none' };
    expect(total(after, 'vitrina_feedback_total', newItem)).toBe(total(before, 'vitrina_feedback_total', newItem) + 1);
    expect(total(after, 'vitrina_top1_judgements_total')).toBe(total(before, 'vitrina_top1_judgements_total'));
  });

  it('reads queue depth, the oldest job, the embedding backlog and the active version at scrape time', async () => {
    // The last image's embedding job may be queued just after the worker drained: the backlog empties.
    let samples = await scrape(server.url);
    for (const deadline = Date.now() + 10_000; total(samples, 'vitrina_embedding_backlog') > 0;) {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 100));
      await server.vitrina.worker!.drain();
      samples = await scrape(server.url);
    }
    expect(samples.filter((s) => s.name === 'vitrina_active_model_version_info')).toEqual([
      { name: 'vitrina_active_model_version_info', labels: { model_version: version }, value: 1 },
    ]);
    for (const kind of [EMBED_JOB, TRAIN_JOB]) {
      // Known kinds are reported even when idle, so that dashboards and alerts see them.
      expect(total(samples, 'vitrina_jobs_queued', { kind })).toBe(0);
      expect(total(samples, 'vitrina_jobs_running', { kind })).toBe(0);
      expect(samples.some((s) => s.name === 'vitrina_job_oldest_age_seconds' && s.labels.kind === kind)).toBe(true);
    }

    // A job waiting (in the future, so no worker takes it) and an image the active version lacks.
    await server.vitrina.dataSource.query(
      `INSERT INTO jobs (kind, created_at, run_after) VALUES ('import', now() - interval '90 seconds', now() + interval '1 hour')`,
    );
    await server.vitrina.dataSource.query(
      `DELETE FROM version_vectors WHERE product_image_id = (SELECT id FROM product_images ORDER BY id LIMIT 1)`,
    );
    samples = await scrape(server.url);
    expect(total(samples, 'vitrina_jobs_queued', { kind: 'import' })).toBe(1);
    expect(total(samples, 'vitrina_job_oldest_age_seconds', { kind: 'import' })).toBeGreaterThanOrEqual(90);
    expect(total(samples, 'vitrina_job_oldest_age_seconds', { kind: EMBED_JOB })).toBe(0);
    expect(total(samples, 'vitrina_embedding_backlog')).toBe(1);
    await server.vitrina.dataSource.query(`DELETE FROM jobs WHERE kind = 'import'`);
  });

  it('counts an image whose file is missing as unreadable, not as backlog, until it is uploaded again', async () => {
    const [image] = (await server.vitrina.dataSource.query(
      `SELECT p.id AS product_id, i.sha256, i.format
       FROM product_images pi JOIN products p ON p.id = pi.product_id JOIN images i ON i.sha256 = pi.image_sha256
       ORDER BY p.sku LIMIT 1`,
    )) as Array<{ product_id: string; sha256: string; format: string }>;
    const store = server.vitrina.services.images;
    const bytes = await fs.readFile(store.pathOf(image!.sha256, image!.format));
    // The file is lost, and with it the image's vectors and base embedding (a new encoder, say).
    await fs.rm(store.pathOf(image!.sha256, image!.format));
    await server.vitrina.dataSource.query(
      `DELETE FROM version_vectors WHERE product_image_id IN (SELECT id FROM product_images WHERE image_sha256 = $1)`,
      [image!.sha256],
    );
    await server.vitrina.dataSource.query('DELETE FROM image_embeddings WHERE image_sha256 = $1', [image!.sha256]);
    expect(total(await scrape(server.url), 'vitrina_embedding_backlog')).toBe(1);

    await server.vitrina.services.embeddings.requestCatalogEmbedding();
    await server.vitrina.worker!.drain();
    let samples = await scrape(server.url);
    expect(total(samples, 'vitrina_embedding_backlog')).toBe(0);
    expect(total(samples, 'vitrina_unreadable_images')).toBe(1);

    // Uploaded again: the file is back, the mark cleared, and the job embeds it.
    const again = await server.upload(
      'mutation($id: ID!, $image: Upload!) { addProductImage(productId: $id, image: $image) { id } }',
      { id: image!.product_id },
      'image',
      { bytes },
    );
    expect(again.errors).toBeUndefined();
    await server.vitrina.worker!.drain();
    samples = await scrape(server.url);
    expect(total(samples, 'vitrina_unreadable_images')).toBe(0);
    expect(total(samples, 'vitrina_embedding_backlog')).toBe(0);
    const [vectors] = (await server.vitrina.dataSource.query(
      `SELECT count(*)::int AS n FROM version_vectors v JOIN product_images pi ON pi.id = v.product_image_id
       WHERE pi.image_sha256 = $1`,
      [image!.sha256],
    )) as Array<{ n: number }>;
    expect(vectors!.n).toBeGreaterThan(0);
  });

  it('reads the held-out top-1 of trained versions that are ready or active from their stored runs', async () => {
    // A run that ended before this process started: nothing here observed it.
    const trained = await addVersion(server.vitrina, 'trained-before-restart');
    await server.vitrina.dataSource.query(
      `INSERT INTO training_runs (status, parent_version_id, model_version_id, metrics_before, metrics_after)
       SELECT 'succeeded', parent_id, id, $2::jsonb, $3::jsonb FROM model_versions WHERE id = $1`,
      [
        trained,
        JSON.stringify({ top1: 0.625, recallAt5: 0.9, mrr: 0.7, queries: 8 }),
        JSON.stringify({ top1: 0.875, recallAt5: 1, mrr: 0.9, queries: 8 }),
      ],
    );
    const heldOut = (samples: Sample[]) =>
      samples
        .filter((s) => s.name === 'vitrina_training_top1_accuracy')
        .map((s) => [s.labels.model_version, s.labels.when, s.value]);
    expect(heldOut(await scrape(server.url))).toEqual([
      ['trained-before-restart', 'before', 0.625],
      ['trained-before-restart', 'after', 0.875],
    ]);
    // An archived version is no longer compared.
    await server.vitrina.services.registry.archive(trained);
    expect(heldOut(await scrape(server.url))).toEqual([]);
  });
});
