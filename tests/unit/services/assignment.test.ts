import { describe, expect, it } from 'vitest';
import { armIndexFor, bucketBounds, bucketOf, BUCKETS, stableHash } from '../../../src/services/assignment.js';

const EXPERIMENT = '6f1d2a4e-8b3c-4f5a-9e7d-0c1b2a3d4e5f';
const USERS = Array.from({ length: 1000 }, (_, i) => `telegram:${100000 + i}`);

describe('sticky assignment', () => {
  it('is a pure function of (experiment, user)', () => {
    expect(stableHash('abc')).toBe(stableHash('abc'));
    expect(bucketOf(EXPERIMENT, 'telegram:1')).toBe(bucketOf(EXPERIMENT, 'telegram:1'));
    for (const user of USERS) expect(bucketOf(EXPERIMENT, user)).toBeLessThan(BUCKETS);
    // Another experiment reshuffles users: not everyone lands in the same half again.
    const other = USERS.filter((u) => bucketOf(EXPERIMENT, u) < 5000 !== bucketOf('another', u) < 5000);
    expect(other.length).toBeGreaterThan(300);
  });

  it('splits 1,000 users 50/50 within 47–53%, and 90/10 moves only users of the shrinking arm', () => {
    const half = bucketBounds([1, 1]);
    const before = USERS.map((u) => armIndexFor(bucketOf(EXPERIMENT, u), half));
    const share = before.filter((a) => a === 0).length / USERS.length;
    expect(share).toBeGreaterThanOrEqual(0.47);
    expect(share).toBeLessThanOrEqual(0.53);

    const ninety = bucketBounds([9, 1]);
    const after = USERS.map((u) => armIndexFor(bucketOf(EXPERIMENT, u), ninety));
    const moved = USERS.map((_, i) => [before[i], after[i]] as const).filter(([b, a]) => b !== a);
    expect(moved.length).toBeGreaterThan(0);
    expect(moved.every(([b, a]) => b === 1 && a === 0)).toBe(true);
    const controlShare = after.filter((a) => a === 0).length / USERS.length;
    expect(controlShare).toBeGreaterThan(0.87);
    expect(controlShare).toBeLessThan(0.93);
  });

  it('bucket bounds follow the weights and always end at the last bucket', () => {
    expect(bucketBounds([1, 1])).toEqual([5000, 10000]);
    expect(bucketBounds([9, 1])).toEqual([9000, 10000]);
    expect(bucketBounds([1, 1, 1])).toEqual([3333, 6667, 10000]);
    expect(bucketBounds([0, 1])).toEqual([0, 10000]);
    expect(armIndexFor(0, [0, 10000])).toBe(1);
    expect(() => bucketBounds([0, 0])).toThrow(/more than 0/);
  });
});
