import type { Experiment } from '../entities/experiment.entity.js';
import type { ExperimentArm } from '../entities/experiment-arm.entity.js';
import type { ModelVersion } from '../entities/model-version.entity.js';
import type { Repositories } from '../repositories/index.js';
import {
  chiSquareTest,
  comparePosteriors,
  posterior,
  wilsonInterval,
  type PosteriorComparison,
} from '../stats/bayes.js';
import { liftInterval, type LiftInterval } from '../stats/sequential.js';
import { stableHash } from './assignment.js';
import { controlArm } from './experiment-router.js';
import { settingsOf, type ExperimentSettings } from './experiment-settings.js';

/**
 * The numbers an admin decides an experiment on, and the recommendation they lead to. Shadow
 * arms are judged only where feedback names the right product, and the control likewise, so
 * that both are scored on the same searches. The recommendation comes from always-valid lift
 * intervals, because autoPromote reads it every 30 s: a rule made for one look (such as the
 * posterior P(lift > minLift) ≥ 0.95, still reported) promotes equal arms far more often than
 * 5 % when it is read that often.
 */

export type Recommendation = 'keep_running' | 'promote' | 'stop';

export type ArmReport = {
  arm: ExperimentArm;
  version: ModelVersion;
  weight: number;
  searches: number;
  users: number;
  feedback: number;
  judged: number;
  correct: number;
  accuracy: number | null;
  accuracyInterval: [number, number];
  anyCorrectShare: number | null;
  failures: number;
  failureRate: number;
  latencyP50: number | null;
  latencyP95: number | null;
  latencyP99: number | null;
  comparison: PosteriorComparison | null;
  /** Always-valid interval of the lift over the control; null for the control. */
  liftInterval: LiftInterval | null;
};

export type ExperimentReport = {
  experiment: Experiment;
  arms: ArmReport[];
  sampleRatio: { statistic: number; pValue: number; mismatch: boolean } | null;
  recommendation: Recommendation;
  recommendedArm: ArmReport | null;
  reason: string;
  sampleProgress: number;
};

/** An SRM this unlikely under the designed split means the assignment or logging is broken. */
const SRM_P_VALUE = 0.001;

/** The report of an experiment (loaded with its arms and their versions, control first). */
export async function buildReport(repos: Repositories, experiment: Experiment): Promise<ExperimentReport> {
  const settings = settingsOf(experiment);
  const shadowMode = experiment.mode === 'shadow';
  const [searchRows, feedbackRows, judgementRows] = await Promise.all([
    repos.searches.armSearchStats(experiment.id),
    repos.examples.feedbackByArm(experiment.id),
    // Shadow arms are judged only where feedback names the right product, the control likewise.
    repos.searches.judgementsByArm(experiment.id, { byTruthOnly: shadowMode }),
  ]);
  const control = controlArm(experiment.arms);
  const totalWeight = experiment.arms.reduce((s, a) => s + a.weight, 0) || 1;
  const reports: ArmReport[] = experiment.arms.map((arm) => {
    const s = searchRows.find((r) => r.arm === arm.name);
    const f = feedbackRows.find((r) => r.arm === arm.name);
    const j = judgementRows.find((r) => r.arm === arm.name);
    const searches = shadowMode ? (searchRows[0]?.searches ?? 0) : (s?.searches ?? 0);
    const judged = j?.judged ?? 0;
    const correct = j?.correct ?? 0;
    return {
      arm,
      version: arm.modelVersion,
      weight: arm.weight / totalWeight,
      searches,
      users: shadowMode ? (searchRows[0]?.users ?? 0) : (s?.users ?? 0),
      feedback: shadowMode ? feedbackRows.reduce((n, r) => n + r.feedback, 0) : (f?.feedback ?? 0),
      judged,
      correct,
      accuracy: judged > 0 ? correct / judged : null,
      accuracyInterval: wilsonInterval(correct, judged),
      anyCorrectShare: f && f.judged_searches > 0 ? f.with_correct / f.judged_searches : null,
      failures: s?.failures ?? 0,
      failureRate: s && s.searches > 0 ? s.failures / s.searches : 0,
      latencyP50: s?.latency?.[0] ?? null,
      latencyP95: s?.latency?.[1] ?? null,
      latencyP99: s?.latency?.[2] ?? null,
      comparison: null,
      liftInterval: null,
    };
  });
  const controlReport = reports.find((r) => r.arm === control)!;
  compareArms(reports, controlReport, settings, stableHash(experiment.id));
  const sampleRatio = experiment.mode === 'split' ? await sampleRatioCheck(repos, experiment, reports) : null;
  return { experiment, arms: reports, sampleRatio, ...recommend(reports, controlReport, settings, sampleRatio) };
}

/**
 * Each candidate against the control: the Bayesian numbers admins read, and the always-valid
 * lift interval the recommendation is made on. Its level is shared out among the candidates
 * (Bonferroni) so that "some candidate is promoted wrongly" stays within 1 − probability.
 */
export function compareArms(arms: ArmReport[], control: ArmReport, settings: ExperimentSettings, seed: number): void {
  const candidates = arms.filter((a) => a !== control);
  const alpha = (1 - settings.probability) / Math.max(1, candidates.length);
  // Decisions wait for minSamples per arm, so the pair has at least this many: the sequence's clock starts there.
  const firstLook = 2 * settings.minSamples;
  for (const r of candidates) {
    r.comparison = comparePosteriors(posterior(control.correct, control.judged), posterior(r.correct, r.judged), {
      minLift: settings.minLift,
      seed,
    });
    r.liftInterval = liftInterval(
      { successes: control.correct, trials: control.judged },
      { successes: r.correct, trials: r.judged },
      { alpha, firstLook },
    );
  }
}

/**
 * Users per assigned arm against the designed split (chi-square), counted since the weights
 * were last set: before that, users were assigned by other weights.
 */
async function sampleRatioCheck(
  repos: Repositories,
  experiment: Experiment,
  arms: ArmReport[],
): Promise<ExperimentReport['sampleRatio']> {
  const since =
    (experiment.decisions as { at: string; action: string }[])
      .filter((d) => d.action === 'start' || d.action === 'weights')
      .map((d) => new Date(d.at))
      .at(-1) ?? experiment.createdAt;
  const rows = await repos.searches.usersByArmSince(experiment.id, since);
  const users = arms.map((a) => rows.find((r) => r.arm === a.arm.name)?.users ?? 0);
  if (users.reduce((s, n) => s + n, 0) < 20) return null;
  const { statistic, pValue } = chiSquareTest(
    users,
    arms.map((a) => a.weight),
  );
  return { statistic, pValue, mismatch: pValue < SRM_P_VALUE };
}

/** The decision, from the report's numbers; the benchmark replays it on simulated experiments. */
export function recommend(
  arms: ArmReport[],
  control: ArmReport,
  settings: ExperimentSettings,
  sampleRatio: ExperimentReport['sampleRatio'],
): Pick<ExperimentReport, 'recommendation' | 'recommendedArm' | 'reason' | 'sampleProgress'> {
  const candidates = arms.filter((a) => a !== control);
  const sampleProgress = Math.min(1, ...arms.map((a) => a.judged / settings.minSamples));
  const breaking = candidates.find(
    (a) =>
      (a.searches >= 20 && a.failureRate > settings.maxFailureRate) ||
      (settings.maxLatencyMs !== null &&
        a.latencyP99 !== null &&
        a.searches >= 20 &&
        a.latencyP99 > settings.maxLatencyMs),
  );
  if (breaking) {
    return {
      recommendation: 'stop',
      recommendedArm: control,
      reason: `arm ${breaking.arm.name} breaks a guardrail (failure rate ${pct(breaking.failureRate)}, p99 ${breaking.latencyP99?.toFixed(1) ?? '-'} ms)`,
      sampleProgress,
    };
  }
  if (sampleRatio?.mismatch) {
    return {
      recommendation: 'stop',
      recommendedArm: null,
      reason: `sample ratio mismatch (p = ${sampleRatio.pValue.toExponential(2)}): the split is not what was designed, so the comparison cannot be trusted`,
      sampleProgress,
    };
  }
  if (sampleProgress < 1) {
    return {
      recommendation: 'keep_running',
      recommendedArm: null,
      reason: `waiting for ${settings.minSamples} judged searches per arm (${Math.round(sampleProgress * 100)}% there)`,
      sampleProgress,
    };
  }
  const best = [...candidates].sort((a, b) => b.liftInterval!.lower - a.liftInterval!.lower)[0]!;
  const level = `${(settings.probability * 100).toFixed(0)}%`;
  if (best.liftInterval!.lower > settings.minLift) {
    return {
      recommendation: 'promote',
      recommendedArm: best,
      reason: `arm ${best.arm.name} beats the control with probability ${best.comparison!.probabilityToBeat.toFixed(3)} and by more than ${pct(settings.minLift)} at every look (always-valid ${level} lift interval ${interval(best.liftInterval!)}; top-1 ${pct(best.accuracy)} vs ${pct(control.accuracy)})`,
      sampleProgress,
    };
  }
  if (candidates.every((a) => a.liftInterval!.upper < 0)) {
    return {
      recommendation: 'stop',
      recommendedArm: control,
      reason: `the control beats every candidate at every look (always-valid ${level} lift intervals below 0)`,
      sampleProgress,
    };
  }
  return {
    recommendation: 'keep_running',
    recommendedArm: null,
    reason: `no arm's always-valid ${level} lift interval clears ${pct(settings.minLift)} yet (best: ${best.arm.name}, ${interval(best.liftInterval!)}, P(beat) ${best.comparison!.probabilityToBeat.toFixed(3)})`,
    sampleProgress,
  };
}

function interval(i: LiftInterval): string {
  const points = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}`;
  return `[${points(i.lower)}, ${points(i.upper)}] points`;
}

function pct(x: number | null): string {
  return x === null ? '-' : `${(x * 100).toFixed(1)}%`;
}

/** A report's numbers as kept with a decision. */
export function summarize(report: ExperimentReport): Record<string, unknown> {
  return {
    recommendation: report.recommendation,
    reason: report.reason,
    sampleRatio: report.sampleRatio,
    arms: report.arms.map((a) => ({
      arm: a.arm.name,
      version: a.version.name,
      searches: a.searches,
      judged: a.judged,
      correct: a.correct,
      accuracy: a.accuracy,
      failureRate: a.failureRate,
      latencyP99: a.latencyP99,
      probabilityToBeat: a.comparison?.probabilityToBeat ?? null,
      probabilityOfLift: a.comparison?.probabilityOfLift ?? null,
      expectedLoss: a.comparison?.expectedLoss ?? null,
      liftInterval: a.liftInterval ? { lower: a.liftInterval.lower, upper: a.liftInterval.upper } : null,
    })),
  };
}
