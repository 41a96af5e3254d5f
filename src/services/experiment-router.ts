import type { Logger } from 'pino';
import type { Experiment } from '../entities/experiment.entity.js';
import type { ExperimentArm } from '../entities/experiment-arm.entity.js';
import type { ModelVersion } from '../entities/model-version.entity.js';
import type { DomainMetrics } from '../domain/metrics.js';
import type { Repositories } from '../repositories/index.js';
import { posterior, thompsonShares } from '../stats/bayes.js';
import { armIndexFor, bucketBounds, bucketOf, stableHash } from './assignment.js';
import { settingsOf } from './experiment-settings.js';
import type { ModelRegistry } from './model-registry.js';

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

const CACHE_TTL_MS = 2_000;

type Running = { experiment: Experiment; arms: ExperimentArm[]; versions: Map<string, ModelVersion> };

/** The control first, then the rest by name: the bucket ranges follow this order. */
export function orderArms(arms: ExperimentArm[]): ExperimentArm[] {
  return [...arms].sort((a, b) => Number(b.isControl) - Number(a.isControl) || a.name.localeCompare(b.name));
}

/**
 * Which model version serves each search: the running experiment's arm for this user (sticky),
 * or the active version; and what serves instead when that one fails. Runs on every search, so
 * the running experiment is cached for a moment and assignment is arithmetic.
 */
export class ExperimentRouter {
  private running: { value: Running | null; expires: number } | null = null;
  private readonly banditShares = new Map<string, number[]>();
  private lastGood: { activeId: string; route: Route | null } | null = null;
  private exportedFor: string | null = null;

  constructor(
    private readonly repos: Repositories,
    private readonly registry: ModelRegistry,
    private readonly metrics: DomainMetrics,
    private readonly logger: Logger,
  ) {}

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
      guardrailMs: settingsOf(experiment).maxLatencyMs,
    };
  }

  /** Count a route that could not serve (the metric; the search row records it too). */
  recordFailure(route: Route, reason: 'error' | 'latency', error?: unknown): void {
    const arm = route.arm ?? 'none';
    this.metrics.observeArmFailure(arm, route.version.name, reason);
    if (route.experimentId === null) {
      this.metrics.setFallbackServing(route.version.name, true);
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
      this.metrics.setFallbackServing(route.version.name, false);
      this.degraded = null;
    }
  }

  /** Set while the active version cannot serve and the last good one does (for `/healthz`). */
  degraded: { version: string; since: Date; reason: string } | null = null;

  /** Forget the cached experiment (it was just started, re-weighted or stopped). */
  invalidate(): void {
    this.running = null;
  }

  /** The running experiment with its arms and versions (cached for a moment: routing is per search). */
  async current(now = Date.now(), fresh = false): Promise<Running | null> {
    if (!fresh && this.running && this.running.expires > now) return this.running.value;
    const experiment = await this.repos.experiments.findRunning();
    let value: Running | null = null;
    if (experiment) {
      const arms = orderArms(experiment.arms);
      value = { experiment, arms, versions: new Map(arms.map((a) => [a.modelVersionId, a.modelVersion])) };
      this.prepareArms(experiment, arms);
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
    const settings = settingsOf(running.experiment);
    const windowMs = settings.banditWindowSeconds * 1000;
    const window = Math.floor((now - running.experiment.createdAt.getTime()) / windowMs);
    const key = `${running.experiment.id}:${window}`;
    const cached = this.banditShares.get(key);
    if (cached) return cached;
    const windowStart = new Date(running.experiment.createdAt.getTime() + window * windowMs);
    const rows = await this.repos.searches.judgementsByArmBefore(running.experiment.id, windowStart);
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
      this.metrics.setArmWeight(
        { experiment: running.experiment.name, arm: a.name, modelVersion: a.modelVersion.name, mode: 'bandit' },
        shares[i]!,
      ),
    );
    return shares;
  }

  /** The version that served before the active one and still can (cached per active version). */
  private async lastGoodRoute(active: ModelVersion): Promise<Route | null> {
    if (this.lastGood?.activeId === active.id) return this.lastGood.route;
    const ids = await this.repos.versions.previouslyActiveReadyIds(active.id);
    let route: Route | null = null;
    for (const id of ids) {
      const version = await this.registry.get(id);
      if (!this.registry.canServe(version)) continue;
      route = { version, experimentId: null, arm: null, fallback: null, shadow: null, guardrailMs: null };
      break;
    }
    this.lastGood = { activeId: active.id, route };
    // Once per activation, not per search: the active and fallback versions' series start at 0.
    this.metrics.prepareServing(active.name, null);
    if (route) this.metrics.prepareServing(route.version.name, null);
    return route;
  }

  /** Every arm's series start at 0 before its first search (see `Metrics.prepareServing`). */
  private prepareArms(experiment: Experiment, arms: ExperimentArm[]): void {
    const control = arms.find((a) => a.isControl) ?? arms[0];
    for (const arm of arms) {
      this.metrics.prepareServing(arm.modelVersion.name, arm.name, experiment.mode === 'shadow' && arm !== control);
    }
  }

  exportWeights(experiment: Experiment): void {
    this.exportedFor = experiment.id;
    this.metrics.resetExperimentGauges('weights');
    if (experiment.status !== 'running') return;
    this.prepareArms(experiment, experiment.arms);
    const total = experiment.arms.reduce((s, a) => s + a.weight, 0) || 1;
    for (const arm of experiment.arms) {
      this.metrics.setArmWeight(
        { experiment: experiment.name, arm: arm.name, modelVersion: arm.modelVersion.name, mode: experiment.mode },
        arm.weight / total,
      );
    }
  }
}
