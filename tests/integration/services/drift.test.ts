import crypto from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { renderDemoImage } from '../../../src/demo/demo-catalog.js';
import { DEMO_PRODUCTS } from '../../../src/demo/drawings.js';
import type { ModelVersion } from '../../../src/entities/model-version.entity.js';
import { createRandom, type Random } from '../../../src/lib/random.js';
import { ksTwoSample } from '../../../src/stats/ks.js';
import { addDemoCatalog } from '../../helpers/catalog.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

const REPORT = `query($id: ID, $reference: DriftReference, $referenceSize: Int, $currentSize: Int, $currentHours: Float) {
  driftReport(modelVersionId: $id, reference: $reference, referenceSize: $referenceSize, currentSize: $currentSize,
    currentHours: $currentHours) {
    modelVersion { id name } alarm exported alpha minSamples
    tests { test status statistic pValue alarm method since
      reference { size from to } current { size from to } }
  }
}`;

type Test = {
  test: string;
  status: string;
  statistic: number | null;
  pValue: number | null;
  alarm: boolean;
  method: string;
  since: string | null;
  reference: { size: number; from: string | null; to: string | null };
  current: { size: number; from: string | null; to: string | null };
};

/**
 * Image searches written straight to the tables a search writes: the query photo and its base
 * embedding, the search, and its top-1 result with a score.
 */
async function insertSearches(
  server: TestServer,
  version: ModelVersion,
  productId: string,
  points: Array<{ score: number; vector: Float32Array | null }>,
  start: Date,
  stepMs: number,
): Promise<void> {
  const shas = points.map(() => crypto.randomBytes(32).toString('hex'));
  const times = points.map((_, i) => new Date(start.getTime() + i * stepMs).toISOString());
  await server.vitrina.dataSource.query(
    `WITH t AS (SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::real[]) AS t(sha, vec, ts, score)),
     i AS (INSERT INTO images (sha256, format, width, height, byte_size) SELECT sha, 'png', 1, 1, 1 FROM t WHERE vec IS NOT NULL),
     e AS (INSERT INTO image_embeddings (image_sha256, encoder_id, dim, embedding)
           SELECT sha, $5, $6, vec::vector FROM t WHERE vec IS NOT NULL),
     s AS (INSERT INTO searches (kind, user_id, query_image_sha256, model_version_id, result_limit, created_at)
           SELECT 'image', 'test:1', CASE WHEN vec IS NULL THEN NULL ELSE sha END, $7, 5, ts FROM t
           RETURNING id, created_at)
     INSERT INTO search_results (search_id, shadow, rank, product_id, score, model_version_id)
     SELECT s.id, false, 1, $8, t.score, $7 FROM s JOIN t ON t.ts = s.created_at`,
    [
      shas,
      points.map((p) => (p.vector ? `[${Array.from(p.vector).join(',')}]` : null)),
      times,
      points.map((p) => p.score),
      version.encoderId,
      version.dim,
      version.id,
      productId,
    ],
  );
}

/** A shopper's photo of a demo product: angle, scale, framing and background vary with `k`. */
function shopperPhoto(k: number): Promise<Buffer> {
  const backgrounds = ['#d7c4a3', '#b8c9d9', '#cfd8c4', '#e0d0e0', '#c9c9c9'];
  const view = {
    angle: -30 + ((k * 13) % 60),
    scale: 0.6 + ((k * 7) % 5) * 0.05,
    background: backgrounds[k % backgrounds.length]!,
    dx: ((k * 11) % 40) - 20,
    dy: ((k * 17) % 30) - 15,
  };
  return renderDemoImage(DEMO_PRODUCTS[k % 5]!, view, 'jpeg');
}

/** Photos around one direction: cosine ≈ 0.7 to it. */
function around(direction: Float32Array, random: Random): Float32Array {
  const noise = 1 / Math.sqrt(direction.length);
  return direction.map((d) => d + noise * random.normal());
}

function unitRandom(dim: number, random: Random): Float32Array {
  const v = Float32Array.from({ length: dim }, () => random.normal());
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

async function gauge(server: TestServer, name: string, version: string, test: string): Promise<number | undefined> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    if (!line.includes(`model_version="${version}"`) || !line.includes(`test="${test}"`)) continue;
    return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('drift detection', () => {
  let server: TestServer;
  let version: ModelVersion;
  let productId: string;
  const HOUR = 3_600_000;

  beforeAll(async () => {
    server = await startTestServer({
      DRIFT_INTERVAL_SECONDS: '0',
      DRIFT_REFERENCE_SIZE: '100',
      DRIFT_CURRENT_SIZE: '100',
    });
  });
  afterAll(async () => server?.stop());

  beforeEach(async () => {
    await server.reset();
    version = await server.vitrina.services.registry.active();
    const [product] = await server.vitrina.dataSource.query(
      `INSERT INTO products (name) VALUES ('a product') RETURNING id`,
    );
    productId = product.id;
  });

  /** Top-1 scores uniform on [low, low + 0.3]; photos around `direction`. */
  function draw(count: number, low: number, direction: Float32Array, random: Random) {
    return Array.from({ length: count }, () => ({
      score: low + 0.3 * random.next(),
      vector: around(direction, random),
    }));
  }

  async function report(variables: Record<string, unknown> = {}) {
    const res = await server.gql(REPORT, variables);
    expect(res.errors).toBeUndefined();
    const reports = res.data!.driftReport as Array<{
      modelVersion: { id: string };
      alarm: boolean;
      exported: boolean;
      tests: Test[];
    }>;
    const mine = reports.find((r) => r.modelVersion.id === version.id)!;
    const byName = Object.fromEntries(mine.tests.map((t) => [t.test, t])) as Record<string, Test>;
    return { ...mine, ks: byName.TOP1_SCORE_KS!, embedding: byName.EMBEDDING! };
  }

  it('stays quiet on an unshifted distribution and fires on a shifted one, over GraphQL and in /metrics', async () => {
    const random = createRandom(42);
    const usual = unitRandom(version.dim, random);
    const other = unitRandom(version.dim, random);
    const start = new Date(Date.now() - 10 * 24 * HOUR);
    await insertSearches(server, version, productId, draw(200, 0.55, usual, random), start, 60_000);

    // 200 searches: the first 100 against the last 100, both from one distribution.
    const quiet = await report();
    expect(quiet.alarm).toBe(false);
    expect(quiet.exported).toBe(true);
    for (const t of [quiet.ks, quiet.embedding]) {
      expect(t).toMatchObject({ status: 'OK', alarm: false });
      expect(t.pValue).toBeGreaterThan(0.01);
      expect(t.reference.size).toBe(100);
      expect(t.current.size).toBe(100);
      expect(new Date(t.reference.from!).getTime()).toBe(start.getTime());
      expect(new Date(t.reference.to!).getTime()).toBeLessThan(new Date(t.current.from!).getTime());
    }
    expect(quiet.ks.method).toBe('ks-asymptotic'); // n·m = 10 000
    expect(quiet.embedding.method).toBe('energy-permutation-999');
    expect(await gauge(server, 'vitrina_drift_detected', version.name, 'top1_score_ks')).toBe(0);
    expect(await gauge(server, 'vitrina_drift_detected', version.name, 'embedding')).toBe(0);
    expect(await gauge(server, 'vitrina_drift_statistic', version.name, 'top1_score_ks')).toBeCloseTo(
      quiet.ks.statistic!,
      6,
    );
    expect(await gauge(server, 'vitrina_drift_p_value', version.name, 'embedding')).toBeCloseTo(
      quiet.embedding.pValue!,
      6,
    );

    // The newest 100 searches score lower (0.40–0.70 instead of 0.55–0.85) on other-looking photos.
    await insertSearches(
      server,
      version,
      productId,
      draw(100, 0.4, other, random),
      new Date(Date.now() - HOUR / 2),
      10_000,
    );
    const shifted = await report();
    expect(shifted.alarm).toBe(true);
    expect(shifted.ks).toMatchObject({ status: 'OK', alarm: true });
    expect(shifted.ks.statistic).toBeGreaterThan(0.3);
    expect(shifted.ks.pValue).toBeLessThan(1e-4);
    expect(shifted.embedding).toMatchObject({ status: 'OK', alarm: true, pValue: 1 / 1000 });
    expect(await gauge(server, 'vitrina_drift_detected', version.name, 'top1_score_ks')).toBe(1);
    expect(await gauge(server, 'vitrina_drift_detected', version.name, 'embedding')).toBe(1);
    expect(await gauge(server, 'vitrina_drift_p_value', version.name, 'top1_score_ks')).toBeLessThan(1e-4);

    // The last hour as the current window: only the shifted searches. Custom windows are not exported.
    const lastHour = await report({ currentHours: 1 });
    expect(lastHour.exported).toBe(false);
    expect(lastHour.ks).toMatchObject({ alarm: true, current: { size: 100 }, reference: { size: 100 } });
    // The gauges keep the configured windows' numbers.
    const smaller = await report({ referenceSize: 50, currentSize: 50 });
    expect(smaller.exported).toBe(false);
    expect(smaller.ks.reference.size).toBe(50);
    expect(smaller.ks.statistic).not.toBeCloseTo(shifted.ks.statistic!, 6);
    expect(await gauge(server, 'vitrina_drift_statistic', version.name, 'top1_score_ks')).toBeCloseTo(
      shifted.ks.statistic!,
      6,
    );
  }, 90_000); // four reports and three scrapes; slow only on a loaded machine

  it('reports insufficient data, without an alarm, below the minimum sample; and is for admins only', async () => {
    const random = createRandom(7);
    const usual = unitRandom(version.dim, random);
    // 40 searches: 20 against 20, under the minimum of 30; half without a stored photo.
    const points = draw(40, 0.55, usual, random).map((p, i) => (i % 2 ? { ...p, vector: null } : p));
    await insertSearches(server, version, productId, points, new Date(Date.now() - 2 * HOUR), 1000);
    const few = await report({ id: version.id });
    expect(few.alarm).toBe(false);
    for (const t of [few.ks, few.embedding]) {
      expect(t).toMatchObject({ status: 'INSUFFICIENT_DATA', alarm: false, statistic: null, pValue: null });
    }
    expect(few.ks.reference.size).toBe(20);
    expect(few.embedding.reference.size).toBe(10); // only searches whose photo has an embedding
    expect(await gauge(server, 'vitrina_drift_detected', version.name, 'top1_score_ks')).toBe(0);
    expect(await gauge(server, 'vitrina_drift_statistic', version.name, 'top1_score_ks')).toBeUndefined();

    const user = await server.createKey('USER');
    const refused = await server.gql(REPORT, {}, { key: user.key });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const missing = await server.gql(REPORT, { id: '00000000-0000-4000-8000-000000000000' });
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('computes the serving versions periodically and drops the series of a version no longer served', async () => {
    const drift = server.vitrina.services.drift;
    const random = createRandom(3);
    await insertSearches(
      server,
      version,
      productId,
      draw(80, 0.55, unitRandom(version.dim, random), random),
      new Date(Date.now() - HOUR),
      1000,
    );
    const reports = await drift.refresh();
    expect(reports.map((r) => r.modelVersion.id)).toEqual([version.id]);
    expect(await gauge(server, 'vitrina_drift_detected', version.name, 'top1_score_ks')).toBe(0);

    // Another version takes over: the old one's series go at the next computation.
    const [other] = await server.vitrina.dataSource.query(
      `INSERT INTO model_versions (name, encoder_id, encoder_checksum, dim, status, parent_id)
       VALUES ('drift-test-v2', $1, $2, $3, 'ready', $4) RETURNING id`,
      [version.encoderId, version.encoderChecksum, version.dim, version.id],
    );
    await server.vitrina.services.registry.activate(other.id, { force: true, by: 'test' });
    await drift.refresh();
    expect(await gauge(server, 'vitrina_drift_detected', version.name, 'top1_score_ks')).toBeUndefined();
    expect(await gauge(server, 'vitrina_drift_detected', 'drift-test-v2', 'top1_score_ks')).toBe(0);
  });
  it("re-anchors the top-1 score test where the version's gallery changed; the embedding test keeps its reference", async () => {
    const productIds = await addDemoCatalog(server, DEMO_PRODUCTS.slice(0, 5));
    const shopper = await server.createKey('USER', 'shopper');
    // Twenty photos, four of each product, sent again and again: what shoppers send never changes.
    const pool = await Promise.all(Array.from({ length: 20 }, (_, k) => shopperPhoto(k)));
    const search = async (k: number) => {
      const res = await server.upload(
        'mutation($image: Upload!) { searchByImage(image: $image, limit: 5) { id results { score } } }',
        {},
        'image',
        { bytes: pool[k % pool.length]!, type: 'image/jpeg' },
        { key: shopper.key },
      );
      expect(res.errors).toBeUndefined();
      return res.data!.searchByImage as { id: string; results: Array<{ score: number }> };
    };
    const changedAt = async () =>
      (
        (await server.vitrina.dataSource.query(`SELECT gallery_changed_at AS t FROM model_versions WHERE id = $1`, [
          version.id,
        ])) as Array<{ t: Date | null }>
      )[0]!.t;
    const before: Array<{ id: string; results: Array<{ score: number }> }> = [];
    for (let k = 0; k < 40; k++) before.push(await search(k));
    expect(await changedAt()).toBeNull();

    // The shopper confirms each photo's product, an admin accepts them: the active version's gallery grows.
    for (let k = 0; k < 20; k++) {
      const input = { searchId: before[k]!.id, productId: productIds[k % 5], verdict: 'CORRECT_PRODUCT' };
      const res = await server.gql(
        'mutation($input: FeedbackInput!) { giveFeedback(input: $input) { id } }',
        { input },
        { key: shopper.key },
      );
      expect(res.errors).toBeUndefined();
    }
    const pending = (await server.gql('{ galleryViews(status: PENDING, first: 50) { nodes { id } } }')).data!
      .galleryViews.nodes as Array<{ id: string }>;
    expect(pending).toHaveLength(20);
    const review = (id: string) =>
      server.gql('mutation($id: ID!) { reviewGalleryView(id: $id, accept: true) { status } }', { id });
    const accepted = [];
    for (const view of pending) {
      if ((await review(view.id)).data!.reviewGalleryView.status === 'ACCEPTED') accepted.push(view.id);
    }
    expect(accepted.length).toBeGreaterThanOrEqual(10);
    const since = (await changedAt())!;
    expect(since).toBeInstanceOf(Date);

    const after: typeof before = [];
    for (let k = 0; k < 40; k++) after.push(await search(k));
    // Too few searches since the change for two windows of 30: no comparison across it.
    const young = await report();
    expect(young.ks).toMatchObject({ status: 'INSUFFICIENT_DATA', alarm: false, reference: { size: 20 } });
    expect(new Date(young.ks.since!).getTime()).toBe(since.getTime());
    for (let k = 40; k < 60; k++) after.push(await search(k));

    // The views raised the top-1 scores: old and new searches really differ.
    const top1 = (searches: typeof before) => searches.map((s) => s.results[0]!.score);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(top1(after))).toBeGreaterThan(mean(top1(before)) + 0.05);
    expect(ksTwoSample(top1(before), top1(after)).pValue).toBeLessThan(1e-4);

    const anchored = await report();
    expect(anchored.alarm).toBe(false);
    expect(anchored.ks).toMatchObject({ status: 'OK', alarm: false, reference: { size: 30 }, current: { size: 30 } });
    expect(new Date(anchored.ks.since!).getTime()).toBe(since.getTime());
    expect(new Date(anchored.ks.reference.from!).getTime()).toBeGreaterThanOrEqual(since.getTime());
    const preceding = await report({ reference: 'PRECEDING' });
    expect(preceding.ks).toMatchObject({ status: 'OK', alarm: false, reference: { size: 30 } });
    expect(new Date(preceding.ks.reference.from!).getTime()).toBeGreaterThanOrEqual(since.getTime());
    // The embedding test still starts at the version's first search, and finds the photos unchanged.
    const [first] = (await server.vitrina.dataSource.query(
      `SELECT min(created_at) AS t FROM searches WHERE model_version_id = $1`,
      [version.id],
    )) as Array<{ t: Date }>;
    expect(anchored.embedding).toMatchObject({ status: 'OK', alarm: false, since: null, reference: { size: 50 } });
    expect(new Date(anchored.embedding.reference.from!).getTime()).toBe(first!.t.getTime());

    // Without the recorded change, as before it was recorded: the score test compares across it and alarms.
    await server.vitrina.dataSource.query(`UPDATE model_versions SET gallery_changed_at = NULL WHERE id = $1`, [
      version.id,
    ]);
    const across = await report();
    expect(across.ks).toMatchObject({ status: 'OK', alarm: true, since: null, reference: { size: 50 } });
    expect(across.embedding).toEqual(anchored.embedding);
    await server.vitrina.dataSource.query(`UPDATE model_versions SET gallery_changed_at = $2 WHERE id = $1`, [
      version.id,
      since,
    ]);

    // Accepting a view again writes the vector it has: no change. Removing one is a change.
    expect((await review(accepted[0]!)).data!.reviewGalleryView.status).toBe('ACCEPTED');
    expect((await changedAt())!.getTime()).toBe(since.getTime());
    await server.gql('mutation($id: ID!) { removeGalleryView(id: $id) { status } }', { id: accepted[0] });
    expect((await changedAt())!.getTime()).toBeGreaterThan(since.getTime());
    expect((await report()).ks).toMatchObject({ status: 'INSUFFICIENT_DATA', alarm: false, reference: { size: 0 } });
  }, 120_000);
});
