import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The stages a search's latency is split into (`stage` label). */
export type SearchStage = 'decode' | 'encode' | 'adapter' | 'vector_search' | 'total';

/** Latency buckets (seconds) around the search targets: p50 ≤ 30 ms, p99 ≤ 80 ms. */
const SEARCH_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.02, 0.03, 0.05, 0.08, 0.12, 0.2, 0.35, 0.6, 1, 2.5, 5];

/**
 * The Prometheus registry of one vitrina process.
 *
 * Labels follow one scheme everywhere: `model_version` is the version's name (e.g.
 * `builtin-v2-base`), `arm` the experiment arm's name or `none` outside experiments, `stage` a
 * search stage, `verdict` a feedback verdict. Accuracy is computed in PromQL from the judgement
 * counters (`correct / (correct + incorrect)`), so it stays right with any number of replicas.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly errors = new Counter({
    name: 'vitrina_errors_total',
    help: 'GraphQL errors returned to clients, by code.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  readonly searches = new Counter({
    name: 'vitrina_searches_total',
    help: 'Searches served, by kind (image, text), model version and experiment arm.',
    labelNames: ['kind', 'model_version', 'arm'] as const,
    registers: [this.registry],
  });

  readonly searchDuration = new Histogram({
    name: 'vitrina_search_duration_seconds',
    help: 'Search latency by stage (decode, encode, adapter, vector_search, total), model version and arm.',
    labelNames: ['stage', 'model_version', 'arm'] as const,
    buckets: SEARCH_BUCKETS,
    registers: [this.registry],
  });

  readonly feedback = new Counter({
    name: 'vitrina_feedback_total',
    help: 'Feedback received, by verdict (correct, incorrect, correct_product, new_item), model version and arm.',
    labelNames: ['verdict', 'model_version', 'arm'] as const,
    registers: [this.registry],
  });

  /**
   * Top-1 judgements: a search whose feedback names its correct product scores its version
   * `correct` when that product ranked first, else `incorrect`. In shadow experiments the silent
   * candidate is judged on the same feedback (`shadow="true"`).
   */
  readonly judgements = new Counter({
    name: 'vitrina_top1_judgements_total',
    help: 'Top-1 correctness judged from feedback, by model version, arm, outcome (correct, incorrect) and shadow.',
    labelNames: ['model_version', 'arm', 'outcome', 'shadow'] as const,
    registers: [this.registry],
  });

  readonly armFailures = new Counter({
    name: 'vitrina_arm_failures_total',
    help: 'Searches an experiment arm could not serve (the control served them), by arm, model version and reason.',
    labelNames: ['arm', 'model_version', 'reason'] as const,
    registers: [this.registry],
  });

  readonly fallbackServing = new Gauge({
    name: 'vitrina_fallback_serving',
    help: '1 while the active version cannot serve and the last good version serves instead.',
    labelNames: ['model_version'] as const,
    registers: [this.registry],
  });

  readonly activeVersion = new Gauge({
    name: 'vitrina_active_model_version_info',
    help: 'The active model version (value 1).',
    labelNames: ['model_version'] as const,
    registers: [this.registry],
  });

  readonly armWeight = new Gauge({
    name: 'vitrina_experiment_arm_weight',
    help: "Traffic share of each running experiment arm (0..1), by experiment, arm and model version.",
    labelNames: ['experiment', 'arm', 'model_version', 'mode'] as const,
    registers: [this.registry],
  });

  readonly probabilityToBeat = new Gauge({
    name: 'vitrina_experiment_probability_to_beat_control',
    help: 'Posterior probability that an arm beats the control on top-1 accuracy (Beta-Binomial).',
    labelNames: ['experiment', 'arm', 'model_version'] as const,
    registers: [this.registry],
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
    help: 'Held-out top-1 accuracy of the last succeeded run, before (parent) and after (new version).',
    labelNames: ['model_version', 'when'] as const,
    registers: [this.registry],
  });

  readonly jobsQueued = new Gauge({
    name: 'vitrina_jobs_queued',
    help: 'Jobs waiting or running, by kind and status.',
    labelNames: ['kind', 'status'] as const,
    registers: [this.registry],
  });

  readonly jobOldestAge = new Gauge({
    name: 'vitrina_job_oldest_age_seconds',
    help: 'Age of the oldest job not finished, by kind.',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  readonly embeddingBacklog = new Gauge({
    name: 'vitrina_embedding_backlog',
    help: 'Catalog images not yet searchable by the active model version.',
    registers: [this.registry],
  });

  readonly drift = new Gauge({
    name: 'vitrina_drift_statistic',
    help: 'Drift test statistic between the reference and current windows, by model version and test (top1_score_ks, embedding).',
    labelNames: ['model_version', 'test'] as const,
    registers: [this.registry],
  });

  readonly driftPValue = new Gauge({
    name: 'vitrina_drift_p_value',
    help: 'p-value of the drift test, by model version and test.',
    labelNames: ['model_version', 'test'] as const,
    registers: [this.registry],
  });

  readonly driftDetected = new Gauge({
    name: 'vitrina_drift_detected',
    help: '1 when the drift test rejects "same distribution" at its significance level, else 0.',
    labelNames: ['model_version', 'test'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** One search's counters and stage timings (milliseconds in, seconds out). */
  observeSearch(
    kind: string,
    modelVersion: string,
    arm: string | null,
    stages: Partial<Record<SearchStage, number>>,
  ): void {
    const labels = { model_version: modelVersion, arm: arm ?? 'none' };
    this.searches.inc({ kind, ...labels });
    for (const [stage, ms] of Object.entries(stages)) {
      if (ms !== undefined) this.searchDuration.observe({ stage, ...labels }, ms / 1000);
    }
  }
}
