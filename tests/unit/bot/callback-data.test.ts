import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_CALLBACK_DATA_BYTES,
  compactId,
  decodeAction,
  encodeAction,
  expandId,
  type Action,
} from '../../../src/bot/callback-data.js';

const uuid = fc.uuid();

/** Every kind of action, with arbitrary ids and values in range. */
const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({
    kind: fc.constant('verdict' as const),
    searchId: uuid,
    rank: fc.integer({ min: 1, max: 100 }),
    verdict: fc.constantFrom('CORRECT' as const, 'INCORRECT' as const),
  }),
  fc.record({ kind: fc.constant('rightProduct' as const), searchId: uuid }),
  fc.record({ kind: fc.constant('pickProduct' as const), searchId: uuid, productId: uuid }),
  fc.record({ kind: fc.constant('newProduct' as const), searchId: uuid }),
  fc.record({ kind: fc.constant('comment' as const), searchId: uuid }),
  fc.record({ kind: fc.constant('rateExample' as const), exampleId: uuid, quality: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant('examplesPage' as const), page: fc.integer({ min: 0, max: 100_000 }) }),
  fc.record({ kind: fc.constant('review' as const), annotationId: uuid, approve: fc.boolean() }),
  fc.record({ kind: fc.constant('activate' as const), versionId: uuid, force: fc.boolean() }),
  fc.record({ kind: fc.constant('rollback' as const) }),
  fc.record({ kind: fc.constant('cancelTraining' as const), runId: uuid }),
  fc.record({ kind: fc.constant('startExperiment' as const), candidateId: uuid }),
  fc.record({ kind: fc.constant('experimentReport' as const), experimentId: uuid }),
  fc.record({
    kind: fc.constant('stopExperiment' as const),
    experimentId: uuid,
    promoteVersionId: fc.option(uuid, { nil: null }),
  }),
);

describe('callback data', () => {
  it('packs a UUID into 22 base64url characters and back', () => {
    const id = '0b7e6f0c-3c1a-4d5e-9f10-a1b2c3d4e5f6';
    expect(compactId(id)).toHaveLength(22);
    expect(compactId(id)).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(expandId(compactId(id))).toBe(id);
    expect(expandId(compactId(id.toUpperCase()))).toBe(id);
    fc.assert(fc.property(uuid, (u) => expandId(compactId(u)) === u));
  });

  it('refuses what is not a UUID', () => {
    expect(() => compactId('product-1')).toThrow(/Not a UUID/);
    expect(expandId('short')).toBeNull();
    expect(expandId('A'.repeat(23))).toBeNull();
    // 22 characters whose last one carries bits a 16-byte value cannot have.
    expect(expandId(`${'A'.repeat(21)}B`)).toBeNull();
  });

  it('round-trips every action and stays within 64 bytes', () => {
    fc.assert(
      fc.property(action, (a) => {
        const data = encodeAction(a);
        expect(Buffer.byteLength(data)).toBeLessThanOrEqual(MAX_CALLBACK_DATA_BYTES);
        expect(decodeAction(data)).toEqual(a);
      }),
      { numRuns: 500 },
    );
  });

  it('uses the compact layout, e.g. f:<search>:<rank>:c', () => {
    const searchId = '0b7e6f0c-3c1a-4d5e-9f10-a1b2c3d4e5f6';
    const productId = 'ffffffff-ffff-4fff-bfff-ffffffffffff';
    expect(encodeAction({ kind: 'verdict', searchId, rank: 3, verdict: 'CORRECT' })).toBe(
      `f:${compactId(searchId)}:3:c`,
    );
    expect(encodeAction({ kind: 'verdict', searchId, rank: 3, verdict: 'INCORRECT' })).toBe(
      `f:${compactId(searchId)}:3:i`,
    );
    // The longest layout: two ids.
    expect(encodeAction({ kind: 'pickProduct', searchId, productId })).toHaveLength(47);
    expect(encodeAction({ kind: 'rollback' })).toBe('b');
    const e = compactId(searchId);
    const v = compactId(productId);
    expect(encodeAction({ kind: 'stopExperiment', experimentId: searchId, promoteVersionId: productId })).toBe(
      `xs:${e}:${v}`,
    );
    expect(encodeAction({ kind: 'stopExperiment', experimentId: searchId, promoteVersionId: null })).toBe(`xs:${e}`);
    expect(encodeAction({ kind: 'startExperiment', candidateId: productId })).toBe(`xn:${v}`);
  });

  it('decodes foreign, stale or tampered data as null', () => {
    const s = compactId('0b7e6f0c-3c1a-4d5e-9f10-a1b2c3d4e5f6');
    for (const data of [
      '',
      'x',
      'hello world',
      `f:${s}:0:c`, // ranks start at 1
      `f:${s}:1:x`,
      `f:${s}:1`,
      `f:${s}:1:c:extra`,
      `f:${s.slice(1)}:1:c`,
      `q:${s}:6`,
      `q:${s}:0`,
      `e:-1`,
      `e:1:2`,
      `a:${s}:maybe`,
      `v:${s}`,
      `b:${s}`,
      `r:${s}:1`,
      `p:${s}`,
      'xs',
      `xs:${s}:`,
      `xs:${s}:${s}:${s}`,
      `xr:${s}:${s}`,
      `xn:${s.slice(2)}`,
    ]) {
      expect(decodeAction(data), data).toBeNull();
    }
  });

  it('refuses to encode data that Telegram would reject', () => {
    expect(() => encodeAction({ kind: 'comment', searchId: 'not-a-uuid' })).toThrow();
  });
});
