import sharp from 'sharp';

/** A small synthetic photo: a colour gradient with a shape, deterministic per seed. */
export async function makeImage(
  seed = 1,
  {
    width = 96,
    height = 72,
    format = 'png',
  }: { width?: number; height?: number; format?: 'png' | 'jpeg' | 'webp' } = {},
): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const inside = (x - width / 2) ** 2 + (y - height / 2) ** 2 < (Math.min(width, height) / 3) ** 2;
      pixels[i] = (x * 255) / width;
      pixels[i + 1] = inside ? (seed * 53) % 256 : (y * 255) / height;
      pixels[i + 2] = (seed * 97 + x + y) % 256;
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .toFormat(format)
    .toBuffer();
}
