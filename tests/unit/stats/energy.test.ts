import { describe, expect, it } from 'vitest';
import { energyTest } from '../../../src/stats/energy.js';
import { createRandom } from '../../../src/lib/random.js';

const gaussian = (count: number, mean: number[], seed: number) => {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => mean.map((mu) => mu + random.normal()));
};

describe('energyTest', () => {
  it('computes the energy distance by hand on tiny samples', async () => {
    // 2·|0 − 1| − 0 − 0
    expect((await energyTest([[0]], [[1]], { permutations: 1 })).statistic).toBeCloseTo(2, 12);
    // 2·mean(1, 1) − mean(0, 2, 2, 0) − 0
    expect((await energyTest([[0], [2]], [[1]], { permutations: 1 })).statistic).toBeCloseTo(1, 12);
    // Euclidean in the plane: 2·5 − 0 − 0
    expect((await energyTest([[0, 0]], [[3, 4]], { permutations: 1 })).statistic).toBeCloseTo(10, 12);
  });

  it('gives E = 0 and p = 1 for the same sample twice', async () => {
    const x = gaussian(10, [0, 0, 0], 1);
    const r = await energyTest(x, x, { permutations: 99 });
    expect(r.statistic).toBeCloseTo(0, 12);
    expect(r.pValue).toBe(1);
  });

  it('approaches the exact permutation p-value: {0, 1} vs {10, 11} is 2 of the 6 splits', async () => {
    const r = await energyTest([[0], [1]], [[10], [11]], { permutations: 4999, seed: 7 });
    expect(r.pValue).toBeGreaterThan(1 / 3 - 0.03);
    expect(r.pValue).toBeLessThan(1 / 3 + 0.03);
  });

  it('stays quiet on two samples of one distribution and finds a shifted one', async () => {
    const zero = new Array(8).fill(0);
    const same = await energyTest(gaussian(60, zero, 11), gaussian(60, zero, 12));
    expect(same.pValue).toBeGreaterThan(0.05);
    const shifted = await energyTest(gaussian(60, zero, 13), gaussian(60, [1, ...zero.slice(1)], 14));
    expect(shifted.pValue).toBe(1 / 1000);
    expect(shifted.statistic).toBeGreaterThan(same.statistic);
  });

  it('is reproducible: one input, one p-value', async () => {
    const x = gaussian(20, [0, 0], 3);
    const y = gaussian(25, [0.3, 0], 4);
    const a = await energyTest(x, y, { seed: 5 });
    const b = await energyTest(x, y, { seed: 5 });
    expect(a).toEqual(b);
  });

  it('refuses empty samples and mixed dimensions', async () => {
    await expect(energyTest([], [[1]])).rejects.toThrow(RangeError);
    await expect(energyTest([[1, 2]], [[1]])).rejects.toThrow(RangeError);
  });
});
