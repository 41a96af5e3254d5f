import type { Logger } from 'pino';
import type { Experiment } from '../entities/experiment.entity.js';
import type { ExperimentService } from './experiment.service.js';
import type { ModelRegistry } from './model-registry.js';
import { leaseSeconds, type PeriodicTurn } from './periodic-lease.js';

/** How often a running experiment's automatic thresholds are checked. */
export const EXPERIMENT_EVALUATION_MS = 30_000;

/**
 * Experiments that run without an admin: every half minute the running experiment's automatic
 * thresholds are applied (`ExperimentService.evaluate`: promote a clear winner, stop a loser) by
 * one replica, while the others refresh their gauges from the same report; and a version the retraining scheduler produced meets live traffic first, in a trial of its own.
 */
export class ExperimentScheduler {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly experiments: ExperimentService,
    private readonly registry: ModelRegistry,
    private readonly logger: Logger,
    private readonly evaluationMs = EXPERIMENT_EVALUATION_MS,
  ) {}

  /** `turn`: whether this replica evaluates now (one replica of several does, see PeriodicLeases). */
  start(turn: PeriodicTurn = async () => true): void {
    if (this.timer) return;
    const lease = leaseSeconds(this.evaluationMs / 1000);
    this.timer = setInterval(() => {
      turn('experiment-evaluation', lease)
        .then(async (mine) => {
          if (mine) await this.experiments.evaluate();
          else await this.experiments.refresh();
        })
        .catch((error: unknown) => this.logger.error({ err: error }, 'experiment evaluation failed'));
    }, this.evaluationMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** A retrained version's trial: a SPLIT giving it `share` of the users, the active version the rest. */
  async trialRetrained(candidateVersionId: string, share: number): Promise<Experiment> {
    const control = await this.registry.active();
    return this.experiments.create('scheduler', {
      name: `retrained ${new Date().toISOString().slice(0, 16)}`,
      mode: 'split',
      arms: [
        { modelVersionId: control.id, weight: 1 - share },
        { modelVersionId: candidateVersionId, weight: share },
      ],
    });
  }
}
