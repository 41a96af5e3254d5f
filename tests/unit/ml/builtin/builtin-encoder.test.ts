import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BuiltinEncoder,
  DEFAULT_PARAMS,
  describePixels,
  PixelDescriptor,
  type DescriptorParams,
} from '../../../../src/ml/builtin/index.js';
import { makeImage } from '../../../helpers/images.js';

const COIL = path.resolve(import.meta.dirname, '../../../../../shared/datasets/coil100-dev');

type Rgb = [number, number, number];

/** A product on a plain background: a two-tone box with a round logo, or a striped can. */
function product(kind: 'box' | 'can', background: Rgb, size = 128): Buffer {
  const pixels = Buffer.alloc(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let c: Rgb = background;
      const u = (x - size * 0.3) / (size * 0.4);
      const v = (y - size * 0.2) / (size * 0.6);
      if (u >= 0 && u < 1 && v >= 0 && v < 1) {
        if (kind === 'box') {
          c = v < 0.5 ? [200, 30, 30] : [230, 200, 40];
          if ((u - 0.5) ** 2 + (v - 0.5) ** 2 < 0.04) c = [30, 60, 180];
        } else {
          c = Math.floor(v * 6) % 2 === 0 ? [40, 150, 70] : [235, 235, 235];
        }
      }
      pixels.set(c, (y * size + x) * 3);
    }
  }
  return pixels;
}

function png(pixels: Buffer, size = 128): Promise<Buffer> {
  return sharp(pixels, { raw: { width: size, height: size, channels: 3 } })
    .png()
    .toBuffer();
}

function cosine(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

describe('BuiltinEncoder', () => {
  const encoder = new BuiltinEncoder();
  let box: Buffer;
  let can: Buffer;
  let boxVector: Float32Array;
  let canVector: Float32Array;

  beforeAll(async () => {
    box = await png(product('box', [0, 0, 0]));
    can = await png(product('can', [0, 0, 0]));
    [boxVector, canVector] = (await encoder.embedImages([box, can])) as [Float32Array, Float32Array];
  });

  /** The box after some change should stay close to the box, closer than the can is. */
  async function expectStillTheBox(changed: Buffer, threshold: number): Promise<void> {
    const [vector] = await encoder.embedImages([changed]);
    const same = cosine(vector!, boxVector);
    expect(same).toBeGreaterThan(threshold);
    expect(same).toBeGreaterThan(cosine(vector!, canVector) + 0.1);
  }

  it('has a stable id, a fixed dimension and a checksum of its parameters', () => {
    expect(encoder.id).toBe('builtin-v4');
    expect(encoder.dim).toBeGreaterThanOrEqual(256);
    expect(encoder.dim).toBeLessThanOrEqual(1024);
    expect(encoder.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(new BuiltinEncoder().checksum).toBe(encoder.checksum);
    const tweaked = new BuiltinEncoder({ ...DEFAULT_PARAMS, orientationBins: 9 });
    expect(tweaked.checksum).not.toBe(encoder.checksum);
  });

  it('gives unit vectors of its dimension, identical for identical bytes', async () => {
    const [a, b] = await encoder.embedImages([box, Buffer.from(box)]);
    expect(a).toHaveLength(encoder.dim);
    expect(cosine(a!, a!)).toBeCloseTo(1, 5);
    expect(Array.from(b!)).toEqual(Array.from(a!));
    expect(Array.from(a!)).toEqual(Array.from(boxVector));
  });

  it('tells different products apart', () => {
    expect(cosine(boxVector, canVector)).toBeLessThan(0.7);
  });

  it('is robust to JPEG re-encoding', async () => {
    await expectStillTheBox(await sharp(box).jpeg({ quality: 70 }).toBuffer(), 0.85);
  });

  it('is robust to a darker exposure (×0.8)', async () => {
    await expectStillTheBox(await sharp(box).linear(0.8, 0).png().toBuffer(), 0.9);
  });

  it('is robust to a small crop and a change of scale', async () => {
    const cropped = await sharp(box)
      .extract({ left: 8, top: 4, width: 112, height: 116 })
      .resize(150, 156)
      .png()
      .toBuffer();
    await expectStillTheBox(cropped, 0.85);
  });

  it('is robust to a new plain background', async () => {
    await expectStillTheBox(await png(product('box', [120, 160, 210])), 0.85);
    await expectStillTheBox(await png(product('box', [235, 230, 220])), 0.85);
  });

  it('is robust to a new striped background', async () => {
    const pixels = product('box', [0, 0, 0]);
    for (let y = 0; y < 128; y++) {
      for (let x = 0; x < 128; x++) {
        const i = (y * 128 + x) * 3;
        if (pixels[i] === 0 && pixels[i + 1] === 0 && pixels[i + 2] === 0) {
          pixels.set(Math.floor((x + y) / 10) % 2 === 0 ? [90, 140, 200] : [240, 240, 230], i);
        }
      }
    }
    await expectStillTheBox(await png(pixels), 0.8);
  });

  it('matches a COIL-100 object on a new background to itself rather than to another object', async () => {
    const [first, second] = await Promise.all(
      ['obj1__0.png', 'obj3__0.png'].map((file) => fs.readFile(path.join(COIL, file))),
    );
    // Replace the near-black studio background with a light grey-green.
    const { data, info } = await sharp(first!).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    for (let i = 0; i < data.length; i += 3) {
      if (Math.max(data[i]!, data[i + 1]!, data[i + 2]!) < 40) data.set([170, 185, 160], i);
    }
    const moved = await sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } })
      .jpeg()
      .toBuffer();
    const [a, b, query] = await encoder.embedImages([first!, second!, moved]);
    // Square-root (Hellinger) bins put unrelated objects nearer in cosine than v1's 0.3 power did,
    // and v3's silhouette block (alike for any two squat objects, as these are) nearer still.
    expect(cosine(query!, a!)).toBeGreaterThan(cosine(query!, b!) + 0.04);
  });

  it('embeds a catalog photo as its mean over lighting variants: deterministic, within 1 % of the plain embedding', async () => {
    const photos = await Promise.all(
      ['obj1__0.png', 'obj5__0.png', 'obj13__0.png', 'obj27__0.png'].map((file) => fs.readFile(path.join(COIL, file))),
    );
    const catalog = await encoder.embedCatalogImages([...photos, box]);
    const plain = await encoder.embedImages([...photos, box]);
    expect(Array.from((await encoder.embedCatalogImages([box]))[0]!)).toEqual(Array.from(catalog[4]!));
    for (const [i, vector] of catalog.entries()) {
      expect(vector).toHaveLength(encoder.dim);
      expect(cosine(vector, vector)).toBeCloseTo(1, 5);
      // Stored embeddings serve both ways (ImageEncoder.embedCatalogImages): they must agree.
      expect(cosine(vector, plain[i]!)).toBeGreaterThan(0.99);
      expect(cosine(vector, plain[i]!)).toBeLessThan(1 - 1e-6);
    }
  });

  it('puts the catalog nearer to relit shopper photos of the same product than a plain embedding does', async () => {
    const photos = await Promise.all(
      [1, 5, 13, 27].map((object) => fs.readFile(path.join(COIL, `obj${object}__0.png`))),
    );
    // The same view under warmer, dimmer, flatter and harder light.
    const relit = (photo: Buffer, [r, g, b]: Rgb, contrast: number) =>
      sharp(photo)
        .removeAlpha()
        .linear(contrast, 128 * (1 - contrast))
        .recomb([
          [r, 0, 0],
          [0, g, 0],
          [0, 0, b],
        ])
        .jpeg({ quality: 85 })
        .toBuffer();
    const lights: Array<[Rgb, number]> = [
      [[1.06, 1, 0.94], 1],
      [[0.9, 0.9, 0.9], 1],
      [[1, 1, 1], 0.9],
      [[0.97, 1.03, 1.05], 1.1],
    ];
    const queries = await Promise.all(photos.flatMap((p) => lights.map(([gain, c]) => relit(p, gain, c))));
    const queryVectors = await encoder.embedImages(queries);
    const catalog = await encoder.embedCatalogImages(photos);
    const plain = await encoder.embedImages(photos);
    let closer = 0;
    for (const [q, vector] of queryVectors.entries()) {
      const own = Math.floor(q / lights.length);
      if (cosine(vector, catalog[own]!) > cosine(vector, plain[own]!)) closer++;
    }
    expect(closer).toBeGreaterThanOrEqual(queries.length - 2);
  });

  it('keeps the input order in a batch larger than its decode parallelism', async () => {
    const images = await Promise.all(Array.from({ length: 9 }, (_, i) => makeImage(i + 1)));
    const batch = await encoder.embedImages(images);
    const one = await Promise.all(images.map(async (image) => (await encoder.embedImages([image]))[0]!));
    expect(batch.map((v) => Array.from(v))).toEqual(one.map((v) => Array.from(v)));
  });

  it('embeds JPEG, WebP and large images (resized by sharp)', async () => {
    const images = await Promise.all([
      makeImage(3, { format: 'jpeg' }),
      makeImage(3, { format: 'webp' }),
      makeImage(3, { width: 900, height: 700, format: 'jpeg' }),
    ]);
    const vectors = await encoder.embedImages(images);
    for (const v of vectors) expect(cosine(v, v)).toBeCloseTo(1, 5);
  });

  it('throws a clear error on undecodable input', async () => {
    await expect(encoder.embedImages([box, Buffer.from('not an image')])).rejects.toThrow(
      /image 1 could not be decoded/,
    );
  });

  it('returns nothing for an empty batch', async () => {
    expect(await encoder.embedImages([])).toEqual([]);
  });
});

describe('describePixels', () => {
  it('is pure: same pixels, same vector, and unit length', () => {
    const pixels = product('box', [0, 0, 0], 64);
    const a = describePixels(pixels, 64, 64);
    const b = describePixels(Buffer.from(pixels), 64, 64);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(cosine(a, a)).toBeCloseTo(1, 5);
  });

  it('describes a plain image (nothing stands out from the border) without NaNs', () => {
    const grey = Buffer.alloc(32 * 24 * 3, 128);
    const v = describePixels(grey, 32, 24);
    expect(v.every(Number.isFinite)).toBe(true);
    expect(cosine(v, v)).toBeCloseTo(1, 5);
  });

  it('counts a part of the background colour that the product encloses as product', () => {
    // A box with a black band, shot on black and on light blue: the band must count both times.
    const banded = (background: Rgb) => {
      const pixels = product('box', background, 64);
      for (let y = 30; y < 34; y++) for (let x = 22; x < 44; x++) pixels.set([0, 0, 0], (y * 64 + x) * 3);
      return pixels;
    };
    const similarity = (descriptor: PixelDescriptor) =>
      cosine(descriptor.describe(banded([0, 0, 0]), 64, 64), descriptor.describe(banded([170, 200, 235]), 64, 64));
    const enclosed = similarity(new PixelDescriptor());
    expect(enclosed).toBeGreaterThan(0.9);
    expect(enclosed).toBeGreaterThan(similarity(new PixelDescriptor({ ...DEFAULT_PARAMS, enclosedBelow: 0 })) + 0.02);
  });

  it('weighs a colour by how solid its areas are, not only by its share (correlogram)', () => {
    // A white box, plain, with red specks spaced wider than any distance the correlogram reads,
    // or with as many red pixels in one patch.
    const spacing = Math.max(...DEFAULT_PARAMS.correlogram.distances) + 1;
    const columns = Math.ceil(27 / spacing);
    const rows = Math.ceil(39 / spacing);
    const box = (red: 'none' | 'specks' | 'patch') => {
      const pixels = product('box', [0, 0, 0], 64);
      for (let y = 13; y < 52; y++) {
        for (let x = 19; x < 46; x++) {
          const speck = (x - 19) % spacing === 0 && (y - 13) % spacing === 0;
          const patch = x >= 28 && x < 28 + columns && y >= 20 && y < 20 + rows;
          const isRed = red === 'specks' ? speck : red === 'patch' && patch;
          pixels.set(isRed ? [200, 30, 30] : [235, 235, 235], (y * 64 + x) * 3);
        }
      }
      return pixels;
    };
    const similarities = (weights: Partial<DescriptorParams['weights']>) => {
      const zero = { colour: 0, halfColour: 0, halfOrientation: 0, magnitude: 0, correlogram: 0, shape: 0 };
      const descriptor = new PixelDescriptor({ ...DEFAULT_PARAMS, weights: { ...zero, ...weights } });
      const plain = descriptor.describe(box('none'), 64, 64);
      return ['specks', 'patch'].map((red) =>
        cosine(plain, descriptor.describe(box(red as 'specks' | 'patch'), 64, 64)),
      ) as [number, number];
    };
    const [colourSpecks, colourPatch] = similarities({ colour: 1 });
    expect(Math.abs(colourSpecks - colourPatch)).toBeLessThan(0.02);
    const [specks, patch] = similarities({ correlogram: 1 });
    expect(specks).toBeGreaterThan(0.99);
    expect(patch).toBeLessThan(0.9);
  });

  it('has a correlogram that mirroring or turning the picture by 90° leaves alone', () => {
    const only = new PixelDescriptor({
      ...DEFAULT_PARAMS,
      weights: { colour: 0, halfColour: 0, halfOrientation: 0, magnitude: 0, correlogram: 1, shape: 0 },
    });
    const size = 64;
    const pixels = product('box', [20, 20, 20], size);
    const mirrored = Buffer.alloc(pixels.length);
    const turned = Buffer.alloc(pixels.length);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const from = pixels.subarray((y * size + x) * 3, (y * size + x) * 3 + 3);
        mirrored.set(from, (y * size + size - 1 - x) * 3);
        turned.set(from, (x * size + size - 1 - y) * 3);
      }
    }
    const v = only.describe(pixels, size, size);
    expect(cosine(v, v)).toBeCloseTo(1, 5);
    expect(cosine(v, only.describe(mirrored, size, size))).toBeCloseTo(1, 4);
    expect(cosine(v, only.describe(turned, size, size))).toBeCloseTo(1, 4);
  });

  it('tells a tall product from a squat one of the same colour by its silhouette, wherever and however big it is', () => {
    const only = new PixelDescriptor({
      ...DEFAULT_PARAMS,
      weights: { colour: 0, halfColour: 0, halfOrientation: 0, magnitude: 0, correlogram: 0, shape: 1 },
    });
    const size = 64;
    // A white rounded block (a bottle or a cup) on dark grey, centred at (cx, cy).
    const block = (cx: number, cy: number, halfWidth: number, halfHeight: number) => {
      const pixels = Buffer.alloc(size * size * 3, 30);
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          if (((x - cx) / halfWidth) ** 4 + ((y - cy) / halfHeight) ** 4 < 1)
            pixels.set([235, 235, 230], (y * size + x) * 3);
        }
      }
      return only.describe(pixels, size, size);
    };
    const tall = block(32, 32, 8, 22);
    expect(cosine(tall, block(24, 36, 6, 16.5))).toBeGreaterThan(0.95);
    expect(cosine(tall, block(32, 32, 20, 12))).toBeLessThan(0.8);
  });

  it('rejects a buffer that does not match the size', () => {
    expect(() => describePixels(Buffer.alloc(10), 4, 4)).toThrow(/RGB bytes/);
  });
});
