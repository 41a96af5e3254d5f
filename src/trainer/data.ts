import { createRandom, shuffle } from '../lib/random.js';

/** Feedback in an encoder's base space, with products and queries numbered from 0. */
export interface TrainingData {
  dim: number;
  /** The base embedding of each query photo. */
  queries: Float32Array[];
  examples: TrainingExample[];
  /** The base embedding of every catalog image; a product may have several. */
  catalog: Array<{ product: number; vector: Float32Array }>;
  productCount: number;
}

export interface TrainingExample {
  /** Index into `queries`. */
  query: number;
  searchId: string;
  /** The product the user confirmed or pointed at; null for "incorrect" judgements only. */
  positive: number | null;
  /** Products judged wrong for this search. */
  negatives: number[];
}

export interface DataSplit {
  /** Example indices used for training: every example of the training searches. */
  train: number[];
  /** Example indices (with a positive) of the held-out searches. */
  validation: number[];
}

/** Throws a clear Error when indices or dimensions do not fit together. */
export function validateTrainingData(data: TrainingData): void {
  const { dim, queries, examples, catalog, productCount } = data;
  if (!Number.isInteger(dim) || dim < 1) throw new Error(`training data dim ${dim} is invalid`);
  if (!Number.isInteger(productCount) || productCount < 0) throw new Error(`productCount ${productCount} is invalid`);
  queries.forEach((q, i) => {
    if (q.length !== dim) throw new Error(`query ${i} has ${q.length} dimensions, expected ${dim}`);
  });
  catalog.forEach((c, i) => {
    if (c.vector.length !== dim)
      throw new Error(`catalog image ${i} has ${c.vector.length} dimensions, expected ${dim}`);
    if (!isIndex(c.product, productCount))
      throw new Error(`catalog image ${i} names product ${c.product} of ${productCount}`);
  });
  examples.forEach((e, i) => {
    if (!isIndex(e.query, queries.length)) throw new Error(`example ${i} names query ${e.query} of ${queries.length}`);
    if (e.positive !== null && !isIndex(e.positive, productCount)) {
      throw new Error(`example ${i} names positive product ${e.positive} of ${productCount}`);
    }
    for (const n of e.negatives) {
      if (!isIndex(n, productCount)) throw new Error(`example ${i} names negative product ${n} of ${productCount}`);
    }
  });
}

function isIndex(value: number, count: number): boolean {
  return Number.isInteger(value) && value >= 0 && value < count;
}

/**
 * A seeded split by search: all examples of a search fall on one side. Searches that share a
 * query photo are kept together too, so the same photo is never trained on and evaluated.
 * Only groups with a positive can be evaluated, so the held-out share is taken among those;
 * at least one such group stays on the training side (0 held out when there are fewer than 2).
 */
export function splitBySearch(examples: readonly TrainingExample[], validationShare: number, seed: number): DataSplit {
  const groupOf = groupExamples(examples);
  const members = new Map<number, number[]>();
  examples.forEach((_, i) => {
    const group = groupOf[i]!;
    const list = members.get(group);
    if (list) list.push(i);
    else members.set(group, [i]);
  });
  const evaluable = [...members.keys()].filter((g) => members.get(g)!.some((i) => examples[i]!.positive !== null));
  const held = Math.min(Math.round(validationShare * evaluable.length), Math.max(0, evaluable.length - 1));
  const validationGroups = new Set(shuffle(evaluable, createRandom(seed ^ 0x5eed)).slice(0, held));
  const train: number[] = [];
  const validation: number[] = [];
  examples.forEach((example, i) => {
    if (!validationGroups.has(groupOf[i]!)) train.push(i);
    else if (example.positive !== null) validation.push(i);
  });
  return { train, validation };
}

/** Union–find over search ids and query photos; returns each example's group id. */
function groupExamples(examples: readonly TrainingExample[]): number[] {
  const parent: number[] = [];
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]!]!;
    return x;
  };
  const bySearch = new Map<string, number>();
  const byQuery = new Map<number, number>();
  examples.forEach((example, i) => {
    parent.push(i);
    for (const root of [bySearch.get(example.searchId), byQuery.get(example.query)]) {
      if (root !== undefined) parent[find(root)] = find(i);
    }
    bySearch.set(example.searchId, i);
    byQuery.set(example.query, i);
  });
  return examples.map((_, i) => find(i));
}
