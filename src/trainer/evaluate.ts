import { applyAdapterMany, normalise, type Adapter } from './adapter.js';
import type { TrainingData } from './data.js';

export interface EvaluationMetrics {
  /** Share of queries whose positive product ranks first. */
  top1: number;
  recallAt5: number;
  /** Mean reciprocal rank of the positive product. */
  mrr: number;
  /** How many examples were evaluated; 0 means the other numbers say nothing. */
  queries: number;
}

export const NO_METRICS: Readonly<EvaluationMetrics> = Object.freeze({ top1: 0, recallAt5: 0, mrr: 0, queries: 0 });

/**
 * Ranks every product for each example with a positive, the way search does: a product scores
 * its best image's cosine to the query, the query and the whole catalog adapted by the same
 * adapter (null = the base encoder). Ties count against the positive. The catalog is adapted
 * once per call. Plain typed-array loops; training evaluates on tfjs through `rankPositives`.
 */
export function evaluate(
  adapter: Adapter | null,
  data: TrainingData,
  exampleIndices: readonly number[],
): EvaluationMetrics {
  const project = (vectors: Float32Array[]) =>
    adapter ? applyAdapterMany(adapter, vectors) : vectors.map((v) => normalise(Float32Array.from(v)));
  return rankPositives(data, exampleIndices, (queryIds) => {
    const catalog = project(data.catalog.map((c) => c.vector));
    const queries = project(queryIds.map((q) => data.queries[q]!));
    const scores = new Float32Array(queries.length * catalog.length);
    queries.forEach((q, i) => catalog.forEach((c, j) => (scores[i * catalog.length + j] = dot(q, c))));
    return scores;
  });
}

/**
 * The metrics from a similarity matrix: `similarities(queryIds)` returns, row-major, the cosine
 * of each of those (distinct) queries to every catalog image.
 */
export function rankPositives(
  data: TrainingData,
  exampleIndices: readonly number[],
  similarities: (queryIds: number[]) => Float32Array,
): EvaluationMetrics {
  const examples = exampleIndices.map((i) => data.examples[i]!).filter((e) => e.positive !== null);
  if (examples.length === 0) return { ...NO_METRICS };
  const queryIds = [...new Set(examples.map((e) => e.query))];
  const row = new Map(queryIds.map((q, i) => [q, i]));
  const images = data.catalog.length;
  const matrix = similarities(queryIds);
  const products = Int32Array.from(data.catalog, (c) => c.product);

  let top1 = 0;
  let recallAt5 = 0;
  let reciprocalRanks = 0;
  const scores = new Float32Array(data.productCount);
  for (const example of examples) {
    const offset = row.get(example.query)! * images;
    productScores(matrix.subarray(offset, offset + images), products, scores);
    const target = scores[example.positive!]!;
    if (target === -Infinity) continue; // a positive without a catalog image is never found
    let rank = 1;
    for (let p = 0; p < scores.length; p++) if (p !== example.positive && scores[p]! >= target) rank++;
    if (rank === 1) top1++;
    if (rank <= 5) recallAt5++;
    reciprocalRanks += 1 / rank;
  }
  const n = examples.length;
  return { top1: top1 / n, recallAt5: recallAt5 / n, mrr: reciprocalRanks / n, queries: n };
}

/** Each product's best image score (-Infinity without images), written into `scores`. */
function productScores(imageScores: Float32Array, products: Int32Array, scores: Float32Array): void {
  scores.fill(-Infinity);
  for (let c = 0; c < imageScores.length; c++) {
    const product = products[c]!;
    if (imageScores[c]! > scores[product]!) scores[product] = imageScores[c]!;
  }
}

export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}
