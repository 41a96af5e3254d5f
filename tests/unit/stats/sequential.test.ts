import { describe, expect, it } from 'vitest';
import { createRandom, type Random } from '../../../src/lib/random.js';
import { liftInterval, mixtureBoundary, mixturePrecision, normalCdf } from '../../../src/stats/sequential.js';

function binomial(n: number, p: number, random: Random): number {
  let k = 0;
  for (let i = 0; i < n; i++) if (random.next() < p) k++;
  return k;
}

/**
 * Experiments of two arms with true shares `p` and `q`, read every `step` trials per arm from
 * `first` to `last`: the share of them in which a bound ever excluded the true lift.
 */
function everMissed(
  bound: (c: { successes: number; trials: number }, t: { successes: number; trials: number }) => [number, number],
  { p, q, runs, first, last, step, seed }: Record<string, number>,
): { lower: number; upper: number } {
  const random = createRandom(seed!);
  let lowerMissed = 0;
  let upperMissed = 0;
  for (let run = 0; run < runs!; run++) {
    const control = { successes: binomial(first! - step!, p!, random), trials: first! - step! };
    const candidate = { successes: binomial(first! - step!, q!, random), trials: first! - step! };
    let low = false;
    let high = false;
    for (let n = first!; n <= last!; n += step!) {
      control.successes += binomial(step!, p!, random);
      candidate.successes += binomial(step!, q!, random);
      control.trials = candidate.trials = n;
      const [lower, upper] = bound(control, candidate);
      low ||= lower > q! - p!;
      high ||= upper < q! - p!;
    }
    if (low) lowerMissed++;
    if (high) upperMissed++;
  }
  return { lower: lowerMissed / runs!, upper: upperMissed / runs! };
}

describe('always-valid lift intervals', () => {
  it('normalCdf matches known quantiles', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 6);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1.644854)).toBeCloseTo(0.05, 6);
    expect(normalCdf(-3)).toBeCloseTo(0.0013499, 6);
  });

  it('the boundary is where the one-sided mixture reaches 1/alpha, narrowest per √v near where it is tuned', () => {
    const rho = mixturePrecision(400, 0.05);
    const s = mixtureBoundary(400, rho, 0.05);
    const w = 400 + rho;
    const mixture = 2 * Math.sqrt(rho / w) * Math.exp((s * s) / (2 * w)) * normalCdf(s / Math.sqrt(w));
    expect(mixture).toBeCloseTo(20, 6);
    const perRoot = (v: number) => mixtureBoundary(v, rho, 0.05) / Math.sqrt(v);
    expect(perRoot(400)).toBeLessThan(perRoot(100));
    expect(perRoot(400)).toBeLessThan(perRoot(3200));
    // Wider than a single look's one-sided 1.645: the price of looking at any time.
    expect(perRoot(400)).toBeGreaterThan(2.5);
  });

  it('gives a usable interval at the extremes and none without data', () => {
    const all = liftInterval({ successes: 0, trials: 6 }, { successes: 6, trials: 6 }, { alpha: 0.05, tunedAt: 20 });
    expect(all.estimate).toBe(1);
    expect(all.lower).toBeGreaterThan(0.3);
    expect(all.upper).toBe(1);
    expect(
      liftInterval({ successes: 0, trials: 0 }, { successes: 3, trials: 4 }, { alpha: 0.05, tunedAt: 20 }),
    ).toEqual({ estimate: 0, lower: -1, upper: 1 });
  });

  it('keeps each bound on the right side of the true lift at every look in ≥ 95% of experiments', () => {
    const options = { p: 0.88, q: 0.93, runs: 300, first: 50, last: 1500, step: 10, seed: 17 };
    const sequential = everMissed((c, t) => {
      const i = liftInterval(c, t, { alpha: 0.05, tunedAt: 400 });
      return [i.lower, i.upper];
    }, options);
    expect(sequential.lower).toBeLessThanOrEqual(0.05);
    expect(sequential.upper).toBeLessThanOrEqual(0.05);
    // The same experiments read with a fixed one-sided 95% interval at each look: peeking.
    const fixed = everMissed((c, t) => {
      const d = t.successes / t.trials - c.successes / c.trials;
      const pc = c.successes / c.trials;
      const pt = t.successes / t.trials;
      const se = Math.sqrt((pc * (1 - pc)) / c.trials + (pt * (1 - pt)) / t.trials);
      return [d - 1.645 * se, d + 1.645 * se];
    }, options);
    expect(fixed.lower).toBeGreaterThan(0.2);
  });
});
