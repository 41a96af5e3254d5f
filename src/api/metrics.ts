import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type {
  ArmLabels,
  DecisionBy,
  DomainMetrics,
  ExperimentNumbers,
  JudgementEvent,
  SearchEvent,
  SearchStage,
  Serving,
  StateProbe,
  TrainingRunStatus,
} from '../domain/metrics.js';
import type { GalleryDecider } from '../entities/gallery-view.entity.js';
import { withTimeout } from '../lib/timeout.js';
import { DriftMetrics } from './drift-metrics.js';
import { ExperimentMetrics } from './experiment-metrics.js';
import { GalleryMetrics } from './gallery-metrics.js';
import { judgementCounter, judgementLabels } from './judgement-metrics.js';

export type { JobState, SearchStage, StateProbe } from '../domain/metrics.js';

export type StateOptions = {
  /** Job kinds reported (as 0) even when none is waiting, so that dashboards and alerts always see them. */
  jobKinds?: readonly string[];
  /** A probe slower than this is left out of the scrape (default 2 s). */
  timeoutMs?: number;
  /** Told about a probe that failed or timed out; its gauge keeps its last values. */
  onError?: (error: unknown, probe: keyof StateProbe) => void;
};

/** The error codes clients are promised (SPEC.md), and the masked unexpected one. */
const ERROR_CODES = [
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'RATE_LIMITED',
  'INTERNAL_SERVER_ERROR',
];
const RUN_STATUSES = ['succeeded', 'failed', 'cancelled'] as const;
const SEARCH_KINDS = ['image', 'text'] as const;
const VERDICTS = ['correct', 'incorrect', 'correct_product', 'new_item'] as const;
const OUTCOMES = ['correct', 'incorrect'] as const;

/** Latency buckets (seconds) around the search targets: p50 ≤ 30 ms, p99 ≤ 80 ms. */
const SEARCH_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.02, 0.03, 0.05, 0.08, 0.12, 0.2, 0.35, 0.6, 1, 2.5, 5];

/**
 * The Prometheus registry of one vitrina process.
 *
 * Labels follow one scheme everywhere: `model_version` is the version's name (e.g.
 * `builtin-v4-base`), `arm` the experiment arm's name or `none` outside experiments, `stage` a
 * search stage, `verdict` a feedback verdict. Accuracy is computed in PromQL from the judgement
 * counters (`correct / (correct + incorrect)`), so it stays right with any number of replicas.
 */
export class Metrics implements DomainMetrics {
  readonly registry = new Registry();

  readonly errors = new Counter({
    name: 'vitrina_errors_total',
    help: 'GraphQL errors returned to clients, by code.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  readonly graphqlRequests = new Counter({
    name: 'vitrina_graphql_requests_total',
    help: 'GraphQL requests answered, over HTTP and WebSocket, by operation (the root field asked, multiple or unknown) and outcome (ok, error).',
    labelNames: ['operation', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly searches = new Counter({
    name: 'vitrina_searches_total',
    help: 'Searches, by kind (image, text), the model version that ranked them, the experiment and arm they were assigned (none outside experiments), and fallback ("true" when the assigned route failed and its fallback ranked).',
    labelNames: ['kind', 'model_version', 'arm', 'experiment', 'fallback'] as const,
    registers: [this.registry],
  });

  readonly searchDuration = new Histogram({
    name: 'vitrina_search_duration_seconds',
    help: "Search latency by stage (decode, encode, adapter, vector_search, total), kind, the model version that ranked, the arm assigned and fallback (a fallback search's total includes the failed attempt).",
    labelNames: ['stage', 'kind', 'model_version', 'arm', 'fallback'] as const,
    buckets: SEARCH_BUCKETS,
    registers: [this.registry],
  });

  readonly feedback = new Counter({
    name: 'vitrina_feedback_total',
    help: 'Feedback received, by verdict (correct, incorrect, correct_product, new_item), model version and arm.',
    labelNames: ['verdict', 'model_version', 'arm'] as const,
    registers: [this.registry],
  });

  readonly judgements = judgementCounter(this.registry);

  readonly activeVersion = new Gauge({
    name: 'vitrina_active_model_version_info',
    help: 'The active model version (value 1).',
    labelNames: ['model_version'] as const,
    registers: [this.registry],
    collect: () =>
      this.collectState('activeVersion', (name) => {
        this.activeVersion.reset();
        if (name) this.activeVersion.set({ model_version: name }, 1);
        // Another replica may have activated it: its series start at 0 here too.
        if (name) this.prepareServing({ modelVersion: name, arm: null });
      }),
  });

  readonly trainingRuns = new Counter({
    name: 'vitrina_training_runs_total',
    help: 'Training runs finished, by status (succeeded, failed, cancelled).',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });

  readonly trainingDuration = new Histogram({
    name: 'vitrina_training_duration_seconds',
    help: 'Wall time of finished training runs, from start to a ready version.',
    labelNames: ['status'] as const,
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800],
    registers: [this.registry],
  });

  readonly trainingExamples = new Counter({
    name: 'vitrina_training_examples_total',
    help: 'Feedback examples consumed by succeeded training runs.',
    registers: [this.registry],
  });

  readonly trainingAccuracy = new Gauge({
    name: 'vitrina_training_top1_accuracy',
    help: "Held-out top-1 accuracy of a version's training run, before (its parent) and after (the new version), labelled by the new version; for trained versions that are active or ready.",
    labelNames: ['model_version', 'when'] as const,
    registers: [this.registry],
    // From the stored runs: set only when a run ended, the gauge would be empty after a restart.
    collect: () =>
      this.collectState('heldOutTop1', (rows) => {
        this.trainingAccuracy.reset();
        for (const r of rows) this.setHeldOutTop1(r.version, r.top1Before, r.top1After);
      }),
  });

  readonly jobsQueued = this.jobGauge('queued', 'vitrina_jobs_queued', 'Jobs waiting to run, by kind.');

  readonly jobsRunning = this.jobGauge('running', 'vitrina_jobs_running', 'Jobs running now, by kind.');

  readonly jobOldestAge = new Gauge({
    name: 'vitrina_job_oldest_age_seconds',
    help: 'Age of the oldest job not finished (queued or running), by kind; 0 when none is waiting.',
    labelNames: ['kind'] as const,
    registers: [this.registry],
    collect: () =>
      this.collectState('jobs', (rows) => {
        const oldest = new Map((this.state?.jobKinds ?? []).map((kind) => [kind, 0]));
        for (const r of rows) oldest.set(r.kind, Math.max(oldest.get(r.kind) ?? 0, r.oldestAgeSeconds));
        this.jobOldestAge.reset();
        for (const [kind, age] of oldest) this.jobOldestAge.set({ kind }, age);
      }),
  });

  readonly embeddingBacklog = new Gauge({
    name: 'vitrina_embedding_backlog',
    help: 'Catalog images not yet searchable by the active model version (unreadable ones are counted apart).',
    registers: [this.registry],
    collect: () => this.collectState('embeddingBacklog', (n) => this.embeddingBacklog.set(n)),
  });

  readonly unreadableImages = new Gauge({
    name: 'vitrina_unreadable_images',
    help: 'Catalog images whose file the embedding job found missing: unsearchable until the image is uploaded again.',
    registers: [this.registry],
    collect: () => this.collectState('unreadableImages', (n) => this.unreadableImages.set(n)),
  });

  readonly drift = new DriftMetrics(this.registry);

  readonly gallery = new GalleryMetrics(
    this.registry,
    (apply) => this.collectState('galleryViews', apply),
    (apply) => this.collectState('gallerySizes', apply),
  );

  readonly experiments = new ExperimentMetrics(this.registry, (apply) => this.collectState('runningExperiment', apply));

  private state: (Required<StateOptions> & { probe: StateProbe }) | null = null;
  /** Versions and arms whose series exist already (see `prepareServing`). */
  private readonly prepared = new Set<string>();
  /** Probes in flight: the gauges of one scrape share them (jobs feeds two), later scrapes ask again. */
  private readonly probes = new Map<keyof StateProbe, Promise<unknown>>();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    // Rare events start at 0: `increase()` cannot see a series' first sample as an increase, so a
    // first failure would otherwise go unnoticed by the alerts.
    for (const code of ERROR_CODES) this.errors.inc({ code }, 0);
    for (const status of RUN_STATUSES) {
      this.trainingRuns.inc({ status }, 0);
      this.trainingDuration.zero({ status });
    }
  }

  /**
   * Compute the queue, backlog and active-version gauges from `probe` whenever `/metrics` is
   * scraped. A failing or slow probe never fails the scrape: its gauges keep their last values
   * and `onError` hears about it.
   */
  watchState(probe: StateProbe, options: StateOptions = {}): void {
    this.state = {
      probe,
      jobKinds: options.jobKinds ?? [],
      timeoutMs: options.timeoutMs ?? 2000,
      onError: options.onError ?? (() => {}),
    };
  }

  /** Live jobs in one status, by kind: every known kind is reported, at 0 when it has none. */
  private jobGauge(status: 'queued' | 'running', name: string, help: string): Gauge<'kind'> {
    const gauge: Gauge<'kind'> = new Gauge({
      name,
      help,
      labelNames: ['kind'] as const,
      registers: [this.registry],
      collect: () =>
        this.collectState('jobs', (rows) => {
          gauge.reset();
          for (const kind of this.state?.jobKinds ?? []) gauge.set({ kind }, 0);
          for (const r of rows) if (r.status === status) gauge.set({ kind: r.kind }, r.count);
        }),
    });
    return gauge;
  }

  private async collectState<K extends keyof StateProbe>(
    name: K,
    apply: (value: Awaited<ReturnType<StateProbe[K]>>) => void,
  ): Promise<void> {
    const state = this.state;
    if (!state) return;
    let answer = this.probes.get(name);
    if (!answer) {
      answer = withTimeout<unknown>(state.probe[name](), state.timeoutMs, `${name} probe`).finally(() =>
        this.probes.delete(name),
      );
      this.probes.set(name, answer);
    }
    try {
      apply((await answer) as Awaited<ReturnType<StateProbe[K]>>);
    } catch (error) {
      state.onError(error, name);
    }
  }

  /**
   * A version (in an arm, or shadowing one) that can serve on this replica: its search, feedback
   * and judgement series start at 0 now, before its first event. A series that first appears
   * above 0 hides that first step from `increase()`, and a version whose judgements all land
   * between two scrapes would show no accuracy at all (0/0).
   */
  prepareServing({ modelVersion, arm, experiment = null, shadow = false, fallbackVersion = null }: Serving): void {
    const key = JSON.stringify([modelVersion, arm, experiment, shadow, fallbackVersion]);
    if (this.prepared.has(key)) return;
    this.prepared.add(key);
    const labels = { model_version: modelVersion, arm: arm ?? 'none' };
    for (const outcome of OUTCOMES) {
      for (const truthKnown of [true, false]) {
        // A shadow ranking is judged only where the right product is known.
        if (shadow && !truthKnown) continue;
        this.judgements.inc(judgementLabels({ ...labels, outcome, shadow, truthKnown, experiment }), 0);
      }
    }
    if (shadow) return;
    const served = [[modelVersion, 'false'], ...(fallbackVersion ? [[fallbackVersion, 'true']] : [])];
    for (const kind of SEARCH_KINDS) {
      for (const [version, fallback] of served) {
        const labels = { kind, model_version: version!, arm: arm ?? 'none', experiment: experiment?.name ?? 'none' };
        this.searches.inc({ ...labels, fallback: fallback! }, 0);
      }
    }
    for (const verdict of VERDICTS) this.feedback.inc({ verdict, ...labels }, 0);
    for (const reason of ['error', 'latency']) {
      this.experiments.armFailures.inc({ arm: labels.arm, model_version: modelVersion, reason }, 0);
    }
  }

  /** Feedback just recorded (a new or changed verdict; a repeated one is not counted). */
  observeFeedback(verdict: string, modelVersion: string, arm: string | null): void {
    this.feedback.inc({ verdict, model_version: modelVersion, arm: arm ?? 'none' });
  }

  /**
   * A ranking judged for the first time (the feedback service counts each once, under its first
   * outcome: a changed mind is not a new sample).
   */
  observeJudgement(j: JudgementEvent): void {
    const outcome = j.correct ? 'correct' : 'incorrect';
    this.judgements.inc(judgementLabels({ ...j, model_version: j.modelVersion, arm: j.arm ?? 'none', outcome }));
  }

  /** A training run that ended; accuracy and examples only for a run that produced a version. */
  observeTrainingRun(run: {
    status: TrainingRunStatus;
    durationMs?: number | null;
    examples?: number;
    version?: string;
    top1Before?: number;
    top1After?: number;
  }): void {
    this.trainingRuns.inc({ status: run.status });
    if (run.durationMs != null) this.trainingDuration.observe({ status: run.status }, run.durationMs / 1000);
    if (run.status !== 'succeeded') return;
    if (run.examples) this.trainingExamples.inc(run.examples);
    if (run.version && run.top1Before !== undefined && run.top1After !== undefined) {
      this.setHeldOutTop1(run.version, run.top1Before, run.top1After);
    }
  }

  private setHeldOutTop1(version: string, before: number, after: number): void {
    this.trainingAccuracy.set({ model_version: version, when: 'before' }, before);
    this.trainingAccuracy.set({ model_version: version, when: 'after' }, after);
  }

  observeDrift(
    modelVersion: string,
    test: string,
    outcome: { statistic: number | null; pValue: number | null; alarm: boolean; alpha: number },
  ): void {
    this.drift.observe(modelVersion, test, outcome);
  }

  forgetDrift(modelVersion: string, test: string): void {
    this.drift.forget(modelVersion, test);
  }

  observeArmFailure(arm: string, modelVersion: string, reason: 'error' | 'latency'): void {
    this.experiments.armFailures.inc({ arm, model_version: modelVersion, reason });
  }

  setFallbackServing(modelVersion: string, serving: boolean): void {
    this.experiments.fallbackServing.set({ model_version: modelVersion }, serving ? 1 : 0);
  }

  setArmWeight(arm: ArmLabels, weight: number): void {
    this.experiments.setArmWeight(arm, weight);
  }

  observeExperimentReport(numbers: ExperimentNumbers): void {
    this.experiments.observeReport(numbers);
  }

  observeExperimentDecision(experiment: string, decision: string, by: DecisionBy): void {
    this.experiments.observeDecision(experiment, decision, by);
  }

  observeGalleryDecision(decision: 'accepted' | 'rejected', source: GalleryDecider, count = 1): void {
    this.gallery.observeDecision(decision, source, count);
  }

  /** One search's counters and stage timings (milliseconds in, seconds out). */
  observeSearch(search: SearchEvent, stages: Partial<Record<SearchStage, number>>): void {
    const { kind, modelVersion: model_version } = search;
    const [arm, fallback] = [search.arm ?? 'none', String(search.fallback)];
    this.searches.inc({ kind, model_version, arm, experiment: search.experiment ?? 'none', fallback });
    for (const [stage, ms] of Object.entries(stages)) {
      if (ms !== undefined) this.searchDuration.observe({ stage, kind, model_version, arm, fallback }, ms / 1000);
    }
  }
}
