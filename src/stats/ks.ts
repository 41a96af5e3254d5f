/**
 * The two-sample Kolmogorov–Smirnov test: are two samples drawn from one continuous distribution?
 *
 * D = sup_x |F_x(x) − F_y(x)| over the two empirical CDFs, evaluated after every distinct value
 * (tied values move both CDFs before they are compared, so ties never inflate D).
 *
 * p-value (two-sided):
 * - `exact`: the null distribution of D by counting lattice paths (Hodges 1958; the recursion of
 *   R's `psmirnov`), valid when the samples have no ties;
 * - `asymptotic`: Kolmogorov's limit distribution with Stephens' small-sample correction,
 *   Q_KS((√nₑ + 0.12 + 0.11/√nₑ)·D) with nₑ = nm/(n+m) (Stephens 1970; Numerical Recipes'
 *   `kstwo`, and SciPy's `ks_2samp` before 1.3);
 * - `auto` (default): exact for small tie-free samples (n·m < 10 000, as R and SciPy do), else
 *   asymptotic.
 */

export type KsMethod = 'auto' | 'exact' | 'asymptotic';

export type KsResult = {
  /** D, in [0, 1]. */
  statistic: number;
  /** Two-sided p-value of "both samples come from the same distribution". */
  pValue: number;
  method: 'exact' | 'asymptotic';
  n: number;
  m: number;
  /** Whether a value occurs in both samples or twice in one. */
  ties: boolean;
};

/** Below this n·m, tie-free samples get the exact p-value under `auto`. */
const EXACT_MAX_PRODUCT = 10_000;

export function ksTwoSample(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  { method = 'auto' }: { method?: KsMethod } = {},
): KsResult {
  const a = sorted(x);
  const b = sorted(y);
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) throw new RangeError('the KS test needs two non-empty samples');

  const { statistic, ties } = ksStatistic(a, b);
  const useExact = method === 'exact' || (method === 'auto' && !ties && n * m < EXACT_MAX_PRODUCT);
  const pValue = useExact
    ? clamp01(1 - smirnovExactCdf(statistic, n, m))
    : kolmogorovSurvival(stephensLambda(statistic, n, m));
  return { statistic, pValue, method: useExact ? 'exact' : 'asymptotic', n, m, ties };
}

/** D over two sorted samples, and whether any value is tied. */
export function ksStatistic(a: readonly number[], b: readonly number[]): { statistic: number; ties: boolean } {
  const n = a.length;
  const m = b.length;
  let i = 0;
  let j = 0;
  let d = 0;
  let ties = false;
  while (i < n && j < m) {
    // Step past every copy of the smallest value left, in both samples, then compare.
    const v = Math.min(a[i]!, b[j]!);
    const start = i + j;
    while (i < n && a[i] === v) i++;
    while (j < m && b[j] === v) j++;
    if (i + j - start > 1) ties = true;
    d = Math.max(d, Math.abs(i / n - j / m));
  }
  // Once one sample is exhausted its CDF is 1 and the other's only grows toward 1; the gap only
  // shrinks, but ties within the rest still count as ties.
  if (!ties) ties = hasRepeat(a, i) || hasRepeat(b, j);
  return { statistic: d, ties };
}

/**
 * P(D < d) for tie-free samples of sizes n and m under the null (R's `psmirnov2x`): the share of
 * monotone lattice paths from (0,0) to (n,m) that stay strictly inside |i/n − j/m| < d.
 * Computed with path weights normalised as it goes, so nothing overflows.
 */
export function smirnovExactCdf(d: number, n: number, m: number): number {
  if (d <= 0) return 0;
  if (n > m) [n, m] = [m, n];
  // D takes values k/(n·m); nudge below the observed value so that paths reaching it count as ≥ d.
  const q = (0.5 + Math.floor(d * n * m - 1e-7)) / (n * m);
  const u = new Float64Array(m + 1);
  for (let j = 0; j <= m; j++) u[j] = j / m > q ? 0 : 1;
  for (let i = 1; i <= n; i++) {
    const w = i / (i + m);
    u[0] = i / n > q ? 0 : w * u[0]!;
    for (let j = 1; j <= m; j++) {
      u[j] = Math.abs(i / n - j / m) > q ? 0 : w * u[j]! + u[j - 1]!;
    }
  }
  return clamp01(u[m]!);
}

/** Stephens' argument for the Kolmogorov distribution: (√nₑ + 0.12 + 0.11/√nₑ)·D. */
export function stephensLambda(d: number, n: number, m: number): number {
  const root = Math.sqrt((n * m) / (n + m));
  return (root + 0.12 + 0.11 / root) * d;
}

/**
 * Q_KS(λ) = P(K > λ) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²λ²}, the Kolmogorov distribution's survival
 * function. For small λ that series converges slowly, and the theta-function form
 * 1 − (√(2π)/λ) Σ_{k≥1} e^{−(2k−1)²π²/(8λ²)} is used instead (both need only a few terms there).
 */
export function kolmogorovSurvival(lambda: number): number {
  if (!(lambda > 0)) return 1;
  if (lambda < 1.18) {
    const y = Math.exp(-(Math.PI * Math.PI) / (8 * lambda * lambda));
    // Σ y^((2k−1)²), k = 1..: y, y⁹, y²⁵, y⁴⁹, … (y < 0.42 here, so four terms reach 1e-16).
    let sum = 0;
    for (let k = 1; k <= 6; k++) sum += Math.pow(y, (2 * k - 1) * (2 * k - 1));
    return clamp01(1 - (Math.sqrt(2 * Math.PI) / lambda) * sum);
  }
  const x = Math.exp(-2 * lambda * lambda);
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.pow(x, k * k);
    sum += k % 2 === 1 ? term : -term;
    if (term < 1e-17 * sum) break;
  }
  return clamp01(2 * sum);
}

function sorted(values: ArrayLike<number>): number[] {
  const out = Array.from(values);
  if (out.some((v) => !Number.isFinite(v))) throw new RangeError('the KS test needs finite values');
  return out.sort((p, q) => p - q);
}

function hasRepeat(values: readonly number[], from: number): boolean {
  for (let k = Math.max(from, 1); k < values.length; k++) if (values[k] === values[k - 1]) return true;
  return false;
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}
