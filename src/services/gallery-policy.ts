import { cosine } from '../ml/vectors.js';

/** The settings of the gallery's trust and size rules (GALLERY_* in src/config.ts). */
export type GalleryPolicy = {
  /** Views per product at most; a fuller gallery keeps the most distinct ones. */
  maxViewsPerProduct: number;
  /** A photo at least this similar (cosine of base embeddings) to one the product has adds nothing. */
  duplicateSimilarity: number;
  /** Distinct users whose similar photos, confirmed for the same product, accept them all (0: never). */
  consensusUsers: number;
  /** How similar two photos must be to count as the same sight for `consensusUsers`. */
  consensusSimilarity: number;
  /** Users whose confirmations are accepted at once (stored ids, e.g. `key:<id>/telegram:42`). */
  trustedUsers: readonly string[];
};

export const DEFAULT_GALLERY_POLICY: GalleryPolicy = {
  maxViewsPerProduct: 20,
  duplicateSimilarity: 0.995,
  consensusUsers: 0,
  consensusSimilarity: 0.95,
  trustedUsers: [],
};

export type Embedded = { id: string; userId: string; embedding: Float32Array };

/**
 * The views (this one included) that agree with `candidate`: photos of the same product at
 * least `consensusSimilarity` alike. They are accepted together once they come from
 * `consensusUsers` distinct users; one user agreeing with themself, however often, never is.
 */
export function consensus(candidate: Embedded, others: readonly Embedded[], policy: GalleryPolicy): string[] | null {
  if (policy.consensusUsers < 1) return null;
  const group = [candidate, ...others.filter((o) => o.id !== candidate.id)].filter(
    (o) => o === candidate || cosine(o.embedding, candidate.embedding) >= policy.consensusSimilarity,
  );
  const users = new Set(group.map((o) => o.userId));
  return users.size >= policy.consensusUsers ? group.map((o) => o.id) : null;
}

export type Placement = { kind: 'add' } | { kind: 'replace'; replaced: string } | { kind: 'reject'; reason: string };

/**
 * Where an accepted photo goes in its product's gallery: in, unless it nearly repeats a catalog
 * image or a view the product has; into a full gallery only in place of the view that adds least
 * (the one most like another entry), and only when the new photo is less alike than that one.
 */
export function place(
  candidate: Float32Array,
  views: ReadonlyArray<{ id: string; embedding: Float32Array }>,
  catalog: readonly Float32Array[],
  policy: GalleryPolicy,
): Placement {
  const entries = [...catalog, ...views.map((v) => v.embedding)];
  const closeness = nearestSimilarity(candidate, entries);
  if (closeness >= policy.duplicateSimilarity) {
    return {
      kind: 'reject',
      reason: `nearly identical to an image the product has (similarity ${closeness.toFixed(3)})`,
    };
  }
  if (views.length < policy.maxViewsPerProduct) return { kind: 'add' };
  let weakest: { id: string; closeness: number } | null = null;
  for (const view of views) {
    const others = entries.filter((e) => e !== view.embedding);
    const c = nearestSimilarity(view.embedding, others);
    if (!weakest || c > weakest.closeness) weakest = { id: view.id, closeness: c };
  }
  if (weakest && weakest.closeness > closeness) return { kind: 'replace', replaced: weakest.id };
  return {
    kind: 'reject',
    reason: `the product has ${views.length} views (the most it keeps) and each adds more than this photo would`,
  };
}

function nearestSimilarity(vector: Float32Array, entries: readonly Float32Array[]): number {
  let best = -Infinity;
  for (const entry of entries) best = Math.max(best, cosine(vector, entry));
  return best;
}
