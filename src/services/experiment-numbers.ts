import type { DecisionBy, ExperimentNumbers } from '../domain/metrics.js';
import type { ExperimentReport } from './experiment-report.js';
import { settingsOf } from './experiment-settings.js';

/** What monitoring shows of a report: the numbers an admin decides on, as the report has them. */
export function reportNumbers(report: ExperimentReport): ExperimentNumbers {
  const settings = settingsOf(report.experiment);
  return {
    experiment: report.experiment.name,
    arms: report.arms.map((a) => ({
      arm: a.arm.name,
      modelVersion: a.version.name,
      users: a.users,
      searches: a.searches,
      judged: a.judged,
      probabilityToBeat: a.comparison?.probabilityToBeat ?? null,
      top1:
        a.accuracy === null
          ? null
          : { estimate: a.accuracy, lower: a.accuracyInterval[0], upper: a.accuracyInterval[1] },
      lift: a.liftInterval
        ? { estimate: a.liftInterval.estimate, lower: a.liftInterval.lower, upper: a.liftInterval.upper }
        : null,
      failureRate: a.failureRate,
    })),
    sampleRatioPValue: report.sampleRatio?.pValue ?? null,
    minSamples: settings.minSamples,
    maxFailureRate: settings.maxFailureRate,
    recommendation: report.recommendation,
  };
}

/** The automatic thresholds decide as `auto-promote` / `auto-rollback`; anyone else is an admin (or the scheduler acting for one). */
export function decisionBy(by: string): DecisionBy {
  return by.startsWith('auto-') ? 'auto' : 'admin';
}
