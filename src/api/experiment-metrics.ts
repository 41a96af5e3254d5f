import { Counter, Gauge, type Registry } from 'prom-client';
import type { ArmLabels, Bounded, DecisionBy, ExperimentNumbers, RunningExperimentState } from '../domain/metrics.js';

type ArmLabel = 'experiment' | 'arm' | 'model_version';

/** Reads the running experiment at scrape time (Metrics' shared, time-limited probe). */
export type ExperimentCollector = (apply: (running: RunningExperimentState | null) => void) => Promise<void>;

/**
 * The A/B experiments' series. What describes the running experiment (its arms, which is the
 * control, their weights) is read from the database when Prometheus scrapes, so every replica
 * shows the same experiment and none shows one that another replica stopped. The numbers of its
 * report (users, judged searches, P(beat), the sample-ratio p-value) are set by whichever replica
 * last built the report (every replica does every half minute) and dropped at the scrape that
 * finds the experiment no longer running.
 */
export class ExperimentMetrics {
  readonly armFailures: Counter<'arm' | 'model_version' | 'reason'>;
  readonly fallbackServing: Gauge<'model_version'>;
  readonly armInfo: Gauge<'experiment' | 'arm' | 'model_version' | 'mode' | 'control'>;
  readonly armWeight: Gauge<'experiment' | 'arm' | 'model_version' | 'mode'>;
  readonly probabilityToBeat = this.reportGauge(
    'vitrina_experiment_probability_to_beat_control',
    'Posterior probability that an arm beats the control on top-1 accuracy (Beta-Binomial), from the latest experimentReport.',
  );
  readonly armUsers = this.reportGauge(
    'vitrina_experiment_arm_users',
    'Distinct users assigned to each arm of the running experiment (a shadow experiment’s arms share them), from the latest experimentReport.',
  );
  readonly armJudged = this.reportGauge(
    'vitrina_experiment_arm_judged_searches',
    'Searches of each arm of the running experiment judged top-1 correct or not, each counted once (in shadow mode only those whose right product is known), from the latest experimentReport: the sample P(beat) rests on.',
  );
  readonly sampleRatioPValue = this.experimentGauge(
    'vitrina_experiment_sample_ratio_p_value',
    'p-value of the sample-ratio check (users per arm against the designed weights, chi-square) of a running split experiment, from the latest experimentReport.',
  );
  readonly armSearches = this.reportGauge(
    'vitrina_experiment_arm_searches',
    'Searches assigned to each arm of the running experiment (in a shadow experiment every search, for both arms), from the latest experimentReport.',
  );
  readonly armTop1 = this.reportGauge(
    'vitrina_experiment_arm_top1',
    'Top-1 accuracy of each arm of the running experiment over its judged searches (bound="estimate"), with its 95 % Wilson interval (bound="lower", "upper"), from the latest experimentReport.',
    ['bound'],
  );
  readonly lift = this.reportGauge(
    'vitrina_experiment_lift',
    'Top-1 lift of each candidate arm over the control (bound="estimate"), with the always-valid interval the recommendation is made on (bound="lower", "upper"), from the latest experimentReport.',
    ['bound'],
  );
  readonly armFailureRate = this.reportGauge(
    'vitrina_experiment_arm_failure_rate',
    'Share of each arm’s searches that its fallback served (the failure-rate guardrail), from the latest experimentReport.',
  );
  readonly minSamples = this.experimentGauge(
    'vitrina_experiment_min_samples',
    'Judged searches every arm of the running experiment needs before the report recommends anything but keep_running (its minSamples).',
  );
  readonly maxFailureRate = this.experimentGauge(
    'vitrina_experiment_max_failure_rate',
    'The running experiment’s failure-rate guardrail (maxFailureRate): a candidate over it with 20 searches or more is stopped.',
  );
  readonly recommendation = this.experimentGauge(
    'vitrina_experiment_recommendation',
    'The latest experimentReport’s recommendation for the running experiment (value 1): keep_running, promote or stop.',
    ['recommendation'],
  );
  readonly decisions: Counter<'experiment' | 'decision' | 'by'>;
  /** The experiment whose numbers a gauge holds (one runs at a time). */
  private readonly holding = new Map<Gauge<string>, string>();

  constructor(
    private readonly registry: Registry,
    private readonly collect: ExperimentCollector,
  ) {
    this.armFailures = new Counter({
      name: 'vitrina_arm_failures_total',
      help: 'Searches a route could not serve (its fallback served them), by arm (none outside experiments), model version and reason.',
      labelNames: ['arm', 'model_version', 'reason'] as const,
      registers: [registry],
    });
    this.fallbackServing = new Gauge({
      name: 'vitrina_fallback_serving',
      help: '1 while a version meant to serve everyone (the active one, or a running experiment’s control) cannot, and another serves instead; labelled by the version that cannot.',
      labelNames: ['model_version'] as const,
      registers: [registry],
    });
    const armInfo: ExperimentMetrics['armInfo'] = new Gauge({
      name: 'vitrina_experiment_arm_info',
      help: 'The running experiment’s arms (value 1), by experiment, arm, model version, mode and control ("true" for the control arm, whatever its name).',
      labelNames: ['experiment', 'arm', 'model_version', 'mode', 'control'] as const,
      registers: [registry],
      collect: () =>
        collect((running) => {
          armInfo.reset();
          for (const arm of running?.arms ?? []) {
            const labels = { experiment: running!.name, arm: arm.name, model_version: arm.modelVersion };
            armInfo.set({ ...labels, mode: running!.mode, control: String(arm.control) }, 1);
          }
        }),
    });
    this.armInfo = armInfo;
    const armWeight: ExperimentMetrics['armWeight'] = new Gauge({
      name: 'vitrina_experiment_arm_weight',
      help: 'Traffic share of each running experiment arm (0..1), by experiment, arm, model version and mode.',
      labelNames: ['experiment', 'arm', 'model_version', 'mode'] as const,
      registers: [registry],
      collect: () =>
        collect((running) => {
          // A bandit's shares change every window and are set as the router computes them.
          if (running?.mode === 'bandit') return this.dropOthers(armWeight, running);
          armWeight.reset();
          this.holding.delete(armWeight);
          for (const arm of running?.arms ?? []) {
            const labels = { experiment: running!.name, arm: arm.name, model_version: arm.modelVersion };
            armWeight.set({ ...labels, mode: running!.mode }, arm.weight);
          }
        }),
    });
    this.armWeight = armWeight;
    this.decisions = new Counter({
      name: 'vitrina_experiment_decisions_total',
      help: 'Decisions logged on experiments by this process, by experiment, decision (start, weights, promote, stop) and by (admin, auto: autoPromote or autoRollback).',
      labelNames: ['experiment', 'decision', 'by'] as const,
      registers: [registry],
    });
    // Failures are rare: their series start at 0 as arms are prepared (Metrics.prepareServing).
  }

  observeReport(numbers: ExperimentNumbers): void {
    const { experiment } = numbers;
    for (const gauge of this.reportGauges()) this.hold(gauge, experiment);
    for (const arm of numbers.arms) {
      const labels = { experiment, arm: arm.arm, model_version: arm.modelVersion };
      this.armUsers.set(labels, arm.users);
      this.armSearches.set(labels, arm.searches);
      this.armJudged.set(labels, arm.judged);
      this.armFailureRate.set(labels, arm.failureRate);
      if (arm.probabilityToBeat !== null) this.probabilityToBeat.set(labels, arm.probabilityToBeat);
      setBounded(this.armTop1, labels, arm.top1);
      setBounded(this.lift, labels, arm.lift);
    }
    const srm = { experiment };
    if (numbers.sampleRatioPValue === null) this.sampleRatioPValue.remove(srm);
    else this.sampleRatioPValue.set(srm, numbers.sampleRatioPValue);
    this.minSamples.set({ experiment }, numbers.minSamples);
    this.maxFailureRate.set({ experiment }, numbers.maxFailureRate);
    // One series, the current recommendation: an earlier one must not linger at 1 beside it.
    this.recommendation.reset();
    this.recommendation.set({ experiment, recommendation: numbers.recommendation }, 1);
  }

  observeDecision(experiment: string, decision: string, by: DecisionBy): void {
    this.decisions.inc({ experiment, decision, by });
  }

  private reportGauges(): Gauge<string>[] {
    return [
      this.armUsers,
      this.armSearches,
      this.armJudged,
      this.armFailureRate,
      this.probabilityToBeat,
      this.armTop1,
      this.lift,
      this.sampleRatioPValue,
      this.minSamples,
      this.maxFailureRate,
      this.recommendation,
    ];
  }

  /** Forget a gauge's series once its experiment no longer runs (stopped here or on another replica). */
  private dropOthers(gauge: Gauge<string>, running: RunningExperimentState | null): void {
    if (this.holding.get(gauge) === running?.name) return;
    gauge.reset();
    this.holding.delete(gauge);
  }

  private hold(gauge: Gauge<string>, experiment: string): void {
    if (this.holding.has(gauge) && this.holding.get(gauge) !== experiment) gauge.reset();
    this.holding.set(gauge, experiment);
  }

  setArmWeight({ experiment, arm, modelVersion, mode }: ArmLabels, weight: number): void {
    this.hold(this.armWeight, experiment);
    this.armWeight.set({ experiment, arm, model_version: modelVersion, mode }, weight);
  }

  /** A gauge per arm of the latest report, dropped once its experiment no longer runs. */
  private reportGauge<L extends string = never>(name: string, help: string, extra: L[] = []): Gauge<ArmLabel | L> {
    return this.experimentGauge<'arm' | 'model_version' | L>(name, help, ['arm', 'model_version', ...extra]);
  }

  /** A gauge of the latest report's experiment, dropped once it no longer runs. */
  private experimentGauge<L extends string = never>(
    name: string,
    help: string,
    extra: L[] = [],
  ): Gauge<'experiment' | L> {
    const gauge: Gauge<'experiment' | L> = new Gauge({
      name,
      help,
      labelNames: ['experiment', ...extra],
      registers: [this.registry],
      collect: () => this.collect((running) => this.dropOthers(gauge, running)),
    });
    return gauge;
  }
}

function setBounded(gauge: Gauge<ArmLabel | 'bound'>, labels: Record<ArmLabel, string>, value: Bounded | null): void {
  for (const bound of ['estimate', 'lower', 'upper'] as const) {
    if (value) gauge.set({ ...labels, bound }, value[bound]);
    else gauge.remove({ ...labels, bound });
  }
}
