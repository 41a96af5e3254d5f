import { describe, expect, it } from 'vitest';
import { kolmogorovSurvival, ksTwoSample, smirnovExactCdf } from '../../../src/stats/ks.js';

/** Reference values from SciPy 1.17: `ks_2samp(x, y, method='exact')` and `kstwobign.sf`. */
describe('ksTwoSample', () => {
  it('gives D = 1 and the exact p = 2 / C(n+m, n) for completely separated samples', () => {
    // Only the two extreme orderings (all x first, all y first) reach D = 1.
    const three = ksTwoSample([1, 2, 3], [4, 5, 6]);
    expect(three).toMatchObject({ statistic: 1, method: 'exact', ties: false, n: 3, m: 3 });
    expect(three.pValue).toBeCloseTo(2 / 20, 12);
    expect(ksTwoSample([5, 6, 7, 8], [1, 2, 3, 4]).pValue).toBeCloseTo(2 / 70, 12);
  });

  it('matches SciPy on small interleaved samples (exact)', () => {
    const a = ksTwoSample([0.1, 0.5, 0.9, 1.3, 2.2], [0.3, 0.7, 1.1, 1.6, 2.5, 3.0, 3.1]);
    expect(a.statistic).toBeCloseTo(3 / 7, 12);
    expect(a.pValue).toBeCloseTo(0.5454545454545454, 12);
    const odd = Array.from({ length: 10 }, (_, i) => 2 * i + 1);
    const even = Array.from({ length: 15 }, (_, i) => 2 * i + 2);
    const b = ksTwoSample(odd, even);
    expect(b.statistic).toBeCloseTo(0.4, 12);
    expect(b.pValue).toBeCloseTo(0.2521145633206476, 12);
  });

  it('uses the Stephens-corrected Kolmogorov distribution when asked, or for large samples', () => {
    expect(ksTwoSample([1, 2, 3], [4, 5, 6], { method: 'asymptotic' }).pValue).toBeCloseTo(0.03262165165202116, 12);
    expect(
      ksTwoSample([0.1, 0.5, 0.9, 1.3, 2.2], [0.3, 0.7, 1.1, 1.6, 2.5, 3.0, 3.1], { method: 'asymptotic' }).pValue,
    ).toBeCloseTo(0.5264215904687604, 12);
    // n·m = 30 000: `auto` goes asymptotic. Two shifted, tie-free grids of scores.
    const x = Array.from({ length: 200 }, (_, i) => 0.5 + (0.3 * ((i * 37) % 101)) / 101);
    const y = Array.from({ length: 150 }, (_, i) => 0.42 + (0.3 * ((i * 53) % 103)) / 103);
    const big = ksTwoSample(x, y);
    expect(big.method).toBe('asymptotic');
    expect(big.statistic).toBeCloseTo(0.3016666666666667, 12);
    expect(big.pValue / 2.145020883642963e-7).toBeCloseTo(1, 9);
  });

  it('steps over tied values in both samples at once', () => {
    // CDFs after 1: 2/3 vs 1/3; after 2: 1 vs 1. A one-at-a-time merge would see 2/3 − 0.
    const tied = ksTwoSample([1, 1, 2], [1, 2, 2]);
    expect(tied).toMatchObject({ ties: true, method: 'asymptotic' });
    expect(tied.statistic).toBeCloseTo(1 / 3, 12);
    expect(tied.pValue).toBeCloseTo(0.9762126488644778, 12);
    // Heavily tied integer data (SciPy: D = 1/6, asymptotic p 0.0864).
    const x = Array.from({ length: 100 }, (_, i) => i % 10);
    const y = Array.from({ length: 120 }, (_, i) => i % 12);
    const many = ksTwoSample(x, y);
    expect(many.ties).toBe(true);
    expect(many.statistic).toBeCloseTo(1 / 6, 12);
    expect(many.pValue).toBeCloseTo(0.08638486618919088, 12);
    // Ties only within the tail of one sample still count.
    expect(ksTwoSample([1, 2], [3, 4, 4]).ties).toBe(true);
  });

  it('gives D = 0 and p = 1 for identical samples, in either order', () => {
    const r = ksTwoSample([3, 1, 2, 5], [5, 2, 3, 1]);
    expect(r.statistic).toBe(0);
    expect(r.pValue).toBe(1);
    expect(ksTwoSample([1, 2, 9], [4, 5]).statistic).toBe(ksTwoSample([4, 5], [1, 2, 9]).statistic);
  });

  it('refuses empty or non-finite samples', () => {
    expect(() => ksTwoSample([], [1])).toThrow(RangeError);
    expect(() => ksTwoSample([1, Number.NaN], [1])).toThrow(RangeError);
  });
});

describe('the null distributions', () => {
  it('Kolmogorov: the textbook critical values and both series agree at the switch', () => {
    expect(kolmogorovSurvival(1.2238)).toBeCloseTo(0.1, 4);
    expect(kolmogorovSurvival(1.3581)).toBeCloseTo(0.0499996304316674, 14);
    expect(kolmogorovSurvival(1.6276)).toBeCloseTo(0.010001537333060776, 14);
    expect(kolmogorovSurvival(0.5)).toBeCloseTo(0.9639452436648751, 14);
    expect(kolmogorovSurvival(0.3)).toBeCloseTo(0.9999906941986655, 14);
    expect(kolmogorovSurvival(2.5) / 7.453306344157342e-6).toBeCloseTo(1, 10);
    expect(kolmogorovSurvival(1.1799)).toBeCloseTo(0.12351204971188676, 14);
    expect(kolmogorovSurvival(1.18)).toBeCloseTo(0.1234538094297657, 14);
    expect(kolmogorovSurvival(0)).toBe(1);
  });

  it('Smirnov exact: P(D < d) sums to the counted lattice paths', () => {
    // n = m = 2: orderings of xxyy (C(4,2) = 6); D = 1 for xxyy and yyxx, D = 1/2 for the other four.
    expect(smirnovExactCdf(1, 2, 2)).toBeCloseTo(4 / 6, 12);
    expect(smirnovExactCdf(0.5, 2, 2)).toBeCloseTo(0, 12);
    expect(smirnovExactCdf(1, 3, 2)).toBeCloseTo(smirnovExactCdf(1, 2, 3), 14);
  });
});
