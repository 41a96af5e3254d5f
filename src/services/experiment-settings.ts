import { BadUserInputError } from '../domain/errors.js';

/** Thresholds an experiment is judged by; every one can be set when it is created. */
export type ExperimentSettings = {
  /** Stop and activate the winner when the report recommends promotion. */
  autoPromote: boolean;
  /** Stop (keeping the control) when the report recommends stopping. */
  autoRollback: boolean;
  /** Judged searches every arm needs before anything is recommended. */
  minSamples: number;
  /** Confidence of the always-valid lift interval a decision needs (promotion: above minLift; stopping: below 0). */
  probability: number;
  /** The smallest top-1 improvement worth a promotion (0.01 = one point). */
  minLift: number;
  /** Guardrail: share of a candidate's searches that failed over to the control. */
  maxFailureRate: number;
  /** Guardrail: a candidate search slower than this is served by the control (and counted). */
  maxLatencyMs: number | null;
  /** Bandit: every arm keeps at least this share of traffic. */
  banditFloor: number;
  /** Bandit: shares are recomputed at most this often; assignment is sticky within a window. */
  banditWindowSeconds: number;
};

export const DEFAULT_SETTINGS: ExperimentSettings = {
  autoPromote: false,
  autoRollback: false,
  minSamples: 100,
  probability: 0.95,
  minLift: 0.01,
  maxFailureRate: 0.05,
  maxLatencyMs: null,
  banditFloor: 0.1,
  banditWindowSeconds: 3600,
};

/** The settings actually given: null or absent ones take their defaults. */
export function givenSettings(value: {
  [K in keyof ExperimentSettings]?: ExperimentSettings[K] | null;
}): Partial<ExperimentSettings> {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined && v !== null),
  ) as Partial<ExperimentSettings>;
}

export function checkedSettings(s: ExperimentSettings): ExperimentSettings {
  const problems: string[] = [];
  if (!Number.isInteger(s.minSamples) || s.minSamples < 1) problems.push('minSamples must be a whole number ≥ 1');
  if (!(s.probability > 0.5 && s.probability < 1)) problems.push('probability must be between 0.5 and 1');
  if (!(s.minLift >= 0 && s.minLift < 1)) problems.push('minLift must be from 0 to 1');
  if (!(s.maxFailureRate >= 0 && s.maxFailureRate <= 1)) problems.push('maxFailureRate must be from 0 to 1');
  if (s.maxLatencyMs !== null && !(s.maxLatencyMs > 0)) problems.push('maxLatencyMs must be > 0');
  if (!(s.banditFloor >= 0 && s.banditFloor <= 0.5)) problems.push('banditFloor must be from 0 to 0.5');
  if (!(s.banditWindowSeconds >= 1)) problems.push('banditWindowSeconds must be ≥ 1');
  if (problems.length > 0) throw new BadUserInputError(`Invalid experiment settings: ${problems.join('; ')}`);
  return s;
}

/** An experiment's settings with the defaults filled in. */
export function settingsOf(experiment: { settings: unknown }): ExperimentSettings {
  return { ...DEFAULT_SETTINGS, ...(experiment.settings as Partial<ExperimentSettings>) };
}
