import type { EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import type { Experiment, ExperimentMode } from '../entities/experiment.entity.js';
import type { Repositories } from '../repositories/index.js';
import { BadUserInputError, NotFoundError } from '../domain/errors.js';
import type { DomainMetrics } from '../domain/metrics.js';
import { decisionBy, reportNumbers } from './experiment-numbers.js';
import { buildReport, summarize, type ExperimentReport } from './experiment-report.js';
import { ExperimentRouter, orderArms } from './experiment-router.js';
import {
  checkedSettings,
  DEFAULT_SETTINGS,
  settingsOf,
  givenSettings,
  type ExperimentSettings,
} from './experiment-settings.js';
import type { ModelRegistry } from './model-registry.js';
import type { VectorIndex } from './vector-index.js';
import { isUuid } from '../lib/ids.js';

export type { ExperimentSettings } from './experiment-settings.js';
export type { ExperimentReport } from './experiment-report.js';
export type { Route } from './experiment-router.js';

export type ArmInput = { modelVersionId: string; weight: number; name?: string | null };
export type ExperimentInput = {
  name: string;
  mode: ExperimentMode;
  arms: ArmInput[];
  /** Thresholds to override; null or absent ones keep their defaults. */
  settings?: { [K in keyof ExperimentSettings]?: ExperimentSettings[K] | null };
};

/**
 * A/B experiments between model versions: start, re-weight, report, promote or stop — by hand
 * or on thresholds. Which version serves each search is the router's job.
 */
export class ExperimentService {
  readonly router: ExperimentRouter;

  constructor(
    private readonly repos: Repositories,
    private readonly registry: ModelRegistry,
    private readonly index: VectorIndex,
    private readonly metrics: DomainMetrics,
    private readonly logger: Logger,
  ) {
    this.router = new ExperimentRouter(repos, registry, metrics, logger);
  }

  async create(by: string, input: ExperimentInput): Promise<Experiment> {
    const name = input.name.trim();
    if (!name) throw new BadUserInputError('An experiment needs a name');
    if (input.arms.length < 2) throw new BadUserInputError('An experiment needs at least two arms');
    if (input.mode === 'shadow' && input.arms.length !== 2) {
      throw new BadUserInputError('A shadow experiment has exactly two arms: the control and the silent candidate');
    }
    if (input.arms.some((a) => !(a.weight >= 0) || !Number.isFinite(a.weight))) {
      throw new BadUserInputError('Arm weights must be finite numbers ≥ 0');
    }
    if (input.mode !== 'shadow' && !(input.arms.reduce((s, a) => s + a.weight, 0) > 0)) {
      throw new BadUserInputError('Arm weights must add up to more than 0');
    }
    const settings = checkedSettings({ ...DEFAULT_SETTINGS, ...givenSettings(input.settings ?? {}) });
    const names = input.arms.map((a, i) => a.name?.trim() || defaultArmName(i, input.arms.length));
    if (new Set(names).size !== names.length) throw new BadUserInputError('Arm names must differ');
    for (const armName of names) {
      if (!/^[a-z0-9][a-z0-9_-]{0,31}$/i.test(armName)) {
        throw new BadUserInputError(`Arm name "${armName}" must be 1–32 letters, digits, - or _`);
      }
    }
    const versions = await Promise.all(input.arms.map((a) => this.registry.get(a.modelVersionId)));
    for (const version of versions) {
      if (version.status !== 'active' && version.status !== 'ready') {
        throw new BadUserInputError(
          `Version ${version.name} is ${version.status}: only ready or active versions can serve`,
        );
      }
      if (!this.registry.canServe(version)) {
        throw new BadUserInputError(`Version ${version.name} runs on another encoder than this server's`);
      }
      try {
        this.registry.vectorMap(version);
      } catch (error) {
        throw new BadUserInputError(`Version ${version.name} cannot be loaded: ${(error as Error).message}`);
      }
      await this.index.ensureIndex(version);
    }
    const id = await this.repos.transaction(async (tx) => {
      const running = await this.repos.experiments.lockRunning(tx);
      if (running) {
        throw new BadUserInputError(`Experiment "${running.name}" is running: stop it first (one runs at a time)`, {
          reason: 'EXPERIMENT_RUNNING',
        });
      }
      const experiment = await this.repos.experiments.insert(
        {
          name,
          mode: input.mode,
          settings,
          decisions: [{ at: new Date().toISOString(), by, action: 'start', arms: names }],
          createdBy: by,
        },
        tx,
      );
      await this.repos.experiments.insertArms(
        input.arms.map((arm, i) => ({
          experimentId: experiment.id,
          name: names[i]!,
          modelVersionId: arm.modelVersionId,
          weight: input.mode === 'shadow' ? (i === 0 ? 1 : 0) : arm.weight,
          isControl: i === 0,
        })),
        tx,
      );
      return experiment.id;
    });
    this.router.invalidate();
    this.metrics.observeExperimentDecision(name, 'start', decisionBy(by));
    this.logger.info({ experiment: id, name, mode: input.mode, arms: names, by }, 'experiment started');
    return this.get(id);
  }

  async get(id: string): Promise<Experiment> {
    const experiment = isUuid(id) ? await this.repos.experiments.findById(id) : null;
    if (!experiment) throw new NotFoundError('Experiment', id);
    experiment.arms = orderArms(experiment.arms);
    return experiment;
  }

  /** Every experiment, newest first. */
  async list(): Promise<Experiment[]> {
    const experiments = await this.repos.experiments.list();
    for (const e of experiments) e.arms = orderArms(e.arms);
    return experiments;
  }

  /**
   * New traffic weights for a running split or bandit (by arm name). Users move only at the
   * margins: those whose bucket changes hands, from the shrinking arm to the growing one.
   */
  async setWeights(by: string, id: string, weights: Array<{ arm: string; weight: number }>): Promise<Experiment> {
    const experiment = await this.get(id);
    if (experiment.status !== 'running') throw new BadUserInputError('The experiment has stopped');
    if (experiment.mode === 'shadow') throw new BadUserInputError('A shadow experiment serves only its control');
    const byName = new Map(weights.map((w) => [w.arm, w.weight]));
    for (const name of byName.keys()) {
      if (!experiment.arms.some((a) => a.name === name)) throw new BadUserInputError(`No arm named "${name}"`);
    }
    const next = experiment.arms.map((a) => byName.get(a.name) ?? a.weight);
    if (next.some((w) => !(w >= 0) || !Number.isFinite(w)) || !(next.reduce((s, w) => s + w, 0) > 0)) {
      throw new BadUserInputError('Weights must be ≥ 0 and add up to more than 0');
    }
    await this.repos.transaction(async (tx) => {
      for (const [i, arm] of experiment.arms.entries()) {
        await this.repos.experiments.setArmWeight(arm.id, next[i]!, tx);
      }
      await this.appendDecision(tx, id, {
        by,
        action: 'weights',
        weights: Object.fromEntries(experiment.arms.map((a, i) => [a.name, next[i]])),
      });
    });
    this.router.invalidate();
    this.metrics.observeExperimentDecision(experiment.name, 'weights', decisionBy(by));
    return this.get(id);
  }

  /** Stop an experiment; activate `promoteModelVersionId` (one of its arms) if given. */
  async stop(by: string, id: string, promoteModelVersionId?: string | null, numbers?: unknown): Promise<Experiment> {
    const experiment = await this.get(id);
    if (experiment.status !== 'running') throw new BadUserInputError('The experiment has already stopped');
    if (promoteModelVersionId && !experiment.arms.some((a) => a.modelVersionId === promoteModelVersionId)) {
      throw new BadUserInputError('Only one of the experiment’s arms can be promoted');
    }
    // The experiment's evidence outranks the training run's held-out numbers: forced.
    if (promoteModelVersionId) await this.registry.activate(promoteModelVersionId, { force: true, by });
    await this.repos.transaction(async (tx) => {
      await this.repos.experiments.markStopped(id, promoteModelVersionId ?? null, tx);
      await this.appendDecision(tx, id, {
        by,
        action: promoteModelVersionId ? 'promote' : 'stop',
        modelVersionId: promoteModelVersionId ?? null,
        ...(numbers ? { numbers } : {}),
      });
    });
    this.router.invalidate();
    this.metrics.observeExperimentDecision(experiment.name, promoteModelVersionId ? 'promote' : 'stop', decisionBy(by));
    this.logger.info({ experiment: id, by, promoted: promoteModelVersionId ?? null }, 'experiment stopped');
    return this.get(id);
  }

  /** The report an admin decides on; a running experiment's also refreshes its gauges (see reportNumbers). */
  async report(id: string): Promise<ExperimentReport> {
    const report = await buildReport(this.repos, await this.get(id));
    if (report.experiment.status !== 'running') return report;
    this.metrics.observeExperimentReport(reportNumbers(report));
    return report;
  }

  /**
   * Every replica's half-minute check: the running experiment's gauges follow its latest report
   * (the replica that evaluates builds it anyway), and a fallback gauge follows what serves now.
   */
  async refresh(): Promise<void> {
    const running = await this.router.refresh();
    if (running) await this.report(running.experiment.id);
  }

  /**
   * Apply the running experiment's automatic thresholds: promote a clear winner, stop a clear
   * loser or a candidate breaking its guardrails. Each decision is logged with its numbers. Like
   * `refresh`, it also brings the gauges up to date.
   */
  async evaluate(): Promise<ExperimentReport | null> {
    const running = await this.router.refresh();
    if (!running) return null;
    const report = await this.report(running.experiment.id);
    const settings = settingsOf(running.experiment);
    const numbers = summarize(report);
    if (report.recommendation === 'promote' && settings.autoPromote && report.recommendedArm) {
      this.logger.info({ experiment: running.experiment.id, numbers }, 'auto-promoting the experiment winner');
      await this.stop('auto-promote', running.experiment.id, report.recommendedArm.version.id, numbers);
    } else if (report.recommendation === 'stop' && settings.autoRollback) {
      this.logger.info({ experiment: running.experiment.id, numbers }, 'auto-rollback: stopping the experiment');
      await this.stop('auto-rollback', running.experiment.id, null, numbers);
    }
    return report;
  }

  private async appendDecision(tx: EntityManager, id: string, decision: Record<string, unknown>): Promise<void> {
    await this.repos.experiments.appendDecision(id, { at: new Date().toISOString(), ...decision }, tx);
  }
}

function defaultArmName(index: number, count: number): string {
  if (index === 0) return 'control';
  return count === 2 ? 'candidate' : `candidate-${index}`;
}
