import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import type { ModelVersion } from '../entities/model-version.entity.js';
import type { TrainingRun } from '../entities/training-run.entity.js';
import type { Job } from '../entities/job.entity.js';
import { BadUserInputError, NotFoundError } from '../domain/errors.js';
import type { DomainMetrics } from '../domain/metrics.js';
import { isUuid } from '../lib/ids.js';
import type { Repositories } from '../repositories/index.js';
import { adapterChecksum, applyAdapter, serializeAdapter } from '../trainer/adapter.js';
import { resolveTrainingParams, type TrainingParams } from '../trainer/params.js';
import { abortError } from '../trainer/abort.js';
import { runTrainingInWorker } from '../trainer/run-in-worker.js';
import type { TrainingResult } from '../trainer/train.js';
import type { JobOutcome, JobQueue } from './job-queue.js';
import type { GalleryService } from './gallery.service.js';
import type { ModelRegistry } from './model-registry.js';
import type { VectorIndex } from './vector-index.js';
import type { Actor } from './principal.js';
import { gatherTrainingData, type GatheredData } from './training-data.js';
import { MINIMUM_TRAINING_EXAMPLES } from './training-stats.service.js';

export const TRAIN_JOB = 'train-adapter';

/** The seed's threshold: below this many usable examples a run is refused. */
const MINIMUM_EXAMPLES = MINIMUM_TRAINING_EXAMPLES;
const PROGRESS_EVERY_MS = 250;
/** Training reaches 90 % of a run's progress, publishing the catalog's vectors 8 % more. */
const TRAINING_SHARE = 0.9;
const PUBLISHING_SHARE = 0.08;

export type StartTrainingInput = Partial<TrainingParams> & { parentVersionId?: string | null };

/** Announces every change of a run (the `trainingRunUpdated` subscription). */
export type RunListener = (run: TrainingRun) => void;

export type TrainingDeps = {
  repos: Repositories;
  registry: ModelRegistry;
  index: VectorIndex;
  queue: JobQueue;
  logger: Logger;
  announce?: RunListener;
  /** Called when a new version is ready, so catalog changes made meanwhile are caught up. */
  onVersionReady?: () => Promise<unknown>;
  /** Runs, durations, examples and before/after accuracy (`/metrics`). */
  metrics?: DomainMetrics | null;
  gallery?: Pick<GalleryService, 'fillVersion'> | null; // a new version's gallery views, before it is ready
};

/** One run's job in progress: what its steps share. */
type RunContext = {
  run: TrainingRun;
  parent: ModelVersion;
  params: TrainingParams;
  versionId: string | null;
  cancel: AbortController;
  started: number;
};

/**
 * Fine-tuning runs: queued as jobs, trained in a worker thread so the API keeps answering,
 * evaluated against the parent on held-out searches, and turned into a model version whose
 * catalog vectors are derived from stored base embeddings (no image is re-encoded).
 */
export class TrainingService {
  private readonly cancels = new Map<string, AbortController>();
  private readonly repos: Repositories;
  private readonly announce: RunListener;

  constructor(private readonly deps: TrainingDeps) {
    this.repos = deps.repos;
    this.announce = deps.announce ?? (() => {});
  }

  async start(actor: Actor, input: StartTrainingInput): Promise<TrainingRun> {
    const { parentVersionId, ...overrides } = input;
    let params: TrainingParams;
    try {
      params = resolveTrainingParams(overrides);
    } catch (error) {
      throw new BadUserInputError((error as Error).message);
    }
    const { registry } = this.deps;
    const parent = parentVersionId ? await registry.get(parentVersionId) : await registry.active();
    if (!registry.canServe(parent)) {
      throw new BadUserInputError(`Version ${parent.name} runs on another encoder than this server's`);
    }
    if (parent.status === 'failed' || parent.status === 'training') {
      throw new BadUserInputError(`Version ${parent.name} is ${parent.status}; train from a ready or active version`);
    }
    const usable = await this.repos.examples.countUsableEmbedded(parent.encoderId);
    if (usable < MINIMUM_EXAMPLES) {
      throw new BadUserInputError(
        `Training needs at least ${MINIMUM_EXAMPLES} usable feedback examples with photos; there are ${usable}`,
      );
    }
    const { created, inFlight } = await this.repos.trainingRuns.createUnlessInFlight({
      parentVersionId: parent.id,
      parameters: { ...params },
      startedBy: actor.userId,
    });
    if (inFlight) {
      throw new BadUserInputError(
        `Training run ${inFlight.id} is ${inFlight.status}: wait for it to finish or cancel it first`,
        { reason: 'TRAINING_IN_PROGRESS', runId: inFlight.id },
      );
    }
    await this.deps.queue.enqueue(TRAIN_JOB, { runId: created.id }, { maxAttempts: 2 });
    this.announce(created);
    return created;
  }

  async get(id: string): Promise<TrainingRun> {
    const run = isUuid(id) ? await this.repos.trainingRuns.findById(id) : null;
    if (!run) throw new NotFoundError('Training run', id);
    return run;
  }

  list(limit = 50): Promise<TrainingRun[]> {
    return this.repos.trainingRuns.list(limit);
  }

  /** Stop a queued or running run; the run and its version are kept, marked cancelled/failed. */
  async cancel(id: string): Promise<TrainingRun> {
    const run = await this.get(id);
    if (run.status !== 'queued' && run.status !== 'running') {
      throw new BadUserInputError(`Training run ${id} is ${run.status}; only queued or running runs can be cancelled`);
    }
    await this.repos.transaction(async (tx) => {
      if (run.modelVersionId) await this.failVersion(run.modelVersionId, 'cancelled by an admin', tx);
      await this.repos.trainingRuns.markCancelledByAdmin(id, tx);
    });
    this.cancels.get(id)?.abort();
    // A running run is counted where its job ends; a queued one never reaches a job.
    if (run.status === 'queued') this.deps.metrics?.observeTrainingRun({ status: 'cancelled' });
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
    const failed = await this.repos.trainingRuns.failOrphans(TRAIN_JOB, graceSeconds);
    for (const { modelVersionId } of failed) {
      if (modelVersionId) await this.failVersion(modelVersionId, 'its training run was interrupted');
      this.deps.metrics?.observeTrainingRun({ status: 'failed' });
    }
    return failed.length;
  }

  /** The job: one run from data to a ready (or failed) version. */
  async runJob(job: Job, signal: AbortSignal): Promise<JobOutcome> {
    const runId = String(job.payload.runId ?? '');
    const run = isUuid(runId) ? await this.repos.trainingRuns.findById(runId) : null;
    if (!run) return { status: 'failed', error: `training run ${runId} does not exist` };
    if (run.status !== 'queued' && run.status !== 'running') return { status: 'skipped' };

    const cancel = new AbortController();
    this.cancels.set(run.id, cancel);
    const onStop = () => cancel.abort();
    signal.addEventListener('abort', onStop);
    const context: RunContext = {
      run,
      parent: null as unknown as ModelVersion,
      params: null as unknown as TrainingParams,
      versionId: run.modelVersionId,
      cancel,
      started: Date.now(),
    };
    try {
      await this.begin(context);
      const data = await gatherTrainingData(this.repos, this.deps.index.foreground, context.parent);
      const result = await this.train(context, data);
      const version = await this.publish(context, data, result);
      return await this.succeed(context, version, data, result);
    } catch (error) {
      // The worker is stopping (shutdown): the run stays as it is and its job runs again later.
      if (signal.aborted) throw error;
      return await this.end(context, error);
    } finally {
      signal.removeEventListener('abort', onStop);
      this.cancels.delete(run.id);
    }
  }

  /** The run's parent, parameters and version, and the run marked running. */
  private async begin(context: RunContext): Promise<void> {
    const { run } = context;
    context.parent = await this.deps.registry.get(run.parentVersionId!);
    context.params = resolveTrainingParams(run.parameters as Partial<TrainingParams>);
    context.versionId = await this.prepareVersion(run, context.parent, context.params);
    if (!(await this.repos.trainingRuns.markRunning(run.id))) {
      context.cancel.abort();
      throw abortError();
    }
    this.announce(await this.get(run.id));
  }

  /** Train in a worker thread; progress is recorded as it goes. */
  private async train(context: RunContext, data: GatheredData): Promise<TrainingResult> {
    const { run, parent, params, cancel } = context;
    if (data.training.examples.length < MINIMUM_EXAMPLES) {
      throw new RunFailure(
        `only ${data.training.examples.length} usable examples with photos and catalog images; at least ${MINIMUM_EXAMPLES} are needed`,
      );
    }
    let lastWrite = 0;
    const result = await runTrainingInWorker(data.training, params, {
      parent: parent.adapterKind ? this.deps.registry.adapterOf(parent) : null,
      signal: cancel.signal,
      foreground: this.deps.index.foreground.shared,
      onProgress: (p) => {
        const now = Date.now();
        if (now - lastWrite < PROGRESS_EVERY_MS && p.progress < 1) return;
        lastWrite = now;
        void this.progress(run.id, p.progress * TRAINING_SHARE, p.epoch, p.loss, cancel);
      },
    });
    if (result.validationExamples === 0) {
      throw new RunFailure('too few distinct searches to hold some out for validation');
    }
    return result;
  }

  /** The version's catalog vectors, derived from the stored base embeddings, into the index. */
  private async publish(context: RunContext, data: GatheredData, result: TrainingResult): Promise<ModelVersion> {
    const { run, cancel } = context;
    const version = await this.deps.registry.get(context.versionId!);
    // In chunks with matrix maths (tfjs), yielding between them: the API keeps answering.
    // tfjs loads only when a run needs it, not at every start-up.
    const { applyAdapterManyFast } = await import('../trainer/model.js');
    const vectors = await applyAdapterManyFast(
      result.adapter,
      data.catalog.map((c) => c.vector),
    );
    let lastProgress = 0;
    const rows = data.catalog.map((c, i) => ({
      productImageId: c.productImageId,
      productId: c.productId,
      vector: vectors[i]!,
    }));
    await this.deps.index.publish(version, rows, {
      signal: cancel.signal,
      onProgress: async (written) => {
        if (Date.now() - lastProgress < PROGRESS_EVERY_MS) return;
        lastProgress = Date.now();
        const share = (PUBLISHING_SHARE * written) / Math.max(1, rows.length);
        await this.progress(run.id, TRAINING_SHARE + share, null, null, cancel);
      },
    });
    if (cancel.signal.aborted) throw abortError();
    await this.deps.gallery?.fillVersion(version, (v) => applyAdapter(result.adapter, v));
    return version;
  }

  /** The run succeeded and its version is ready, together: a cancel that lands first wins. */
  private async succeed(
    context: RunContext,
    version: ModelVersion,
    data: GatheredData,
    result: TrainingResult,
  ): Promise<JobOutcome> {
    const { run, params } = context;
    const durationMs = Date.now() - context.started;
    const examplesUsed = data.exampleIds.length;
    const weights = serializeAdapter(result.adapter);
    await this.repos.transaction(async (tx) => {
      const finished = await this.repos.trainingRuns.markSucceeded(
        run.id,
        {
          examplesUsed,
          metricsBefore: result.metricsBefore,
          metricsAfter: result.metricsAfter,
          accuracyBefore: result.metricsBefore.top1,
          accuracyAfter: result.metricsAfter.top1,
          durationMs,
        },
        tx,
      );
      if (!finished) throw abortError();
      await this.repos.versions.markReady(
        version.id,
        {
          adapterKind: result.adapter.kind,
          adapterWeights: weights,
          adapterChecksum: adapterChecksum(weights),
          metrics: result.metricsAfter,
          examplesUsed,
          parameters: { ...params, epochsRun: result.epochsRun, bestEpoch: result.bestEpoch },
        },
        tx,
      );
      await this.repos.examples.markUsed(data.exampleIds, tx);
    });
    this.announce(await this.get(run.id));
    const { metricsBefore: before, metricsAfter: after } = result;
    this.deps.metrics?.observeTrainingRun({
      status: 'succeeded',
      durationMs,
      examples: examplesUsed,
      version: version.name,
      top1Before: before.top1,
      top1After: after.top1,
    });
    this.deps.logger.info({ run: run.id, version: version.name, before, after, durationMs }, 'training run succeeded');
    await this.deps
      .onVersionReady?.()
      .catch((error: unknown) =>
        this.deps.logger.warn({ err: error }, 'could not request catalog embedding after training'),
      );
    return { status: 'succeeded', result: { versionId: version.id, durationMs } };
  }

  /**
   * A run that failed or was cancelled. The version fails in the same transaction as the run:
   * whoever sees the run ended sees its version ended too.
   */
  private async end(context: RunContext, error: unknown): Promise<JobOutcome> {
    const { run, versionId } = context;
    const cancelled = context.cancel.signal.aborted;
    const reason = cancelled ? 'cancelled by an admin' : errorMessage(error);
    const status = cancelled ? 'cancelled' : 'failed';
    await this.repos.transaction(async (tx) => {
      if (versionId) await this.failVersion(versionId, reason, tx);
      await this.repos.trainingRuns.markEnded(run.id, status, reason, Date.now() - context.started, tx);
    });
    this.announce(await this.get(run.id));
    this.deps.metrics?.observeTrainingRun({ status, durationMs: Date.now() - context.started });
    if (!cancelled) this.deps.logger.warn({ run: run.id, err: error }, 'training run failed');
    return cancelled ? { status: 'skipped' } : { status: 'failed', error: reason };
  }

  /** The run's version row (status `training`): created once, reused when a run is retried. */
  private async prepareVersion(run: TrainingRun, parent: ModelVersion, params: TrainingParams): Promise<string> {
    if (run.modelVersionId) {
      await this.repos.versions.markTraining(run.modelVersionId);
      return run.modelVersionId;
    }
    const version = await this.repos.versions.insert({
      name: await this.nextName(parent.encoderId),
      encoderId: parent.encoderId,
      encoderChecksum: parent.encoderChecksum,
      dim: parent.dim,
      adapterKind: params.adapterKind,
      parentId: parent.id,
      status: 'training',
      parameters: { ...params },
      createdBy: run.startedBy,
    });
    await this.repos.trainingRuns.setVersion(run.id, version.id);
    return version.id;
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
      if (!(await this.repos.trainingRuns.recordProgress(id, progress, epoch, loss))) {
        cancel.abort();
        return;
      }
      this.announce(await this.get(id));
    } catch (error) {
      this.deps.logger.warn({ err: error, run: id }, 'could not record training progress');
    }
  }

  /** A version whose run ended without it: its vectors go, it is marked failed. */
  private async failVersion(id: string, reason: string, tx?: EntityManager): Promise<void> {
    await this.deps.index.removeVersion(id, tx);
    await this.repos.versions.markFailed(id, reason, tx);
  }

  private async nextName(encoderId: string): Promise<string> {
    for (let n = (await this.repos.versions.countForEncoder(encoderId)) + 1; ; n++) {
      const name = `${encoderId}-v${n}`;
      if (!(await this.repos.versions.nameTaken(name))) return name;
    }
  }
}

/** An expected way for a run to fail: its message is the reason shown to admins. */
class RunFailure extends Error {}

function errorMessage(error: unknown): string {
  if (error instanceof RunFailure) return error.message;
  return `training failed: ${error instanceof Error ? error.message : String(error)}`;
}
