import { Gauge, type Registry } from 'prom-client';

/** The drift tests' latest outcomes, per model version and test, and the level they are judged at. */
export class DriftMetrics {
  readonly statistic: Gauge<'model_version' | 'test'>;
  readonly pValue: Gauge<'model_version' | 'test'>;
  readonly detected: Gauge<'model_version' | 'test'>;
  readonly alpha: Gauge;

  constructor(registry: Registry) {
    this.statistic = new Gauge({
      name: 'vitrina_drift_statistic',
      help: 'Drift test statistic between the reference and current windows, by model version and test (top1_score_ks, embedding).',
      labelNames: ['model_version', 'test'] as const,
      registers: [registry],
    });
    this.pValue = new Gauge({
      name: 'vitrina_drift_p_value',
      help: 'p-value of the drift test, by model version and test.',
      labelNames: ['model_version', 'test'] as const,
      registers: [registry],
    });
    this.detected = new Gauge({
      name: 'vitrina_drift_detected',
      help: '1 when the drift test rejects "same distribution" at its significance level, else 0.',
      labelNames: ['model_version', 'test'] as const,
      registers: [registry],
    });
    // A gauge rather than a fixed line on the dashboard: DRIFT_ALPHA is configurable.
    this.alpha = new Gauge({
      name: 'vitrina_drift_alpha',
      help: 'Significance level of the drift tests (DRIFT_ALPHA): a p-value below it is an alarm. Set once drift has been evaluated.',
      registers: [registry],
    });
  }

  observe(
    modelVersion: string,
    test: string,
    outcome: { statistic: number | null; pValue: number | null; alarm: boolean; alpha: number },
  ): void {
    const labels = { model_version: modelVersion, test };
    this.alpha.set(outcome.alpha);
    if (outcome.statistic !== null && outcome.pValue !== null) {
      this.statistic.set(labels, outcome.statistic);
      this.pValue.set(labels, outcome.pValue);
    } else {
      // No number is better than a stale one: the series disappear until there is enough data.
      this.statistic.remove(labels);
      this.pValue.remove(labels);
    }
    this.detected.set(labels, outcome.alarm ? 1 : 0);
  }

  forget(modelVersion: string, test: string): void {
    const labels = { model_version: modelVersion, test };
    this.statistic.remove(labels);
    this.pValue.remove(labels);
    this.detected.remove(labels);
  }
}
