import { describe, expect, it } from 'vitest';
import { Metrics, type JobState, type StateProbe } from '../../../src/api/metrics.js';
import type {
  ExperimentNumbers,
  GalleryCount,
  GallerySize,
  HeldOutTop1,
  RunningExperimentState,
} from '../../../src/domain/metrics.js';

/** A probe whose answers the test sets; `calls` counts the statements a scrape would run. */
class FakeProbe implements StateProbe {
  calls = { jobs: 0, embeddingBacklog: 0, activeVersion: 0 };
  jobRows: JobState[] | Error = [];
  backlog: number | Error | 'hang' = 0;
  active: string | null = 'v1';
  gallery: GalleryCount[] = [];
  gallerySizesRows: GallerySize[] = [];
  experiment: RunningExperimentState | null = null;
  heldOut: HeldOutTop1[] = [];

  async jobs(): Promise<JobState[]> {
    this.calls.jobs++;
    if (this.jobRows instanceof Error) throw this.jobRows;
    return this.jobRows;
  }

  async embeddingBacklog(): Promise<number> {
    this.calls.embeddingBacklog++;
    if (this.backlog === 'hang') return new Promise<number>(() => {});
    if (this.backlog instanceof Error) throw this.backlog;
    return this.backlog;
  }

  async unreadableImages(): Promise<number> {
    return 0;
  }

  async activeVersion(): Promise<string | null> {
    this.calls.activeVersion++;
    return this.active;
  }

  async galleryViews(): Promise<GalleryCount[]> {
    return this.gallery;
  }

  async gallerySizes(): Promise<GallerySize[]> {
    return this.gallerySizesRows;
  }

  async runningExperiment(): Promise<RunningExperimentState | null> {
    return this.experiment;
  }

  async heldOutTop1(): Promise<HeldOutTop1[]> {
    return this.heldOut;
  }
}

async function values(metrics: Metrics, name: string) {
  const metric = await metrics.registry.getSingleMetric(name)!.get();
  return metric.values.map((v) => ({ labels: v.labels, value: v.value }));
}

describe('Metrics: gauges read at scrape time', () => {
  it('reports known job kinds as 0 and the live ones from one shared query per scrape', async () => {
    const metrics = new Metrics();
    const probe = new FakeProbe();
    metrics.watchState(probe, { jobKinds: ['embed', 'train'] });
    probe.jobRows = [
      { kind: 'train', status: 'running', count: 1, oldestAgeSeconds: 42 },
      { kind: 'train', status: 'queued', count: 2, oldestAgeSeconds: 7 },
      { kind: 'import', status: 'queued', count: 3, oldestAgeSeconds: 5 },
    ];
    const text = await metrics.registry.metrics();
    expect(probe.calls.jobs).toBe(1);
    // Queued and running jobs apart: the queue is what waits, not what runs.
    expect(text).toContain('vitrina_jobs_queued{kind="embed"} 0');
    expect(text).toContain('vitrina_jobs_queued{kind="train"} 2');
    expect(text).toContain('vitrina_jobs_queued{kind="import"} 3');
    expect(text).toContain('vitrina_jobs_running{kind="embed"} 0');
    expect(text).toContain('vitrina_jobs_running{kind="train"} 1');
    expect(text).not.toContain('vitrina_jobs_running{kind="import"}');
    expect(text).toContain('vitrina_job_oldest_age_seconds{kind="train"} 42');
    expect(text).toContain('vitrina_job_oldest_age_seconds{kind="embed"} 0');
    expect(text).toContain('vitrina_active_model_version_info{model_version="v1"} 1');
    expect(text).toContain('vitrina_embedding_backlog 0');

    // Finished jobs disappear; a new active version replaces the old one.
    probe.jobRows = [];
    probe.active = 'v2';
    const next = await metrics.registry.metrics();
    expect(next).not.toContain('kind="import"');
    expect(next).toContain('vitrina_jobs_queued{kind="train"} 0');
    expect(next).toContain('vitrina_jobs_running{kind="train"} 0');
    expect(next).not.toContain('vitrina_active_model_version_info{model_version="v1"}');
    expect(next).toContain('vitrina_active_model_version_info{model_version="v2"} 1');
  });

  it('reports gallery views by status and source, and products by how many accepted views they have', async () => {
    const metrics = new Metrics();
    const probe = new FakeProbe();
    metrics.watchState(probe);
    probe.gallery = [
      { status: 'pending', decidedBy: null, n: 4 },
      { status: 'accepted', decidedBy: 'admin', n: 30 },
      { status: 'rejected', decidedBy: 'policy', n: 2 },
    ];
    // 3 products with one view, 2 with 3, 1 with 4, 1 with 12, 1 full (20).
    probe.gallerySizesRows = [
      { views: 1, products: 3 },
      { views: 3, products: 2 },
      { views: 4, products: 1 },
      { views: 12, products: 1 },
      { views: 20, products: 1 },
    ];
    const text = await metrics.registry.metrics();
    expect(text).toContain('vitrina_gallery_views{status="pending",source="none"} 4');
    expect(text).toContain('vitrina_gallery_views{status="accepted",source="admin"} 30');
    expect(text).toContain('vitrina_gallery_views{status="rejected",source="policy"} 2');
    expect(text).toContain('vitrina_gallery_views{status="accepted",source="none"} 0');
    expect(text).toContain('vitrina_gallery_products{views="1"} 3');
    expect(text).toContain('vitrina_gallery_products{views="2-4"} 3');
    expect(text).toContain('vitrina_gallery_products{views="5-9"} 0');
    expect(text).toContain('vitrina_gallery_products{views="10-19"} 1');
    expect(text).toContain('vitrina_gallery_products{views="20+"} 1');

    // Views removed: the buckets follow the database, none is left behind.
    probe.gallerySizesRows = [{ views: 2, products: 1 }];
    const next = await metrics.registry.metrics();
    expect(next).toContain('vitrina_gallery_products{views="1"} 0');
    expect(next).toContain('vitrina_gallery_products{views="2-4"} 1');
    expect(next).toContain('vitrina_gallery_products{views="20+"} 0');
  });

  it('never fails a scrape: a failing or hanging probe leaves its gauge at its last value', async () => {
    const metrics = new Metrics();
    const probe = new FakeProbe();
    const errors: string[] = [];
    metrics.watchState(probe, { timeoutMs: 50, onError: (_error, name) => errors.push(name) });
    probe.backlog = 4;
    await metrics.registry.metrics();
    expect(await values(metrics, 'vitrina_embedding_backlog')).toEqual([{ labels: {}, value: 4 }]);

    probe.backlog = new Error('database is down');
    probe.jobRows = new Error('database is down');
    const text = await metrics.registry.metrics();
    expect(text).toContain('vitrina_embedding_backlog 4');
    expect(errors).toContain('embeddingBacklog');
    expect(errors).toContain('jobs');

    probe.backlog = 'hang';
    const started = Date.now();
    await expect(metrics.registry.metrics()).resolves.toContain('vitrina_embedding_backlog 4');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('reports nothing from the database before a probe is given', async () => {
    const text = await new Metrics().registry.metrics();
    expect(text).not.toMatch(/^vitrina_jobs_(queued|running)\{/m);
    expect(text).not.toMatch(/^vitrina_active_model_version_info\{/m);
  });
});

describe('Metrics: counters of rare events', () => {
  it('start at 0, so that the first error or failed run is an increase', async () => {
    const text = await new Metrics().registry.metrics();
    expect(text).toContain('vitrina_errors_total{code="INTERNAL_SERVER_ERROR"} 0');
    expect(text).toContain('vitrina_training_runs_total{status="failed"} 0');
    expect(text).toContain('vitrina_training_duration_seconds_count{status="failed"} 0');
  });
});

describe('Metrics: a version that can serve', () => {
  it('has its search, feedback and judgement series at 0 from the scrape that first sees it active', async () => {
    const metrics = new Metrics();
    const probe = new FakeProbe();
    expect(await metrics.registry.metrics()).not.toContain('vitrina_searches_total{');
    metrics.watchState(probe);
    await metrics.registry.metrics();
    const text = await metrics.registry.metrics();
    for (const outcome of ['correct', 'incorrect']) {
      expect(text).toContain(
        `vitrina_top1_judgements_total{model_version="v1",arm="none",outcome="${outcome}",shadow="false",truth_known="true",experiment="none",mode="none",control="false"} 0`,
      );
    }
    expect(text).toContain(
      'vitrina_searches_total{kind="image",model_version="v1",arm="none",experiment="none",fallback="false"} 0',
    );
    expect(text).toContain('vitrina_feedback_total{verdict="correct",model_version="v1",arm="none"} 0');
  });

  it('keeps counting from where it is when prepared again, and prepares a shadow arm for judgements only', async () => {
    const metrics = new Metrics();
    const ab = { name: 'ab', mode: 'split', control: false };
    metrics.prepareServing({ modelVersion: 'v2', arm: 'candidate', experiment: ab });
    metrics.observeJudgement({
      modelVersion: 'v2',
      arm: 'candidate',
      experiment: ab,
      shadow: false,
      truthKnown: true,
      correct: true,
    });
    metrics.prepareServing({ modelVersion: 'v2', arm: 'candidate', experiment: ab });
    const shadowed = { name: 'sh', mode: 'shadow', control: false };
    metrics.prepareServing({ modelVersion: 'v3', arm: 'shadowed', experiment: shadowed, shadow: true });
    const judgements = await values(metrics, 'vitrina_top1_judgements_total');
    const tags = { experiment: 'ab', mode: 'split', control: 'false' };
    expect(judgements).toContainEqual({
      labels: {
        model_version: 'v2',
        arm: 'candidate',
        outcome: 'correct',
        shadow: 'false',
        truth_known: 'true',
        ...tags,
      },
      value: 1,
    });
    expect(judgements).toContainEqual({
      labels: {
        model_version: 'v2',
        arm: 'candidate',
        outcome: 'incorrect',
        shadow: 'false',
        truth_known: 'false',
        ...tags,
      },
      value: 0,
    });
    const shadowTags = { experiment: 'sh', mode: 'shadow', control: 'false' };
    expect(judgements).toContainEqual({
      labels: {
        model_version: 'v3',
        arm: 'shadowed',
        outcome: 'incorrect',
        shadow: 'true',
        truth_known: 'true',
        ...shadowTags,
      },
      value: 0,
    });
    // A shadow ranking is judged only where the right product is known.
    expect(judgements.some((j) => j.labels.shadow === 'true' && j.labels.truth_known === 'false')).toBe(false);
    const searches = await values(metrics, 'vitrina_searches_total');
    expect(searches.some((s) => s.labels.model_version === 'v3')).toBe(false);
  });
});

describe('Metrics: the running experiment, as every replica reads it', () => {
  const running: RunningExperimentState = {
    name: 'blue vs green',
    mode: 'split',
    arms: [
      { name: 'blue', modelVersion: 'v1', weight: 0.75, control: true },
      { name: 'green', modelVersion: 'v2', weight: 0.25, control: false },
    ],
  };
  const report: ExperimentNumbers = {
    experiment: 'blue vs green',
    arms: [
      {
        ...{ arm: 'blue', modelVersion: 'v1', users: 30, searches: 90, judged: 120, probabilityToBeat: null },
        ...{ top1: { estimate: 0.5, lower: 0.41, upper: 0.59 }, lift: null, failureRate: 0 },
      },
      {
        ...{ arm: 'green', modelVersion: 'v2', users: 10, searches: 30, judged: 40, probabilityToBeat: 0.8 },
        ...{ top1: { estimate: 0.6, lower: 0.45, upper: 0.74 }, lift: { estimate: 0.1, lower: -0.2, upper: 0.4 } },
        failureRate: 0.1,
      },
    ],
    sampleRatioPValue: 0.5,
    minSamples: 100,
    maxFailureRate: 0.05,
    recommendation: 'keep_running',
  };

  it('shows its arms, which one is the control, and their weights, from the probe', async () => {
    const metrics = new Metrics();
    const probe = new FakeProbe();
    probe.experiment = running;
    metrics.watchState(probe);
    const text = await metrics.registry.metrics();
    expect(text).toContain(
      'vitrina_experiment_arm_info{experiment="blue vs green",arm="blue",model_version="v1",mode="split",control="true"} 1',
    );
    expect(text).toContain(
      'vitrina_experiment_arm_info{experiment="blue vs green",arm="green",model_version="v2",mode="split",control="false"} 1',
    );
    expect(text).toContain(
      'vitrina_experiment_arm_weight{experiment="blue vs green",arm="green",model_version="v2",mode="split"} 0.25',
    );
  });

  it('forgets weights, P(beat), users, judged searches and the SRM p-value once another replica stopped the experiment', async () => {
    const metrics = new Metrics();
    const probe = new FakeProbe();
    probe.experiment = running;
    metrics.watchState(probe);
    metrics.observeExperimentReport(report);
    const before = await metrics.registry.metrics();
    expect(before).toContain(
      'vitrina_experiment_probability_to_beat_control{experiment="blue vs green",arm="green",model_version="v2"} 0.8',
    );
    expect(before).toContain(
      'vitrina_experiment_arm_users{experiment="blue vs green",arm="blue",model_version="v1"} 30',
    );
    expect(before).toContain(
      'vitrina_experiment_arm_judged_searches{experiment="blue vs green",arm="green",model_version="v2"} 40',
    );
    expect(before).toContain('vitrina_experiment_sample_ratio_p_value{experiment="blue vs green"} 0.5');
    probe.experiment = null; // stopped elsewhere: this replica never heard of it
    const after = await metrics.registry.metrics();
    expect(after).not.toMatch(/^vitrina_experiment_\w+\{/m);
  });

  it('shows each arm’s top-1 and lift with their intervals, samples, guardrail and the recommendation, until the experiment stops', async () => {
    const metrics = new Metrics();
    const probe = new FakeProbe();
    probe.experiment = running;
    metrics.watchState(probe);
    metrics.observeExperimentReport(report);
    const arm = (labels: string) => `{experiment="blue vs green",${labels}}`;
    const before = await metrics.registry.metrics();
    for (const line of [
      `vitrina_experiment_arm_top1${arm('arm="green",model_version="v2",bound="estimate"')} 0.6`,
      `vitrina_experiment_arm_top1${arm('arm="green",model_version="v2",bound="lower"')} 0.45`,
      `vitrina_experiment_arm_top1${arm('arm="blue",model_version="v1",bound="upper"')} 0.59`,
      `vitrina_experiment_lift${arm('arm="green",model_version="v2",bound="estimate"')} 0.1`,
      `vitrina_experiment_lift${arm('arm="green",model_version="v2",bound="lower"')} -0.2`,
      `vitrina_experiment_lift${arm('arm="green",model_version="v2",bound="upper"')} 0.4`,
      `vitrina_experiment_arm_searches${arm('arm="blue",model_version="v1"')} 90`,
      `vitrina_experiment_arm_failure_rate${arm('arm="green",model_version="v2"')} 0.1`,
      'vitrina_experiment_min_samples{experiment="blue vs green"} 100',
      'vitrina_experiment_max_failure_rate{experiment="blue vs green"} 0.05',
      'vitrina_experiment_recommendation{experiment="blue vs green",recommendation="keep_running"} 1',
    ]) {
      expect(before).toContain(line);
    }
    // The control has no lift; a new recommendation replaces the old one.
    expect(before).not.toMatch(/^vitrina_experiment_lift\{[^}]*arm="blue"/m);
    metrics.observeExperimentReport({ ...report, recommendation: 'promote' });
    const promoted = await values(metrics, 'vitrina_experiment_recommendation');
    expect(promoted).toEqual([{ labels: { experiment: 'blue vs green', recommendation: 'promote' }, value: 1 }]);
    probe.experiment = null;
    const after = await metrics.registry.metrics();
    expect(after).not.toMatch(/^vitrina_experiment_\w+\{/m);
  });

  it('counts decisions by experiment, decision and who took them', async () => {
    const metrics = new Metrics();
    metrics.observeExperimentDecision('blue vs green', 'start', 'admin');
    metrics.observeExperimentDecision('blue vs green', 'promote', 'auto');
    expect(await values(metrics, 'vitrina_experiment_decisions_total')).toEqual([
      { labels: { experiment: 'blue vs green', decision: 'start', by: 'admin' }, value: 1 },
      { labels: { experiment: 'blue vs green', decision: 'promote', by: 'auto' }, value: 1 },
    ]);
  });
});

describe('Metrics: training runs', () => {
  it('counts every ended run, and examples and accuracy only for a succeeded one', async () => {
    const metrics = new Metrics();
    metrics.observeTrainingRun({ status: 'failed', durationMs: 1500 });
    metrics.observeTrainingRun({ status: 'cancelled' });
    metrics.observeTrainingRun({
      status: 'succeeded',
      durationMs: 12_000,
      examples: 24,
      version: 'builtin-v2-v2',
      top1Before: 0.5,
      top1After: 0.75,
    });
    const text = await metrics.registry.metrics();
    for (const status of ['failed', 'cancelled', 'succeeded']) {
      expect(text).toContain(`vitrina_training_runs_total{status="${status}"} 1`);
    }
    expect(text).toContain('vitrina_training_duration_seconds_count{status="failed"} 1');
    expect(text).toContain('vitrina_training_duration_seconds_count{status="cancelled"} 0');
    expect(text).toContain('vitrina_training_duration_seconds_sum{status="succeeded"} 12');
    expect(text).toContain('vitrina_training_examples_total 24');
    expect(text).toContain('vitrina_training_top1_accuracy{model_version="builtin-v2-v2",when="before"} 0.5');
    expect(text).toContain('vitrina_training_top1_accuracy{model_version="builtin-v2-v2",when="after"} 0.75');
  });

  it('shows the held-out top-1 of stored trained versions after a restart, and drops an archived one', async () => {
    // A new process: no run has ended here, the stored runs are all there is.
    const metrics = new Metrics();
    const probe = new FakeProbe();
    probe.heldOut = [
      { version: 'builtin-v2-v2', top1Before: 0.5, top1After: 0.75 },
      { version: 'builtin-v2-v3', top1Before: 0.75, top1After: 0.8 },
    ];
    metrics.watchState(probe);
    const text = await metrics.registry.metrics();
    expect(text).toContain('vitrina_training_top1_accuracy{model_version="builtin-v2-v2",when="before"} 0.5');
    expect(text).toContain('vitrina_training_top1_accuracy{model_version="builtin-v2-v3",when="after"} 0.8');
    probe.heldOut = probe.heldOut.slice(1);
    expect(await metrics.registry.metrics()).not.toContain('model_version="builtin-v2-v2"');
  });
});

describe('Metrics: drift', () => {
  it('shows the p-value beside the level it is judged at, and drops the p-value when data runs short', async () => {
    const metrics = new Metrics();
    metrics.observeDrift('v1', 'embedding', { statistic: 0.3, pValue: 0.02, alarm: false, alpha: 0.01 });
    expect(await values(metrics, 'vitrina_drift_alpha')).toEqual([{ labels: {}, value: 0.01 }]);
    expect(await values(metrics, 'vitrina_drift_p_value')).toEqual([
      { labels: { model_version: 'v1', test: 'embedding' }, value: 0.02 },
    ]);
    metrics.observeDrift('v1', 'embedding', { statistic: null, pValue: null, alarm: false, alpha: 0.01 });
    expect(await values(metrics, 'vitrina_drift_p_value')).toEqual([]);
  });
});
