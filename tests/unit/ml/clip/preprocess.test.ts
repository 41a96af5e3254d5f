import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  CLIP_DEFAULTS,
  centerCropBox,
  centerCropRgb,
  decodeAndResize,
  parsePreprocessorConfig,
  preprocessImage,
  rgbToClipTensor,
  shortestEdgeSize,
} from '../../../../src/ml/clip/preprocess.js';
import { pilBicubicResize } from '../../../../src/ml/clip/resample.js';
import { makeImage } from '../../../helpers/images.js';

/** Raw RGB → PNG, so the pipeline decodes what we wrote, bit for bit. */
function png(
  width: number,
  height: number,
  pixel: (x: number, y: number) => [number, number, number],
): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) raw.set(pixel(x, y), (y * width + x) * 3);
  }
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}

describe('rgbToClipTensor', () => {
  it('rescales, normalises per channel and lays out CHW (hand-computed 2×2)', () => {
    // Row-major HWC: red, green / blue, (128, 64, 32).
    const rgb = Uint8Array.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 128, 64, 32]);
    const t = rgbToClipTensor(rgb, 2, 2);
    // (p / 255 − mean[c]) / std[c], computed by hand for each value.
    const expected = [
      // R plane
      1.930336, -1.792263, -1.792263, 0.076336,
      // G plane
      -1.752097, 2.074884, -1.752097, -0.7916,
      // B plane
      -1.48022, -1.48022, 2.145897, -1.025178,
    ];
    expect(t.length).toBe(12);
    expected.forEach((v, i) => expect(t[i]).toBeCloseTo(v, 5));
  });

  it('writes into a batch tensor at an offset', () => {
    const out = new Float32Array(2 * 3);
    rgbToClipTensor(Uint8Array.from([255, 255, 255]), 1, 1, CLIP_DEFAULTS, out, 3);
    expect(Array.from(out.slice(0, 3))).toEqual([0, 0, 0]);
    expect(out[3]).toBeCloseTo((1 - 0.48145466) / 0.26862954, 5);
  });

  it('rejects a buffer of the wrong size', () => {
    expect(() => rgbToClipTensor(new Uint8Array(11), 2, 2)).toThrow(/12 RGB bytes/);
  });
});

describe('geometry', () => {
  it('resizes the shortest side, truncating the long side as transformers does', () => {
    expect(shortestEdgeSize(640, 480, 224)).toEqual({ width: 298, height: 224 }); // 298.67
    expect(shortestEdgeSize(480, 640, 224)).toEqual({ width: 224, height: 298 });
    expect(shortestEdgeSize(300, 200, 224)).toEqual({ width: 336, height: 224 });
    expect(shortestEdgeSize(128, 128, 224)).toEqual({ width: 224, height: 224 });
  });

  it('centres the crop with floor division, padding with zeros when the image is smaller', () => {
    expect(centerCropBox(298, 224, 224, 224)).toEqual({ left: 37, top: 0, width: 224, height: 224 });
    expect(centerCropBox(224, 301, 224, 224)).toEqual({ left: 0, top: 38, width: 224, height: 224 });
    // 3×1 → 1×1 keeps the middle pixel; 1×1 → 3×1 pads both sides.
    expect(Array.from(centerCropRgb(Uint8Array.from([1, 1, 1, 2, 2, 2, 3, 3, 3]), 3, 1, 1, 1))).toEqual([2, 2, 2]);
    expect(Array.from(centerCropRgb(Uint8Array.from([9, 9, 9]), 1, 1, 3, 1))).toEqual([0, 0, 0, 9, 9, 9, 0, 0, 0]);
  });

  it('resizes a non-square image so its shortest side is 224 and crops the centre', async () => {
    // 896×448, red channel a horizontal ramp, green a vertical ramp: after ×1/2 and a crop
    // from x = 112, column j must show the source column ≈ 2(j + 112) + 0.5.
    const image = await png(896, 448, (x, y) => [Math.round((x * 255) / 895), Math.round((y * 255) / 447), 77]);
    const resized = await decodeAndResize(image);
    expect([resized.width, resized.height]).toEqual([448, 224]);

    const tensor = await preprocessImage(image);
    expect(tensor.length).toBe(3 * 224 * 224);
    const level = (c: number, x: number, y: number) =>
      (tensor[c * 224 * 224 + y * 224 + x]! * CLIP_DEFAULTS.std[c]! + CLIP_DEFAULTS.mean[c]!) * 255;
    for (const j of [0, 50, 111, 180, 223]) {
      const sourceX = 2 * (j + 112) + 0.5;
      expect(Math.abs(level(0, j, 100) - (sourceX * 255) / 895)).toBeLessThan(1.5);
    }
    for (const i of [10, 112, 200]) {
      const sourceY = 2 * i + 0.5;
      expect(Math.abs(level(1, 100, i) - (sourceY * 255) / 447)).toBeLessThan(1.5);
    }
    expect(Math.abs(level(2, 7, 7) - 77)).toBeLessThan(0.01);
  });

  it('converts greyscale and alpha images to three channels', async () => {
    const grey = await sharp({ create: { width: 300, height: 240, channels: 3, background: { r: 90, g: 90, b: 90 } } })
      .greyscale()
      .png()
      .toBuffer();
    const rgba = await sharp({
      create: { width: 240, height: 300, channels: 4, background: { r: 10, g: 200, b: 30, alpha: 0.5 } },
    })
      .png()
      .toBuffer();
    for (const image of [grey, rgba]) {
      const t = await preprocessImage(image);
      expect(t.length).toBe(3 * 224 * 224);
    }
    const { rgb } = await decodeAndResize(rgba);
    // Alpha is dropped, not composited (PIL's convert("RGB")).
    expect(Array.from(rgb.slice(0, 3))).toEqual([10, 200, 30]);
  });

  it('applies EXIF orientation before measuring the shortest side', async () => {
    const wide = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#808080' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const resized = await decodeAndResize(wide);
    expect([resized.width, resized.height]).toEqual([224, 298]);
  });

  it('throws on bytes that are not an image', async () => {
    await expect(preprocessImage(Buffer.from('not an image'))).rejects.toThrow();
  });
});

describe('bicubic resampling', () => {
  it('matches PIL on a hand-computed enlargement', () => {
    // [0, 255] → 4 pixels. Output 1 samples at 0.75 − 0.5 = 0.25 past pixel 0: Keys a = −0.5
    // weights 0.8671875 and 0.2265625, normalised to sum 1 → 255 × 0.20714 = 52.8 → 53.
    // Output 0 overshoots below zero and is clipped; the rest mirror.
    const out = pilBicubicResize(Uint8Array.from([0, 0, 0, 255, 255, 255]), 2, 1, 4, 1);
    expect(Array.from(out.filter((_, i) => i % 3 === 0))).toEqual([0, 53, 202, 255]);
  });

  it('enlarges small images with the exact PIL port', async () => {
    const image = await makeImage(6, { width: 128, height: 100 });
    const { data } = await sharp(image).raw().toBuffer({ resolveWithObject: true });
    const resized = await decodeAndResize(image);
    expect([resized.width, resized.height]).toEqual([286, 224]);
    expect(Buffer.from(resized.rgb).equals(Buffer.from(pilBicubicResize(data, 128, 100, 286, 224)))).toBe(true);
  });

  it('shrinks with sharp within a fraction of a level of PIL', async () => {
    const image = await makeImage(7, { width: 1000, height: 700 });
    const viaSharp = await decodeAndResize(image);
    const viaPort = await decodeAndResize(image, CLIP_DEFAULTS, { exact: true });
    expect([viaSharp.width, viaSharp.height]).toEqual([320, 224]);
    let sum = 0;
    let max = 0;
    for (let i = 0; i < viaPort.rgb.length; i++) {
      const d = Math.abs(viaPort.rgb[i]! - viaSharp.rgb[i]!);
      sum += d;
      max = Math.max(max, d);
    }
    expect(sum / viaPort.rgb.length).toBeLessThan(0.1);
    expect(max).toBeLessThanOrEqual(10);
  });
});

describe('parsePreprocessorConfig', () => {
  it('defaults to CLIP ViT-B/32', () => {
    expect(parsePreprocessorConfig(undefined)).toEqual(CLIP_DEFAULTS);
    expect(parsePreprocessorConfig({})).toEqual(CLIP_DEFAULTS);
  });

  it('reads the current and the legacy layouts', () => {
    const current = parsePreprocessorConfig({
      size: { shortest_edge: 336 },
      crop_size: { height: 336, width: 320 },
      image_mean: [0.5, 0.5, 0.5],
      image_std: [0.5, 0.5, 0.5],
      rescale_factor: 0.5,
      do_normalize: false,
    });
    expect(current).toMatchObject({
      shortestEdge: 336,
      cropHeight: 336,
      cropWidth: 320,
      mean: [0.5, 0.5, 0.5],
      rescaleFactor: 0.5,
      doNormalize: false,
    });
    const legacy = parsePreprocessorConfig({ size: 256, crop_size: 240, resample: 3 });
    expect(legacy).toMatchObject({ shortestEdge: 256, cropHeight: 240, cropWidth: 240 });
  });

  it('refuses settings it would get wrong', () => {
    expect(() => parsePreprocessorConfig({ size: { height: 224, width: 224 } })).toThrow(/shortest_edge/);
    expect(() => parsePreprocessorConfig({ resample: 2 })).toThrow(/resample/);
    expect(() => parsePreprocessorConfig({ image_std: [1, 0, 1] })).toThrow(/image_std/);
    expect(() => parsePreprocessorConfig({ image_mean: [1, 2] })).toThrow(/image_mean/);
  });
});
