import type { Layout } from './layout.js';
import type { DescriptorParams } from './params.js';
import type { Scratch } from './scratch.js';

/**
 * Gradients of lightness: orientation (weighted by magnitude and object weight) per half, split
 * at the centroid row `cy`, and how strong they are (weighted by object weight), an octave a bin.
 */
export function gradientHistograms(
  out: Float32Array,
  layout: Layout,
  p: DescriptorParams,
  scratch: Scratch,
  width: number,
  height: number,
  cy: number,
): void {
  const { lightness, weight } = scratch;
  const ob = p.orientationBins;
  const orientationBase = layout.orientationBase;
  const magnitudeBase = layout.magnitudeBase;
  const lastMagnitude = p.magnitudeBins - 1;
  const binPerRad = ob / Math.PI;
  for (let y = 1; y < height - 1; y++) {
    const b0 = orientationBase + (y >= cy ? ob : 0);
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const w = weight[i]!;
      if (w === 0) continue;
      const dx = lightness[i + 1]! - lightness[i - 1]!;
      const dy = lightness[i + width]! - lightness[i - width]!;
      const m = Math.sqrt(dx * dx + dy * dy);
      const octave = m > 0 ? Math.floor(Math.log2(m / p.magnitudeFloor)) : 0;
      out[magnitudeBase + (octave < 0 ? 0 : octave > lastMagnitude ? lastMagnitude : octave)]! += w;
      if (m === 0) continue;
      const mag = m * w;
      let theta = Math.atan2(dy, dx);
      if (theta < 0) theta += Math.PI;
      const pos = theta * binPerRad - 0.5;
      const lo = Math.floor(pos);
      const frac = pos - lo;
      out[b0 + ((lo + ob) % ob)]! += mag * (1 - frac);
      out[b0 + ((lo + 1) % ob)]! += mag * frac;
    }
  }
}
