import { describe, expect, it } from 'vitest';
import {
  chiSquareTest,
  comparePosteriors,
  logGamma,
  posterior,
  probabilityToBeat,
  thompsonShares,
  upperGammaQ,
  wilsonInterval,
  withFloor,
} from '../../../src/stats/bayes.js';

describe('A/B statistics', () => {
  it('logGamma matches factorials and Γ(1/2) = √π', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(6)).toBeCloseTo(Math.log(120), 10);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 10);
    expect(logGamma(101)).toBeCloseTo(363.73937555556347, 8);
  });

  it('probability to beat: symmetric for equal evidence, exact on a hand-computed case', () => {
    expect(probabilityToBeat(posterior(30, 100), posterior(30, 100))).toBeCloseTo(0.5, 10);
    // Beta(2,1) vs Beta(1,1): P(X_b > X_a) with X_a ~ Beta(1,1) and X_b ~ Beta(2,1) is ∫ 2x · x dx = 2/3.
    expect(probabilityToBeat({ alpha: 1, beta: 1 }, { alpha: 2, beta: 1 })).toBeCloseTo(2 / 3, 10);
    const a = posterior(40, 100);
    const b = posterior(55, 100);
    expect(probabilityToBeat(a, b) + probabilityToBeat(b, a)).toBeCloseTo(1, 8);
    expect(probabilityToBeat(a, b)).toBeGreaterThan(0.97);
  });

  it('Monte Carlo comparison agrees with the exact probability and is reproducible', () => {
    const control = posterior(70, 100);
    const candidate = posterior(80, 100);
    const first = comparePosteriors(control, candidate, { minLift: 0.01, seed: 7 });
    const exact = probabilityToBeat(control, candidate);
    expect(first.probabilityToBeat).toBe(exact);
    expect(first.probabilityOfLift).toBeLessThan(exact);
    expect(first.probabilityOfLift).toBeGreaterThan(exact - 0.1);
    expect(first.meanLift).toBeCloseTo(81 / 102 - 71 / 102, 2);
    expect(first.expectedLoss).toBeGreaterThan(0);
    expect(comparePosteriors(control, candidate, { minLift: 0.01, seed: 7 })).toEqual(first);
  });

  it('Wilson interval: known values and edges', () => {
    const [low, high] = wilsonInterval(81, 263);
    expect(low).toBeCloseTo(0.2553, 3);
    expect(high).toBeCloseTo(0.3662, 3);
    expect(wilsonInterval(0, 0)).toEqual([0, 1]);
    expect(wilsonInterval(10, 10)[1]).toBeCloseTo(1, 12);
  });

  it('chi-square test: Q(s, x) and a sample-ratio mismatch', () => {
    expect(upperGammaQ(1, 2)).toBeCloseTo(Math.exp(-2), 12); // df = 2, χ² = 4
    expect(upperGammaQ(0.5, 3.841458820694124 / 2)).toBeCloseTo(0.05, 6); // df = 1 critical value
    expect(chiSquareTest([500, 500], [1, 1]).pValue).toBeCloseTo(1, 10);
    expect(chiSquareTest([5500, 4500], [1, 1]).pValue).toBeLessThan(1e-20);
    expect(chiSquareTest([520, 480], [1, 1]).pValue).toBeGreaterThan(0.2);
  });

  it('Thompson shares favour the better arm but keep every floor', () => {
    const shares = thompsonShares([posterior(50, 100), posterior(80, 100), posterior(20, 100)], {
      floor: 0.1,
      seed: 3,
    });
    expect(shares.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 10);
    expect(shares[1]).toBeGreaterThan(0.75);
    for (const share of shares) expect(share).toBeGreaterThanOrEqual(0.1 - 1e-12);
    expect(withFloor([1, 0], 0.2)).toEqual([0.8, 0.2]);
    expect(withFloor([0.5, 0.5], 0.2)).toEqual([0.5, 0.5]);
  });
});
