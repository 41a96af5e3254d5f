import { describe, expect, it } from 'vitest';
import { consensus, DEFAULT_GALLERY_POLICY, place, type Embedded } from '../../../src/services/gallery-policy.js';

/** A unit vector at `degrees` in the plane of the first two axes (cosine between two = cos of the angle). */
function at(degrees: number, dim = 8): Float32Array {
  const v = new Float32Array(dim);
  v[0] = Math.cos((degrees * Math.PI) / 180);
  v[1] = Math.sin((degrees * Math.PI) / 180);
  return v;
}

const view = (id: string, userId: string, degrees: number): Embedded => ({ id, userId, embedding: at(degrees) });
const policy = { ...DEFAULT_GALLERY_POLICY, consensusUsers: 3, consensusSimilarity: 0.9 };

describe('gallery policy: consensus', () => {
  it('accepts similar photos once enough distinct users confirmed them', () => {
    const candidate = view('c', 'u1', 0);
    const others = [view('a', 'u2', 5), view('b', 'u3', 10)];
    expect(consensus(candidate, others, policy)?.sort()).toEqual(['a', 'b', 'c']);
  });

  it('never counts one user twice, however many photos they confirm', () => {
    const candidate = view('c', 'liar', 0);
    const others = Array.from({ length: 50 }, (_, i) => view(`x${i}`, 'liar', i % 3));
    expect(consensus(candidate, others, policy)).toBeNull();
  });

  it('leaves out photos that do not look alike', () => {
    // cos 30° ≈ 0.87 < 0.9: the third user photographed something else.
    const candidate = view('c', 'u1', 0);
    expect(consensus(candidate, [view('a', 'u2', 5), view('b', 'u3', 30)], policy)).toBeNull();
  });

  it('is off at 0 users', () => {
    const candidate = view('c', 'u1', 0);
    const others = [view('a', 'u2', 0), view('b', 'u3', 0)];
    expect(consensus(candidate, others, { ...policy, consensusUsers: 0 })).toBeNull();
  });
});

describe('gallery policy: placing a view', () => {
  const catalog = [at(0)];

  it('adds a view unlike the images the product has', () => {
    expect(place(at(40), [], catalog, policy)).toEqual({ kind: 'add' });
  });

  it('rejects a near duplicate of a catalog image or of a view', () => {
    expect(place(at(1), [], catalog, { ...policy, duplicateSimilarity: 0.999 })).toMatchObject({ kind: 'reject' });
    const views = [{ id: 'v', embedding: at(60) }];
    expect(place(at(60.5), views, catalog, { ...policy, duplicateSimilarity: 0.999 })).toMatchObject({
      kind: 'reject',
      reason: expect.stringMatching(/nearly identical/),
    });
  });

  it('in a full gallery, replaces the view that adds least by one that adds more, and no other', () => {
    const full = { ...policy, maxViewsPerProduct: 3, duplicateSimilarity: 0.99999 };
    // v1 and v2 sit 2° apart: either adds least (the other one stays).
    const views = [
      { id: 'v1', embedding: at(60) },
      { id: 'v2', embedding: at(62) },
      { id: 'v3', embedding: at(120) },
    ];
    const placed = place(at(170), views, catalog, full);
    expect(placed.kind).toBe('replace');
    expect(['v1', 'v2']).toContain(placed.kind === 'replace' && placed.replaced);
    // A photo 1° from v3 would add less than v1 or v2: the gallery stays as it is.
    expect(place(at(121), views, catalog, full)).toMatchObject({
      kind: 'reject',
      reason: expect.stringMatching(/most/),
    });
  });

  it('accepts nothing when the cap is 0', () => {
    expect(place(at(90), [], catalog, { ...policy, maxViewsPerProduct: 0 })).toMatchObject({ kind: 'reject' });
  });
});
