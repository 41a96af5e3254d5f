import { l2normalize } from '../encoder.js';
import type { PixelDescriptor } from './descriptor.js';
import { clamp } from './histogram.js';

/** A change of light: exposure gain, contrast around mid-grey, colour temperature (±red, ∓blue). */
interface Lighting {
  gain: number;
  contrast: number;
  warm: number;
}

/**
 * The catalog's lighting variants: the studio exposure and small steps of each kind of change a
 * shopper's light and camera make (±10 % exposure and contrast, ±6 % colour temperature).
 */
export const CATALOG_LIGHTING: Lighting[] = [
  { gain: 1, contrast: 1, warm: 0 },
  { gain: 0.9, contrast: 1, warm: 0 },
  { gain: 1.1, contrast: 1, warm: 0 },
  { gain: 1, contrast: 0.9, warm: 0 },
  { gain: 1, contrast: 1.1, warm: 0 },
  { gain: 1, contrast: 1, warm: 0.06 },
  { gain: 1, contrast: 1, warm: -0.06 },
];

/** How many descriptors a catalog photo costs. */
export const CATALOG_VARIANTS = CATALOG_LIGHTING.length;

/** Each variant as one lookup table a channel (R, G, B): 768 bytes instead of arithmetic per pixel. */
const CATALOG_TABLES: Uint8Array[][] = CATALOG_LIGHTING.map(({ gain, contrast, warm }) =>
  [gain * (1 + warm), gain, gain * (1 - warm)].map((channelGain) => {
    const table = new Uint8Array(256);
    for (let v = 0; v < 256; v++) table[v] = clamp(Math.round(((v - 128) * contrast + 128) * channelGain), 0, 255);
    return table;
  }),
);

/** `src` under another light (one of CATALOG_TABLES), into `out` (RGB bytes, same length). */
function relight(src: Uint8Array, out: Uint8Array, [red, green, blue]: Uint8Array[]): void {
  for (let i = 0; i < src.length; i += 3) {
    out[i] = red![src[i]!]!;
    out[i + 1] = green![src[i + 1]!]!;
    out[i + 2] = blue![src[i + 2]!]!;
  }
}

/**
 * A catalog photo's descriptor: the mean over CATALOG_LIGHTING, so that the catalog sits where
 * the same product lands under a shopper's light and camera, not at one studio exposure.
 */
export function describeUnderCatalogLighting(
  descriptor: PixelDescriptor,
  data: Uint8Array,
  width: number,
  height: number,
): Float32Array {
  const mean = new Float32Array(descriptor.dim);
  const relit = new Uint8Array(data.length);
  for (const tables of CATALOG_TABLES) {
    relight(data, relit, tables);
    const v = descriptor.describe(relit, width, height);
    for (let i = 0; i < mean.length; i++) mean[i]! += v[i]!;
  }
  return l2normalize(mean);
}
