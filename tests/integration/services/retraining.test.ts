import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { startVitrina, type Vitrina } from '../../../src/app.js';
import { createLogger } from '../../../src/api/logger.js';
import { entities } from '../../../src/entities/index.js';
import type { EmbeddedPostgres } from '../../../src/db/embedded.js';
import type { ModelVersion } from '../../../src/entities/model-version.entity.js';
import { RetrainingScheduler, type RetrainingSettings } from '../../../src/services/retraining.scheduler.js';
import { ExperimentScheduler } from '../../../src/services/experiment.scheduler.js';
import { createRandom } from '../../../src/lib/random.js';
import { templateDatabase } from '../../helpers/database.js';

const SETTINGS: RetrainingSettings = {
  intervalSeconds: 0,
  minExamples: 50,
  accuracyDrop: 0.1,
  accuracyWindow: 100,
  accuracyMinSamples: 30,
  onDrift: true,
  experimentShare: 0,
};

describe('automatic retraining', () => {
  let database: EmbeddedPostgres;
  let dataDir: string;
  let vitrina: Vitrina;
  let version: ModelVersion;
  let products: [string, string];
  let clock: number;
  let seed: number;

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'vitrina-test-'));
    database = await templateDatabase();
    const config = loadConfig({
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      DEMO_CATALOG: 'false',
      DRIFT_INTERVAL_SECONDS: '0',
      RETRAIN_INTERVAL_SECONDS: '0',
    });
    // No job worker: a run the scheduler starts stays queued, as if a trainer were busy with it.
    vitrina = await startVitrina(config, { database, port: 0, logger: createLogger('silent'), worker: false });
  });
  afterAll(async () => {
    await vitrina?.stop();
    await database?.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    const ds = vitrina.dataSource;
    await ds.query(`TRUNCATE ${entities.map((e) => `"${ds.getMetadata(e).tableName}"`).join(', ')} CASCADE`);
    version = await vitrina.services.registry.bootstrap();
    const rows = await ds.query(`INSERT INTO products (name) VALUES ('right'), ('other') RETURNING id`);
    products = [rows[0].id, rows[1].id];
    clock = Date.now() - 10 * 24 * 3_600_000;
    seed = 0;
  });

  const scheduler = (
    settings: Partial<RetrainingSettings> = {},
    startExperiment?: (versionId: string, share: number) => Promise<unknown>,
  ) =>
    new RetrainingScheduler({
      repos: vitrina.repositories,
      training: vitrina.services.training,
      registry: vitrina.services.registry,
      drift: vitrina.services.drift,
      logger: createLogger('silent'),
      settings: { ...SETTINGS, ...settings },
      experiments: startExperiment && { trialRetrained: startExperiment },
    });

  /**
   * Image searches by the active version whose top result is `products[0]`, each with a photo
   * (and its base embedding) and, unless `judged` is false, feedback naming the right product:
   * `products[0]` when `correct`, else `products[1]`. One second apart, in order.
   */
  async function searches(
    count: number,
    {
      correct = true,
      judged = true,
      score = (): number => 0.7,
    }: { correct?: boolean; judged?: boolean; score?: () => number } = {},
  ) {
    const random = createRandom(++seed);
    const shas = Array.from({ length: count }, () => crypto.randomBytes(32).toString('hex'));
    const times = shas.map(() => new Date((clock += 1000)).toISOString());
    const vectors = shas.map(() => `[${Array.from({ length: version.dim }, () => random.normal()).join(',')}]`);
    await vitrina.dataSource.query(
      `WITH t AS (SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::real[]) AS t(sha, vec, ts, score)),
       i AS (INSERT INTO images (sha256, format, width, height, byte_size) SELECT sha, 'png', 1, 1, 1 FROM t),
       e AS (INSERT INTO image_embeddings (image_sha256, encoder_id, dim, embedding) SELECT sha, $5, $6, vec::vector FROM t),
       s AS (INSERT INTO searches (kind, user_id, query_image_sha256, model_version_id, result_limit, created_at)
             SELECT 'image', 'test:1', sha, $7, 5, ts FROM t RETURNING id, query_image_sha256 AS sha, created_at),
       r AS (INSERT INTO search_results (search_id, shadow, rank, product_id, score, model_version_id)
             SELECT s.id, false, 1, $8, t.score, $7 FROM s JOIN t USING (sha))
       INSERT INTO training_examples (search_id, image_sha256, user_id, feedback_type, product_id, model_version_id, created_at, updated_at)
       SELECT s.id, s.sha, 'test:1', 'correct_product', $9, $7, s.created_at, s.created_at FROM s WHERE $10`,
      [
        shas,
        vectors,
        times,
        shas.map(() => score()),
        version.encoderId,
        version.dim,
        version.id,
        products[0],
        correct ? products[0] : products[1],
        judged,
      ],
    );
  }

  const runs = () =>
    vitrina.dataSource.query(`SELECT id, status, started_by, parent_version_id FROM training_runs ORDER BY created_at`);

  it('starts nothing below the example threshold', async () => {
    await searches(30);
    const decision = await scheduler().tick();
    expect(decision).toMatchObject({ action: 'skipped', reason: 'no_trigger' });
    expect(decision.numbers).toMatchObject({ usableUnused: 30, minExamples: 50 });
    expect(decision.numbers.accuracy).toMatchObject({ baselineN: 15, currentN: 15, relativeDrop: null });
    expect(await runs()).toEqual([]);
  });

  it('starts exactly one run at the threshold, however many ticks come while it runs', async () => {
    await searches(50);
    const s = scheduler();
    const [a, b] = await Promise.all([s.tick(), s.tick()]);
    expect(a).toMatchObject({ action: 'started', reason: 'examples', numbers: { usableUnused: 50 } });
    expect(b).toMatchObject({ action: 'skipped', reason: 'run_in_progress' });
    // Another scheduler (as in another process) sees the run too, queued or running.
    expect(await scheduler().tick()).toMatchObject({ reason: 'run_in_progress' });
    await vitrina.dataSource.query(`UPDATE training_runs SET status = 'running'`);
    expect(await s.tick()).toMatchObject({ reason: 'run_in_progress' });
    expect(await runs()).toEqual([
      { id: a.runId, status: 'running', started_by: 'scheduler', parent_version_id: version.id },
    ]);

    // The run failed: no retry on the same feedback; new feedback makes it worth another try.
    await vitrina.dataSource.query(`UPDATE training_runs SET status = 'failed', finished_at = now()`);
    expect(await s.tick()).toMatchObject({ action: 'skipped', reason: 'after_failure' });
    clock = Date.now();
    await searches(1);
    expect(await s.tick()).toMatchObject({ action: 'started', reason: 'examples' });
    expect(await runs()).toHaveLength(2);
  });

  it('starts a run when top-1 accuracy dropped more than 10% below its baseline, once per activation', async () => {
    const s = scheduler({ minExamples: 1000 });
    // 60 early searches judged right, then 60 of which 45 right: 100% → 75%.
    await searches(60);
    await searches(45);
    await searches(15, { correct: false });
    const decision = await s.tick();
    expect(decision).toMatchObject({ action: 'started', reason: 'accuracy' });
    expect(decision.numbers.accuracy).toEqual({
      baselineN: 60,
      baselineAccuracy: 1,
      currentN: 60,
      currentAccuracy: 0.75,
      relativeDrop: 0.25,
    });

    // Its candidate is ready: the drop alone does not train again until another version serves.
    await vitrina.dataSource.query(`UPDATE training_runs SET status = 'succeeded', finished_at = now()`);
    expect(await s.tick()).toMatchObject({ action: 'skipped', reason: 'already_retrained' });
  });

  it('does not count a drop within 10%', async () => {
    // 100% → 55 of 60 (91.7%): a relative drop of 8.3%.
    await searches(60);
    await searches(55);
    await searches(5, { correct: false });
    const decision = await scheduler({ minExamples: 1000, onDrift: false }).tick();
    expect(decision).toMatchObject({ action: 'skipped', reason: 'no_trigger' });
    expect(decision.numbers.accuracy!.relativeDrop).toBeCloseTo(5 / 60, 12);
  });

  it('starts a run when a drift test alarms, unless drift triggers are off', async () => {
    const random = createRandom(1);
    // Enough feedback to train on (below the example threshold), then top-1 scores that fall.
    await searches(30, { score: () => 0.55 + 0.3 * random.next() });
    await searches(30, { judged: false, score: () => 0.55 + 0.3 * random.next() });
    await searches(60, { judged: false, score: () => 0.3 + 0.3 * random.next() });
    expect(await scheduler({ onDrift: false }).tick()).toMatchObject({ action: 'skipped', reason: 'no_trigger' });
    const decision = await scheduler().tick();
    expect(decision).toMatchObject({ action: 'started', reason: 'drift' });
    expect(decision.numbers.driftAlarms).toContain('top1_score_ks');
  });

  it('starts an experiment for the new version once its run succeeded, when asked to', async () => {
    await searches(50);
    const calls: Array<[string, number]> = [];
    const s = scheduler({ experimentShare: 0.1 }, async (id, share) => calls.push([id, share]));
    const { runId } = await s.tick();
    await s.tick();
    expect(calls).toEqual([]);
    const [candidate] = await vitrina.dataSource.query(
      `INSERT INTO model_versions (name, encoder_id, encoder_checksum, dim, status, parent_id)
       VALUES ('retrain-test-v2', $1, $2, $3, 'ready', $4) RETURNING id`,
      [version.encoderId, version.encoderChecksum, version.dim, version.id],
    );
    await vitrina.dataSource.query(
      `UPDATE training_runs SET status = 'succeeded', model_version_id = $2, finished_at = now() WHERE id = $1`,
      [runId, candidate.id],
    );
    await vitrina.dataSource.query(`UPDATE training_examples SET used_for_training = true`);
    await s.tick();
    await s.tick();
    expect(calls).toEqual([[candidate.id, 0.1]]);
  });

  it('gives a retrained version its trial: a split with its share of the users, the active version the rest', async () => {
    const [candidate] = await vitrina.dataSource.query(
      `INSERT INTO model_versions (name, encoder_id, encoder_checksum, dim, status, parent_id)
       VALUES ('retrain-trial-v2', $1, $2, $3, 'ready', $4) RETURNING id`,
      [version.encoderId, version.encoderChecksum, version.dim, version.id],
    );
    const { experiments, registry } = vitrina.services;
    const experiment = await new ExperimentScheduler(experiments, registry, createLogger('silent')).trialRetrained(
      candidate.id,
      0.1,
    );
    expect(experiment).toMatchObject({ mode: 'split', status: 'running', createdBy: 'scheduler' });
    expect(experiment.name).toMatch(/^retrained \d{4}-\d\d-\d\dT\d\d:\d\d$/);
    const arms = experiment.arms.map((a) => ({ version: a.modelVersionId, control: a.isControl, weight: a.weight }));
    expect(arms).toMatchObject([
      { version: version.id, control: true, weight: expect.closeTo(0.9, 5) },
      { version: candidate.id, control: false, weight: expect.closeTo(0.1, 5) },
    ]);
    await experiments.stop('test', experiment.id);
  });

  it('is wired into the server: the configured scheduler ticks on demand', async () => {
    await searches(60);
    const decision = await vitrina.services.retraining.tick();
    expect(decision).toMatchObject({ action: 'started', reason: 'examples', numbers: { minExamples: 50 } });
  });
});
