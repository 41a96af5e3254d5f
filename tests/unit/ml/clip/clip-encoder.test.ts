import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClipEncoder } from '../../../../src/ml/clip/clip-encoder.js';
import { preprocessImage } from '../../../../src/ml/clip/preprocess.js';
import { ClipTokenizer } from '../../../../src/ml/clip/tokenizer.js';
import { makeImage } from '../../../helpers/images.js';
import { BOS, EOS, writeTinyClip, type TinyClip } from '../../../helpers/onnx.js';

const SIDE = 224;

function normalised(v: number[]): number[] {
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

/** What the tiny vision model computes, from the preprocessed tensor: quadrant means · W_v. */
function expectedImageEmbedding(pixels: Float32Array, weights: Float32Array, dim: number): number[] {
  const features: number[] = [];
  const half = SIDE / 2;
  for (let c = 0; c < 3; c++) {
    for (let qy = 0; qy < 2; qy++) {
      for (let qx = 0; qx < 2; qx++) {
        let sum = 0;
        for (let y = qy * half; y < (qy + 1) * half; y++) {
          for (let x = qx * half; x < (qx + 1) * half; x++) sum += pixels[c * SIDE * SIDE + y * SIDE + x]!;
        }
        features.push(sum / (half * half));
      }
    }
  }
  const out = Array.from({ length: dim }, (_, d) => features.reduce((acc, f, k) => acc + f * weights[k * dim + d]!, 0));
  return normalised(out);
}

/** What the tiny text model computes: (ids × mask) · W_t over 77 positions. */
function expectedTextEmbedding(ids: number[], mask: number[] | null, weights: Float32Array, dim: number): number[] {
  const out = Array.from({ length: dim }, (_, d) =>
    ids.reduce((acc, id, i) => acc + id * (mask ? mask[i]! : 1) * weights[i * dim + d]!, 0),
  );
  return normalised(out);
}

function padded(tokens: number[], pad: number): { ids: number[]; mask: number[] } {
  return {
    ids: [...tokens, ...new Array<number>(77 - tokens.length).fill(pad)],
    mask: [...tokens.map(() => 1), ...new Array<number>(77 - tokens.length).fill(0)],
  };
}

function expectClose(actual: Float32Array, expected: number[], tolerance = 1e-4): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i]! - expected[i]!)).toBeLessThan(tolerance);
}

describe('ClipEncoder on a generated CLIP-shaped ONNX model', () => {
  let model: TinyClip;
  let encoder: ClipEncoder;
  let images: Buffer[];

  beforeAll(async () => {
    model = await writeTinyClip({ dim: 8 });
    encoder = await ClipEncoder.load(model.dir, 'clip-vit-base-patch32', { imageBatchSize: 2, textBatchSize: 2 });
    images = await Promise.all([
      makeImage(1, { width: 320, height: 240, format: 'jpeg' }),
      makeImage(2, { width: 200, height: 260, format: 'png' }),
      makeImage(3, { width: 96, height: 72, format: 'webp' }),
    ]);
  });

  afterAll(async () => {
    await encoder?.close();
    if (model) await fs.rm(model.dir, { recursive: true, force: true });
  });

  it('reports its id, dimension and the sha256 of the vision model', async () => {
    expect(encoder.id).toBe('clip-vit-base-patch32');
    expect(encoder.dim).toBe(8);
    const bytes = await fs.readFile(path.join(model.dir, 'onnx/vision_model.onnx'));
    expect(encoder.checksum).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(encoder.hasTextTower).toBe(true);
  });

  it('embeds images into unit vectors equal to the model computed by hand', async () => {
    const vectors = await encoder.embedImages(images);
    expect(vectors).toHaveLength(3);
    for (let i = 0; i < images.length; i++) {
      const v = vectors[i]!;
      expect(v).toBeInstanceOf(Float32Array);
      expect(Math.hypot(...v)).toBeCloseTo(1, 5);
      expectClose(v, expectedImageEmbedding(await preprocessImage(images[i]!), model.visionWeights, model.dim));
    }
    // Different images, different vectors.
    expect(Array.from(vectors[0]!)).not.toEqual(Array.from(vectors[1]!));
  });

  it('gives the same vectors batched (3 images in batches of 2) and one at a time', async () => {
    const batched = await encoder.embedImages(images);
    for (let i = 0; i < images.length; i++) {
      const [single] = await encoder.embedImages([images[i]!]);
      expectClose(single!, Array.from(batched[i]!), 1e-6);
    }
    expect(await encoder.embedImages([])).toEqual([]);
  });

  it('rejects an undecodable image', async () => {
    await expect(encoder.embedImages([images[0]!, Buffer.from('nope')])).rejects.toThrow();
  });

  it('tokenises like CLIP: start, words, end, padded with the end token to 77', async () => {
    const tokenizer = await ClipTokenizer.load(model.dir);
    const v = model.vocab;
    expect(tokenizer.encode('A  RED shoe')).toEqual([
      v.get(BOS),
      v.get('a</w>'),
      v.get('red</w>'),
      v.get('shoe</w>'),
      v.get(EOS),
    ]);
    const batch = tokenizer.encodeBatch(['bag', 'a red shoe']);
    expect([batch.batch, batch.length]).toEqual([2, 77]);
    expect(batch.inputIds.slice(77, 77 + 6)).toEqual([
      v.get(BOS),
      v.get('a</w>'),
      v.get('red</w>'),
      v.get('shoe</w>'),
      v.get(EOS),
      v.get(EOS),
    ]);
    expect(batch.attentionMask.slice(77, 77 + 6)).toEqual([1, 1, 1, 1, 1, 0]);
    // Too long: cut to 77 and still end with the end token.
    const long = tokenizer.encode(Array.from({ length: 100 }, () => 'bag').join(' '));
    expect(long).toHaveLength(77);
    expect(long.at(-1)).toBe(v.get(EOS));
  });

  it('embeds texts in batches, feeding input_ids and attention_mask', async () => {
    const texts = ['a red shoe', 'bag', 'red bag', 'shoe', 'a bag'];
    const vectors = await encoder.embedTexts(texts);
    expect(vectors).toHaveLength(5);
    const v = model.vocab;
    const { ids, mask } = padded(
      [v.get(BOS)!, v.get('a</w>')!, v.get('red</w>')!, v.get('shoe</w>')!, v.get(EOS)!],
      v.get(EOS)!,
    );
    expectClose(vectors[0]!, expectedTextEmbedding(ids, mask, model.textWeights, model.dim));
    for (let i = 0; i < texts.length; i++) {
      expect(Math.hypot(...vectors[i]!)).toBeCloseTo(1, 5);
      const [single] = await encoder.embedTexts([texts[i]!]);
      expectClose(single!, Array.from(vectors[i]!), 1e-6);
    }
  });

  it('releases its sessions on close and refuses work afterwards', async () => {
    const other = await ClipEncoder.load(model.dir);
    expect(other.id).toBe(path.basename(model.dir));
    await other.embedTexts(['bag']);
    await other.close();
    await other.close();
    await expect(other.embedImages(images)).rejects.toThrow(/closed/);
  });
});

describe('ClipEncoder with other export shapes', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await fs.rm(dir, { recursive: true, force: true });
  });

  it('runs a text model without attention_mask and takes dim from the graph when config.json has none', async () => {
    const model = await writeTinyClip({
      dim: 5,
      withAttentionMask: false,
      omitProjectionDim: true,
      legacyPreprocessorConfig: true,
    });
    dirs.push(model.dir);
    const encoder = await ClipEncoder.load(model.dir, 'tiny');
    try {
      expect(encoder.dim).toBe(5);
      const [vector] = await encoder.embedTexts(['bag']);
      const v = model.vocab;
      const { ids } = padded([v.get(BOS)!, v.get('bag</w>')!, v.get(EOS)!], v.get(EOS)!);
      // No mask input: the padding positions count too.
      expectClose(vector!, expectedTextEmbedding(ids, null, model.textWeights, model.dim));
      const [image] = await encoder.embedImages([await makeImage(4)]);
      expect(image).toHaveLength(5);
    } finally {
      await encoder.close();
    }
  });

  it('refuses a config.json whose projection_dim contradicts the model', async () => {
    const model = await writeTinyClip({ dim: 8 });
    dirs.push(model.dir);
    await fs.writeFile(path.join(model.dir, 'config.json'), JSON.stringify({ projection_dim: 512 }));
    await expect(ClipEncoder.load(model.dir)).rejects.toThrow(/projection_dim 512/);
  });

  it('works without a text tower, and says so when asked for texts', async () => {
    const model = await writeTinyClip({ dim: 8 });
    dirs.push(model.dir);
    await fs.rm(path.join(model.dir, 'onnx/text_model.onnx'));
    const encoder = await ClipEncoder.load(model.dir);
    try {
      expect(encoder.hasTextTower).toBe(false);
      expect(await encoder.embedImages([await makeImage(5)])).toHaveLength(1);
      await expect(encoder.embedTexts(['bag'])).rejects.toThrow(/no onnx\/text_model.onnx/);
    } finally {
      await encoder.close();
    }
  });

  it('fails clearly when the directory has no vision model', async () => {
    const model = await writeTinyClip();
    dirs.push(model.dir);
    await fs.rm(path.join(model.dir, 'onnx/vision_model.onnx'));
    await expect(ClipEncoder.load(model.dir)).rejects.toThrow(/vision_model.onnx/);
  });
});
