/**
 * Sticky assignment of end users to experiment arms: a pure function of (experiment, user).
 *
 * A user's bucket (0..9,999) comes from a stable hash and never changes during an experiment.
 * Arms own consecutive bucket ranges in a fixed order, sized by their weights, so changing
 * weights moves only the users at the margins: going from 50/50 to 90/10 moves buckets
 * 5,000–8,999 from the second arm to the first, and nobody the other way.
 */

export const BUCKETS = 10_000;

const encoder = new TextEncoder();

/** FNV-1a (32-bit) over UTF-8, finished with murmur3's fmix32 so nearby ids spread evenly. */
export function stableHash(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of encoder.encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function bucketOf(experimentId: string, userId: string): number {
  return stableHash(`${experimentId}\u0000${userId}`) % BUCKETS;
}

/** Each arm's exclusive upper bucket, in arm order (the last is always BUCKETS). */
export function bucketBounds(weights: readonly number[]): number[] {
  const total = weights.reduce((s, w) => s + w, 0);
  if (!(total > 0)) throw new Error('arm weights must sum to more than 0');
  let cumulative = 0;
  return weights.map((w, i) => {
    cumulative += w;
    return i === weights.length - 1 ? BUCKETS : Math.round((cumulative / total) * BUCKETS);
  });
}

/** The index of the arm that owns `bucket`. */
export function armIndexFor(bucket: number, bounds: readonly number[]): number {
  for (let i = 0; i < bounds.length; i++) if (bucket < bounds[i]!) return i;
  return bounds.length - 1;
}
