/** Trilinear soft binning of one weighted sample into an nL×nC×nC histogram at `base`. */
export function softAdd3(
  h: Float32Array,
  base: number,
  l: number,
  a: number,
  b: number,
  nL: number,
  nC: number,
  w: number,
): void {
  l = clamp(l, 0, nL - 1);
  a = clamp(a, 0, nC - 1);
  b = clamp(b, 0, nC - 1);
  const l0 = Math.min(nL - 2, Math.floor(l));
  const a0 = Math.min(nC - 2, Math.floor(a));
  const b0 = Math.min(nC - 2, Math.floor(b));
  const fl = l - l0;
  const fa = a - a0;
  const fb = b - b0;
  for (let dl = 0; dl < 2; dl++) {
    const wl = w * (dl ? fl : 1 - fl);
    for (let da = 0; da < 2; da++) {
      const wa = wl * (da ? fa : 1 - fa);
      const row = base + ((l0 + dl) * nC + a0 + da) * nC + b0;
      h[row]! += wa * (1 - fb);
      h[row + 1]! += wa * fb;
    }
  }
}

export function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/** Power-normalise a block and scale it to L2 norm `weight` (a block of zeros stays zero). */
export function normaliseBlock(v: Float32Array, start: number, length: number, weight: number, power: number): void {
  let sum = 0;
  for (let i = start; i < start + length; i++) {
    const s = v[i]! > 0 ? v[i]! ** power : 0;
    v[i] = s;
    sum += s * s;
  }
  const scale = sum > 0 ? weight / Math.sqrt(sum) : 0;
  for (let i = start; i < start + length; i++) v[i] = v[i]! * scale;
}
