import sharp from 'sharp';
import { headerSize } from './image-header.js';

/** Images decoded at once: sharp decodes on libuv's threads while JS describes the previous ones. */
const DECODE_PARALLELISM = 4;

/** Decode each image (a few at once) and describe its pixels, in input order. */
export async function describeDecoded(
  images: Buffer[],
  size: number,
  describe: (rgb: Uint8Array, width: number, height: number) => Float32Array,
): Promise<Float32Array[]> {
  const out = new Array<Float32Array>(images.length);
  let next = 0;
  const worker = async () => {
    while (next < images.length) {
      const index = next++;
      const { data, width, height } = await decode(images[index]!, index, size);
      out[index] = describe(data, width, height);
    }
  };
  await Promise.all(Array.from({ length: Math.min(DECODE_PARALLELISM, images.length) }, worker));
  return out;
}

/** RGB pixels of an image, its longest side about `size` (the descriptor's working size). */
async function decode(image: Buffer, index: number, size: number): Promise<RawImage> {
  const header = headerSize(image);
  // Setting up libvips' resize costs more than decoding a small image whole and averaging
  // blocks here; large images need sharp's shrink-on-load, though.
  const small = header !== undefined && Math.max(header.width, header.height) <= 4 * size;
  try {
    let pipeline = sharp(image, { autoOrient: true })
      // Transparent product shots: a flat background, which the border model then discounts.
      .flatten({ background: '#ffffff' });
    if (!small) pipeline = pipeline.resize(size, size, { fit: 'inside', kernel: 'linear' });
    const { data, info } = await pipeline
      .toColourspace('srgb')
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const decoded = { data, width: info.width, height: info.height };
    return small ? blockAverage(decoded, Math.max(1, Math.round(Math.max(info.width, info.height) / size))) : decoded;
  } catch (err) {
    throw new Error(`builtin encoder: image ${index} could not be decoded: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

interface RawImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** Downscale RGB by an integer factor, averaging each factor×factor block (drops the remainder). */
function blockAverage(image: RawImage, factor: number): RawImage {
  if (factor === 1) return image;
  const width = Math.floor(image.width / factor);
  const height = Math.floor(image.height / factor);
  const sums = new Uint32Array(width * 3);
  const data = new Uint8Array(width * height * 3);
  const src = image.data;
  const area = factor * factor;
  for (let y = 0; y < height; y++) {
    sums.fill(0);
    for (let dy = 0; dy < factor; dy++) {
      let s = (y * factor + dy) * image.width * 3;
      for (let x = 0; x < width; x++) {
        for (let dx = 0; dx < factor; dx++, s += 3) {
          sums[x * 3]! += src[s]!;
          sums[x * 3 + 1]! += src[s + 1]!;
          sums[x * 3 + 2]! += src[s + 2]!;
        }
      }
    }
    const row = y * width * 3;
    for (let k = 0; k < width * 3; k++) data[row + k] = (sums[k]! + (area >> 1)) / area;
  }
  return { data, width, height };
}
