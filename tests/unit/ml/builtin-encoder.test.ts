import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { BuiltinEncoder } from '../../../src/ml/builtin-encoder.js';
import { cosine } from '../../../src/ml/vectors.js';
import { DEMO_PRODUCTS, STUDIO_VIEWS, type View } from '../../../src/demo/drawings.js';
import { renderDemoImage } from '../../../src/demo/demo-catalog.js';

const encoder = new BuiltinEncoder();
const [mug, sneaker, bottle] = [DEMO_PRODUCTS[0]!, DEMO_PRODUCTS[3]!, DEMO_PRODUCTS[4]!];
const studio = STUDIO_VIEWS[0]!;
const embed = async (images: Buffer[]) => encoder.embedImages(images);

describe('built-in encoder', () => {
  it('is deterministic, unit length, of its declared dimension, and keeps batch order', async () => {
    const images = await Promise.all([mug, sneaker, bottle].map((p) => renderDemoImage(p, studio)));
    const [a, b] = [await embed(images), await embed(images)];
    expect(a.map((v) => Array.from(v))).toEqual(b.map((v) => Array.from(v)));
    for (const v of a) {
      expect(v).toHaveLength(encoder.dim);
      expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    }
    const [single] = await embed([images[1]!]);
    expect(Array.from(single!)).toEqual(Array.from(a[1]!));
    expect(encoder.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('matches a product across re-encoding, light, scale and background more than it matches other products', async () => {
    const reference = (await embed([await renderDemoImage(mug, studio)]))[0]!;
    const others = await embed(await Promise.all([sneaker, bottle].map((p) => renderDemoImage(p, studio))));
    const png = await renderDemoImage(mug, studio);
    const variants: Record<string, Buffer> = {
      'JPEG quality 70': await sharp(png).jpeg({ quality: 70 }).toBuffer(),
      'darker (×0.8)': await sharp(png).linear(0.8, 0).png().toBuffer(),
      'smaller and moved': await renderDemoImage(mug, { ...studio, scale: 0.8, dx: 15, dy: -10 } as View),
      'new background': await renderDemoImage(mug, { ...studio, background: '#cfe3f5' }),
      'cropped 90%': await sharp(png).extract({ left: 16, top: 16, width: 288, height: 288 }).png().toBuffer(),
    };
    for (const [name, bytes] of Object.entries(variants)) {
      const [v] = await embed([bytes]);
      const same = cosine(reference, v!);
      const best = Math.max(...others.map((o) => cosine(o, v!)));
      expect({ name, closerToItself: same > best }).toEqual({ name, closerToItself: true });
    }
  });

  it('refuses undecodable input with a clear error', async () => {
    await expect(embed([Buffer.from('not an image')])).rejects.toThrow(/could not be decoded/);
  });
});
