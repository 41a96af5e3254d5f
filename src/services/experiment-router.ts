import type { Logger } from 'pino';
import type { Experiment } from '../entities/experiment.entity.js';
import type { ExperimentArm } from '../entities/experiment-arm.entity.js';
import type { ModelVersion } from '../entities/model-version.entity.js';
import type { DomainMetrics, ExperimentTag, RunningExperimentState } from '../domain/metrics.js';
import type { Repositories } from '../repositories/index.js';
import { posterior, thompsonShares } from '../stats/bayes.js';
import { armIndexFor, bucketBounds, bucketOf, stableHash } from './assignment.js';
import { settingsOf } from './experiment-settings.js';
import type { ModelRegistry } from './model-registry.js';

/** Which version serves a search, and what happens when it cannot. */
export type Route = {
  version: ModelVersion;
  experimentId: string | null;
  /** The experiment's name, mode and whether this arm is its control (metrics' labels). */
  experiment: ExperimentTag | null;
  arm: string | null;
  /** Serves instead when this route fails (the control for a candidate, the last good version for the active one). */
  fallback: Route | null;
  /** Shadow mode: the candidate that ranks every query silently. */
  shadow: { arm: string; version: ModelVersion } | null;
  /** A candidate slower than this falls back. */
  guardrailMs: number | null;
};

const CACHE_TTL_MS = 2_000;

export type Running = { experiment: Experiment; arms: ExperimentArm[]; versions: Map<string, ModelVersion> };

/** The control first, then the rest by name: the bucket ranges follow this order. */
export function orderArms(arms: ExperimentArm[]): ExperimentArm[] {
  return [...arms].sort((a, b) => Number(b.isControl) - Number(a.isControl) || a.name.localeCompare(b.name));
}

/** The experiment's control: the arm marked so, else the first (as it was created). */
export function controlArm(arms: ExperimentArm[]): ExperimentArm {
  return arms.find((a) => a.isControl) ?? arms[0]!;
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
      experiment: null,
      arm: null,
      fallback: await this.lastGoodRoute(active),
      shadow: null,
      guardrailMs: null,
    };
    const running = await this.current(now);
    this.clearDegradedUnlessServing(active, running);
    if (!running) return activeRoute;
    const { experiment, arms, versions } = running;
    const control = controlArm(arms);
    const tag = (control: boolean): ExperimentTag => ({ name: experiment.name, mode: experiment.mode, control });
    const controlRoute: Route = {
      version: versions.get(control.modelVersionId)!,
      experimentId: experiment.id,
      experiment: tag(true),
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
      experiment: tag(false),
      arm: arm.name,
      fallback: controlRoute,
      shadow: null,
      guardrailMs: settingsOf(experiment).maxLatencyMs,
    };
  }

  /**
   * Count a route that could not serve (the metric; the search row records it too). A route
   * whose fallback lies outside any experiment is one meant to serve everyone (the active version,
   * or the running experiment's control): its failure is "fallback serving". A candidate's is not:
   * the control serves its users by design.
   */
  recordFailure(route: Route, reason: 'error' | 'latency', error?: unknown): void {
    const arm = route.arm ?? 'none';
    this.metrics.observeArmFailure(arm, route.version.name, reason);
    if (route.fallback && route.fallback.experimentId === null) {
      if (this.degraded && this.degraded.version !== route.version.name) {
        this.metrics.setFallbackServing(this.degraded.version, false);
      }
      this.metrics.setFallbackServing(route.version.name, true);
      this.degraded = { version: route.version.name, since: new Date(), reason: (error as Error)?.message ?? reason };
    }
    this.logger.warn(
      { arm, version: route.version.name, reason, err: error },
      'model version could not serve; fell back',
    );
  }

  /** A route served: if it is the degraded version, that one serves again. */
  recordServed(route: Route): void {
    if (this.degraded && route.version.name === this.degraded.version) this.clearDegraded();
  }

  /** Set while the active version (or the running control) cannot serve and another one does (for `/healthz`). */
  degraded: { version: string; since: Date; reason: string } | null = null;

  private clearDegraded(): void {
    if (!this.degraded) return;
    this.metrics.setFallbackServing(this.degraded.version, false);
    this.degraded = null;
  }

  /** The degraded version is no longer meant to serve (another was activated, the experiment ended): not degraded. */
  private clearDegradedUnlessServing(active: ModelVersion, running: Running | null): void {
    if (!this.degraded) return;
    const serving = running ? controlArm(running.arms).modelVersion.name : active.name;
    if (this.degraded.version !== serving) this.clearDegraded();
  }

  /**
   * Every replica's periodic check: the fallback gauge follows the active version and the running
   * experiment even on a replica that serves no search meanwhile.
   */
  async refresh(now = Date.now()): Promise<Running | null> {
    const running = await this.current(now, true);
    this.clearDegradedUnlessServing(await this.registry.active(), running);
    return running;
  }

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
      route = {
        version,
        experimentId: null,
        experiment: null,
        arm: null,
        fallback: null,
        shadow: null,
        guardrailMs: null,
      };
      break;
    }
    this.lastGood = { activeId: active.id, route };
    // Once per activation, not per search: the active and fallback versions' series start at 0.
    this.metrics.prepareServing({ modelVersion: active.name, arm: null, fallbackVersion: route?.version.name });
    if (route) this.metrics.prepareServing({ modelVersion: route.version.name, arm: null });
    return route;
  }

  /** Every arm's series start at 0 before its first search (see `Metrics.prepareServing`). */
  private prepareArms(experiment: Experiment, arms: ExperimentArm[]): void {
    const control = controlArm(arms);
    for (const arm of arms) {
      const tag = { name: experiment.name, mode: experiment.mode, control: arm === control };
      this.metrics.prepareServing({
        modelVersion: arm.modelVersion.name,
        arm: arm.name,
        experiment: tag,
        shadow: experiment.mode === 'shadow' && arm !== control,
        // A candidate's fallback is the control; the control's (the active version) is rare enough.
        fallbackVersion: arm === control ? null : control.modelVersion.name,
      });
    }
  }

  /** The running experiment as the scrape-time gauges show it (weights as designed; a bandit's are set as computed). */
  async state(): Promise<RunningExperimentState | null> {
    const running = await this.current();
    if (!running) return null;
    const { experiment, arms } = running;
    const total = arms.reduce((s, a) => s + a.weight, 0) || 1;
    return {
      name: experiment.name,
      mode: experiment.mode,
      arms: arms.map((a, i) => ({
        name: a.name,
        modelVersion: a.modelVersion.name,
        weight: a.weight / total,
        control: i === 0, // orderArms puts the control first
      })),
    };
  }
}
