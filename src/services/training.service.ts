import { In, type DataSource, type EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import { ModelVersion } from '../entities/model-version.entity.js';
import { TrainingRun } from '../entities/training-run.entity.js';
import type { Job } from '../entities/job.entity.js';
import { BadUserInputError, NotFoundError } from '../domain/errors.js';
import type { DomainMetrics } from '../domain/metrics.js';
import { fromPgVectorBinary } from '../ml/vectors.js';
import { adapterChecksum, serializeAdapter } from '../trainer/adapter.js';
import { resolveTrainingParams, type TrainingParams } from '../trainer/params.js';
import type { TrainingData } from '../trainer/data.js';
import { abortError } from '../trainer/abort.js';
import { runTrainingInWorker } from '../trainer/run-in-worker.js';
import type { JobOutcome, JobQueue } from './job-queue.js';
import type { ModelRegistry } from './model-registry.js';
import type { VectorIndex } from './vector-index.js';
import type { Actor } from './principal.js';
import { isUuid } from './ids.js';
import { MINIMUM_TRAINING_EXAMPLES, usableExampleWhere } from './feedback.service.js';
import { updateReturning } from '../db/update-returning.js';

export const TRAIN_JOB = 'train-adapter';

/** The seed's threshold: below this many usable examples a run is refused. */
const MINIMUM_EXAMPLES = MINIMUM_TRAINING_EXAMPLES;

const POSITIVE_TYPES = new Set(['correct', 'correct_product', 'new_item']);
const PROGRESS_EVERY_MS = 250;
/** Base embeddings read per query when gathering the catalog. */
const CATALOG_PAGE = 100;

export type StartTrainingInput = Partial<TrainingParams> & { parentVersionId?: string | null };

/** Announces every change of a run (the `trainingRunUpdated` subscription). */
export type RunListener = (run: TrainingRun) => void;

/**
 * Fine-tuning runs: queued as jobs, trained in a worker thread so the API keeps answering,
 * evaluated against the parent on held-out searches, and turned into a model version whose
 * catalog vectors are derived from stored base embeddings (no image is re-encoded).
 */
export class TrainingService {
  private readonly cancels = new Map<string, AbortController>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: ModelRegistry,
    private readonly index: VectorIndex,
    private readonly queue: JobQueue,
    private readonly logger: Logger,
    private readonly announce: RunListener = () => {},
    /** Called when a new version is ready, so catalog changes made meanwhile are caught up. */
    private readonly onVersionReady: () => Promise<unknown> = async () => {},
    /** Runs, durations, examples and before/after accuracy (`/metrics`). */
    private readonly metrics: DomainMetrics | null = null,
  ) {}

  async start(actor: Actor, input: StartTrainingInput): Promise<TrainingRun> {
    const { parentVersionId, ...overrides } = input;
    let params: TrainingParams;
    try {
      params = resolveTrainingParams(overrides);
    } catch (error) {
      throw new BadUserInputError((error as Error).message);
    }
    const parent = parentVersionId ? await this.registry.get(parentVersionId) : await this.registry.active();
    if (!this.registry.canServe(parent)) {
      throw new BadUserInputError(`Version ${parent.name} runs on another encoder than this server's`);
    }
    if (parent.status === 'failed' || parent.status === 'training') {
      throw new BadUserInputError(`Version ${parent.name} is ${parent.status}; train from a ready or active version`);
    }
    const usable = await this.countUsable(parent.encoderId);
    if (usable < MINIMUM_EXAMPLES) {
      throw new BadUserInputError(
        `Training needs at least ${MINIMUM_EXAMPLES} usable feedback examples with photos; there are ${usable}`,
      );
    }
    // One run at a time, whoever starts it (an admin, the bot, the scheduler, another replica):
    // the table lock makes the check and the insert one step.
    const run = await this.dataSource.transaction(async (tx) => {
      await tx.query('LOCK TABLE training_runs IN SHARE ROW EXCLUSIVE MODE');
      const [active] = (await tx.query(
        `SELECT id, status FROM training_runs WHERE status IN ('queued', 'running') ORDER BY created_at LIMIT 1`,
      )) as { id: string; status: string }[];
      if (active) {
        throw new BadUserInputError(
          `Training run ${active.id} is ${active.status}: wait for it to finish or cancel it first`,
          { reason: 'TRAINING_IN_PROGRESS', runId: active.id },
        );
      }
      const runs = tx.getRepository(TrainingRun);
      return runs.save(
        runs.create({
          status: 'queued',
          parentVersionId: parent.id,
          parameters: { ...params },
          startedBy: actor.userId,
        }),
      );
    });
    await this.queue.enqueue(TRAIN_JOB, { runId: run.id }, { maxAttempts: 2 });
    this.announce(run);
    return run;
  }

  async get(id: string): Promise<TrainingRun> {
    const run = isUuid(id) ? await this.dataSource.getRepository(TrainingRun).findOneBy({ id }) : null;
    if (!run) throw new NotFoundError('Training run', id);
    return run;
  }

  list(limit = 50): Promise<TrainingRun[]> {
    return this.dataSource.getRepository(TrainingRun).find({ order: { createdAt: 'DESC' }, take: limit });
  }

  /** Stop a queued or running run; the run and its version are kept, marked cancelled/failed. */
  async cancel(id: string): Promise<TrainingRun> {
    const run = await this.get(id);
    if (run.status !== 'queued' && run.status !== 'running') {
      throw new BadUserInputError(`Training run ${id} is ${run.status}; only queued or running runs can be cancelled`);
    }
    await this.dataSource.transaction(async (manager) => {
      if (run.modelVersionId) await this.failVersion(run.modelVersionId, 'cancelled by an admin', manager);
      await manager.query(
        `UPDATE training_runs SET status = 'cancelled', finished_at = now(), error = 'cancelled by an admin'
         WHERE id = $1 AND status IN ('queued', 'running')`,
        [id],
      );
    });
    this.cancels.get(id)?.abort();
    // A running run is counted where its job ends; a queued one never reaches a job.
    if (run.status === 'queued') this.metrics?.observeTrainingRun({ status: 'cancelled' });
    const cancelled = await this.get(id);
    this.announce(cancelled);
    return cancelled;
  }

  /**
   * Runs whose job is gone (it failed for good, or was lost) are marked failed: no run stays
   * `running` forever. A run whose job is still queued is picked up again. At start-up every
   * such run is an orphan; checked while others may be starting runs, `graceSeconds` spares the
   * runs created since (a run's row is written just before its job).
   */
  async failOrphans({ graceSeconds = 0 }: { graceSeconds?: number } = {}): Promise<number> {
    const failed = await updateReturning<{ model_version_id: string | null }>(
      this.dataSource,
      `UPDATE training_runs r SET status = 'failed', finished_at = now(),
         error = coalesce(r.error, 'interrupted: its job no longer exists or failed')
       WHERE r.status IN ('queued', 'running') AND r.created_at < now() - make_interval(secs => $2)
         AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.kind = $1 AND j.payload->>'runId' = r.id::text
                         AND j.status IN ('queued', 'running'))
       RETURNING r.model_version_id`,
      [TRAIN_JOB, graceSeconds],
    );
    for (const { model_version_id: versionId } of failed) {
      if (versionId) await this.failVersion(versionId, 'its training run was interrupted');
      this.metrics?.observeTrainingRun({ status: 'failed' });
    }
    return failed.length;
  }

  /** The job: one run from data to a ready (or failed) version. */
  async runJob(job: Job, signal: AbortSignal): Promise<JobOutcome> {
    const runId = String(job.payload.runId ?? '');
    const run = isUuid(runId) ? await this.dataSource.getRepository(TrainingRun).findOneBy({ id: runId }) : null;
    if (!run) return { status: 'failed', error: `training run ${runId} does not exist` };
    if (run.status !== 'queued' && run.status !== 'running') return { status: 'skipped' };

    const cancel = new AbortController();
    this.cancels.set(run.id, cancel);
    const onStop = () => cancel.abort();
    signal.addEventListener('abort', onStop);
    const started = Date.now();
    let versionId = run.modelVersionId;
    try {
      const parent = await this.registry.get(run.parentVersionId!);
      const params = resolveTrainingParams(run.parameters as Partial<TrainingParams>);
      versionId = await this.prepareVersion(run, parent, params);
      // Only a run still queued (or resumed) starts: one cancelled since it was read stays cancelled.
      const starting = await this.dataSource
        .getRepository(TrainingRun)
        .update(
          { id: run.id, status: In(['queued', 'running']) },
          { status: 'running', startedAt: new Date(), progress: 0 },
        );
      if (starting.affected === 0) {
        cancel.abort();
        throw abortError();
      }
      this.announce(await this.get(run.id));

      const data = await this.gather(parent);
      if (data.training.examples.length < MINIMUM_EXAMPLES) {
        throw new RunFailure(
          `only ${data.training.examples.length} usable examples with photos and catalog images; at least ${MINIMUM_EXAMPLES} are needed`,
        );
      }
      let lastWrite = 0;
      const result = await runTrainingInWorker(data.training, params, {
        parent: parent.adapterKind ? this.registry.adapterOf(parent) : null,
        signal: cancel.signal,
        foreground: this.index.foreground.shared,
        onProgress: (p) => {
          const now = Date.now();
          if (now - lastWrite < PROGRESS_EVERY_MS && p.progress < 1) return;
          lastWrite = now;
          // Training reaches 90 %; deriving the catalog vectors is the rest.
          void this.progress(run.id, p.progress * 0.9, p.epoch, p.loss, cancel);
        },
      });
      if (result.validationExamples === 0) {
        throw new RunFailure('too few distinct searches to hold some out for validation');
      }

      // The version's catalog vectors, from the stored base embeddings.
      const version = await this.registry.get(versionId);
      const weights = serializeAdapter(result.adapter);
      // In chunks with matrix maths (tfjs), yielding between them: the API keeps answering.
      // tfjs loads only when a run needs it, not at every start-up.
      const { applyAdapterManyFast } = await import('../trainer/model.js');
      const vectors = await applyAdapterManyFast(
        result.adapter,
        data.catalog.map((c) => c.vector),
      );
      // The version's index exists before its rows: growing it in short statements keeps the
      // searches of the serving version answering (a bulk build holds PGlite for tens of seconds).
      await this.index.dropIndex(version);
      await this.dataSource.query(`DELETE FROM version_vectors WHERE model_version_id = $1`, [version.id]);
      await this.index.ensureIndex(version);
      let lastProgress = 0;
      await this.index.upsertPaced(
        version,
        data.catalog.map((c, i) => ({ productImageId: c.productImageId, productId: c.productId, vector: vectors[i]! })),
        {
          signal: cancel.signal,
          onProgress: async (written) => {
            if (Date.now() - lastProgress < PROGRESS_EVERY_MS) return;
            lastProgress = Date.now();
            await this.progress(run.id, 0.9 + (0.08 * written) / Math.max(1, data.catalog.length), null, null, cancel);
          },
        },
      );
      await this.index.analyze();
      if (cancel.signal.aborted) throw abortError();

      const durationMs = Date.now() - started;
      await this.dataSource.transaction(async (tx) => {
        // A cancel that lands between the last check and here wins: nothing is marked done.
        const finished = await tx.getRepository(TrainingRun).update(
          { id: run.id, status: 'running' },
          {
            status: 'succeeded',
            progress: 1,
            examplesUsed: data.exampleIds.length,
            metricsBefore: result.metricsBefore,
            metricsAfter: result.metricsAfter,
            accuracyBefore: result.metricsBefore.top1,
            accuracyAfter: result.metricsAfter.top1,
            finishedAt: new Date(),
            durationMs,
          },
        );
        if (finished.affected === 0) throw abortError();
        await tx.getRepository(ModelVersion).update(
          { id: version.id },
          {
            status: 'ready',
            adapterKind: result.adapter.kind,
            adapterWeights: weights,
            adapterChecksum: adapterChecksum(weights),
            metrics: result.metricsAfter,
            examplesUsed: data.exampleIds.length,
            parameters: { ...params, epochsRun: result.epochsRun, bestEpoch: result.bestEpoch },
          },
        );
        await tx.query(`UPDATE training_examples SET used_for_training = true WHERE id = ANY($1)`, [data.exampleIds]);
      });
      this.announce(await this.get(run.id));
      this.metrics?.observeTrainingRun({
        status: 'succeeded',
        durationMs,
        examples: data.exampleIds.length,
        version: version.name,
        top1Before: result.metricsBefore.top1,
        top1After: result.metricsAfter.top1,
      });
      this.logger.info(
        { run: run.id, version: version.name, before: result.metricsBefore, after: result.metricsAfter, durationMs },
        'training run succeeded',
      );
      await this.onVersionReady().catch((error: unknown) =>
        this.logger.warn({ err: error }, 'could not request catalog embedding after training'),
      );
      return { status: 'succeeded', result: { versionId: version.id, durationMs } };
    } catch (error) {
      // The worker is stopping (shutdown): the run stays as it is and its job runs again later.
      if (signal.aborted) throw error;
      const cancelled = cancel.signal.aborted;
      const reason = cancelled ? 'cancelled by an admin' : errorMessage(error);
      // The version fails in the same transaction as the run: whoever sees the run ended sees
      // its version ended too.
      await this.dataSource.transaction(async (manager) => {
        if (versionId) await this.failVersion(versionId, reason, manager);
        await manager.query(
          `UPDATE training_runs SET status = $2, error = $3, finished_at = now(), duration_ms = $4
           WHERE id = $1 AND status IN ('queued', 'running', 'cancelled')`,
          [run.id, cancelled ? 'cancelled' : 'failed', reason, Date.now() - started],
        );
      });
      this.announce(await this.get(run.id));
      this.metrics?.observeTrainingRun({
        status: cancelled ? 'cancelled' : 'failed',
        durationMs: Date.now() - started,
      });
      if (!cancelled) this.logger.warn({ run: run.id, err: error }, 'training run failed');
      return cancelled ? { status: 'skipped' } : { status: 'failed', error: reason };
    } finally {
      signal.removeEventListener('abort', onStop);
      this.cancels.delete(run.id);
    }
  }

  /** The run's version row (status `training`): created once, reused when a run is retried. */
  private async prepareVersion(run: TrainingRun, parent: ModelVersion, params: TrainingParams): Promise<string> {
    const repo = this.dataSource.getRepository(ModelVersion);
    if (run.modelVersionId) {
      await repo.update({ id: run.modelVersionId }, { status: 'training', failureReason: null });
      return run.modelVersionId;
    }
    const version = await repo.save(
      repo.create({
        name: await this.nextName(parent.encoderId),
        encoderId: parent.encoderId,
        encoderChecksum: parent.encoderChecksum,
        dim: parent.dim,
        adapterKind: params.adapterKind,
        parentId: parent.id,
        status: 'training',
        parameters: { ...params },
        createdBy: run.startedBy,
      }),
    );
    await this.dataSource.getRepository(TrainingRun).update({ id: run.id }, { modelVersionId: version.id });
    return version.id;
  }

  /** Feedback, query photos and catalog in the parent encoder's base space. */
  private async gather(parent: ModelVersion): Promise<{
    training: TrainingData;
    catalog: Array<{ productImageId: string; productId: string; vector: Float32Array }>;
    exampleIds: string[];
  }> {
    // Page by page along the primary key, yielding to searches between pages: one 20–40 MB
    // read would hold the database for seconds.
    const catalog: Array<{ productImageId: string; productId: string; vector: Float32Array }> = [];
    for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
      await this.index.foreground.quiet();
      const page = (await this.dataSource.query(
        `WITH page AS (SELECT id, product_id, image_sha256 FROM product_images WHERE id > $2::uuid ORDER BY id LIMIT ${CATALOG_PAGE})
         SELECT page.id AS product_image_id, page.product_id, vector_send(ie.embedding) AS embedding
         FROM page
         LEFT JOIN products p ON p.id = page.product_id AND p.deleted_at IS NULL
         LEFT JOIN image_embeddings ie ON ie.image_sha256 = page.image_sha256 AND ie.encoder_id = $1 AND p.id IS NOT NULL
         ORDER BY page.id`,
        [parent.encoderId, after],
      )) as Array<{ product_image_id: string; product_id: string; embedding: Buffer | null }>;
      for (const r of page) {
        // Images of deleted products, and images not embedded yet, are left out.
        if (r.embedding) {
          catalog.push({
            productImageId: r.product_image_id,
            productId: r.product_id,
            vector: fromPgVectorBinary(r.embedding),
          });
        }
      }
      if (page.length < CATALOG_PAGE) break;
      after = page.at(-1)!.product_image_id;
    }
    const productIndex = new Map<string, number>();
    for (const c of catalog) if (!productIndex.has(c.productId)) productIndex.set(c.productId, productIndex.size);

    const exampleRows = (await this.dataSource.query(
      `SELECT te.id, te.search_id, te.user_id, te.image_sha256, te.feedback_type, te.product_id,
              vector_send(ie.embedding) AS embedding
       FROM training_examples te
       JOIN image_embeddings ie ON ie.image_sha256 = te.image_sha256 AND ie.encoder_id = $1
       WHERE ${usableExampleWhere('te')}
       ORDER BY te.created_at, te.id`,
      [parent.encoderId],
    )) as Array<{
      id: string;
      search_id: string;
      user_id: string;
      image_sha256: string;
      feedback_type: string;
      product_id: string;
      embedding: Buffer;
    }>;

    // One query photo per image; the judgements of one user on one search form one group.
    const queryIndex = new Map<string, number>();
    const queries: Float32Array[] = [];
    const groups = new Map<
      string,
      { searchId: string; query: number; positives: Set<number>; negatives: Set<number> }
    >();
    const exampleIds: string[] = [];
    for (const row of exampleRows) {
      const product = productIndex.get(row.product_id);
      if (product === undefined) continue; // a product without an embedded image cannot be a target
      let query = queryIndex.get(row.image_sha256);
      if (query === undefined) {
        query = queries.length;
        queryIndex.set(row.image_sha256, query);
        queries.push(fromPgVectorBinary(row.embedding));
      }
      const key = `${row.search_id}\u0000${row.user_id}`;
      let group = groups.get(key);
      if (!group)
        groups.set(key, (group = { searchId: row.search_id, query, positives: new Set(), negatives: new Set() }));
      (POSITIVE_TYPES.has(row.feedback_type) ? group.positives : group.negatives).add(product);
      exampleIds.push(row.id);
    }
    const examples: TrainingData['examples'] = [];
    for (const group of groups.values()) {
      const negatives = [...group.negatives].filter((n) => !group.positives.has(n));
      if (group.positives.size === 0)
        examples.push({ query: group.query, searchId: group.searchId, positive: null, negatives });
      for (const positive of group.positives) {
        examples.push({ query: group.query, searchId: group.searchId, positive, negatives });
      }
    }
    return {
      training: {
        dim: parent.dim,
        queries,
        examples,
        catalog: catalog.map((c) => ({ product: productIndex.get(c.productId)!, vector: c.vector })),
        productCount: productIndex.size,
      },
      catalog,
      exampleIds,
    };
  }

  private async countUsable(encoderId: string): Promise<number> {
    const rows = (await this.dataSource.query(
      `SELECT count(*)::int AS n FROM training_examples te
       JOIN image_embeddings ie ON ie.image_sha256 = te.image_sha256 AND ie.encoder_id = $1
       WHERE ${usableExampleWhere('te')}`,
      [encoderId],
    )) as Array<{ n: number }>;
    return rows[0]!.n;
  }

  /** Record progress; a run cancelled meanwhile (by any process) aborts here. */
  private async progress(
    id: string,
    progress: number,
    epoch: number | null,
    loss: number | null,
    cancel: AbortController,
  ): Promise<void> {
    try {
      const updated = await updateReturning(
        this.dataSource,
        `UPDATE training_runs SET progress = least(1, $2::real), epoch = coalesce($3, epoch), loss = coalesce($4, loss)
         WHERE id = $1 AND status = 'running' RETURNING id`,
        [id, progress, epoch, loss],
      );
      if (updated.length === 0) {
        cancel.abort();
        return;
      }
      this.announce(await this.get(id));
    } catch (error) {
      this.logger.warn({ err: error, run: id }, 'could not record training progress');
    }
  }

  private async failVersion(
    id: string,
    reason: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.query(`DELETE FROM version_vectors WHERE model_version_id = $1`, [id]);
    await manager.query(
      `UPDATE model_versions SET status = 'failed', failure_reason = $2 WHERE id = $1 AND status = 'training'`,
      [id, reason],
    );
  }

  private async nextName(encoderId: string): Promise<string> {
    const rows = (await this.dataSource.query(`SELECT count(*)::int AS n FROM model_versions WHERE encoder_id = $1`, [
      encoderId,
    ])) as Array<{ n: number }>;
    for (let n = rows[0]!.n + 1; ; n++) {
      const name = `${encoderId}-v${n}`;
      if (!(await this.dataSource.getRepository(ModelVersion).existsBy({ name }))) return name;
    }
  }
}

/** An expected way for a run to fail: its message is the reason shown to admins. */
class RunFailure extends Error {}

function errorMessage(error: unknown): string {
  if (error instanceof RunFailure) return error.message;
  return `training failed: ${error instanceof Error ? error.message : String(error)}`;
}
