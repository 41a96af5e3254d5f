import { normalise } from '../../../src/trainer/adapter.js';
import type { TrainingData, TrainingExample } from '../../../src/trainer/data.js';
import { dot } from '../../../src/trainer/evaluate.js';
import { createRandom, type Random } from '../../../src/lib/random.js';

export interface SyntheticOptions {
  dim: number;
  products: number;
  searches: number;
  imagesPerProduct?: number;
  /** Shared "background" directions that every query photo mixes in, with random weights. */
  nuisanceRank?: number;
  nuisance?: number;
  noise?: number;
  /** Wrong products judged per search (the base encoder's best wrong guesses). */
  negatives?: number;
  /** Share of searches that get only "incorrect" judgements. */
  negativeOnlyShare?: number;
  seed?: number;
}

/**
 * Feedback where the base encoder ranks poorly but an adapter can fix it: catalog images are
 * random unit vectors near their product's; each query photo is its product's vector plus a
 * strong random mix of a few shared nuisance directions. Projecting those out restores the
 * ranking, which a residual (or linear) adapter can learn from the feedback.
 */
export function syntheticFeedback(options: SyntheticOptions): TrainingData {
  const { dim, products, searches } = options;
  const imagesPerProduct = options.imagesPerProduct ?? 1;
  const nuisanceRank = options.nuisanceRank ?? 4;
  const nuisance = options.nuisance ?? 1.5;
  const noise = options.noise ?? 0.2;
  const negatives = options.negatives ?? 3;
  const negativeOnlyShare = options.negativeOnlyShare ?? 0.1;
  const random = createRandom(options.seed ?? 7);

  const centres = Array.from({ length: products }, () => unitVector(dim, random));
  const catalog: TrainingData['catalog'] = [];
  centres.forEach((centre, product) => {
    for (let i = 0; i < imagesPerProduct; i++) {
      const vector = Float32Array.from(centre, (x) => x + (i === 0 ? 0 : (0.3 * random.normal()) / Math.sqrt(dim)));
      catalog.push({ product, vector: normalise(vector) });
    }
  });
  const basis = Array.from({ length: nuisanceRank }, () => unitVector(dim, random));

  const queries: Float32Array[] = [];
  const examples: TrainingExample[] = [];
  for (let s = 0; s < searches; s++) {
    const product = Math.floor(random.next() * products);
    const query = Float32Array.from(centres[product]!, (x) => x + (noise * random.normal()) / Math.sqrt(dim));
    for (const direction of basis) {
      const weight = nuisance * random.normal();
      for (let i = 0; i < dim; i++) query[i]! += weight * direction[i]!;
    }
    normalise(query);
    queries.push(query);
    const wrong = centres
      .map((centre, p) => ({ p, score: dot(query, centre) }))
      .filter(({ p }) => p !== product)
      .sort((a, b) => b.score - a.score)
      .slice(0, negatives)
      .map(({ p }) => p);
    const searchId = `search-${s}`;
    const negativeOnly = random.next() < negativeOnlyShare;
    if (!negativeOnly) examples.push({ query: s, searchId, positive: product, negatives: wrong });
    else examples.push({ query: s, searchId, positive: null, negatives: wrong });
  }
  return { dim, queries, examples, catalog, productCount: products };
}

function unitVector(dim: number, random: Random): Float32Array {
  return normalise(Float32Array.from({ length: dim }, () => random.normal()));
}
