import { createRandom } from '../lib/random.js';

/**
 * The two-sample energy test (Székely & Rizzo 2004): do two samples of vectors come from one
 * distribution? It compares every distribution feature at once (location, spread, shape), needs
 * no assumption about them, and is consistent against every alternative.
 *
 * Energy distance, from Euclidean distances (V-statistics, so each mean includes i = j):
 *   E = 2·mean|X − Y| − mean|X − X'| − mean|Y − Y'|   (≥ 0, and 0 only for equal distributions)
 *
 * p-value by a permutation test: the pooled sample's labels are reshuffled `permutations` times
 * with a fixed seed (so one input always gives one answer), and
 *   p = (1 + #{E_perm ≥ E_obs}) / (1 + permutations),
 * which is exact in level under "same distribution" (the labels are then exchangeable).
 * The pairwise distances are computed once; a permutation only re-sums them, O((n + m)²).
 */

export type EnergyResult = {
  /** The energy distance E between the two samples. */
  statistic: number;
  /** Permutation p-value; at least 1 / (1 + permutations). */
  pValue: number;
  permutations: number;
  n: number;
  m: number;
};

export type EnergyOptions = {
  /** Relabellings drawn (default 999: p can reach 0.001, below the usual α = 0.01). */
  permutations?: number;
  seed?: number;
  /**
   * Give the event loop a turn after this many milliseconds of work (default 10): a test on a few
   * hundred vectors takes ~100 ms, and an API shares this thread.
   */
  sliceMs?: number;
};

type Point = ArrayLike<number>;

export async function energyTest(
  x: readonly Point[],
  y: readonly Point[],
  options: EnergyOptions = {},
): Promise<EnergyResult> {
  const { permutations = 999, seed = 1, sliceMs = 10 } = options;
  const n = x.length;
  const m = y.length;
  if (n === 0 || m === 0) throw new RangeError('the energy test needs two non-empty samples');
  const points = [...x, ...y];
  const dim = points[0]!.length;
  if (points.some((p) => p.length !== dim)) throw new RangeError('every vector needs the same dimension');
  const total = n + m;
  let sliceStart = performance.now();
  const pause = async () => {
    if (performance.now() - sliceStart < sliceMs) return;
    await new Promise((resolve) => setImmediate(resolve));
    sliceStart = performance.now();
  };

  // Pairwise distances, and their sum over unordered pairs (fixed under relabelling).
  const distance = new Float64Array(total * total);
  let pairSum = 0;
  for (let i = 0; i < total; i++) {
    const p = points[i]!;
    for (let j = i + 1; j < total; j++) {
      const q = points[j]!;
      let s = 0;
      for (let k = 0; k < dim; k++) {
        const diff = p[k]! - q[k]!;
        s += diff * diff;
      }
      const d = Math.sqrt(s);
      distance[i * total + j] = d;
      distance[j * total + i] = d;
      pairSum += d;
    }
    await pause();
  }

  const labels = Array.from({ length: total }, (_, i) => i);
  const observed = energyOf(distance, total, labels, n, pairSum);
  const random = createRandom(seed);
  // Relative slack so that a relabelling equal to the observed one (up to rounding) counts.
  const threshold = observed - 1e-12 * Math.max(1, Math.abs(observed));
  let atLeast = 0;
  for (let b = 0; b < permutations; b++) {
    partialShuffle(labels, n, random.next);
    if (energyOf(distance, total, labels, n, pairSum) >= threshold) atLeast++;
    await pause();
  }
  return { statistic: observed, pValue: (1 + atLeast) / (1 + permutations), permutations, n, m };
}

/**
 * E for the grouping "the first n of `order` are X, the rest Y". Sums within each group; the
 * cross sum is what is left of the total.
 */
function energyOf(distance: Float64Array, total: number, order: readonly number[], n: number, pairSum: number): number {
  const m = total - n;
  const within = (from: number, to: number) => {
    let s = 0;
    for (let a = from; a < to; a++) {
      const row = order[a]! * total;
      for (let b = a + 1; b < to; b++) s += distance[row + order[b]!]!;
    }
    return s;
  };
  const xx = within(0, n);
  const yy = within(n, total);
  const xy = pairSum - xx - yy;
  // Ordered-pair means: Σ_{i,i'} = 2·Σ_{i<i'}.
  return (2 * xy) / (n * m) - (2 * xx) / (n * n) - (2 * yy) / (m * m);
}

/** A uniformly random choice of which n items come first (Fisher–Yates over the first n slots). */
function partialShuffle(items: number[], n: number, next: () => number): void {
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(next() * (items.length - i));
    const t = items[i]!;
    items[i] = items[j]!;
    items[j] = t;
  }
}
