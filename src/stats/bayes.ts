import { createRandom, type Random } from '../lib/random.js';

/**
 * The statistics an A/B report stands on: Beta-Binomial posteriors of top-1 accuracy,
 * probability to beat the control, expected loss, Wilson intervals and the chi-square test for
 * a sample-ratio mismatch. Pure functions; sampling takes a seed so reports are reproducible.
 */

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; ~15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const z = x - 1;
  let sum = c[0]!;
  for (let i = 1; i < 9; i++) sum += c[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** A Beta posterior from `successes` of `trials` under a uniform Beta(1, 1) prior. */
export type BetaPosterior = { alpha: number; beta: number };

export function posterior(successes: number, trials: number): BetaPosterior {
  return { alpha: 1 + successes, beta: 1 + trials - successes };
}

/**
 * P(X_b > X_a) for X_a ~ Beta(a), X_b ~ Beta(b), exactly (Evan Miller's closed form; the sum
 * runs over b's integer alpha, so the cost grows with b's successes).
 */
export function probabilityToBeat(a: BetaPosterior, b: BetaPosterior): number {
  if (!Number.isInteger(b.alpha)) throw new Error('probabilityToBeat needs an integer alpha for b');
  let total = 0;
  for (let i = 0; i < b.alpha; i++) {
    total += Math.exp(
      logBeta(a.alpha + i, a.beta + b.beta) - Math.log(b.beta + i) - logBeta(1 + i, b.beta) - logBeta(a.alpha, a.beta),
    );
  }
  return Math.min(1, Math.max(0, total));
}

/** A standard gamma variate with shape k (Marsaglia–Tsang; boosted for k < 1). */
export function sampleGamma(k: number, random: Random): number {
  if (k < 1) return sampleGamma(k + 1, random) * Math.pow(1 - random.next(), 1 / k);
  const d = k - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = random.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - random.next();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

export function sampleBeta(p: BetaPosterior, random: Random): number {
  const x = sampleGamma(p.alpha, random);
  return x / (x + sampleGamma(p.beta, random));
}

export type PosteriorComparison = {
  /** P(candidate > control). */
  probabilityToBeat: number;
  /** P(candidate − control > minLift). */
  probabilityOfLift: number;
  /** E[max(control − candidate, 0)]: what choosing the candidate costs when it is worse. */
  expectedLoss: number;
  /** E[candidate − control]. */
  meanLift: number;
};

/** Monte Carlo comparison of a candidate's posterior with the control's (seeded). */
export function comparePosteriors(
  control: BetaPosterior,
  candidate: BetaPosterior,
  { minLift = 0, samples = 20_000, seed = 1 }: { minLift?: number; samples?: number; seed?: number } = {},
): PosteriorComparison {
  const random = createRandom(seed);
  let lifted = 0;
  let loss = 0;
  let lift = 0;
  for (let i = 0; i < samples; i++) {
    const diff = sampleBeta(candidate, random) - sampleBeta(control, random);
    if (diff > minLift) lifted++;
    if (diff < 0) loss -= diff;
    lift += diff;
  }
  return {
    probabilityToBeat: probabilityToBeat(control, candidate),
    probabilityOfLift: lifted / samples,
    expectedLoss: loss / samples,
    meanLift: lift / samples,
  };
}

/**
 * Thompson sampling's allocation: each arm's probability of having the highest accuracy,
 * estimated from `samples` joint draws, then lifted to at least `floor` per arm.
 */
export function thompsonShares(
  arms: readonly BetaPosterior[],
  { floor = 0.1, samples = 4_000, seed = 1 }: { floor?: number; samples?: number; seed?: number } = {},
): number[] {
  const random = createRandom(seed);
  const wins = new Array<number>(arms.length).fill(0);
  for (let i = 0; i < samples; i++) {
    let best = 0;
    let bestValue = -1;
    arms.forEach((arm, index) => {
      const value = sampleBeta(arm, random);
      if (value > bestValue) {
        bestValue = value;
        best = index;
      }
    });
    wins[best]!++;
  }
  return withFloor(
    wins.map((w) => w / samples),
    floor,
  );
}

/** Shares summing to 1 with every share ≥ floor (when floor × count ≤ 1). */
export function withFloor(shares: readonly number[], floor: number): number[] {
  const f = Math.min(floor, 1 / shares.length);
  const total = shares.reduce((s, x) => s + x, 0) || 1;
  const normal = shares.map((s) => s / total);
  // Give every arm its floor, then share what remains in proportion to the excess above it.
  const excess = normal.map((s) => Math.max(0, s - f));
  const excessTotal = excess.reduce((s, x) => s + x, 0);
  const rest = 1 - f * shares.length;
  return excess.map((e) => f + (excessTotal > 0 ? (rest * e) / excessTotal : rest / shares.length));
}

/** Wilson score interval for a binomial proportion (z = 1.96 → 95%). */
export function wilsonInterval(successes: number, trials: number, z = 1.959964): [number, number] {
  if (trials === 0) return [0, 1];
  const p = successes / trials;
  const z2 = z * z;
  const centre = (p + z2 / (2 * trials)) / (1 + z2 / trials);
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / (1 + z2 / trials);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** Regularised upper incomplete gamma Q(s, x) (series below s + 1, continued fraction above). */
export function upperGammaQ(s: number, x: number): number {
  if (x <= 0) return 1;
  const logPrefix = s * Math.log(x) - x - logGamma(s);
  if (x < s + 1) {
    let term = 1 / s;
    let sum = term;
    for (let n = 1; n < 500; n++) {
      term *= x / (s + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
    }
    return Math.max(0, 1 - sum * Math.exp(logPrefix));
  }
  // Lentz's continued fraction for Q.
  const tiny = 1e-300;
  let b = x + 1 - s;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 500; i++) {
    const an = -i * (i - s);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return Math.min(1, Math.exp(logPrefix) * h);
}

/**
 * Pearson's chi-square goodness-of-fit test of observed counts against expected shares: the
 * sample-ratio-mismatch check (a split that serves 50/50 by design but shows 46/54 is broken).
 */
export function chiSquareTest(
  observed: readonly number[],
  shares: readonly number[],
): { statistic: number; pValue: number } {
  const n = observed.reduce((s, x) => s + x, 0);
  const total = shares.reduce((s, x) => s + x, 0);
  let statistic = 0;
  let cells = 0;
  observed.forEach((o, i) => {
    const expected = (n * shares[i]!) / total;
    if (expected <= 0) return;
    statistic += (o - expected) ** 2 / expected;
    cells++;
  });
  const df = cells - 1;
  return { statistic, pValue: df > 0 ? upperGammaQ(df / 2, statistic / 2) : 1 };
}
