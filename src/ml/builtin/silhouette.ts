import type { DescriptorParams } from './params.js';
import type { Scratch } from './scratch.js';

/**
 * The silhouette histogram into `out` at `base`, bilinear in both coordinates. It reads the
 * mask without the centre prior: the prior would pull an off-centre product's outline towards
 * the middle of the frame.
 */
export function silhouette(
  out: Float32Array,
  base: number,
  scratch: Scratch,
  shape: DescriptorParams['shape'],
  width: number,
  height: number,
): void {
  const { weight, columnPrior, rowPrior } = scratch;
  const { columns, rows, extent } = shape;
  let mass = 0;
  let sx = 0;
  let sy = 0;
  let syy = 0;
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i++) {
      if (weight[i] === 0) continue;
      const m = weight[i]! / (rowPrior[y]! * columnPrior[x]!);
      mass += m;
      sx += m * x;
      sy += m * y;
      syy += m * y * y;
    }
  }
  if (mass <= 0) return;
  const cx = sx / mass;
  const cy = sy / mass;
  const spread = Math.sqrt(Math.max(1e-6, syy / mass - cy * cy));
  const columnScale = columns / (extent * spread);
  const rowScale = rows / (2 * extent * spread);
  for (let y = 0; y < height; y++) {
    const r = (y - cy + extent * spread) * rowScale - 0.5;
    if (r < -1 || r >= rows) continue;
    const r0 = Math.floor(r);
    const fr = r - r0;
    for (let x = 0, i = y * width; x < width; x++, i++) {
      if (weight[i] === 0) continue;
      const c = Math.abs(x - cx) * columnScale - 0.5;
      if (c >= columns) continue;
      const m = weight[i]! / (rowPrior[y]! * columnPrior[x]!);
      const c0 = Math.floor(c);
      const fc = c - c0;
      for (let dr = 0; dr < 2; dr++) {
        const row = r0 + dr;
        if (row < 0 || row >= rows) continue;
        const mr = m * (dr ? fr : 1 - fr);
        if (c0 >= 0) out[base + row * columns + c0]! += mr * (1 - fc);
        if (c0 + 1 < columns) out[base + row * columns + c0 + 1]! += mr * fc;
      }
    }
  }
}
