import { describe, expect, it } from 'vitest';
import { createRandom, type Random } from '../../../src/lib/random.js';
import {
  firstLookThreshold,
  liftInterval,
  logMixture,
  normalCdf,
  sequentialBoundary,
} from '../../../src/stats/sequential.js';

/** A standard normal draw (Box–Muller). */
function gaussian(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
}

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

  it('calibrates the level so that a crossing from the first look on has probability alpha', () => {
    const alpha = 0.05;
    const logC = firstLookThreshold(alpha);
    // Narrower than Ville's 1/alpha, the level a clock started at zero would need.
    expect(Math.exp(logC)).toBeLessThan(1 / alpha);
    expect(Math.exp(logC)).toBeGreaterThan(10);
    // E[min(1, M₁/c)] for W₁ ~ N(0, 1), by Monte Carlo instead of the quadrature.
    const random = createRandom(3);
    let sum = 0;
    const draws = 200_000;
    for (let i = 0; i < draws; i++) sum += Math.min(1, Math.exp(logMixture(gaussian(random), 1, alpha) - logC));
    expect(sum / draws).toBeCloseTo(alpha, 3);
    expect(logMixture(sequentialBoundary(1.7, alpha), 1.7, alpha)).toBeCloseTo(logC, 6);
  });

  it('is narrowest per √t near the first look and grows only slowly after it', () => {
    const perRoot = (t: number) => sequentialBoundary(t, 0.05) / Math.sqrt(t);
    // Wider than a single look's one-sided 1.645: the price of looking at any time.
    expect(perRoot(1)).toBeGreaterThan(2.2);
    expect(perRoot(1)).toBeLessThan(2.35);
    expect(perRoot(1)).toBeLessThan(perRoot(2));
    expect(perRoot(1)).toBeLessThan(perRoot(0.5));
    // The normal-mixture part keeps it from growing like the SPRT's √t: small lifts are still found.
    expect(perRoot(1000)).toBeLessThan(4.2);
  });

  it('is crossed by a finely sampled Brownian motion from t = 1 to 30 in at most alpha of paths', () => {
    const alpha = 0.05;
    const dt = 0.02;
    const steps = Math.round(29 / dt);
    const boundary = Array.from({ length: steps + 1 }, (_, i) => sequentialBoundary(1 + i * dt, alpha));
    const random = createRandom(11);
    const paths = 4000;
    let crossed = 0;
    for (let p = 0; p < paths; p++) {
      let w = gaussian(random);
      for (let i = 0; i <= steps; i++) {
        if (w >= boundary[i]!) {
          crossed++;
          break;
        }
        w += Math.sqrt(dt) * gaussian(random);
      }
    }
    expect(crossed / paths).toBeLessThanOrEqual(alpha);
    // Close to alpha, not far below: the level is spent, not wasted.
    expect(crossed / paths).toBeGreaterThan(0.03);
  });

  it('gives a usable interval at the extremes and none without data', () => {
    const all = liftInterval({ successes: 0, trials: 6 }, { successes: 6, trials: 6 }, { alpha: 0.05, firstLook: 12 });
    expect(all.estimate).toBe(1);
    expect(all.lower).toBeGreaterThan(0.3);
    expect(all.upper).toBe(1);
    expect(
      liftInterval({ successes: 0, trials: 0 }, { successes: 3, trials: 4 }, { alpha: 0.05, firstLook: 12 }),
    ).toEqual({ estimate: 0, lower: -1, upper: 1 });
  });

  it('keeps each bound on the right side of the true lift at every look in ≥ 95% of experiments', () => {
    const options = { p: 0.88, q: 0.93, runs: 300, first: 50, last: 1500, step: 10, seed: 17 };
    const sequential = everMissed((c, t) => {
      const i = liftInterval(c, t, { alpha: 0.05, firstLook: 2 * options.first });
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

  it('rarely shows identical arms apart at any of 300 looks, reading from minSamples on', () => {
    const options = { p: 0.95, q: 0.95, runs: 300, first: 100, last: 3090, step: 10, seed: 23 };
    const missed = everMissed((c, t) => {
      const i = liftInterval(c, t, { alpha: 0.05, firstLook: 2 * options.first });
      return [i.lower, i.upper];
    }, options);
    expect(missed.lower).toBeLessThanOrEqual(0.05);
    expect(missed.upper).toBeLessThanOrEqual(0.05);
  });
});
