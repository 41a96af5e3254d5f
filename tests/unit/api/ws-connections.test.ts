import { describe, expect, it } from 'vitest';
import { ConnectionCounts } from '../../../src/api/ws-connections.js';

describe('ConnectionCounts', () => {
  it('admits connections per bucket up to the limit, and again once one closes', () => {
    const counts = new ConnectionCounts(2);
    expect([counts.tryOpen('key:a'), counts.tryOpen('key:a'), counts.tryOpen('key:a')]).toEqual([true, true, false]);
    expect(counts.tryOpen('key:b')).toBe(true);
    counts.close('key:a');
    expect(counts.tryOpen('key:a')).toBe(true);
    expect(counts.tryOpen('key:a')).toBe(false);
  });
});
