import type { TrainingData } from './data.js';

/** A catalog image in the base space. */
export type CatalogVector = { productImageId: string; productId: string; vector: Float32Array };

/** One usable verdict with its query photo's base embedding. */
export type FeedbackRow = {
  id: string;
  searchId: string;
  userId: string;
  imageSha256: string;
  feedbackType: string;
  productId: string;
  embedding: Float32Array;
};

const POSITIVE_TYPES = new Set(['correct', 'correct_product', 'new_item']);

/**
 * Number the catalog's products and the query photos, and group verdicts into examples: the
 * judgements of one user on one search form one group, one example per positive (or one with no
 * positive when every verdict was "incorrect"). Verdicts on a product without an embedded image
 * are left out: it cannot be a target. Returns the data and the ids of the verdicts it used.
 */
export function feedbackTrainingData(
  dim: number,
  catalog: readonly CatalogVector[],
  rows: readonly FeedbackRow[],
): { training: TrainingData; exampleIds: string[] } {
  const productIndex = new Map<string, number>();
  for (const c of catalog) if (!productIndex.has(c.productId)) productIndex.set(c.productId, productIndex.size);

  const queryIndex = new Map<string, number>();
  const queries: Float32Array[] = [];
  const groups = new Map<string, { searchId: string; query: number; positives: Set<number>; negatives: Set<number> }>();
  const exampleIds: string[] = [];
  for (const row of rows) {
    const product = productIndex.get(row.productId);
    if (product === undefined) continue;
    let query = queryIndex.get(row.imageSha256);
    if (query === undefined) {
      query = queries.length;
      queryIndex.set(row.imageSha256, query);
      queries.push(row.embedding);
    }
    const key = `${row.searchId}\u0000${row.userId}`;
    let group = groups.get(key);
    if (!group)
      groups.set(key, (group = { searchId: row.searchId, query, positives: new Set(), negatives: new Set() }));
    (POSITIVE_TYPES.has(row.feedbackType) ? group.positives : group.negatives).add(product);
    exampleIds.push(row.id);
  }
  const examples: TrainingData['examples'] = [];
  for (const group of groups.values()) {
    const negatives = [...group.negatives].filter((n) => !group.positives.has(n));
    if (group.positives.size === 0)
      examples.push({ query: group.query, searchId: group.searchId, positive: null, negatives });
    for (const positive of group.positives) {
      examples.push({ query: group.query, searchId: group.searchId, positive, negatives });
    }
  }
  return {
    training: {
      dim,
      queries,
      examples,
      catalog: catalog.map((c) => ({ product: productIndex.get(c.productId)!, vector: c.vector })),
      productCount: productIndex.size,
    },
    exampleIds,
  };
}
