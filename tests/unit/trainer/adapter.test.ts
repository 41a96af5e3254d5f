import { describe, expect, it } from 'vitest';
import {
  adapterChecksum,
  applyAdapter,
  applyAdapterMany,
  deserializeAdapter,
  identityAdapter,
  normalise,
  serializeAdapter,
  type Adapter,
} from '../../../src/trainer/adapter.js';
import { applyAdapterManyFast } from '../../../src/trainer/model.js';
import { createRandom } from '../../../src/lib/random.js';

const random = createRandom(11);
const randomVector = (dim: number) => Float32Array.from({ length: dim }, () => random.normal());

describe('adapters', () => {
  it.each(['residual', 'diagonal', 'linear'] as const)('a fresh %s adapter is the identity (normalised)', (kind) => {
    const adapter = identityAdapter(kind, 48, 16, 3);
    const v = randomVector(48);
    const expected = normalise(Float32Array.from(v));
    expect(Array.from(applyAdapter(adapter, v))).toEqual(Array.from(expected).map((x) => expect.closeTo(x, 6)));
  });

  it('applies a residual adapter as v ⊙ scale + (v·down)·up, normalised', () => {
    // dim 2, rank 1: scale (2, 1), down [[1], [0]], up [[0, 3]]
    const adapter: Adapter = {
      kind: 'residual',
      dim: 2,
      rank: 1,
      tensors: { scale: Float32Array.of(2, 1), down: Float32Array.of(1, 0), up: Float32Array.of(0, 3) },
    };
    // v = (3, 4): v ⊙ scale = (6, 4); v·down = 3; + 3·(0, 3) = (6, 13) → /√205
    const out = applyAdapter(adapter, Float32Array.of(3, 4));
    expect(out[0]).toBeCloseTo(6 / Math.sqrt(205), 6);
    expect(out[1]).toBeCloseTo(13 / Math.sqrt(205), 6);
  });

  it('applies diagonal and linear adapters', () => {
    const diagonal: Adapter = { kind: 'diagonal', dim: 2, rank: 0, tensors: { scale: Float32Array.of(0, 2) } };
    expect(Array.from(applyAdapter(diagonal, Float32Array.of(5, 1)))).toEqual([0, 1]);
    // v·W with W = [[0, 1], [1, 0]] swaps the coordinates
    const linear: Adapter = { kind: 'linear', dim: 2, rank: 0, tensors: { weight: Float32Array.of(0, 1, 1, 0) } };
    const out = applyAdapter(linear, Float32Array.of(0.6, 0.8));
    expect(out[0]).toBeCloseTo(0.8, 6);
    expect(out[1]).toBeCloseTo(0.6, 6);
  });

  it.each(['residual', 'linear'] as const)('applies %s to many vectors as to one, in JS and on tfjs', async (kind) => {
    const adapter = perturbed(identityAdapter(kind, 40, 8, 2));
    const vectors = Array.from({ length: 37 }, () => randomVector(40));
    const one = vectors.map((v) => applyAdapter(adapter, v));
    const many = applyAdapterMany(adapter, vectors);
    const fast = await applyAdapterManyFast(adapter, vectors);
    for (let i = 0; i < vectors.length; i++) {
      for (let j = 0; j < 40; j++) {
        expect(many[i]![j]).toBeCloseTo(one[i]![j]!, 5);
        expect(fast[i]![j]).toBeCloseTo(one[i]![j]!, 4);
      }
    }
  });

  it('round-trips through the binary format with a stable checksum', () => {
    for (const kind of ['residual', 'diagonal', 'linear'] as const) {
      const adapter = perturbed(identityAdapter(kind, 24, 6, 9));
      const buf = serializeAdapter(adapter);
      const back = deserializeAdapter(buf);
      expect(back).toEqual(adapter);
      expect(adapterChecksum(serializeAdapter(back))).toBe(adapterChecksum(buf));
      expect(adapterChecksum(buf)).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('refuses corrupt weights with a clear error', () => {
    const buf = serializeAdapter(identityAdapter('residual', 16, 4));
    expect(() => deserializeAdapter(buf.subarray(0, 10))).toThrow(/corrupt adapter weights: .*shorter than the header/);
    expect(() => deserializeAdapter(buf.subarray(0, buf.length - 4))).toThrow(
      /corrupt adapter weights: .* bytes, expected/,
    );
    expect(() => deserializeAdapter(Buffer.concat([buf, Buffer.alloc(4)]))).toThrow(/corrupt/);
    const badMagic = Buffer.from(buf);
    badMagic.write('XXXX', 0, 'ascii');
    expect(() => deserializeAdapter(badMagic)).toThrow(/bad magic/);
    const badVersion = Buffer.from(buf);
    badVersion.writeUInt16LE(99, 4);
    expect(() => deserializeAdapter(badVersion)).toThrow(/format version 99/);
    const badKind = Buffer.from(buf);
    badKind.writeUInt8(42, 6);
    expect(() => deserializeAdapter(badKind)).toThrow(/unknown kind/);
    const badRank = Buffer.from(buf);
    badRank.writeUInt32LE(5, 12);
    expect(() => deserializeAdapter(badRank)).toThrow(/has \d+ values, expected/);
    const nan = Buffer.from(buf);
    nan.writeFloatLE(Number.NaN, nan.length - 4);
    expect(() => deserializeAdapter(nan)).toThrow(/non-finite/);
  });
});

function perturbed(adapter: Adapter): Adapter {
  for (const tensor of Object.values(adapter.tensors)) {
    for (let i = 0; i < tensor.length; i++) tensor[i]! += 0.2 * random.normal();
  }
  return adapter;
}
