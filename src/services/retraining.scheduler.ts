import type { Logger } from 'pino';
import { BadUserInputError } from '../domain/errors.js';
import type { Config } from '../config.js';
import type { ModelVersion } from '../entities/model-version.entity.js';
import type { TrainingRun } from '../entities/training-run.entity.js';
import type { Repositories } from '../repositories/index.js';
import type { DriftService } from './drift.service.js';
import type { ModelRegistry } from './model-registry.js';
import { leaseSeconds, type PeriodicTurn } from './periodic-lease.js';
import type { Actor } from './principal.js';
import type { TrainingService } from './training.service.js';

export type RetrainingSettings = Config['retraining'];

/** Why a tick started a run, or why it did not. */
export type RetrainReason =
  | 'examples'
  | 'accuracy'
  | 'drift'
  | 'run_in_progress'
  | 'after_failure'
  | 'already_retrained'
  | 'no_trigger'
  | 'refused';

export type AccuracyNumbers = {
  baselineN: number;
  baselineAccuracy: number | null;
  currentN: number;
  currentAccuracy: number | null;
  /** (baseline − current) / baseline; null without enough judgements in both windows. */
  relativeDrop: number | null;
};

export type RetrainDecision = {
  action: 'started' | 'skipped';
  reason: RetrainReason;
  runId?: string;
  message?: string;
  numbers: {
    version?: string;
    usableUnused?: number;
    minExamples: number;
    accuracy?: AccuracyNumbers;
    driftAlarms?: string[];
  };
};

/** What starts an experiment for a retrained version (an `ExperimentScheduler`). */
export type RetrainedVersionTrials = {
  trialRetrained(candidateVersionId: string, share: number): Promise<unknown>;
};

export type RetrainingDeps = {
  repos: Repositories;
  training: TrainingService;
  registry: ModelRegistry;
  drift: DriftService | null;
  logger: Logger;
  settings: RetrainingSettings;
  /** Given the version of a run this scheduler started, once it succeeded, when `experimentShare` > 0. */
  experiments?: RetrainedVersionTrials | null;
};

/** Runs the scheduler starts are started by this user (`training_runs.started_by`). */
export const SCHEDULER_USER = 'scheduler';
const SCHEDULER: Actor = {
  principal: { keyId: null, name: 'retraining scheduler', role: 'admin' },
  roles: new Set(['admin']),
  userId: SCHEDULER_USER,
};

/**
 * Automatic retraining. Each tick starts a fine-tuning run of the active version when no run is
 * queued or running and one of these holds:
 * - `examples`: usable feedback not yet trained on reached RETRAIN_MIN_EXAMPLES;
 * - `accuracy`: the active version's top-1 accuracy over its latest judgements fell more than
 *   RETRAIN_ACCURACY_DROP (relative) below its first judgements' (`search_judgements`, shown
 *   rankings only, at least RETRAIN_ACCURACY_MIN_SAMPLES in each window);
 * - `drift`: a drift test alarms on the active version (RETRAIN_ON_DRIFT).
 * The last two persist until another version serves, so each starts at most one successful run
 * per activation. After a failed or cancelled run nothing starts until new feedback arrives.
 */
export class RetrainingScheduler {
  private timer: NodeJS.Timeout | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  /** Runs started here whose success should start an experiment. */
  private readonly followUps = new Set<string>();

  constructor(private readonly deps: RetrainingDeps) {}

  /** `turn`: whether this replica checks now (one replica of several does, see PeriodicLeases). */
  start(turn: PeriodicTurn = async () => true): void {
    const seconds = this.deps.settings.intervalSeconds;
    if (this.timer || seconds <= 0) return;
    const lease = leaseSeconds(seconds);
    this.timer = setInterval(() => {
      turn('retraining-check', lease)
        .then((mine) => (mine ? this.tick() : undefined))
        .catch((error: unknown) => this.deps.logger.error({ err: error }, 'retraining check failed'));
    }, seconds * 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.chain.catch(() => {});
  }

  /** One check; ticks in this process run one after another. */
  tick(): Promise<RetrainDecision> {
    const next = this.chain.catch(() => {}).then(() => this.check());
    this.chain = next;
    return next;
  }

  private async check(): Promise<RetrainDecision> {
    await this.followUp();
    return this.log(await this.decide());
  }

  private async decide(): Promise<RetrainDecision> {
    const { repos, settings } = this.deps;
    const numbers: RetrainDecision['numbers'] = { minExamples: settings.minExamples };
    const inFlight = await repos.trainingRuns.findInFlight();
    if (inFlight) return this.skip('run_in_progress', numbers, `run ${inFlight.id} is ${inFlight.status}`);

    const active = await this.deps.registry.active();
    numbers.version = active.name;
    numbers.usableUnused = (await repos.examples.counts()).usableUnused;
    numbers.accuracy = await this.accuracy(active);
    numbers.driftAlarms = await this.driftAlarms(active);

    const degraded =
      settings.accuracyDrop > 0 &&
      numbers.accuracy.relativeDrop !== null &&
      numbers.accuracy.relativeDrop > settings.accuracyDrop;
    const trigger: RetrainReason | null =
      numbers.usableUnused >= settings.minExamples
        ? 'examples'
        : degraded
          ? 'accuracy'
          : numbers.driftAlarms.length > 0
            ? 'drift'
            : null;
    if (!trigger) return this.skip('no_trigger', numbers);
    if (trigger !== 'examples' && (await this.retrainedSince(active))) {
      return this.skip('already_retrained', numbers, `a run from ${active.name} succeeded since it was activated`);
    }
    const failed = await this.failedWithoutNewFeedback();
    if (failed) return this.skip('after_failure', numbers, `run ${failed.id} ${failed.status}; no feedback since`);

    try {
      const run = await this.deps.training.start(SCHEDULER, { parentVersionId: active.id });
      if (settings.experimentShare > 0 && this.deps.experiments) this.followUps.add(run.id);
      return { action: 'started', reason: trigger, runId: run.id, numbers };
    } catch (error) {
      // The training service starts one run at a time: another replica's scheduler (or an admin)
      // got there between our check and our start.
      if (error instanceof BadUserInputError && error.extensions.reason === 'TRAINING_IN_PROGRESS') {
        return this.skip('run_in_progress', numbers, error.message);
      }
      // Expected refusals (too few examples with photos, a version that cannot train) are decisions.
      if (error instanceof BadUserInputError) return this.skip('refused', numbers, error.message);
      throw error;
    }
  }

  /** First and latest judgements of the version, in windows that do not overlap. */
  private async accuracy(version: ModelVersion): Promise<AccuracyNumbers> {
    const { accuracyWindow, accuracyMinSamples } = this.deps.settings;
    const w = await this.deps.repos.searches.accuracyWindows(version.id, accuracyWindow);
    const baselineAccuracy = w.baselineN > 0 ? w.baselineCorrect / w.baselineN : null;
    const currentAccuracy = w.currentN > 0 ? w.currentCorrect / w.currentN : null;
    const enough = w.baselineN >= accuracyMinSamples && w.currentN >= accuracyMinSamples;
    const relativeDrop =
      enough && baselineAccuracy! > 0 ? (baselineAccuracy! - currentAccuracy!) / baselineAccuracy! : null;
    return { baselineN: w.baselineN, baselineAccuracy, currentN: w.currentN, currentAccuracy, relativeDrop };
  }

  private async driftAlarms(version: ModelVersion): Promise<string[]> {
    if (!this.deps.settings.onDrift || !this.deps.drift) return [];
    try {
      const report = await this.deps.drift.evaluate(version);
      return report.tests.filter((t) => t.alarm).map((t) => t.test);
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'retraining: drift could not be computed; not a trigger this time');
      return [];
    }
  }

  /** Has a run from this version succeeded since it last became active? Its candidate awaits a decision. */
  private retrainedSince(version: ModelVersion): Promise<boolean> {
    return this.deps.repos.trainingRuns.succeededFromSince(version.id, version.activatedAt);
  }

  /** The latest run, when it failed or was cancelled and no feedback arrived or changed since it was queued. */
  private failedWithoutNewFeedback(): Promise<{ id: string; status: string } | null> {
    return this.deps.repos.trainingRuns.findLatestFailedWithoutNewFeedback();
  }

  /** A run started here succeeded: try its version on a share of the traffic. */
  private async followUp(): Promise<void> {
    const { training, experiments, settings, logger } = this.deps;
    for (const id of [...this.followUps]) {
      let run: TrainingRun;
      try {
        run = await training.get(id);
      } catch {
        this.followUps.delete(id);
        continue;
      }
      if (run.status === 'queued' || run.status === 'running') continue;
      this.followUps.delete(id);
      if (run.status !== 'succeeded' || !run.modelVersionId || !experiments) continue;
      try {
        await experiments.trialRetrained(run.modelVersionId, settings.experimentShare);
        logger.info(
          { run: id, version: run.modelVersionId, share: settings.experimentShare },
          'retraining: experiment started for the new version',
        );
      } catch (error) {
        logger.warn({ err: error, run: id }, 'retraining: could not start an experiment for the new version');
      }
    }
  }

  private skip(reason: RetrainReason, numbers: RetrainDecision['numbers'], message?: string): RetrainDecision {
    return { action: 'skipped', reason, numbers, ...(message ? { message } : {}) };
  }

  private log(decision: RetrainDecision): RetrainDecision {
    this.deps.logger.info(
      { ...decision },
      decision.action === 'started' ? 'retraining: run started' : 'retraining: no run started',
    );
    return decision;
  }
}
