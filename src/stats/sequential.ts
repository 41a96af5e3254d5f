/**
 * Always-valid (anytime) intervals for the lift of one proportion over another, so that an
 * experiment can be checked as often as anyone likes: a fixed-sample interval read at every
 * look excludes the truth far more often than its level says (peeking), these do not.
 *
 * The lift's standardised sum S (estimate − δ over its standard error, times √t) is, by the
 * central limit theorem, a Brownian motion W in the information time t = n / n₀, where n is the
 * judged count of both arms and n₀ the count at which decisions may first be taken (every arm has
 * minSamples). This is the asymptotic confidence sequence of Waudby-Smith, Arbour, Sinha, Kennedy
 * and Ramdas ("Time-uniform central limit theory and asymptotic confidence sequences", 2021), the
 * construction GrowthBook's sequential testing uses. Its boundary comes from a mixture martingale
 *   M_t(W) = 0.8·exp(θW − θ²t/2) + 0.2·(one-sided normal mixture tuned at t = 1):
 * the first part is the SPRT for the drift θ = √(2 ln(1/alpha)), whose boundary per √t is
 * narrowest at t = 1 (decisions are due soon after minSamples); the second keeps the boundary
 * growing like √(log t) rather than like t, so small lifts are still found in long experiments.
 *
 * The guarantee: M is a continuous martingale under lift = δ that tends to 0, so from any time on
 * it ever reaches c with probability exactly min(1, M_now / c) (optional stopping; Robbins and
 * Siegmund, "Boundary crossing probabilities for the Wiener process and sample sums", 1970).
 * Monitoring starts at t = 1, so c is chosen with E[min(1, M₁/c)] = alpha for W₁ ~ N(0, 1):
 * the lower bound exceeds the true lift at some t ≥ 1 with probability alpha under continuous
 * monitoring, and at most alpha at any subset of those moments (any look schedule). Ville's
 * inequality from t = 0 would need c = 1/alpha; starting the clock at minSamples is what buys
 * the narrower boundary. Before t = 1 (never acted on) the interval uses c = 1/alpha, which is
 * valid on its own. Each bound is one-sided at alpha: promotion reads only the lower one.
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

/** The SPRT part's share of the mixture: most of the evidence is bet on lifts found near minSamples. */
const SPRT_WEIGHT = 0.8;

/**
 * The one-sided normal mixture's precision ρ that makes its boundary narrowest at time
 * `tunedAt` (Howard, Ramdas, McAuliffe and Sekhon, "Time-uniform, nonparametric, nonasymptotic
 * confidence sequences", 2021, for the two-sided mixture at 2·alpha: one side of it at alpha).
 */
export function mixturePrecision(tunedAt: number, alpha: number): number {
  const l = -2 * Math.log(Math.min(2 * alpha, 0.999));
  return tunedAt / (l + Math.log(1 + l));
}

/** log(e^a + e^b) without overflow. */
function logSum(a: number, b: number): number {
  const high = Math.max(a, b);
  return high === -Infinity ? high : high + Math.log(Math.exp(a - high) + Math.exp(b - high));
}

/** log M_t(W), the mixture martingale at standardised sum `w` and information time `t`. */
export function logMixture(w: number, t: number, alpha: number): number {
  const theta = Math.sqrt(-2 * Math.log(alpha));
  const sprt = theta * w - (theta * theta * t) / 2;
  const rho = mixturePrecision(1, alpha);
  const v = t + rho;
  const normal = Math.LN2 + 0.5 * Math.log(rho / v) + (w * w) / (2 * v) + Math.log(normalCdf(w / Math.sqrt(v)));
  return logSum(Math.log(SPRT_WEIGHT) + sprt, Math.log(1 - SPRT_WEIGHT) + normal);
}

const thresholds = new Map<number, number>();

/**
 * log c with E[min(1, M₁/c)] = alpha for W₁ ~ N(0, 1): the level at which a continuous
 * crossing from t = 1 on has probability alpha. Depends on alpha only, so it is computed once.
 */
export function firstLookThreshold(alpha: number): number {
  const known = thresholds.get(alpha);
  if (known !== undefined) return known;
  // Trapezoid rule on a fine grid: the integrand is smooth but for one kink, where M₁ = c.
  const step = 0.005;
  const grid: Array<[density: number, logM: number]> = [];
  for (let z = -9; z <= 12; z += step) {
    grid.push([Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI), logMixture(z, 1, alpha)]);
  }
  const crossing = (logC: number) => step * grid.reduce((s, [d, m]) => s + d * Math.min(1, Math.exp(m - logC)), 0);
  // E[M₁] = 1, so c = 1/alpha gives at most alpha (Ville) and c = 1 far more.
  let low = 0;
  let high = -Math.log(alpha);
  for (let i = 0; i < 60; i++) {
    const mid = (low + high) / 2;
    if (crossing(mid) > alpha) low = mid;
    else high = mid;
  }
  thresholds.set(alpha, high);
  return high;
}

/**
 * The boundary for W at information time t: the smallest w with M_t(w) ≥ c. From t = 1 on it is
 * crossed with probability ≤ alpha; before t = 1 it is Ville's (c = 1/alpha), valid from t = 0.
 */
export function sequentialBoundary(t: number, alpha: number): number {
  const logC = t >= 1 ? firstLookThreshold(alpha) : -Math.log(alpha);
  const theta = Math.sqrt(-2 * Math.log(alpha));
  // The SPRT part alone reaches c here, and M only adds to it, so the root lies below; M < 1 < c at 0.
  let high = (logC - Math.log(SPRT_WEIGHT) + (theta * theta * t) / 2) / theta;
  let low = 0;
  for (let i = 0; i < 100 && high - low > 1e-9 * high; i++) {
    const mid = (low + high) / 2;
    if (logMixture(mid, t, alpha) >= logC) high = mid;
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
 * An always-valid interval for p(candidate) − p(control): from the moment both arms together
 * have `firstLook` trials, at every moment at once, the lower bound stays below the true lift
 * with probability ≥ 1 − alpha, and so does the upper bound above it. `firstLook` is fixed before
 * the data are seen (2 × minSamples), which the guarantee needs.
 */
export function liftInterval(
  control: Counts,
  candidate: Counts,
  { alpha, firstLook }: { alpha: number; firstLook: number },
): LiftInterval {
  if (control.trials === 0 || candidate.trials === 0) return { estimate: 0, lower: -1, upper: 1 };
  const estimate = candidate.successes / candidate.trials - control.successes / control.trials;
  // Agresti–Caffo shares for the variance: 0 of n or n of n must not give a zero-width interval.
  const variance = (c: Counts) => {
    const p = (c.successes + 1) / (c.trials + 2);
    return (p * (1 - p)) / c.trials;
  };
  const standardError = Math.sqrt(variance(control) + variance(candidate));
  const t = (control.trials + candidate.trials) / firstLook;
  const half = (standardError * sequentialBoundary(t, alpha)) / Math.sqrt(t);
  return { estimate, lower: Math.max(-1, estimate - half), upper: Math.min(1, estimate + half) };
}
