import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { Experiment, type ExperimentMode } from '../entities/experiment.entity.js';
import { ExperimentArm } from '../entities/experiment-arm.entity.js';
import type { ModelVersion } from '../entities/model-version.entity.js';
import { BadUserInputError, NotFoundError } from '../api/errors.js';
import type { Metrics } from '../api/metrics.js';
import {
  chiSquareTest,
  comparePosteriors,
  posterior,
  thompsonShares,
  wilsonInterval,
  type PosteriorComparison,
} from '../ml/stats/bayes.js';
import { armIndexFor, bucketBounds, bucketOf, stableHash } from './assignment.js';
import type { ModelRegistry } from './model-registry.js';
import type { VectorIndex } from './vector-index.js';
import { isUuid } from './ids.js';

/** Thresholds an experiment is judged by; every one can be set when it is created. */
export type ExperimentSettings = {
  /** Stop and activate the winner when the report recommends promotion. */
  autoPromote: boolean;
  /** Stop (keeping the control) when the report recommends stopping. */
  autoRollback: boolean;
  /** Judged searches every arm needs before anything is recommended. */
  minSamples: number;
  /** Posterior probability the decision needs (promotion: P(lift > minLift); stopping: the reverse). */
  probability: number;
  /** The smallest top-1 improvement worth a promotion (0.01 = one point). */
  minLift: number;
  /** Guardrail: share of a candidate's searches that failed over to the control. */
  maxFailureRate: number;
  /** Guardrail: a candidate search slower than this is served by the control (and counted). */
  maxLatencyMs: number | null;
  /** Bandit: every arm keeps at least this share of traffic. */
  banditFloor: number;
  /** Bandit: shares are recomputed at most this often; assignment is sticky within a window. */
  banditWindowSeconds: number;
};

export const DEFAULT_SETTINGS: ExperimentSettings = {
  autoPromote: false,
  autoRollback: false,
  minSamples: 100,
  probability: 0.95,
  minLift: 0.01,
  maxFailureRate: 0.05,
  maxLatencyMs: null,
  banditFloor: 0.1,
  banditWindowSeconds: 3600,
};

export type ArmInput = { modelVersionId: string; weight: number; name?: string | null };
export type ExperimentInput = {
  name: string;
  mode: ExperimentMode;
  arms: ArmInput[];
  settings?: Partial<ExperimentSettings>;
};

/** Which version serves a search, and what happens when it cannot. */
export type Route = {
  version: ModelVersion;
  experimentId: string | null;
  arm: string | null;
  /** Serves instead when this route fails (the control for a candidate, the last good version for the active one). */
  fallback: Route | null;
  /** Shadow mode: the candidate that ranks every query silently. */
  shadow: { arm: string; version: ModelVersion } | null;
  /** A candidate slower than this falls back. */
  guardrailMs: number | null;
};

export type Recommendation = 'keep_running' | 'promote' | 'stop';

export type ArmReport = {
  arm: ExperimentArm;
  version: ModelVersion;
  weight: number;
  searches: number;
  users: number;
  feedback: number;
  judged: number;
  correct: number;
  accuracy: number | null;
  accuracyInterval: [number, number];
  anyCorrectShare: number | null;
  failures: number;
  failureRate: number;
  latencyP50: number | null;
  latencyP95: number | null;
  latencyP99: number | null;
  comparison: PosteriorComparison | null;
};

export type ExperimentReport = {
  experiment: Experiment;
  arms: ArmReport[];
  sampleRatio: { statistic: number; pValue: number; mismatch: boolean } | null;
  recommendation: Recommendation;
  recommendedArm: ArmReport | null;
  reason: string;
  sampleProgress: number;
};

/** An SRM this unlikely under the designed split means the assignment or logging is broken. */
const SRM_P_VALUE = 0.001;
const CACHE_TTL_MS = 2_000;

type Running = { experiment: Experiment; arms: ExperimentArm[]; versions: Map<string, ModelVersion> };

/**
 * A/B experiments between model versions: sticky assignment (split, shadow, bandit), the
 * report an admin decides on, and promotion or rollback — by hand or on thresholds.
 */
export class ExperimentService {
  private running: { value: Running | null; expires: number } | null = null;
  private readonly banditShares = new Map<string, number[]>();
  private lastGood: { activeId: string; route: Route | null } | null = null;
  private exportedFor: string | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: ModelRegistry,
    private readonly index: VectorIndex,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
  ) {}

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
    const settings = checkedSettings({ ...DEFAULT_SETTINGS, ...stripUndefined(input.settings ?? {}) });
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
    const id = await this.dataSource.transaction(async (tx) => {
      const [running] = (await tx.query(`SELECT name FROM experiments WHERE status = 'running' FOR UPDATE`)) as {
        name: string;
      }[];
      if (running) {
        throw new BadUserInputError(`Experiment "${running.name}" is running: stop it first (one runs at a time)`, {
          reason: 'EXPERIMENT_RUNNING',
        });
      }
      const experiment = await tx.getRepository(Experiment).save(
        tx.getRepository(Experiment).create({
          name,
          mode: input.mode,
          settings,
          decisions: [{ at: new Date().toISOString(), by, action: 'start', arms: names }],
          createdBy: by,
        }),
      );
      await tx.getRepository(ExperimentArm).insert(
        input.arms.map((arm, i) => ({
          experimentId: experiment.id,
          name: names[i]!,
          modelVersionId: arm.modelVersionId,
          weight: input.mode === 'shadow' ? (i === 0 ? 1 : 0) : arm.weight,
          isControl: i === 0,
        })),
      );
      return experiment.id;
    });
    this.running = null;
    this.logger.info({ experiment: id, name, mode: input.mode, arms: names, by }, 'experiment started');
    const created = await this.get(id);
    this.exportWeights(created);
    return created;
  }

  async get(id: string): Promise<Experiment> {
    const experiment = isUuid(id)
      ? await this.dataSource.getRepository(Experiment).findOne({
          where: { id },
          relations: { arms: { modelVersion: true } },
        })
      : null;
    if (!experiment) throw new NotFoundError('Experiment', id);
    experiment.arms = orderArms(experiment.arms);
    return experiment;
  }

  /** Every experiment, newest first. */
  async list(): Promise<Experiment[]> {
    const experiments = await this.dataSource.getRepository(Experiment).find({
      relations: { arms: { modelVersion: true } },
      order: { createdAt: 'DESC' },
    });
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
    await this.dataSource.transaction(async (tx) => {
      for (const [i, arm] of experiment.arms.entries()) {
        await tx.getRepository(ExperimentArm).update({ id: arm.id }, { weight: next[i]! });
      }
      await this.appendDecision(tx.query.bind(tx), id, {
        by,
        action: 'weights',
        weights: Object.fromEntries(experiment.arms.map((a, i) => [a.name, next[i]])),
      });
    });
    this.running = null;
    const updated = await this.get(id);
    this.exportWeights(updated);
    return updated;
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
    await this.dataSource.transaction(async (tx) => {
      await tx.query(
        `UPDATE experiments SET status = 'stopped', stopped_at = now(), promoted_version_id = $2 WHERE id = $1`,
        [id, promoteModelVersionId ?? null],
      );
      await this.appendDecision(tx.query.bind(tx), id, {
        by,
        action: promoteModelVersionId ? 'promote' : 'stop',
        modelVersionId: promoteModelVersionId ?? null,
        ...(numbers ? { numbers } : {}),
      });
    });
    this.running = null;
    this.metrics.armWeight.reset();
    this.metrics.probabilityToBeat.reset();
    this.logger.info({ experiment: id, by, promoted: promoteModelVersionId ?? null }, 'experiment stopped');
    return this.get(id);
  }

  /**
   * The version that serves this user's next search. Outside an experiment: the active version,
   * falling back to the last good one. In one: the user's arm, falling back to the control.
   */
  async route(userId: string, now = Date.now()): Promise<Route> {
    const active = await this.registry.active();
    const activeRoute: Route = {
      version: active,
      experimentId: null,
      arm: null,
      fallback: await this.lastGoodRoute(active),
      shadow: null,
      guardrailMs: null,
    };
    const running = await this.current(now);
    if (!running) return activeRoute;
    const { experiment, arms, versions } = running;
    const control = arms.find((a) => a.isControl) ?? arms[0]!;
    const controlRoute: Route = {
      version: versions.get(control.modelVersionId)!,
      experimentId: experiment.id,
      arm: control.name,
      fallback: activeRoute.version.id === control.modelVersionId ? activeRoute.fallback : activeRoute,
      shadow: null,
      guardrailMs: null,
    };
    if (experiment.mode === 'shadow') {
      const candidate = arms.find((a) => a !== control)!;
      return { ...controlRoute, shadow: { arm: candidate.name, version: versions.get(candidate.modelVersionId)! } };
    }
    const weights = experiment.mode === 'bandit' ? await this.banditWeights(running, now) : arms.map((a) => a.weight);
    const arm = arms[armIndexFor(bucketOf(experiment.id, userId), bucketBounds(weights))]!;
    if (arm === control) return controlRoute;
    return {
      version: versions.get(arm.modelVersionId)!,
      experimentId: experiment.id,
      arm: arm.name,
      fallback: controlRoute,
      shadow: null,
      guardrailMs: (experiment.settings as ExperimentSettings).maxLatencyMs ?? null,
    };
  }

  /** Count a route that could not serve (the metric; the search row records it too). */
  recordFailure(route: Route, reason: 'error' | 'latency', error?: unknown): void {
    const arm = route.arm ?? 'none';
    this.metrics.armFailures.inc({ arm, model_version: route.version.name, reason });
    if (route.experimentId === null) {
      this.metrics.fallbackServing.set({ model_version: route.version.name }, 1);
      this.degraded = { version: route.version.name, since: new Date(), reason: (error as Error)?.message ?? reason };
    }
    this.logger.warn(
      { arm, version: route.version.name, reason, err: error },
      'model version could not serve; fell back',
    );
  }

  /** The active version served again: no longer degraded. */
  recordServed(route: Route): void {
    if (this.degraded && route.experimentId === null && route.version.name === this.degraded.version) {
      this.metrics.fallbackServing.set({ model_version: route.version.name }, 0);
      this.degraded = null;
    }
  }

  /** Set while the active version cannot serve and the last good one does (for `/healthz`). */
  degraded: { version: string; since: Date; reason: string } | null = null;

  async report(id: string): Promise<ExperimentReport> {
    const experiment = await this.get(id);
    const settings = { ...DEFAULT_SETTINGS, ...(experiment.settings as Partial<ExperimentSettings>) };
    const shadowMode = experiment.mode === 'shadow';
    const [searchRows, feedbackRows, judgementRows] = (await Promise.all([
      this.dataSource.query(
        `SELECT coalesce(fallback_from_arm, arm) AS arm, count(*)::int AS searches,
                count(DISTINCT user_id)::int AS users,
                (count(*) FILTER (WHERE fallback_from_arm IS NOT NULL))::int AS failures,
                percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY latency_ms)
                  FILTER (WHERE fallback_from_arm IS NULL) AS latency
         FROM searches WHERE experiment_id = $1 GROUP BY 1`,
        [id],
      ),
      this.dataSource.query(
        `SELECT arm, count(*)::int AS feedback,
                count(DISTINCT search_id) FILTER (WHERE feedback_type = 'correct')::int AS with_correct,
                count(DISTINCT search_id) FILTER (WHERE feedback_type <> 'new_item')::int AS judged_searches
         FROM training_examples WHERE experiment_id = $1 GROUP BY arm`,
        [id],
      ),
      // Shadow arms are judged only where feedback names the right product, the control likewise.
      this.dataSource.query(
        `SELECT arm, count(*)::int AS judged, (count(*) FILTER (WHERE correct))::int AS correct
         FROM search_judgements WHERE experiment_id = $1 AND (by_truth OR NOT $2) GROUP BY arm`,
        [id, shadowMode],
      ),
    ])) as [
      { arm: string; searches: number; users: number; failures: number; latency: number[] | null }[],
      { arm: string; feedback: number; with_correct: number; judged_searches: number }[],
      { arm: string; judged: number; correct: number }[],
    ];
    const control = experiment.arms.find((a) => a.isControl) ?? experiment.arms[0]!;
    const totalWeight = experiment.arms.reduce((s, a) => s + a.weight, 0) || 1;
    const reports: ArmReport[] = experiment.arms.map((arm) => {
      const s = searchRows.find((r) => r.arm === arm.name);
      const f = feedbackRows.find((r) => r.arm === arm.name);
      const j = judgementRows.find((r) => r.arm === arm.name);
      const searches = shadowMode ? (searchRows[0]?.searches ?? 0) : (s?.searches ?? 0);
      const judged = j?.judged ?? 0;
      const correct = j?.correct ?? 0;
      return {
        arm,
        version: arm.modelVersion,
        weight: arm.weight / totalWeight,
        searches,
        users: shadowMode ? (searchRows[0]?.users ?? 0) : (s?.users ?? 0),
        feedback: shadowMode ? feedbackRows.reduce((n, r) => n + r.feedback, 0) : (f?.feedback ?? 0),
        judged,
        correct,
        accuracy: judged > 0 ? correct / judged : null,
        accuracyInterval: wilsonInterval(correct, judged),
        anyCorrectShare: f && f.judged_searches > 0 ? f.with_correct / f.judged_searches : null,
        failures: s?.failures ?? 0,
        failureRate: s && s.searches > 0 ? s.failures / s.searches : 0,
        latencyP50: s?.latency?.[0] ?? null,
        latencyP95: s?.latency?.[1] ?? null,
        latencyP99: s?.latency?.[2] ?? null,
        comparison: null,
      };
    });
    const controlReport = reports.find((r) => r.arm === control)!;
    const seed = stableHash(experiment.id);
    for (const r of reports) {
      if (r === controlReport) continue;
      r.comparison = comparePosteriors(
        posterior(controlReport.correct, controlReport.judged),
        posterior(r.correct, r.judged),
        { minLift: settings.minLift, seed },
      );
      this.metrics.probabilityToBeat.set(
        { experiment: experiment.name, arm: r.arm.name, model_version: r.version.name },
        r.comparison.probabilityToBeat,
      );
    }
    const sampleRatio = experiment.mode === 'split' ? await this.sampleRatioCheck(experiment, reports) : null;
    return { experiment, arms: reports, sampleRatio, ...recommend(reports, controlReport, settings, sampleRatio) };
  }

  /**
   * Apply the running experiment's automatic thresholds: promote a clear winner, stop a clear
   * loser or a candidate breaking its guardrails. Each decision is logged with its numbers.
   */
  async evaluate(): Promise<ExperimentReport | null> {
    const running = await this.current(Date.now(), true);
    if (!running) return null;
    const report = await this.report(running.experiment.id);
    const settings = { ...DEFAULT_SETTINGS, ...(running.experiment.settings as Partial<ExperimentSettings>) };
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

  /** The running experiment with its arms and versions (cached for a moment: routing is per search). */
  private async current(now: number, fresh = false): Promise<Running | null> {
    if (!fresh && this.running && this.running.expires > now) return this.running.value;
    const experiment = await this.dataSource.getRepository(Experiment).findOne({
      where: { status: 'running' },
      relations: { arms: { modelVersion: true } },
    });
    let value: Running | null = null;
    if (experiment) {
      const arms = orderArms(experiment.arms);
      value = { experiment, arms, versions: new Map(arms.map((a) => [a.modelVersionId, a.modelVersion])) };
    }
    this.running = { value, expires: now + CACHE_TTL_MS };
    // After a restart (or another replica's start) the weights gauge follows the running experiment.
    if (value && value.experiment.id !== this.exportedFor && value.experiment.mode !== 'bandit') {
      this.exportWeights(value.experiment);
    }
    return value;
  }

  /**
   * Thompson sampling per time window: shares come from the feedback judged before the window
   * began (so every replica computes the same ones), with a floor for every arm; within the
   * window a user's bucket keeps them on one arm.
   */
  private async banditWeights(running: Running, now: number): Promise<number[]> {
    const settings = { ...DEFAULT_SETTINGS, ...(running.experiment.settings as Partial<ExperimentSettings>) };
    const windowMs = settings.banditWindowSeconds * 1000;
    const window = Math.floor((now - running.experiment.createdAt.getTime()) / windowMs);
    const key = `${running.experiment.id}:${window}`;
    const cached = this.banditShares.get(key);
    if (cached) return cached;
    const windowStart = new Date(running.experiment.createdAt.getTime() + window * windowMs);
    const rows = (await this.dataSource.query(
      `SELECT arm, count(*)::int AS judged, (count(*) FILTER (WHERE correct))::int AS correct
       FROM search_judgements WHERE experiment_id = $1 AND judged_at < $2 AND NOT shadow GROUP BY arm`,
      [running.experiment.id, windowStart],
    )) as { arm: string; judged: number; correct: number }[];
    const shares = thompsonShares(
      running.arms.map((a) => {
        const r = rows.find((row) => row.arm === a.name);
        return posterior(r?.correct ?? 0, r?.judged ?? 0);
      }),
      { floor: settings.banditFloor, seed: stableHash(key) },
    );
    this.banditShares.clear();
    this.banditShares.set(key, shares);
    running.arms.forEach((a, i) =>
      this.metrics.armWeight.set(
        { experiment: running.experiment.name, arm: a.name, model_version: a.modelVersion.name, mode: 'bandit' },
        shares[i]!,
      ),
    );
    return shares;
  }

  /** The version that served before the active one and still can (cached per active version). */
  private async lastGoodRoute(active: ModelVersion): Promise<Route | null> {
    if (this.lastGood?.activeId === active.id) return this.lastGood.route;
    const rows = (await this.dataSource.query(
      `SELECT a.model_version_id AS id FROM model_activations a JOIN model_versions v ON v.id = a.model_version_id
       WHERE a.model_version_id <> $1 AND v.status = 'ready'
       ORDER BY a.activated_at DESC`,
      [active.id],
    )) as { id: string }[];
    let route: Route | null = null;
    for (const { id } of rows) {
      const version = await this.registry.get(id);
      if (!this.registry.canServe(version)) continue;
      route = { version, experimentId: null, arm: null, fallback: null, shadow: null, guardrailMs: null };
      break;
    }
    this.lastGood = { activeId: active.id, route };
    return route;
  }

  /**
   * Users per assigned arm against the designed split (chi-square), counted since the weights
   * were last set: before that, users were assigned by other weights.
   */
  private async sampleRatioCheck(experiment: Experiment, arms: ArmReport[]): Promise<ExperimentReport['sampleRatio']> {
    const since =
      (experiment.decisions as { at: string; action: string }[])
        .filter((d) => d.action === 'start' || d.action === 'weights')
        .map((d) => new Date(d.at))
        .at(-1) ?? experiment.createdAt;
    const rows = (await this.dataSource.query(
      `SELECT coalesce(fallback_from_arm, arm) AS arm, count(DISTINCT user_id)::int AS users
       FROM searches WHERE experiment_id = $1 AND created_at >= $2 GROUP BY 1`,
      [experiment.id, since],
    )) as { arm: string; users: number }[];
    const users = arms.map((a) => rows.find((r) => r.arm === a.arm.name)?.users ?? 0);
    if (users.reduce((s, n) => s + n, 0) < 20) return null;
    const { statistic, pValue } = chiSquareTest(
      users,
      arms.map((a) => a.weight),
    );
    return { statistic, pValue, mismatch: pValue < SRM_P_VALUE };
  }

  private exportWeights(experiment: Experiment): void {
    this.exportedFor = experiment.id;
    this.metrics.armWeight.reset();
    if (experiment.status !== 'running') return;
    const total = experiment.arms.reduce((s, a) => s + a.weight, 0) || 1;
    for (const arm of experiment.arms) {
      this.metrics.armWeight.set(
        { experiment: experiment.name, arm: arm.name, model_version: arm.modelVersion.name, mode: experiment.mode },
        arm.weight / total,
      );
    }
  }

  private async appendDecision(
    query: (sql: string, params: unknown[]) => Promise<unknown>,
    id: string,
    decision: Record<string, unknown>,
  ): Promise<void> {
    await query(`UPDATE experiments SET decisions = decisions || $2::jsonb WHERE id = $1`, [
      id,
      JSON.stringify([{ at: new Date().toISOString(), ...decision }]),
    ]);
  }
}

function defaultArmName(index: number, count: number): string {
  if (index === 0) return 'control';
  return count === 2 ? 'candidate' : `candidate-${index}`;
}

/** The control first, then the rest by name: the bucket ranges follow this order. */
function orderArms(arms: ExperimentArm[]): ExperimentArm[] {
  return [...arms].sort((a, b) => Number(b.isControl) - Number(a.isControl) || a.name.localeCompare(b.name));
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as Partial<T>;
}

function checkedSettings(s: ExperimentSettings): ExperimentSettings {
  const problems: string[] = [];
  if (!Number.isInteger(s.minSamples) || s.minSamples < 1) problems.push('minSamples must be a whole number ≥ 1');
  if (!(s.probability > 0.5 && s.probability < 1)) problems.push('probability must be between 0.5 and 1');
  if (!(s.minLift >= 0 && s.minLift < 1)) problems.push('minLift must be from 0 to 1');
  if (!(s.maxFailureRate >= 0 && s.maxFailureRate <= 1)) problems.push('maxFailureRate must be from 0 to 1');
  if (s.maxLatencyMs !== null && !(s.maxLatencyMs > 0)) problems.push('maxLatencyMs must be > 0');
  if (!(s.banditFloor >= 0 && s.banditFloor <= 0.5)) problems.push('banditFloor must be from 0 to 0.5');
  if (!(s.banditWindowSeconds >= 1)) problems.push('banditWindowSeconds must be ≥ 1');
  if (problems.length > 0) throw new BadUserInputError(`Invalid experiment settings: ${problems.join('; ')}`);
  return s;
}

function recommend(
  arms: ArmReport[],
  control: ArmReport,
  settings: ExperimentSettings,
  sampleRatio: ExperimentReport['sampleRatio'],
): Pick<ExperimentReport, 'recommendation' | 'recommendedArm' | 'reason' | 'sampleProgress'> {
  const candidates = arms.filter((a) => a !== control);
  const sampleProgress = Math.min(1, ...arms.map((a) => a.judged / settings.minSamples));
  const breaking = candidates.find(
    (a) =>
      (a.searches >= 20 && a.failureRate > settings.maxFailureRate) ||
      (settings.maxLatencyMs !== null &&
        a.latencyP99 !== null &&
        a.searches >= 20 &&
        a.latencyP99 > settings.maxLatencyMs),
  );
  if (breaking) {
    return {
      recommendation: 'stop',
      recommendedArm: control,
      reason: `arm ${breaking.arm.name} breaks a guardrail (failure rate ${pct(breaking.failureRate)}, p99 ${breaking.latencyP99?.toFixed(1) ?? '-'} ms)`,
      sampleProgress,
    };
  }
  if (sampleRatio?.mismatch) {
    return {
      recommendation: 'stop',
      recommendedArm: null,
      reason: `sample ratio mismatch (p = ${sampleRatio.pValue.toExponential(2)}): the split is not what was designed, so the comparison cannot be trusted`,
      sampleProgress,
    };
  }
  if (sampleProgress < 1) {
    return {
      recommendation: 'keep_running',
      recommendedArm: null,
      reason: `waiting for ${settings.minSamples} judged searches per arm (${Math.round(sampleProgress * 100)}% there)`,
      sampleProgress,
    };
  }
  const best = [...candidates].sort((a, b) => b.comparison!.probabilityOfLift - a.comparison!.probabilityOfLift)[0]!;
  if (best.comparison!.probabilityOfLift >= settings.probability) {
    return {
      recommendation: 'promote',
      recommendedArm: best,
      reason: `arm ${best.arm.name} beats the control with probability ${best.comparison!.probabilityToBeat.toFixed(3)} (lift > ${pct(settings.minLift)} with probability ${best.comparison!.probabilityOfLift.toFixed(3)}; top-1 ${pct(best.accuracy)} vs ${pct(control.accuracy)})`,
      sampleProgress,
    };
  }
  if (candidates.every((a) => 1 - a.comparison!.probabilityToBeat >= settings.probability)) {
    return {
      recommendation: 'stop',
      recommendedArm: control,
      reason: `the control beats every candidate with probability ≥ ${settings.probability}`,
      sampleProgress,
    };
  }
  return {
    recommendation: 'keep_running',
    recommendedArm: null,
    reason: `no arm is ahead with probability ≥ ${settings.probability} yet (best: ${best.arm.name}, P(beat) ${best.comparison!.probabilityToBeat.toFixed(3)})`,
    sampleProgress,
  };
}

function pct(x: number | null): string {
  return x === null ? '-' : `${(x * 100).toFixed(1)}%`;
}

/** A report's numbers as kept with a decision. */
export function summarize(report: ExperimentReport): Record<string, unknown> {
  return {
    recommendation: report.recommendation,
    reason: report.reason,
    sampleRatio: report.sampleRatio,
    arms: report.arms.map((a) => ({
      arm: a.arm.name,
      version: a.version.name,
      searches: a.searches,
      judged: a.judged,
      correct: a.correct,
      accuracy: a.accuracy,
      failureRate: a.failureRate,
      latencyP99: a.latencyP99,
      probabilityToBeat: a.comparison?.probabilityToBeat ?? null,
      probabilityOfLift: a.comparison?.probabilityOfLift ?? null,
      expectedLoss: a.comparison?.expectedLoss ?? null,
    })),
  };
}
