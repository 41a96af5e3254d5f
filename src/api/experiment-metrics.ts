import { Counter, Gauge, type Registry } from 'prom-client';
import type { ArmLabels, ExperimentNumbers, RunningExperimentState } from '../domain/metrics.js';

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
  readonly probabilityToBeat: Gauge<'experiment' | 'arm' | 'model_version'>;
  readonly armUsers: Gauge<'experiment' | 'arm' | 'model_version'>;
  readonly armJudged: Gauge<'experiment' | 'arm' | 'model_version'>;
  readonly sampleRatioPValue: Gauge<'experiment'>;
  /** The experiment whose numbers a gauge holds (one runs at a time). */
  private readonly holding = new Map<Gauge<string>, string>();

  constructor(registry: Registry, collect: ExperimentCollector) {
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
    this.probabilityToBeat = this.reportGauge(
      registry,
      collect,
      'vitrina_experiment_probability_to_beat_control',
      'Posterior probability that an arm beats the control on top-1 accuracy (Beta-Binomial), from the latest experimentReport.',
    );
    this.armUsers = this.reportGauge(
      registry,
      collect,
      'vitrina_experiment_arm_users',
      'Distinct users assigned to each arm of the running experiment (a shadow experiment’s arms share them), from the latest experimentReport.',
    );
    this.armJudged = this.reportGauge(
      registry,
      collect,
      'vitrina_experiment_arm_judged_searches',
      'Searches of each arm of the running experiment judged top-1 correct or not, each counted once (in shadow mode only those whose right product is known), from the latest experimentReport: the sample P(beat) rests on.',
    );
    const sampleRatioPValue: Gauge<'experiment'> = new Gauge({
      name: 'vitrina_experiment_sample_ratio_p_value',
      help: 'p-value of the sample-ratio check (users per arm against the designed weights, chi-square) of a running split experiment, from the latest experimentReport.',
      labelNames: ['experiment'] as const,
      registers: [registry],
      collect: () => collect((running) => this.dropOthers(sampleRatioPValue, running)),
    });
    this.sampleRatioPValue = sampleRatioPValue;
    // Failures are rare: their series start at 0 as arms are prepared (Metrics.prepareServing).
  }

  observeReport(numbers: ExperimentNumbers): void {
    for (const gauge of [this.armUsers, this.armJudged, this.probabilityToBeat, this.sampleRatioPValue]) {
      this.hold(gauge, numbers.experiment);
    }
    for (const arm of numbers.arms) {
      const labels = { experiment: numbers.experiment, arm: arm.arm, model_version: arm.modelVersion };
      this.armUsers.set(labels, arm.users);
      this.armJudged.set(labels, arm.judged);
      if (arm.probabilityToBeat !== null) this.probabilityToBeat.set(labels, arm.probabilityToBeat);
    }
    const srm = { experiment: numbers.experiment };
    if (numbers.sampleRatioPValue === null) this.sampleRatioPValue.remove(srm);
    else this.sampleRatioPValue.set(srm, numbers.sampleRatioPValue);
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

  private reportGauge(
    registry: Registry,
    collect: ExperimentCollector,
    name: string,
    help: string,
  ): Gauge<'experiment' | 'arm' | 'model_version'> {
    const gauge: Gauge<'experiment' | 'arm' | 'model_version'> = new Gauge({
      name,
      help,
      labelNames: ['experiment', 'arm', 'model_version'] as const,
      registers: [registry],
      collect: () => collect((running) => this.dropOthers(gauge, running)),
    });
    return gauge;
  }
}
