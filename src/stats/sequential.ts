/**
 * Always-valid (anytime) intervals for the lift of one proportion over another, so that an
 * experiment can be checked as often as anyone likes: a fixed-sample interval read at every
 * look excludes the truth far more often than its level says (peeking), these do not.
 *
 * The construction is the asymptotic confidence sequence of Waudby-Smith, Arbour, Sinha,
 * Kennedy and Ramdas ("Time-uniform central limit theory and asymptotic confidence sequences",
 * 2021), the one GrowthBook's sequential testing uses, with Robbins' normal mixture as the
 * boundary (Howard, Ramdas, McAuliffe and Sekhon, "Time-uniform, nonparametric, nonasymptotic
 * confidence sequences", 2021). Each side uses the one-sided (half-normal) mixture, so a bound
 * holds at level 1 − alpha on its own: promotion reads the lower bound, stopping the upper one.
 */

/** Numerical Recipes' erfc polynomial in t = 1/(1 + z/2), highest power last. */
const ERFC = [
  -1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223,
  0.17087277,
];

/** Standard normal CDF (fractional error < 1.2e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const poly = ERFC.reduceRight((acc, c) => c + t * acc, 0);
  const erfc = t * Math.exp(-z * z + poly);
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/**
 * The mixture's precision ρ that makes the boundary narrowest after `tunedAt` observations
 * (Howard et al., eq. for the two-sided normal mixture, at 2·alpha: one side of it at alpha).
 */
export function mixturePrecision(tunedAt: number, alpha: number): number {
  const l = -2 * Math.log(Math.min(2 * alpha, 0.999));
  return tunedAt / (l + Math.log(1 + l));
}

/**
 * The one-sided normal-mixture boundary: the smallest s with
 * 2·sqrt(ρ/(v+ρ))·exp(s²/(2(v+ρ)))·Φ(s/sqrt(v+ρ)) ≥ 1/alpha. A standardised sum S_v (unit
 * variance per observation, v observations) crosses it at any v with probability ≤ alpha
 * (Ville's inequality on the mixture martingale), asymptotically.
 */
export function mixtureBoundary(v: number, rho: number, alpha: number): number {
  const w = v + rho;
  const target = -Math.log(alpha);
  const logMixture = (s: number) =>
    Math.LN2 + 0.5 * Math.log(rho / w) + (s * s) / (2 * w) + Math.log(normalCdf(s / Math.sqrt(w)));
  // The two-sided boundary at alpha is never narrower: 2Φ ≥ 1 there, so it brackets the root.
  let high = Math.sqrt(2 * w * (target + 0.5 * Math.log(w / rho)));
  let low = 0;
  for (let i = 0; i < 100 && high - low > 1e-9 * high; i++) {
    const mid = (low + high) / 2;
    if (logMixture(mid) >= target) high = mid;
    else low = mid;
  }
  return high;
}

export type Counts = { successes: number; trials: number };

export type LiftInterval = {
  /** Candidate's share minus the control's. */
  estimate: number;
  lower: number;
  upper: number;
};

/**
 * An always-valid interval for p(candidate) − p(control): at every look at once, the lower
 * bound stays below the true lift with probability ≥ 1 − alpha, and so does the upper bound
 * above it. `tunedAt` is the total count (both arms) where it is narrowest; it is fixed before
 * the data are seen, which the guarantee needs.
 */
export function liftInterval(
  control: Counts,
  candidate: Counts,
  { alpha, tunedAt }: { alpha: number; tunedAt: number },
): LiftInterval {
  if (control.trials === 0 || candidate.trials === 0) return { estimate: 0, lower: -1, upper: 1 };
  const estimate = candidate.successes / candidate.trials - control.successes / control.trials;
  // Agresti–Caffo shares for the variance: 0 of n or n of n must not give a zero-width interval.
  const variance = (c: Counts) => {
    const p = (c.successes + 1) / (c.trials + 2);
    return (p * (1 - p)) / c.trials;
  };
  const standardError = Math.sqrt(variance(control) + variance(candidate));
  const n = control.trials + candidate.trials;
  const half = (standardError * mixtureBoundary(n, mixturePrecision(tunedAt, alpha), alpha)) / Math.sqrt(n);
  return { estimate, lower: Math.max(-1, estimate - half), upper: Math.min(1, estimate + half) };
}
